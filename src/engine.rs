//! The engine behind every command: reads a zone with its configuration,
//! origin and profile ([`prepare`]), runs the rules on zones ([`check`]),
//! and maps work over the cores ([`parallel_map`]). The command line only
//! parses arguments, calls these and renders.

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
    /// The command only reads the zone: a large file may be mapped rather
    /// than read ([`LoadOptions::map_large_files`]).
    pub read_only: bool,
    /// The command writes the zone file back a piece at a time as it
    /// reads it (`format` in place): a large file is mapped all the same,
    /// its digest taken first ([`LoadOptions::digest_mapped`]).
    pub rewrites_mapped: bool,
    /// The command formats the zone: the reader keeps what the formatter
    /// needs of each record's first fields ([`LoadOptions::keep_heads`]).
    pub keep_heads: bool,
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
        map_large_files: input.read_only || input.rewrites_mapped,
        digest_mapped: input.rewrites_mapped,
        keep_heads: input.keep_heads,
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
        // The same 4 GiB bound as files, without reading past it.
        let text = zone::read_bounded(std::io::stdin().lock(), Path::new("-"))
            .map_err(|error| error.to_string())?;
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
///
/// A panic in the rules of one zone is raised again here; [`check_each`]
/// reports it for that zone and goes on with the others.
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
    check_each_with(loaded, filter, committed)
        .into_iter()
        .map(|result| result.unwrap_or_else(|error| std::panic::panic_any(error.to_string())))
        .collect()
}

/// [`check`], with each zone's rules isolated: a zone whose rules panic
/// (a bug) gets an [`InternalError`] and the other zones their findings.
/// A panic in the rules across zones leaves those rules' findings out and
/// is reported for the first zone.
pub fn check_each(
    loaded: &[Prepared],
    filter: &RuleFilter,
) -> Vec<Result<Vec<Finding>, InternalError>> {
    check_each_with(loaded, filter, &lint::serial::Git)
}

/// [`check_each`] with the committed versions read from `committed`.
pub fn check_each_with(
    loaded: &[Prepared],
    filter: &RuleFilter,
    committed: &dyn lint::serial::CommittedVersion,
) -> Vec<Result<Vec<Finding>, InternalError>> {
    let path_of = |p: &Prepared| p.zone.files[0].path.clone();
    let indexes: Vec<Result<ZoneIndex<'_>, InternalError>> =
        parallel_map(loaded, |p| isolate(&path_of(p), || ZoneIndex::new(&p.zone)));
    let mut failed: Vec<Option<InternalError>> = Vec::with_capacity(loaded.len());
    let mut healthy: Vec<(usize, ZoneIndex<'_>)> = Vec::with_capacity(loaded.len());
    for (position, index) in indexes.into_iter().enumerate() {
        match index {
            Ok(index) => {
                healthy.push((position, index));
                failed.push(None);
            }
            Err(error) => failed.push(Some(error)),
        }
    }
    let pairs: Vec<(&Prepared, &ZoneIndex<'_>)> = healthy
        .iter()
        .map(|(position, index)| (&loaded[*position], index))
        .collect();
    let per_zone = parallel_map(&pairs, |(prepared, index)| {
        isolate(&path_of(prepared), || {
            rules_of_zone(prepared, index, filter, committed)
        })
    });
    let mut results: Vec<Vec<Finding>> = vec![Vec::new(); loaded.len()];
    for ((position, _), result) in healthy.iter().zip(per_zone) {
        match result {
            Ok(findings) => results[*position] = findings,
            Err(error) => failed[*position] = Some(error),
        }
    }
    let indexes: Vec<ZoneIndex<'_>> = healthy
        .into_iter()
        .filter(|(position, _)| failed[*position].is_none())
        .map(|(_, index)| index)
        .collect();
    let positions: Vec<usize> = (0..loaded.len()).filter(|&i| failed[i].is_none()).collect();
    let across = [Rule::GlueMismatch, Rule::DelegationNsMismatch];
    let across = if across.iter().any(|rule| filter.runs(rule.name())) {
        let first = positions.first().map(|&i| path_of(&loaded[i]));
        match isolate(first.as_deref().unwrap_or(Path::new("-")), || {
            lint::check_run(&indexes)
        }) {
            Ok(across) => across,
            Err(error) => {
                if let Some(&first) = positions.first() {
                    failed[first] = Some(error);
                }
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    for (zone_index, finding) in across {
        results[positions[zone_index]].push(finding);
    }
    for (position, (prepared, findings)) in loaded.iter().zip(results.iter_mut()).enumerate() {
        if failed[position].is_none() {
            settle(prepared, findings, filter);
        }
    }
    results
        .into_iter()
        .zip(failed)
        .map(|(findings, failed)| match failed {
            Some(error) => Err(error),
            None => Ok(findings),
        })
        .collect()
}

/// The findings of the per-zone rules on one zone, with its syntax
/// findings.
fn rules_of_zone(
    prepared: &Prepared,
    index: &ZoneIndex<'_>,
    filter: &RuleFilter,
    committed: &dyn lint::serial::CommittedVersion,
) -> Vec<Finding> {
    test_hook::panic_in_rules(&prepared.zone);
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
}

/// Applies the configuration's levels, the filter and the suppression
/// comments to one zone's findings, and sorts them by position.
fn settle(prepared: &Prepared, findings: &mut Vec<Finding>, filter: &RuleFilter) {
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

/// A bug met while working on one file: a panic, caught so that the other
/// files are still checked (DESIGN §10).
#[derive(Clone, Debug, thiserror::Error)]
#[error(
    "{path}: internal error: {message}\nzonelint: this is a bug in zonelint; please report it, \
     with the file if you can share it"
)]
pub struct InternalError {
    /// The file being worked on.
    pub path: String,
    /// The panic's message.
    pub message: String,
}

/// Runs `work` for the file `path`, turning a panic into an
/// [`InternalError`] for that file.
pub fn isolate<R>(path: &Path, work: impl FnOnce() -> R) -> Result<R, InternalError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into());
        // A panic raised again by `check` already names its file.
        let message = message
            .split_once(": internal error: ")
            .map_or(message.clone(), |(_, rest)| {
                rest.split('\n').next().unwrap_or(rest).to_string()
            });
        InternalError {
            path: path.display().to_string(),
            message,
        }
    })
}

/// Hooks for the tests to make the engine fail on purpose; compiled only
/// into debug builds (the tests' builds), never into a release.
mod test_hook {
    use crate::zone::Zone;

    /// With `ZONELINT_TEST_PANIC_IN_RULES=NAME` set, the rules panic on
    /// every zone whose file name is NAME, as a buggy rule would.
    pub(super) fn panic_in_rules(zone: &Zone) {
        #[cfg(debug_assertions)]
        if let Some(name) = std::env::var_os("ZONELINT_TEST_PANIC_IN_RULES") {
            if zone.files[0].path.file_name() == Some(name.as_os_str()) {
                panic!("a rule panicked on purpose (ZONELINT_TEST_PANIC_IN_RULES)");
            }
        }
        #[cfg(not(debug_assertions))]
        let _ = zone;
    }
}

/// Maps `work` over `items` on every core, keeping the order.
pub fn parallel_map<'a, T: Sync, R: Send>(
    items: &'a [T],
    work: impl Fn(&'a T) -> R + Sync,
) -> Vec<R> {
    use rayon::prelude::*;
    // One item per task: files differ in size by orders of magnitude, and
    // rayon's work stealing keeps every core busy with the rest while one
    // core reads a large file.
    items.par_iter().with_max_len(1).map(&work).collect()
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
