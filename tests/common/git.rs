//! A scratch git repository for the tests that read committed versions.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh folder under the system's temporary directory, removed on drop.
pub struct Folder(pub PathBuf);

impl Folder {
    /// `zonelint-NAME-PID` in the temporary directory, empty.
    pub fn new(name: &str) -> Folder {
        let path = std::env::temp_dir().join(format!("zonelint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Folder(path)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs git in `folder` with a test identity, whatever the environment's
/// git settings; fails the test when git does.
pub fn git(folder: &Path, arguments: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args([
            "-c",
            "user.name=zonelint test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(arguments)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {arguments:?}");
}
