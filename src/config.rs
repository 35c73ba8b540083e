//! `zonelint.toml` / `.zonelint.toml`: found by walking up from each
//! checked file, or given with `--config` (DESIGN §9). Unknown keys are
//! errors that name their line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::profile::ProfileConfig;

/// The configuration file's contents.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The profile for every zone (`auto` by default).
    pub profile: Option<String>,
    /// Extra globs of zone files for directory walks.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs never checked.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Severity per rule: `error`, `warning` or `off`.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
    /// Per-file settings.
    #[serde(default)]
    pub zone: Vec<ZoneConfig>,
    /// Addresses the glue fix may use: host → addresses.
    #[serde(default)]
    pub glue: BTreeMap<String, Vec<String>>,
    /// User profiles.
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileConfig>,
    /// Where the file is, canonical.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// A severity override.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Fails the run.
    Error,
    /// Reported only.
    Warning,
    /// Not run.
    Off,
}

/// A `[[zone]]` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneConfig {
    /// A glob of files, relative to the configuration file.
    pub file: String,
    /// Their origin.
    pub origin: Option<String>,
    /// Their profile.
    pub profile: Option<String>,
}

/// The configuration file names, in the order they are looked for.
pub const FILE_NAMES: &[&str] = &["zonelint.toml", ".zonelint.toml"];

/// Reads a configuration file.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("{}: cannot read: {error}", path.display()))?;
    let mut config: Config = toml::from_str(&text).map_err(|error| {
        let position = error.span().map(|span| {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!(":{line}:{column}")
        });
        format!(
            "{}{}: invalid configuration: {}",
            path.display(),
            position.unwrap_or_default(),
            error.message()
        )
    })?;
    for name in config.rules.keys() {
        if crate::lint::Rule::from_name(name).is_none() {
            return Err(format!(
                "{}: [rules] names unknown rule {name}",
                path.display()
            ));
        }
    }
    // Globs are matched against canonical paths, relative to this file's
    // folder: a relative `--config` must not leave them matching nothing.
    config.path = Some(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()));
    let zone_files: Vec<String> = config.zone.iter().map(|z| z.file.clone()).collect();
    for (key, patterns) in [
        ("include", &config.include),
        ("exclude", &config.exclude),
        ("[[zone]] file", &zone_files),
    ] {
        Globs::new(patterns).map_err(|error| format!("{}: {key}: {error}", path.display()))?;
    }
    Ok(config)
}

