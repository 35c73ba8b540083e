//! Finding zone files: explicit paths always, directories walked for names
//! that look like zone files (DESIGN §2).

use std::path::{Path, PathBuf};

/// Whether a file name looks like a zone file: `*.zone`, `*.db`, `*.hosts`
/// or `db.*`.
pub fn is_zone_file_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with(".zone")
        || name.ends_with(".db")
        || name.ends_with(".hosts")
        || name.starts_with("db.")
}

/// One input: a file to check, or an error met while walking.
#[derive(Debug)]
pub enum Input {
    /// A file to read (`-` for standard input), and the tree it was found in.
    File {
        /// The file.
        path: PathBuf,
        /// The directory argument it was found under, or its own folder.
        root: PathBuf,
    },
    /// A path that could not be walked.
    Error {
        /// The path.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

/// Expands the arguments into the files to check, sorted by path within
/// each directory argument. Hidden folders and `.git` are skipped.
pub fn discover(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::File {
                path: path.clone(),
                root: PathBuf::from("."),
            });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                let walker = walkdir::WalkDir::new(path)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|entry| {
                        entry.depth() == 0
                            || !entry
                                .file_name()
                                .to_str()
                                .is_some_and(|n| n.starts_with('.'))
                    });
                for entry in walker {
                    match entry {
                        Ok(entry)
                            if entry.file_type().is_file() && is_zone_file_name(entry.path()) =>
                        {
                            found.push(entry.into_path());
                        }
                        Ok(_) => {}
                        Err(error) => inputs.push(Input::Error {
                            path: error.path().map_or_else(|| path.clone(), Path::to_path_buf),
                            message: error.to_string(),
                        }),
                    }
                }
                found.sort();
                inputs.extend(found.into_iter().map(|file| Input::File {
                    path: file,
                    root: path.clone(),
                }));
            }
            Ok(_) => inputs.push(Input::File {
                path: path.clone(),
                root: path
                    .parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            }),
            Err(error) => inputs.push(Input::Error {
                path: path.clone(),
                message: error.to_string(),
            }),
        }
    }
    inputs
}
