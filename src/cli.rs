//! The command line: `check`, `dump`, and the options they share.

use std::io::{IsTerminal as _, Read as _, Write as _};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, Config, RuleLevel};
use crate::files::{self, Input};
use crate::finding::{Applicability, Finding, Severity};
use crate::fix::{self, GlueSources};
use crate::lint::{self, Rule, RuleSet, Settings, ZoneIndex};
use crate::name;
use crate::profile::{self, Profile};
use crate::render::{self, OutputFormat};
use crate::zone::{self, LoadOptions, Zone};

/// Lint, repair and format BIND-style DNS zone files.
#[derive(Debug, Parser)]
#[command(name = "zonelint", version, about)]
pub struct Arguments {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint zone files and directories (default: .).
    Check(CheckArguments),
    /// Print every record fully resolved, one per line.
    Dump(DumpArguments),
    /// Print the glue ("DNS hosts") the parent or registry needs for this zone.
    Glue(GlueArguments),
    /// Explain one rule, or list every rule with its default severity.
    Rule(RuleArguments),
    /// Rewrite files in canonical layout, keeping every comment.
    #[command(alias = "fmt")]
    Format(FormatArguments),
}

/// `zonelint format`.
#[derive(Debug, Args)]
pub struct FormatArguments {
    /// Zone files or directories (default: .); `-` reads standard input
    /// and writes the formatted text to standard output.
    pub paths: Vec<PathBuf>,
    /// Write nothing; exit 1 if any file would change.
    #[arg(long, conflicts_with = "diff")]
    pub check: bool,
    /// Write nothing; print a unified diff of the changes.
    #[arg(long)]
    pub diff: bool,
    /// Order owners canonically (RFC 4034 §6.1) instead of in the author's order.
    #[arg(long)]
    pub sort: bool,
    /// Raise the SOA serial of a file whose content changes (YYYYMMDDnn to
    /// today, else one more).
    #[arg(long)]
    pub bump_serial: bool,
    #[command(flatten)]
    pub common: CommonArguments,
}

/// `zonelint glue`.
#[derive(Debug, Args)]
pub struct GlueArguments {
    /// The zone file (`-` for standard input).
    pub file: PathBuf,
    /// `text` (zone-file lines) or `json`.
    #[arg(long, value_enum, default_value_t = GlueFormat::Text)]
    pub output_format: GlueFormat,
    #[command(flatten)]
    pub common: CommonArguments,
}

/// Output of `zonelint glue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GlueFormat {
    /// Zone-file lines with comments.
    Text,
    /// JSON.
    Json,
}

