//! `zonelint check` on one corpus zone as VERDICTS.tsv ran the peers on it,
//! for the corpus tests that compare with them.

use std::path::Path;
use std::process::Command;

/// One zone, as VERDICTS.tsv ran it.
pub struct Case {
    /// Path relative to the corpus folder.
    pub file: String,
    /// The origin the peers were given.
    pub origin: String,
    /// Their working directory, relative to the corpus folder.
    pub run_dir: String,
}

/// Runs `zonelint check --output-format json` on `case` from its run
/// directory; returns the exit code and the findings, or why there is no
/// JSON.
pub fn check_json(
    corpus: &Path,
    case: &Case,
) -> Result<(Option<i32>, Vec<serde_json::Value>), String> {
    let run_dir = corpus.join(&case.run_dir);
    let absolute = corpus.join(&case.file);
    let path = absolute
        .strip_prefix(&run_dir)
        .map_or_else(|_| absolute.clone(), Path::to_path_buf);
    let output = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .current_dir(&run_dir)
        .args(["check", "--output-format", "json", "-q", "--origin"])
        .arg(&case.origin)
        .arg(&path)
        .output()
        .map_err(|e| e.to_string())?;
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "exit {:?}, no JSON ({e}): {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    let findings = value.as_array().cloned().unwrap_or_default();
    Ok((output.status.code(), findings))
}
