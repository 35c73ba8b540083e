//! Helpers shared by the corpus tests.

use std::collections::HashMap;
use std::path::Path;

/// Reads a tab-separated file with a header row into maps by column name
/// (no quoting, as corpus/README.md says).
pub fn read_tsv(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header row").split('\t').collect();
    lines
        .filter(|line| !line.is_empty())
        .map(|line| {
            header
                .iter()
                .zip(line.split('\t').chain(std::iter::repeat("")))
                .map(|(name, value)| ((*name).to_owned(), value.to_owned()))
                .collect()
        })
        .collect()
}

/// The rows of the corpus's VERDICTS.tsv, by file.
pub fn verdicts_by_file(folder: &Path) -> HashMap<String, HashMap<String, String>> {
    read_tsv(&folder.join("VERDICTS.tsv"))
        .into_iter()
        .map(|row| (row["file"].clone(), row))
        .collect()
}