/// `zonelint rule`.
#[derive(Debug, Args)]
pub struct RuleArguments {
    /// The rule's name; without it, every rule is listed.
    pub name: Option<String>,
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
pub struct CommonArguments {
    /// The zone's origin, for a file whose origin cannot be inferred.
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,
    /// When to colour the output (NO_COLOR is honoured).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print only findings, no summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// Let $INCLUDE read files outside the checked tree and the current directory.
    #[arg(long)]
    pub allow_include_outside: bool,
    /// The configuration file (default: zonelint.toml or .zonelint.toml found walking up).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The registry profile: auto (by the zone's TLD), generic, cn, uk, nl, au, ee, ca,
    /// nomulus, route53, or one defined in the configuration.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour on a terminal unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `zonelint check`.
#[derive(Debug, Args)]
pub struct CheckArguments {
    /// Zone files or directories (`-` for standard input).
    pub paths: Vec<PathBuf>,
    /// Output format [default: full on a terminal, concise otherwise].
    #[arg(long, value_enum)]
    pub output_format: Option<OutputFormat>,
    /// Exit 0 even when error findings remain.
    #[arg(long)]
    pub exit_zero: bool,
    /// Warnings fail the run too.
    #[arg(long)]
    pub strict: bool,
    /// Run only these rules (comma-separated); a group name (delegation,
    /// registry, structure) stands for its rules.
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub select: Vec<String>,
    /// Do not run these rules or groups (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub ignore: Vec<String>,
    /// Apply the safe fixes in place, re-check and repeat (at most 10 rounds).
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// With --fix or --diff, also apply the unsafe fixes.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Show the fixes as a unified diff; write nothing.
    #[arg(long)]
    pub diff: bool,
    /// An address the glue fix may use (repeatable).
    #[arg(long, value_name = "HOST=ADDR")]
    pub glue: Vec<String>,
    /// A hosts file (`ADDRESS HOST…` lines) of addresses the glue fix may use.
    #[arg(long, value_name = "FILE")]
    pub glue_file: Option<PathBuf>,
    #[command(flatten)]
    pub common: CommonArguments,
}

/// `zonelint dump`.
#[derive(Debug, Args)]
pub struct DumpArguments {
    /// The zone file (`-` for standard input).
    pub file: PathBuf,
    #[command(flatten)]
    pub common: CommonArguments,
}

/// Exit status: 0 clean, 1 findings, 2 usage / I/O / internal error.
pub const EXIT_SUCCESS: u8 = 0;
/// Error findings remain.
pub const EXIT_FAILURE: u8 = 1;
/// Bad usage, an unreadable file, or an internal error.
pub const EXIT_ERROR: u8 = 2;

/// Runs a command and returns its exit code.
pub fn run(arguments: Arguments) -> u8 {
    let result = match arguments.command {
        Command::Check(check) => run_check(&check),
        Command::Dump(dump) => run_dump(&dump),
        Command::Glue(glue) => run_glue(&glue),
        Command::Rule(rule) => run_rule(&rule),
        Command::Format(format) => run_format(&format),
    };
    match result {
        Ok(code) => code,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => EXIT_SUCCESS,
        Err(error) => {
            eprintln!("zonelint: {error}");
            EXIT_ERROR
        }
    }
}

fn use_color(color: Color, stream_is_terminal: bool) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Reads `--origin` into wire form.
fn origin_option(common: &CommonArguments) -> Result<Option<Vec<u8>>, String> {
    common
        .origin
        .as_deref()
        .map(|origin| parse_origin(origin).map_err(|error| format!("--{error}")))
        .transpose()
}

/// Loads one input into a zone.
fn load_options(root: &Path, common: &CommonArguments, origin: Option<Vec<u8>>) -> LoadOptions {
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
        allow_include_outside: common.allow_include_outside,
    }
}

fn load(
    path: &Path,
    root: &Path,
    common: &CommonArguments,
    origin: Option<Vec<u8>>,
) -> Result<Zone, String> {
    let options = load_options(root, common, origin);
    if path.as_os_str() == "-" {
        let mut text = Vec::new();
        std::io::stdin()
            .read_to_end(&mut text)
            .map_err(|error| format!("-: cannot read standard input: {error}"))?;
        if options.origin.is_none() && zone::infer_origin(&text, std::path::Path::new("")).is_none()
        {
            return Err("-: standard input needs --origin unless it sets $ORIGIN".into());
        }
        return Ok(zone::load_source(PathBuf::from("-"), text, &options));
    }
    zone::load_path(path, &options).map_err(|error| error.to_string())
}

fn run_check(arguments: &CheckArguments) -> std::io::Result<u8> {
    for name in arguments.select.iter().chain(&arguments.ignore) {
        if Rule::from_name(name).is_none() && !lint::rules::GROUPS.iter().any(|(g, _)| g == name) {
            eprintln!("zonelint: unknown rule {name} (see `zonelint rule`)");
            return Ok(EXIT_ERROR);
        }
    }
    let paths = if arguments.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        arguments.paths.clone()
    };
    let stdout = std::io::stdout();
    let is_terminal = stdout.is_terminal();
    let format = arguments.output_format.unwrap_or(if is_terminal {
        OutputFormat::Full
    } else {
        OutputFormat::Concise
    });
    let color = use_color(arguments.common.color, is_terminal);
    let mut unreadable = false;
    let inputs = files::discover(&paths, arguments.common.config.as_deref());
    // Files are read and parsed on every core; messages keep path order.
    let prepared = parallel_map(&inputs, |input| match input {
        Input::File { path, root } => prepare(path, root, &arguments.common),
        Input::Error { path, message } => Err(format!("{}: {message}", path.display())),
    });
    let mut loaded = Vec::new();
    // An invalid configuration fails every file below it: say so once.
    let mut reported = std::collections::HashSet::new();
    for result in prepared {
        match result {
            Ok(prepared) => loaded.push(prepared),
            Err(message) => {
                if reported.insert(message.clone()) {
                    eprintln!("zonelint: {message}");
                }
                unreadable = true;
            }
        }
    }
    let filter = RuleFilter {
        select: arguments.select.clone(),
        ignore: arguments.ignore.clone(),
    };
    let mut would_change = false;
    if arguments.fix || arguments.diff {
        match repair(arguments, &mut loaded, &filter) {
            Ok((changed, failed)) => {
                would_change = changed;
                unreadable |= failed;
            }
            Err(message) => {
                eprintln!("zonelint: {message}");
                return Ok(EXIT_ERROR);
            }
        }
    }
    // `--select syntax` alone reads the files and runs no rule: the cost
    // of parsing alone, for the benchmark.
    let parse_only = !arguments.select.is_empty() && arguments.select.iter().all(|s| s == "syntax");
    let mut results = if parse_only {
        loaded.iter().map(|p| p.zone.findings.clone()).collect()
    } else {
        lint_all(&loaded, &filter)
    };
    let (mut errors, mut warnings) = (0, 0);
    // `check --fix -` writes the fixed text to standard output, so the
    // report goes to standard error there.
    let fixed_to_stdout = arguments.fix && paths.iter().any(|p| p.as_os_str() == "-");
    let mut out: Box<dyn std::io::Write> = if fixed_to_stdout {
        Box::new(std::io::stderr().lock())
    } else {
        Box::new(stdout.lock())
    };
    let mut json_findings = Vec::new();
    let mut sarif_results = Vec::new();
    for (prepared, findings) in loaded.iter().zip(results.iter_mut()) {
        errors += findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        warnings += findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
        match format {
            OutputFormat::Json => {
                json_findings.extend(render::json_values(&prepared.zone, findings))
            }
            OutputFormat::Sarif => {
                sarif_results.extend(render::sarif_results(&prepared.zone, findings))
            }
            _ => {
                let mut text = String::new();
                render::render(&prepared.zone, findings, format, color, &mut text);
                out.write_all(text.as_bytes())?;
            }
        }
    }
    // JSON and SARIF are one document for the whole run, written after
    // every file.
    let document = match format {
        OutputFormat::Json => Some(serde_json::Value::Array(json_findings)),
        OutputFormat::Sarif => Some(render::sarif_log(sarif_results)),
        _ => None,
    };
    if let Some(document) = document {
        let text = serde_json::to_string_pretty(&document).map_err(std::io::Error::other)?;
        writeln!(out, "{text}")?;
    }
    if !arguments.common.quiet {
        let summary = render::summary(errors, warnings, loaded.len());
        if format.is_human_readable() {
            writeln!(out, "{summary}")?;
        } else {
            out.flush()?;
            eprintln!("{summary}");
        }
    }
    out.flush()?;
    Ok(if unreadable {
        EXIT_ERROR
    } else if arguments.exit_zero {
        EXIT_SUCCESS
    } else if errors > 0 || (arguments.strict && warnings > 0) || (arguments.diff && would_change) {
        EXIT_FAILURE
    } else {
        EXIT_SUCCESS
    })
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
pub fn prepare(path: &Path, root: &Path, common: &CommonArguments) -> Result<Prepared, String> {
    let config_path = common.config.clone().or_else(|| config::find_for(path));
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
    let origin = match origin_option(common)? {
        Some(origin) => Some(origin),
        None => match zone_config.and_then(|z| z.origin.as_deref()) {
            Some(text) => Some(parse_origin(text)?),
            None => None,
        },
    };
    let options = load_options(root, common, origin.clone());
    let zone = load(path, root, common, origin)?;
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
    let requested = common
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

/// `check --fix` / `--diff`: fixes every zone, writes (or shows) the
/// result and puts the fixed zone in `loaded` for the report. Returns
/// whether any file changed (or would) and whether a write failed.
fn repair(
    arguments: &CheckArguments,
    loaded: &mut [Prepared],
    filter: &RuleFilter,
) -> Result<(bool, bool), String> {
    let mut sources = GlueSources::default();
    for glue in &arguments.glue {
        sources.add_argument(glue)?;
    }
    if let Some(path) = &arguments.glue_file {
        sources.add_hosts_file(path)?;
    }
    let required = if arguments.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    // The zones of the run, indexed once, are where glue addresses come
    // from when no flag or configuration gives them.
    let originals: Vec<ZoneIndex<'_>> = loaded.iter().map(|p| ZoneIndex::new(&p.zone)).collect();
    let mut outcomes = Vec::new();
    for prepared in loaded.iter() {
        let others = &originals;
        let mut zone_sources = sources.clone();
        for (host, addresses) in &prepared.glue {
            if zone_sources
                .addresses
                .contains_key(&host.to_ascii_lowercase())
            {
                continue;
            }
            for address in addresses {
                let address = address.parse().map_err(|_| {
                    format!("configuration [glue] {host}: {address:?} is not an IP address")
                })?;
                zone_sources.add(host, address);
            }
        }
        outcomes.push(fix_zone(prepared, others, filter, required, &zone_sources));
    }
    let (mut changed, mut failed) = (false, false);
    let mut stdout = std::io::stdout().lock();
    for (prepared, (fixed, hints)) in loaded.iter_mut().zip(outcomes) {
        let path = prepared.zone.files[0].path.clone();
        for hint in hints {
            eprintln!("zonelint: {}: {hint}", path.display());
        }
        let Some(fixed) = fixed else {
            // Standard input is written back whole, changed or not, so a
            // pipe never loses the zone.
            if path.as_os_str() == "-" && !arguments.diff {
                let _ = stdout.write_all(&prepared.zone.files[0].text);
            }
            continue;
        };
        changed = true;
        if arguments.diff {
            let color = use_color(arguments.common.color, std::io::stdout().is_terminal());
            let name = path.display().to_string();
            let diff = crate::format::unified_diff(
                &name,
                &prepared.zone.files[0].text,
                &fixed.files[0].text,
                color,
            );
            let _ = write!(stdout, "{diff}");
            continue;
        }
        if path.as_os_str() == "-" {
            let _ = stdout.write_all(&fixed.files[0].text);
        } else {
            let expected = fix::canonical_records(&fixed);
            let options = prepared.options.clone();
            let verify = |back: &[u8]| {
                let zone = zone::load_source(path.clone(), back.to_vec(), &options);
                fix::canonical_records(&zone) == expected
            };
            // A link is followed: the file it points at gets the fix.
            let target = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if let Err(message) = fix::write_checked(&target, &fixed.files[0].text, verify) {
                eprintln!("zonelint: {message}");
                failed = true;
                continue;
            }
        }
        prepared.zone = fixed;
    }
    Ok((changed, failed))
}

/// Fixes one zone to a fixed point: lint, apply the fixes at or above
/// `required`, read the text again, repeat (at most
/// [`fix::MAX_ROUNDS`]). A round that would add a syntax error is refused,
/// and a file with syntax errors is not fixed. Returns the fixed zone when
/// the text changed, and the messages for the user.
fn fix_zone(
    prepared: &Prepared,
    others: &[ZoneIndex<'_>],
    filter: &RuleFilter,
    required: Applicability,
    sources: &GlueSources,
) -> (Option<Zone>, Vec<String>) {
    let mut hints = Vec::new();
    let syntax_errors = |zone: &Zone| zone.findings.iter().filter(|f| f.rule == "syntax").count();
    if syntax_errors(&prepared.zone) > 0 {
        hints.push("not fixed: the file has syntax errors".to_string());
        return (None, hints);
    }
    let path = prepared.zone.files[0].path.clone();
    let mut current: Option<Prepared> = None;
    for round in 0..fix::MAX_ROUNDS {
        let state = current.as_ref().unwrap_or(prepared);
        let mut findings = lint_all(std::slice::from_ref(state), filter).remove(0);
        fix::attach_glue_fixes(&state.zone, &mut findings, sources, others);
        if round == 0 {
            hints.extend(
                findings
                    .iter()
                    .filter_map(|f| f.fix.as_ref())
                    .filter(|fix| fix.edits.is_empty())
                    .map(|fix| fix.title.clone()),
            );
        }
        let load = |text: Vec<u8>| zone::load_source(path.clone(), text, &prepared.options);
        let Some(zone) = fix_round(&state.zone, &findings, required, load, &mut hints) else {
            break;
        };
        current = Some(Prepared {
            zone,
            profile: prepared.profile.clone(),
            levels: prepared.levels.clone(),
            options: prepared.options.clone(),
            glue: prepared.glue.clone(),
        });
    }
    let mut seen = std::collections::HashSet::new();
    hints.retain(|hint| seen.insert(hint.clone()));
    (current.map(|p| p.zone), hints)
}

/// One round of fixes on `zone`: all applicable fixes together when the
/// result changes only the RRsets they are about and adds no syntax
/// error; otherwise one fix at a time, from the end of the file back, each
/// kept only when it passes the same test. Returns the new zone, or `None`
/// when nothing changed.
fn fix_round(
    zone: &Zone,
    findings: &[Finding],
    required: Applicability,
    load: impl Fn(Vec<u8>) -> Zone,
    hints: &mut Vec<String>,
) -> Option<Zone> {
    let fixable: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            f.fix.as_ref().is_some_and(|fix| {
                fix.applicability >= required
                    && !fix.edits.is_empty()
                    && fix.edits.iter().all(|e| e.file == 0)
            })
        })
        .collect();
    if fixable.is_empty() {
        return None;
    }
    let by_entry = fix::records_by_entry(zone);
    let subjects: Vec<std::collections::HashSet<(Vec<u8>, u16)>> = fixable
        .iter()
        .map(|f| fix::fix_subjects(zone, &by_entry, f).into_iter().collect())
        .collect();
    let acceptable =
        |before: &Zone, after: &Zone, subjects: &std::collections::HashSet<(Vec<u8>, u16)>| {
            !after.findings.iter().any(|f| f.rule == "syntax")
                && fix::changes_stay_within(before, after, subjects)
        };
    let text = &zone.files[0].text;
    let all_edits: Vec<&crate::finding::Edit> = fixable
        .iter()
        .flat_map(|f| {
            f.fix
                .as_ref()
                .map(|fix| fix.edits.iter())
                .into_iter()
                .flatten()
        })
        .collect();
    let (batch_text, applied) = fix::apply_edits(text, &all_edits);
    if applied == all_edits.len() && batch_text != *text {
        let batch = load(batch_text);
        let union: std::collections::HashSet<(Vec<u8>, u16)> =
            subjects.iter().flatten().cloned().collect();
        if acceptable(zone, &batch, &union) {
            return Some(batch);
        }
    }
    // One at a time, last in the file first, so the spans of the others
    // stay valid.
    let mut order: Vec<usize> = (0..fixable.len()).collect();
    let start_of = |i: usize| {
        fixable[i].fix.as_ref().map_or(0, |fix| {
            fix.edits.iter().map(|e| e.span.start).min().unwrap_or(0)
        })
    };
    order.sort_by_key(|&i| std::cmp::Reverse(start_of(i)));
    let mut current: Option<Zone> = None;
    let mut lowest_applied = u32::MAX;
    for i in order {
        let Some(fix) = &fixable[i].fix else { continue };
        if fix.edits.iter().any(|e| e.span.end > lowest_applied) {
            continue;
        }
        let before = current.as_ref().unwrap_or(zone);
        let edits: Vec<&crate::finding::Edit> = fix.edits.iter().collect();
        let (new_text, applied) = fix::apply_edits(&before.files[0].text, &edits);
        if applied != edits.len() || new_text == before.files[0].text {
            continue;
        }
        let after = load(new_text);
        if acceptable(before, &after, &subjects[i]) {
            lowest_applied = start_of(i);
            current = Some(after);
        } else {
            hints.push(format!(
                "not applied, because it would change other records too: {}",
                fix.title
            ));
        }
    }
    current
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
                || (lint::rules::GROUPS
                    .iter()
                    .any(|(group, _)| group == selector)
                    && Rule::from_name(rule).is_some_and(|r| r.is_named_by(selector)))
        };
        rule == "syntax"
            || ((self.select.is_empty() || self.select.iter().any(names))
                && !self.ignore.iter().any(names))
    }
}

