//! Finding zone files (DESIGN §2): explicit file arguments always, and in
//! directories the files whose names look like zone files or match the
//! configuration's `include` globs, unless an `exclude` glob matches.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use crate::config;

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

impl Input {
    /// The path the input is about.
    pub fn path(&self) -> &Path {
        match self {
            Input::File { path, .. } | Input::Error { path, .. } => path,
        }
    }
}

/// Expands the arguments into the inputs to check, sorted by path, each
/// file once.
///
/// A file argument is always checked, whatever its name and the `exclude`
/// globs say. A directory argument is walked without following symbolic
/// links into other directories; hidden entries (`.git`, `.cache`,
/// `._x.zone`) are skipped; a file is taken when its name looks like a
/// zone file ([`is_zone_file_name`]) or an `include` glob matches it, and
/// left when an `exclude` glob matches it or a folder above it (`exclude`
/// wins). The globs come from `config_override` (`--config`) or else from
/// the configuration found walking up from each folder, and are relative
/// to the configuration file's folder. A symbolic link with a zone-file
/// name is taken when its target is inside the walked directory, and even
/// when its target is missing or cannot be resolved, so that reading it
/// fails and the run reports it; a link whose target is outside the tree
/// is not followed (a tree from anyone must not make zonelint read, and
/// print parts of, files elsewhere), unless it is named as an argument.
pub fn discover(paths: &[PathBuf], config_override: Option<&Path>) -> Vec<Input> {
    let mut filters = Filters::new(config_override);
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
            Ok(meta) if meta.is_dir() => walk(path, &mut filters, &mut inputs),
            Ok(_) => inputs.push(Input::File {
                path: path.clone(),
                root: path
                    .parent()
                    .filter(|parent| !parent.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            }),
            Err(error) => inputs.push(Input::Error {
                path: path.clone(),
                message: error.to_string(),
            }),
        }
    }
    // The same file named twice (an argument and a directory holding it,
    // or `a/x.zone` and `./a/x.zone`) would be checked twice and would
    // even disagree with itself in the rules across zones.
    let mut keyed: Vec<(PathBuf, Input)> = inputs
        .into_iter()
        .map(|input| (lexical_key(input.path()), input))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|later, earlier| later.0 == earlier.0);
    keyed.into_iter().map(|(_, input)| input).collect()
}

/// Walks one directory argument, adding what it finds to `inputs`.
fn walk(root: &Path, filters: &mut Filters, inputs: &mut Vec<Input>) {
    let canonical_root = root.canonicalize().ok();
    let mut walker = walkdir::WalkDir::new(root).into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                inputs.push(Input::Error {
                    path: error
                        .path()
                        .map_or_else(|| root.to_path_buf(), Path::to_path_buf),
                    message: error.to_string(),
                });
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let is_hidden = entry
            .file_name()
            .as_encoded_bytes()
            .first()
            .is_some_and(|&byte| byte == b'.');
        let file_type = entry.file_type();
        let folder = entry.path().parent().unwrap_or(root);
        let filter = filters.for_folder(folder);
        if file_type.is_dir() {
            if is_hidden || filter.excludes(entry.path()) {
                walker.skip_current_dir();
            }
            continue;
        }
        // A link is followed only to see that it is not a folder (never
        // walked into: links may loop); a dangling one is kept.
        let is_file = file_type.is_file()
            || (file_type.is_symlink()
                && std::fs::metadata(entry.path()).map_or(true, |meta| meta.is_file())
                && link_stays_inside(entry.path(), canonical_root.as_deref()));
        if is_hidden || !is_file || filter.excludes(entry.path()) {
            continue;
        }
        if is_zone_file_name(entry.path()) || filter.includes(entry.path()) {
            inputs.push(Input::File {
                path: entry.into_path(),
                root: root.to_path_buf(),
            });
        }
    }
}

/// Whether the link at `link` resolves inside `root` (canonical); a link
/// that cannot be resolved stays, so that reading it reports why.
fn link_stays_inside(link: &Path, root: Option<&Path>) -> bool {
    match (link.canonicalize(), root) {
        (Ok(target), Some(root)) => target.starts_with(root),
        _ => true,
    }
}

/// `path` without `.` components, to compare paths written differently.
fn lexical_key(path: &Path) -> PathBuf {
    path.components()
        .filter(|component| *component != Component::CurDir)
        .collect()
}

