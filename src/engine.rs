//! The engine behind every command: reads a zone with its configuration,
//! origin and profile ([`prepare`]), runs the rules on zones ([`check`]),
//! and maps work over the cores ([`parallel_map`]). The command line only
//! parses arguments, calls these and renders.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::config::{self, Config, RuleLevel};
use crate::finding::{Finding, Severity};
use crate::lint::{self, Group, Rule, RuleSet, Settings, ZoneIndex};
use crate::name;
use crate::profile::{self, Profile};
use crate::zone::{self, LoadOptions, Zone};

/// How inputs are read: what every command's common options say.
#[derive(Clone, Debug, Default)]
pub struct InputOptions {
    /// The zone's origin, for a file whose origin cannot be inferred.
    pub origin: Option<String>,
    /// Let `$INCLUDE` read files outside the checked tree and the current
    /// directory.
    pub allow_include_outside: bool,
    /// The configuration file (default: found walking up from each file).
    pub config: Option<PathBuf>,
    /// The registry profile's name (default: the configuration's, else `auto`).
    pub profile: Option<String>,
}

/// Reads the given origin (`--origin`) into wire form.
pub fn origin_option(input: &InputOptions) -> Result<Option<Vec<u8>>, String> {
    input
        .origin
        .as_deref()
        .map(|origin| parse_origin(origin).map_err(|error| format!("--{error}")))
        .transpose()
}

/// How a zone below `root` is read.
fn load_options(root: &Path, input: &InputOptions, origin: Option<Vec<u8>>) -> LoadOptions {
    let mut include_roots = Vec::new();
    if let Ok(root) = root.canonicalize() {
        include_roots.push(root);
    }
    if let Ok(current) = std::env::current_dir().and_then(|d| d.canonicalize()) {
        include_roots.push(current);
    }
    LoadOptions {
        origin,
        include_roots,
        allow_include_outside: input.allow_include_outside,
    }
}

/// Reads one input (a path, or `-` for standard input) into a zone.
pub fn load(
    path: &Path,
    root: &Path,
    input: &InputOptions,
    origin: Option<Vec<u8>>,
) -> Result<Zone, String> {
    let options = load_options(root, input, origin);
    if path.as_os_str() == "-" {
        let mut text = Vec::new();
        std::io::stdin()
            .read_to_end(&mut text)
            .map_err(|error| format!("-: cannot read standard input: {error}"))?;
        if options.origin.is_none() && zone::infer_origin(&text, Path::new("")).is_none() {
            return Err("-: standard input needs --origin unless it sets $ORIGIN".into());
        }
        return Ok(zone::load_source(PathBuf::from("-"), text, &options));
    }
    zone::load_path(path, &options).map_err(|error| error.to_string())
}

/// A zone read and ready to check, with its configuration and profile.
pub struct Prepared {
    /// The zone.
    pub zone: Zone,
    /// Its registry profile.
    pub profile: Profile,
    /// Severity overrides from the configuration.
    pub levels: std::collections::BTreeMap<String, RuleLevel>,
    /// How the zone was read, to read a fixed text the same way.
    pub options: LoadOptions,
    /// The configuration's `[glue]` table.
    pub glue: std::collections::BTreeMap<String, Vec<String>>,
}

