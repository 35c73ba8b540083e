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

/// Whether `path` matches the glob `pattern` (`*` within a path segment,
/// `**` across segments, `?` one character), compared on `/`-separated
/// text relative to `base`.
pub fn glob_matches(pattern: &str, path: &Path, base: &Path) -> bool {
    let relative = path.strip_prefix(base).unwrap_or(path);
    let text = relative.to_string_lossy().replace('\\', "/");
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    glob(pattern.as_bytes(), text.as_bytes())
        || (!pattern.contains('/') && glob(pattern.as_bytes(), file_name.as_bytes()))
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.first() {
        None => text.is_empty(),
        Some(b'*') if pattern.get(1) == Some(&b'*') => {
            let rest = pattern[2..].strip_prefix(b"/").unwrap_or(&pattern[2..]);
            (0..=text.len()).any(|i| glob(rest, &text[i..]))
        }
        Some(b'*') => (0..=text.len())
            .take_while(|&i| i == 0 || text[i - 1] != b'/')
            .any(|i| glob(&pattern[1..], &text[i..])),
        Some(b'?') => !text.is_empty() && text[0] != b'/' && glob(&pattern[1..], &text[1..]),
        Some(&c) => text.first() == Some(&c) && glob(&pattern[1..], &text[1..]),
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
    }
}