/// The `include` and `exclude` globs of one configuration file.
#[derive(Debug)]
struct Globs {
    /// Extra zone-file globs.
    include: config::Globs,
    /// Globs never checked.
    exclude: config::Globs,
    /// The configuration file's folder, canonical: the globs are relative
    /// to it.
    base: PathBuf,
}

/// The globs that apply in one folder.
#[derive(Debug)]
struct Filter {
    /// The globs, when a readable configuration applies.
    globs: Option<Rc<Globs>>,
    /// The folder itself, canonical, to match the globs against.
    folder: PathBuf,
}

impl Filter {
    /// Whether an `exclude` glob matches the entry.
    fn excludes(&self, entry: &Path) -> bool {
        self.globs
            .as_ref()
            .is_some_and(|globs| self.matches(&globs.exclude, &globs.base, entry))
    }

    /// Whether an `include` glob matches the entry.
    fn includes(&self, entry: &Path) -> bool {
        self.globs
            .as_ref()
            .is_some_and(|globs| self.matches(&globs.include, &globs.base, entry))
    }

    /// Whether one of `patterns` matches the entry's name in the canonical
    /// folder (the entry itself is not resolved: a link keeps its name).
    fn matches(&self, globs: &config::Globs, base: &Path, entry: &Path) -> bool {
        let path = self.folder.join(entry.file_name().unwrap_or_default());
        globs.matches(&path, base)
    }
}

/// The filters of the folders met so far, and the globs of the
/// configuration files read.
struct Filters {
    /// `--config`, when given.
    config_override: Option<PathBuf>,
    /// The filter per folder, as the walk names the folder.
    folders: HashMap<PathBuf, Rc<Filter>>,
    /// The globs per configuration file; `None` when it cannot be read
    /// (the check of each of its files then says why).
    configs: HashMap<PathBuf, Option<Rc<Globs>>>,
}

impl Filters {
    /// No folder seen yet.
    fn new(config_override: Option<&Path>) -> Self {
        Filters {
            config_override: config_override.map(Path::to_path_buf),
            folders: HashMap::new(),
            configs: HashMap::new(),
        }
    }

    /// The filter for the entries of `folder`.
    fn for_folder(&mut self, folder: &Path) -> Rc<Filter> {
        if let Some(filter) = self.folders.get(folder) {
            return filter.clone();
        }
        let canonical = folder
            .canonicalize()
            .unwrap_or_else(|_| folder.to_path_buf());
        let config_path = self
            .config_override
            .clone()
            .or_else(|| find_config(&canonical));
        let globs = config_path.and_then(|config_path| {
            self.configs
                .entry(config_path.clone())
                .or_insert_with(|| {
                    let config = config::load(&config_path).ok()?;
                    let folder = config_path
                        .parent()
                        .filter(|parent| !parent.as_os_str().is_empty())
                        .unwrap_or(Path::new("."));
                    let base = folder
                        .canonicalize()
                        .unwrap_or_else(|_| folder.to_path_buf());
                    Some(Rc::new(Globs {
                        include: config::Globs::new(&config.include).ok()?,
                        exclude: config::Globs::new(&config.exclude).ok()?,
                        base,
                    }))
                })
                .clone()
        });
        let filter = Rc::new(Filter {
            globs,
            folder: canonical,
        });
        self.folders.insert(folder.to_path_buf(), filter.clone());
        filter
    }
}

/// The configuration file for the files of the canonical `folder`: the
/// first found walking up (DESIGN §9).
fn find_config(folder: &Path) -> Option<PathBuf> {
    folder.ancestors().find_map(|directory| {
        config::FILE_NAMES
            .iter()
            .map(|name| directory.join(name))
            .find(|candidate| candidate.is_file())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_file_names() {
        for name in [
            "a.zone",
            "example.com.db",
            "x.hosts",
            "db.example.com",
            "d/db.x",
        ] {
            assert!(is_zone_file_name(Path::new(name)), "{name}");
        }
        for name in ["zone", "a.zone.bak", "adb.x", "hosts", "a.txt", "db"] {
            assert!(!is_zone_file_name(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn paths_compare_without_dot_components() {
        assert_eq!(
            lexical_key(Path::new("./a/./x.zone")),
            Path::new("a/x.zone")
        );
    }
}