/// The configuration file that applies to `file`: the first found walking
/// up from its folder.
pub fn find_for(file: &Path) -> Option<PathBuf> {
    let start = if file.as_os_str() == "-" {
        std::env::current_dir().ok()?
    } else {
        file.canonicalize().ok()?.parent()?.to_path_buf()
    };
    for directory in start.ancestors() {
        for name in FILE_NAMES {
            let candidate = directory.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Whether `path` matches the glob `pattern`, compared on `/`-separated
/// text relative to `base`; a pattern without `/` also matches the file
/// name alone. See [`Globs`] for the syntax; an invalid pattern matches
/// nothing ([`load`] refuses it).
pub fn glob_matches(pattern: &str, path: &Path, base: &Path) -> bool {
    Globs::new(std::slice::from_ref(&pattern.to_string()))
        .is_ok_and(|globs| globs.matches(path, base))
}

/// A list of globs compiled once (globset: linear-time matching, no
/// backtracking): `*` and `?` within a path segment, `**` across
/// segments, `[abc]`, `[!a-z]`, `{a,b}`, `\` escapes.
#[derive(Clone, Debug, Default)]
pub struct Globs {
    /// Every pattern, matched against the path relative to the base.
    paths: globset::GlobSet,
    /// The patterns without `/`, matched against the file name too.
    names: globset::GlobSet,
}

impl Globs {
    /// Compiles `patterns`; the error names the first invalid one.
    pub fn new(patterns: &[String]) -> Result<Globs, String> {
        let mut paths = globset::GlobSetBuilder::new();
        let mut names = globset::GlobSetBuilder::new();
        for pattern in patterns {
            let glob = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|error| format!("invalid glob {pattern:?}: {}", error.kind()))?;
            if !pattern.contains('/') {
                names.add(glob.clone());
            }
            paths.add(glob);
        }
        let build = |builder: globset::GlobSetBuilder| {
            builder
                .build()
                .map_err(|error| format!("invalid glob: {error}"))
        };
        Ok(Globs {
            paths: build(paths)?,
            names: build(names)?,
        })
    }

    /// Whether one of the globs matches `path`, relative to `base`.
    pub fn matches(&self, path: &Path, base: &Path) -> bool {
        let relative = path.strip_prefix(base).unwrap_or(path);
        let text = relative.to_string_lossy().replace('\\', "/");
        self.paths.is_match(text.as_str())
            || path
                .file_name()
                .is_some_and(|name| self.names.is_match(Path::new(name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_their_line_and_column() {
        let dir = std::env::temp_dir().join(format!("zonelint-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("zonelint.toml");
        std::fs::write(&path, "profile = \"cn\"\nprofiel = \"x\"\n").unwrap();
        let error = load(&path).unwrap_err();
        assert!(error.contains(":2:1"), "{error}");
        assert!(error.contains("profiel"), "{error}");
        std::fs::write(&path, "[rules]\nmissing-glu = \"off\"\n").unwrap();
        assert!(load(&path).unwrap_err().contains("missing-glu"));
        std::fs::write(&path, "[rules]\nmissing-glue = \"warning\"\n[[zone]]\nfile = \"*.zone\"\norigin = \"example.com\"\n").unwrap();
        let config = load(&path).unwrap();
        assert_eq!(config.rules["missing-glue"], RuleLevel::Warning);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn globs() {
        let base = Path::new("/z");
        assert!(glob_matches("*.zone", Path::new("/z/a/b.zone"), base));
        assert!(glob_matches("a/*.zone", Path::new("/z/a/b.zone"), base));
        assert!(!glob_matches("a/*.zone", Path::new("/z/a/c/b.zone"), base));
        assert!(glob_matches(
            "a/**/*.zone",
            Path::new("/z/a/c/b.zone"),
            base
        ));
        assert!(glob_matches("**/*.zone", Path::new("/z/b.zone"), base));
    }

    #[test]
    fn classes_and_alternatives() {
        let base = Path::new("/z");
        assert!(glob_matches("db.[a-c]*", Path::new("/z/db.beta"), base));
        assert!(!glob_matches("db.[a-c]*", Path::new("/z/db.delta"), base));
        assert!(glob_matches("db.[!a-c]*", Path::new("/z/db.delta"), base));
        assert!(glob_matches(
            "*.{zone,signed}",
            Path::new("/z/x/a.signed"),
            base
        ));
        assert!(!glob_matches(
            "*.{zone,signed}",
            Path::new("/z/a.txt"),
            base
        ));
        assert!(glob_matches(
            "{a,b}/**/*.db",
            Path::new("/z/b/c/d/x.db"),
            base
        ));
    }

    /// Patterns with many stars against a long path that almost matches:
    /// a backtracking matcher takes exponential time on them (the old
    /// one did not finish in minutes); these must take milliseconds.
    #[test]
    fn pathological_globs_match_in_linear_time() {
        let base = Path::new("/z");
        let stars = format!("{}b", "*a".repeat(24));
        let long = format!("/z/{}", "a".repeat(200));
        let deep = format!("{}x.zone", "**/".repeat(12));
        let deep_path = format!("/z/{}y.zone", "a/".repeat(60));
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let results = (
                glob_matches(&stars, Path::new(&long), base),
                glob_matches(&deep, Path::new(&deep_path), base),
            );
            let _ = send.send((results, started.elapsed()));
        });
        let ((stars_match, deep_match), elapsed) = receive
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("pathological globs are matched within 10 s");
        assert!(!stars_match && !deep_match);
        assert!(elapsed < std::time::Duration::from_secs(1), "{elapsed:?}");
    }

    #[test]
    fn an_invalid_glob_is_a_configuration_error() {
        let dir = std::env::temp_dir().join(format!("zonelint-config-glob-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("zonelint.toml");
        std::fs::write(&path, "exclude = [\"a[\"]\n").unwrap();
        let error = load(&path).unwrap_err();
        assert!(error.contains("exclude") && error.contains("a["), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
