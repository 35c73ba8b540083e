//! Where the committed version of a zone file comes from ([`CommittedVersion`]):
//! git in a work tree, or texts a test supplies. `serial-not-increased`,
//! `glue-changed` and `zonelint glue --diff` read it.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::zone::{LoadOptions, Zone, load_source};

/// Where the committed versions of zone files come from: git in a work
/// tree ([`Git`]), or texts a test supplies ([`InMemory`]).
pub trait CommittedVersion: Sync {
    /// The file at `path` as it was at `revision` (a git revision such as
    /// `HEAD` or `main~2`).
    fn read(&self, path: &Path, revision: &str) -> Result<Committed, VersionError>;
}

/// A file at a revision, seen from its text now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Committed {
    /// The file is tracked and the same as at the revision.
    Unchanged,
    /// The revision has no such file (a file added since, or never
    /// committed).
    Absent,
    /// The file's text at the revision, which may differ from now.
    Text(Vec<u8>),
}

/// Why the version at a revision could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    /// The file is not in a git work tree.
    #[error("{}: not in a git work tree", .0.display())]
    NotInWorkTree(PathBuf),
    /// Git knows no commit by that name.
    #[error("unknown revision `{0}`: git has no commit by that name")]
    UnknownRevision(String),
    /// Git could not be run, or failed otherwise.
    #[error("{0}")]
    Git(String),
}

/// The committed versions in the git work tree a file lies in.
#[derive(Clone, Copy, Debug, Default)]
pub struct Git;

impl CommittedVersion for Git {
    fn read(&self, path: &Path, revision: &str) -> Result<Committed, VersionError> {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let Some(file_name) = path.file_name() else {
            return Err(VersionError::Git(format!(
                "{}: not a file name",
                path.display()
            )));
        };
        // Most checked files are in no repository: a look for `.git` costs a
        // few `stat` calls, where running git costs a process.
        if !in_work_tree(folder) {
            return Err(VersionError::NotInWorkTree(path.to_path_buf()));
        }
        // A revision git would read as an option is none git has.
        if revision.is_empty() || revision.starts_with('-') {
            return Err(VersionError::UnknownRevision(revision.to_string()));
        }
        let mut relative = OsString::from("./");
        relative.push(file_name);
        // Exit status 1: the file differs from the revision (or is new
        // since). 0: the same, or not tracked. Anything else: no git, no
        // work tree, or no such revision.
        let status = git(folder)
            .args(["diff", "--quiet", "--no-ext-diff", "--no-textconv"])
            .arg(revision)
            .arg("--")
            .arg(&relative)
            .stdout(Stdio::null())
            .status()
            .map_err(|error| VersionError::Git(format!("cannot run git: {error}")))?;
        match status.code() {
            Some(1) => {
                let mut object = OsString::from(revision);
                object.push(":");
                object.push(&relative);
                let output = git(folder)
                    .arg("show")
                    .arg(object)
                    .output()
                    .map_err(|error| VersionError::Git(format!("cannot run git: {error}")))?;
                Ok(if output.status.success() {
                    Committed::Text(output.stdout)
                } else {
                    Committed::Absent
                })
            }
            // git compares only the files it tracks: an untracked file
            // reads as unchanged, but the revision does not have it.
            Some(0) => {
                let tracked = git(folder)
                    .args(["ls-files", "--error-unmatch", "--"])
                    .arg(&relative)
                    .stdout(Stdio::null())
                    .status()
                    .map_err(|error| VersionError::Git(format!("cannot run git: {error}")))?;
                Ok(if tracked.success() {
                    Committed::Unchanged
                } else {
                    Committed::Absent
                })
            }
            _ => {
                let mut commit = OsString::from(revision);
                commit.push("^{commit}");
                let known = git(folder)
                    .args(["rev-parse", "--verify", "--quiet"])
                    .arg(commit)
                    .stdout(Stdio::null())
                    .status()
                    .is_ok_and(|status| status.success());
                Err(if known {
                    VersionError::Git(format!("{}: git diff {revision} failed", path.display()))
                } else {
                    VersionError::UnknownRevision(revision.to_string())
                })
            }
        }
    }
}

/// Committed versions held in memory, by path and revision: what a test
/// gives the rules instead of a repository. A path with no text for a
/// revision is [`Committed::Absent`] there.
#[derive(Clone, Debug, Default)]
pub struct InMemory {
    texts: HashMap<(PathBuf, String), Vec<u8>>,
}

impl InMemory {
    /// No versions at all.
    pub fn new() -> Self {
        InMemory::default()
    }

    /// Records `text` as the version of `path` at `revision`.
    pub fn insert(&mut self, path: impl Into<PathBuf>, revision: &str, text: impl Into<Vec<u8>>) {
        self.texts
            .insert((path.into(), revision.to_string()), text.into());
    }
}

impl CommittedVersion for InMemory {
    fn read(&self, path: &Path, revision: &str) -> Result<Committed, VersionError> {
        Ok(self
            .texts
            .get(&(path.to_path_buf(), revision.to_string()))
            .map_or(Committed::Absent, |text| Committed::Text(text.clone())))
    }
}

/// The zone at `revision`, read with the options `zone` was read with;
/// `Ok(None)` when the file is unchanged since or the revision does not
/// have it.
pub fn committed_zone(
    zone: &Zone,
    committed: &dyn CommittedVersion,
    revision: &str,
) -> Result<Option<Zone>, VersionError> {
    let path = &zone.files[0].path;
    if path.as_os_str() == "-" {
        return Err(VersionError::NotInWorkTree(path.clone()));
    }
    Ok(match committed.read(path, revision)? {
        Committed::Unchanged | Committed::Absent => None,
        Committed::Text(text) => Some(load_committed(zone, text)),
    })
}

/// `text`, a committed version of `zone`'s file, read with the options
/// `zone` was read with.
pub fn load_committed(zone: &Zone, text: Vec<u8>) -> Zone {
    let path = &zone.files[0].path;
    load_source(
        path.clone(),
        text,
        &LoadOptions {
            origin: zone.origin.clone(),
            include_roots: include_roots(path),
            allow_include_outside: false,
            map_large_files: false,
            digest_mapped: false,
            keep_heads: false,
        },
    )
}

/// Whether `folder` or a folder above it has a `.git` (a directory, or a
/// file for a linked work tree or a submodule), where git would look.
fn in_work_tree(folder: &Path) -> bool {
    let Ok(absolute) = folder.canonicalize() else {
        return false;
    };
    absolute
        .ancestors()
        .any(|ancestor| ancestor.join(".git").exists())
}

/// A git command run in `folder`, ignoring the variables a git hook gets
/// (they name the repository relative to another directory).
fn git(folder: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(folder)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_COMMON_DIR")
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// `$INCLUDE` of the committed version may read beside the file and in
/// the current directory, as for the file itself.
fn include_roots(path: &Path) -> Vec<std::path::PathBuf> {
    let mut roots = Vec::new();
    if let Some(parent) = path.parent() {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        roots.extend(parent.canonicalize().ok());
    }
    roots.extend(std::env::current_dir().and_then(|d| d.canonicalize()).ok());
    roots
}