/// Runs every rule on every zone (in parallel), and the rules across
/// zones; applies the configuration's levels, the filter and the
/// suppression comments; returns the findings of each zone sorted by
/// position.
pub fn lint_all(loaded: &[Prepared], filter: &RuleFilter) -> Vec<Vec<Finding>> {
    let indexes: Vec<ZoneIndex<'_>> = parallel_map(loaded, |p| ZoneIndex::new(&p.zone));
    let pairs: Vec<(&Prepared, &ZoneIndex<'_>)> = loaded.iter().zip(&indexes).collect();
    let mut results: Vec<Vec<Finding>> = parallel_map(&pairs, |(prepared, index)| {
        let mut findings = prepared.zone.findings.clone();
        let settings = Settings {
            profile: &prepared.profile,
            rules: RuleSet::of(|rule| {
                filter.runs(rule.name())
                    && prepared.levels.get(rule.name()) != Some(&RuleLevel::Off)
            }),
        };
        findings.extend(lint::check_zone(&prepared.zone, index, &settings));
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
        findings.retain_mut(|finding| match prepared.levels.get(finding.rule) {
            _ if finding.rule == "syntax" => true,
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
        findings.retain(|f| filter.runs(f.rule));
        let active =
            |rule: &str| filter.runs(rule) && prepared.levels.get(rule) != Some(&RuleLevel::Off);
        lint::suppress::apply(&prepared.zone, findings, active);
        if let Some(level) = prepared.levels.get(Rule::UnusedSuppression.name()) {
            for finding in findings
                .iter_mut()
                .filter(|f| f.rule == Rule::UnusedSuppression.name())
            {
                finding.severity = if *level == RuleLevel::Error {
                    Severity::Error
                } else {
                    Severity::Warning
                };
            }
        }
        findings.sort_by_key(|f| (f.file, f.span.start, f.rule));
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

fn parse_origin(origin: &str) -> Result<Vec<u8>, String> {
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

fn run_dump(arguments: &DumpArguments) -> std::io::Result<u8> {
    let origin = match origin_option(&arguments.common) {
        Ok(origin) => origin,
        Err(message) => {
            eprintln!("zonelint: {message}");
            return Ok(EXIT_ERROR);
        }
    };
    let root = arguments
        .file
        .parent()
        .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf);
    let zone = match load(&arguments.file, &root, &arguments.common, origin) {
        Ok(zone) => zone,
        Err(message) => {
            eprintln!("zonelint: {message}");
            return Ok(EXIT_ERROR);
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut line = String::new();
    write_dump(&zone, |text| {
        line.clear();
        line.push_str(text);
        out.write_all(line.as_bytes())
    })?;
    out.flush()?;
    if !zone.findings.is_empty() {
        let mut text = String::new();
        render::render(
            &zone,
            &zone.findings,
            OutputFormat::Concise,
            false,
            &mut text,
        );
        eprint!("{text}");
        return Ok(EXIT_FAILURE);
    }
    Ok(EXIT_SUCCESS)
}

/// Writes every in-zone record as `owner ttl class type rdata`, in file
/// order, the layout of `named-compilezone -s full`.
pub fn write_dump(
    zone: &Zone,
    mut sink: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut line = String::with_capacity(256);
    for record in &zone.records {
        if !zone.in_zone(record) {
            continue;
        }
        line.clear();
        name::write(zone.owner(record), &mut line);
        line.push('\t');
        line.push_str(&record.ttl.to_string());
        line.push('\t');
        line.push_str(&crate::rrtype::class_name(record.class));
        line.push('\t');
        line.push_str(&crate::rrtype::type_name(record.record_type));
        line.push('\t');
        crate::rdata::write_presentation(record.record_type, zone.rdata(record), &mut line);
        line.push('\n');
        sink(&line)?;
    }
    Ok(())
}

/// `zonelint format`: files are read, formatted and checked on every core,
/// then reported, diffed or written in path order.
fn run_format(arguments: &FormatArguments) -> std::io::Result<u8> {
    use crate::format::{self, FormatError, FormatOptions};
    let paths = if arguments.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        arguments.paths.clone()
    };
    let inputs = files::discover(&paths, arguments.common.config.as_deref());
    let today = arguments.bump_serial.then(format::today);
    let options = FormatOptions {
        sort: arguments.sort,
        serial: None,
    };
    let results = parallel_map(&inputs, |input| {
        let (path, root) = match input {
            Input::File { path, root } => (path, root),
            Input::Error { path, message } => return Err(format!("{}: {message}", path.display())),
        };
        let prepared = prepare(path, root, &arguments.common)?;
        let formatted = format::format_file(&prepared.zone, &prepared.options, &options, today);
        Ok((prepared, formatted))
    });
    let stdout = std::io::stdout();
    let color = use_color(arguments.common.color, stdout.is_terminal());
    let stderr_color = use_color(arguments.common.color, std::io::stderr().is_terminal());
    let mut out = stdout.lock();
    let (mut changed, mut unchanged, mut not_formatted, mut failed) = (0, 0, 0, false);
    for result in results {
        let (prepared, formatted) = match result {
            Ok(pair) => pair,
            Err(message) => {
                eprintln!("zonelint: {message}");
                failed = true;
                continue;
            }
        };
        let zone = &prepared.zone;
        let path = &zone.files[0].path;
        let formatted = match formatted {
            Ok(formatted) => formatted,
            Err(FormatError::Syntax) => {
                let mut report = String::new();
                let findings = &zone.findings;
                render::render(
                    zone,
                    findings,
                    OutputFormat::Concise,
                    stderr_color,
                    &mut report,
                );
                eprint!("{report}");
                not_formatted += 1;
                continue;
            }
            Err(error) => {
                eprintln!("zonelint: {}: {error}", path.display());
                failed = true;
                continue;
            }
        };
        let differs = formatted.changed;
        if arguments.diff {
            if differs {
                let name = path.display().to_string();
                let diff = format::unified_diff(&name, &zone.files[0].text, &formatted.text, color);
                out.write_all(diff.as_bytes())?;
            }
        } else if arguments.check {
            if differs && !arguments.common.quiet {
                eprintln!("would reformat {}", path.display());
            }
        } else if path.as_os_str() == "-" {
            out.write_all(&formatted.text)?;
            continue;
        } else if differs {
            let written =
                format::write_formatted(zone, &prepared.options, &formatted.text, formatted.serial);
            if let Err(message) = written {
                eprintln!("zonelint: {message}");
                failed = true;
                continue;
            }
        }
        if differs {
            changed += 1;
        } else {
            unchanged += 1;
        }
    }
    out.flush()?;
    // Standard input alone gets no summary: its output is the text.
    if !arguments.common.quiet && changed + unchanged + not_formatted > 0 {
        eprintln!(
            "{}",
            format::summary(
                changed,
                unchanged,
                not_formatted,
                arguments.check || arguments.diff
            )
        );
    }
    Ok(if failed {
        EXIT_ERROR
    } else if not_formatted > 0 || ((arguments.check || arguments.diff) && changed > 0) {
        EXIT_FAILURE
    } else {
        EXIT_SUCCESS
    })
}

fn run_rule(arguments: &RuleArguments) -> std::io::Result<u8> {
    let mut out = std::io::stdout().lock();
    match &arguments.name {
        Some(name) => match Rule::from_name(name) {
            Some(rule) => {
                writeln!(
                    out,
                    "# {} ({})\n",
                    rule.name(),
                    rule.default_severity().as_str()
                )?;
                write!(out, "{}", rule.documentation())?;
                Ok(EXIT_SUCCESS)
            }
            None => {
                eprintln!("zonelint: unknown rule {name}; `zonelint rule` lists them");
                Ok(EXIT_ERROR)
            }
        },
        None => {
            for rule in Rule::ALL {
                writeln!(
                    out,
                    "{:<26} {:<8} {}",
                    rule.name(),
                    rule.default_severity().as_str(),
                    rule.summary()
                )?;
            }
            Ok(EXIT_SUCCESS)
        }
    }
}

fn run_glue(arguments: &GlueArguments) -> std::io::Result<u8> {
    let root = arguments
        .file
        .parent()
        .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf);
    let prepared = match prepare(&arguments.file, &root, &arguments.common) {
        Ok(prepared) => prepared,
        Err(message) => {
            eprintln!("zonelint: {message}");
            return Ok(EXIT_ERROR);
        }
    };
    let findings = lint_all(std::slice::from_ref(&prepared), &RuleFilter::default()).remove(0);
    let findings: Vec<Finding> = findings
        .into_iter()
        .filter(|f| crate::glue::RELEVANT_RULES.contains(&f.rule))
        .collect();
    let report = crate::glue::collect(&prepared.zone, &prepared.profile);
    let mut out = std::io::stdout().lock();
    match arguments.output_format {
        GlueFormat::Text => out.write_all(crate::glue::to_text(&report).as_bytes())?,
        GlueFormat::Json => {
            let mut value = serde_json::to_value(&report).map_err(std::io::Error::other)?;
            value["findings"] =
                serde_json::Value::Array(render::json_values(&prepared.zone, &findings));
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&value).map_err(std::io::Error::other)?
            )?;
        }
    }
    out.flush()?;
    let mut text = String::new();
    render::render(
        &prepared.zone,
        &findings,
        OutputFormat::Concise,
        false,
        &mut text,
    );
    eprint!("{text}");
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    Ok(if errors > 0 {
        EXIT_FAILURE
    } else {
        EXIT_SUCCESS
    })
}