/// Reads one input: finds its configuration, origin and profile.
pub fn prepare(path: &Path, root: &Path, input: &InputOptions) -> Result<Prepared, String> {
    let config_path = input.config.clone().or_else(|| config::find_for(path));
    let config = match &config_path {
        Some(config_path) => config::load(config_path)?,
        None => Config::default(),
    };
    let base = config
        .path
        .as_ref()
        .and_then(|p| p.parent())
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let zone_config = config
        .zone
        .iter()
        .find(|z| config::glob_matches(&z.file, &canonical, &base));
    let origin = match origin_option(input)? {
        Some(origin) => Some(origin),
        None => match zone_config.and_then(|z| z.origin.as_deref()) {
            Some(text) => Some(parse_origin(text)?),
            None => None,
        },
    };
    let options = load_options(root, input, origin.clone());
    let zone = load(path, root, input, origin)?;
    let mut profiles = profile::builtin_profiles();
    for (name, profile_config) in &config.profiles {
        let user = profile::user_profile(name, profile_config, &profiles).map_err(|error| {
            format!(
                "{}: {error}",
                config_path.as_deref().unwrap_or(path).display()
            )
        })?;
        profiles.retain(|p| p.name != *name);
        profiles.push(user);
    }
    let requested = input
        .profile
        .clone()
        .or_else(|| zone_config.and_then(|z| z.profile.clone()))
        .or_else(|| config.profile.clone())
        .unwrap_or_else(|| "auto".into());
    let origin_text = zone
        .origin
        .as_deref()
        .map_or_else(|| ".".to_string(), name::to_string);
    let profile = profile::select(&profiles, &requested, &origin_text)
        .cloned()
        .ok_or_else(|| {
            format!(
                "unknown profile {requested}; known: auto, {}",
                profiles
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?;
    // A zone read from standard input was given its origin by inference;
    // keep it for reading the fixed text again.
    let options = LoadOptions {
        origin: options.origin.or_else(|| zone.origin.clone()),
        ..options
    };
    Ok(Prepared {
        zone,
        profile,
        levels: config.rules,
        options,
        glue: config.glue,
    })
}

/// `--select` and `--ignore`.
#[derive(Clone, Debug, Default)]
pub struct RuleFilter {
    /// Only these rules (all when empty).
    pub select: Vec<String>,
    /// Never these rules.
    pub ignore: Vec<String>,
}

impl RuleFilter {
    /// Whether `rule` runs (`syntax` always does). A selector is a rule's
    /// name or its group's.
    pub fn runs(&self, rule: &str) -> bool {
        // A group name needs the rule looked up; a rule name does not.
        let names = |selector: &String| {
            selector == rule
                || (Group::from_name(selector).is_some()
                    && Rule::from_name(rule).is_some_and(|r| r.is_named_by(selector)))
        };
        rule == "syntax"
            || ((self.select.is_empty() || self.select.iter().any(names))
                && !self.ignore.iter().any(names))
    }

    /// Whether `--select` names `rule` itself (not only its group): what
    /// turns on a rule that is off by default.
    pub fn selects_by_name(&self, rule: &str) -> bool {
        self.select.iter().any(|selector| selector == rule)
    }
}

/// Whether `rule` runs on a zone whose configuration gives `levels`: the
/// filter lets it, the configuration does not turn it off, and a rule that
/// is off by default is named by `--select` or given a level.
fn rule_runs(
    filter: &RuleFilter,
    levels: &std::collections::BTreeMap<String, RuleLevel>,
    rule: &str,
) -> bool {
    let level = levels.get(rule);
    filter.runs(rule)
        && level != Some(&RuleLevel::Off)
        && (level.is_some()
            || filter.selects_by_name(rule)
            || !Rule::from_name(rule).is_some_and(Rule::is_off_by_default))
}

/// Checks zones: runs every rule on every zone (in parallel), and the rules across
/// zones; applies the configuration's levels, the filter and the
/// suppression comments; returns the findings of each zone sorted by
/// position.
pub fn check(loaded: &[Prepared], filter: &RuleFilter) -> Vec<Vec<Finding>> {
    check_with(loaded, filter, &lint::serial::Git)
}

/// [`check`], with the committed versions that `serial-not-increased` and
/// `glue-changed` compare with read from `committed` (tests give them in
/// memory).
pub fn check_with(
    loaded: &[Prepared],
    filter: &RuleFilter,
    committed: &dyn lint::serial::CommittedVersion,
) -> Vec<Vec<Finding>> {
    let indexes: Vec<ZoneIndex<'_>> = parallel_map(loaded, |p| ZoneIndex::new(&p.zone));
    let pairs: Vec<(&Prepared, &ZoneIndex<'_>)> = loaded.iter().zip(&indexes).collect();
    let mut results: Vec<Vec<Finding>> = parallel_map(&pairs, |(prepared, index)| {
        let mut findings = prepared.zone.findings.clone();
        let settings = Settings {
            profile: &prepared.profile,
            rules: RuleSet::of(|rule| rule_runs(filter, &prepared.levels, rule.name())),
        };
        findings.extend(lint::check_zone_with(
            &prepared.zone,
            index,
            &settings,
            committed,
        ));
        findings
    });
    let across = [Rule::GlueMismatch, Rule::DelegationNsMismatch];
    let across = if across.iter().any(|rule| filter.runs(rule.name())) {
        lint::check_run(&indexes)
    } else {
        Vec::new()
    };
    for (zone_index, finding) in across {
        results[zone_index].push(finding);
    }
    for (prepared, findings) in loaded.iter().zip(results.iter_mut()) {
        findings.retain_mut(|finding| match prepared.levels.get(finding.rule.name()) {
            _ if finding.rule == Rule::Syntax => true,
            Some(RuleLevel::Off) => false,
            Some(RuleLevel::Warning) => {
                finding.severity = Severity::Warning;
                true
            }
            Some(RuleLevel::Error) => {
                finding.severity = Severity::Error;
                true
            }
            None => true,
        });
        findings.retain(|f| filter.runs(f.rule.name()));
        let active = |rule: &str| rule_runs(filter, &prepared.levels, rule);
        lint::suppress::apply(&prepared.zone, findings, active);
        if let Some(level) = prepared.levels.get(Rule::UnusedSuppression.name()) {
            for finding in findings
                .iter_mut()
                .filter(|f| f.rule == Rule::UnusedSuppression)
            {
                finding.severity = if *level == RuleLevel::Error {
                    Severity::Error
                } else {
                    Severity::Warning
                };
            }
        }
        findings.sort_by_key(|f| (f.file, f.span.start, f.rule.name()));
    }
    results
}

/// Maps `work` over `items` on every core, keeping the order.
pub fn parallel_map<'a, T: Sync, R: Send>(
    items: &'a [T],
    work: impl Fn(&'a T) -> R + Sync,
) -> Vec<R> {
    lint::in_chunks(items.len(), 1, |range| {
        items[range].iter().map(&work).collect::<Vec<R>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Reads an origin given as text (`example.com` or `example.com.`) into
/// wire form.
pub fn parse_origin(origin: &str) -> Result<Vec<u8>, String> {
    let text = if origin.ends_with('.') {
        origin.to_string()
    } else {
        format!("{origin}.")
    };
    let mut wire = Vec::new();
    name::parse(text.as_bytes(), None, &mut wire)
        .map_err(|error| format!("origin {origin}: {error}"))?;
    Ok(wire)
}
