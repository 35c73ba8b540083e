//! Names the commit in `zonelint --version` when built from a git checkout
//! of this repository: `zonelint 0.1.0 (1a2b3c4d5e 2026-12-07)`. Built from
//! a source tarball (no git, or a checkout of some other repository around
//! it) the version is the package's alone.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `git ARGUMENTS` run in `directory`: its first line of output, if it ran.
fn git(directory: &Path, arguments: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .current_dir(directory)
        .args(arguments)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    Some(text.lines().next()?.trim().to_owned())
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let directory = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let own_checkout = git(&directory, &["rev-parse", "--show-toplevel"])
        .and_then(|top| Path::new(&top).canonicalize().ok())
        .is_some_and(|top| Some(top) == directory.canonicalize().ok());
    let commit = own_checkout
        .then(|| git(&directory, &["log", "-1", "--format=%h %cs", "--abbrev=10"]))
        .flatten();
    match commit {
        Some(commit) => {
            println!("cargo:rustc-env=ZONELINT_VERSION={version} ({commit})");
            // Built again when HEAD moves: HEAD itself, the branch it names
            // and the packed references (each only if it exists, or cargo
            // would run this script on every build).
            let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
            if let Some(branch) = git(&directory, &["symbolic-ref", "-q", "HEAD"]) {
                watched.push(branch);
            }
            for name in watched {
                let Some(path) = git(&directory, &["rev-parse", "--git-path", &name]) else {
                    continue;
                };
                let path = directory.join(path);
                if path.exists() {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
            }
        }
        None => println!("cargo:rustc-env=ZONELINT_VERSION={version}"),
    }
}
