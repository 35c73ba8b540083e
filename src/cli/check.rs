//! `zonelint check`: lint, and with `--fix` / `--diff` repair.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;

use clap::Args;

use super::{CommonArguments, EXIT_ERROR, EXIT_FAILURE, EXIT_SUCCESS, use_color};
use crate::compare;
use crate::engine::{self, InputOptions, Prepared, RuleFilter, parallel_map, prepare};
use crate::files::{self, Input};
use crate::finding::{Applicability, Severity};
use crate::fix::{self, GlueSources};
use crate::lint::{self, Rule, ZoneIndex};
use crate::render::{self, OutputFormat};
use crate::write;
use crate::zone;

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
    /// With --diff it means --diff: show, write nothing.
    #[arg(long)]
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

pub(super) fn run(arguments: &CheckArguments) -> std::io::Result<u8> {
    for name in arguments.select.iter().chain(&arguments.ignore) {
        if Rule::from_name(name).is_none() && lint::Group::from_name(name).is_none() {
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
    // `--fix --diff` reads naturally and means `--diff`: nothing is written.
    let fix = arguments.fix && !arguments.diff;
    // NSD runs its zone verifier with the zone on standard input and its
    // name in VERIFY_ZONE; NSD's text starts with `$ORIGIN` of the parent,
    // so the name given counts as `--origin` for standard input.
    let verify_zone = std::env::var("VERIFY_ZONE")
        .ok()
        .filter(|zone| !zone.is_empty() && arguments.common.origin.is_none());
    // A check that writes nothing may map a large file rather than read it.
    let file_input = InputOptions {
        read_only: !fix,
        ..arguments.common.input()
    };
    let stdin_input = {
        let mut input = arguments.common.input();
        input.origin = input.origin.or_else(|| verify_zone.clone());
        input
    };
    // Under NSD, what is printed on standard error is logged as an error:
    // the summary goes to standard output with the findings.
    let verifying = verify_zone.is_some() && paths.iter().any(|p| p.as_os_str() == "-");
    let inputs = files::discover(&paths, arguments.common.config.as_deref());
    // Files are read and parsed on every core; messages keep path order.
    let prepared = parallel_map(&inputs, |input| match input {
        Input::File { path, root } => {
            let input = if path.as_os_str() == "-" {
                &stdin_input
            } else {
                &file_input
            };
            engine::isolate(path, || prepare(path, root, input))
                .unwrap_or_else(|error| Err(error.to_string()))
        }
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
    let mut diffed = Vec::new();
    if fix || arguments.diff {
        match repair(arguments, &mut loaded, &filter)? {
            Ok((changed, failed, fixed)) => {
                would_change = changed;
                unreadable |= failed;
                diffed = fixed;
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
    let checked = if parse_only {
        loaded.iter().map(|p| Ok(p.zone.findings.clone())).collect()
    } else {
        engine::check_each(&loaded, &filter)
    };
    // A zone whose rules hit a bug is reported once and left out of the
    // report; the others are reported as usual.
    let mut results = Vec::with_capacity(checked.len());
    for result in checked {
        results.push(result.unwrap_or_else(|error| {
            eprintln!("zonelint: {error}");
            unreadable = true;
            Vec::new()
        }));
    }
    // `--diff`: the findings the diff fixes are not reported as if nothing
    // happened; they are counted ("Would fix N errors", as ruff says).
    let would_fix = arguments
        .diff
        .then(|| drop_fixed(&mut loaded, diffed, &mut results, &filter));
    let (mut errors, mut warnings) = (0, 0);
    // `check --fix -` writes the fixed text to standard output, so the
    // report goes to standard error there.
    let fixed_to_stdout = fix && paths.iter().any(|p| p.as_os_str() == "-");
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
        let summary = match would_fix {
            Some((errors, warnings)) => format!("{summary}\n{}", would_fix_line(errors, warnings)),
            None => summary,
        };
        if format.is_human_readable() || verifying {
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

/// The findings the diff fixes: those of `results` that checking the fixed
/// zones (`fixed`, by position in `loaded`) no longer reports, by rule and
/// message (their lines may move). They are taken out of `results` and
/// counted as (errors, warnings).
fn drop_fixed(
    loaded: &mut [Prepared],
    mut fixed: Vec<Option<zone::Zone>>,
    results: &mut [Vec<crate::finding::Finding>],
    filter: &RuleFilter,
) -> (usize, usize) {
    if fixed.iter().all(Option::is_none) {
        return (0, 0);
    }
    let swap = |loaded: &mut [Prepared], fixed: &mut Vec<Option<zone::Zone>>| {
        for (prepared, zone) in loaded.iter_mut().zip(fixed.iter_mut()) {
            if let Some(zone) = zone {
                std::mem::swap(&mut prepared.zone, zone);
            }
        }
    };
    swap(loaded, &mut fixed);
    let after = engine::check_each(loaded, filter);
    swap(loaded, &mut fixed);
    let (mut errors, mut warnings) = (0, 0);
    for (findings, after) in results.iter_mut().zip(after) {
        // A zone whose rules hit a bug was reported already.
        let Ok(after) = after else { continue };
        let mut remaining: std::collections::HashMap<(&str, String), usize> =
            std::collections::HashMap::new();
        for finding in after {
            *remaining
                .entry((finding.rule.name(), finding.message))
                .or_default() += 1;
        }
        findings.retain(|finding| {
            match remaining.get_mut(&(finding.rule.name(), finding.message.clone())) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    true
                }
                _ => {
                    match finding.severity {
                        Severity::Error => errors += 1,
                        Severity::Warning => warnings += 1,
                    }
                    false
                }
            }
        });
    }
    (errors, warnings)
}

/// "Would fix 2 errors and 1 warning".
fn would_fix_line(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if warnings == 0 {
        format!("Would fix {}", plural(errors, "error"))
    } else {
        format!(
            "Would fix {} and {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}

/// `check --fix` / `--diff`: fixes every zone, writes (or shows) the
/// result and puts the fixed zone in `loaded` for the report. Returns
/// whether any file changed (or would), whether a write failed (or a
/// zone's fix hit a bug) and, for `--diff`, the fixed zones by position in
/// `loaded` (which keeps the originals, whose lines the report names). An
/// error writing standard output is the outer error.
fn repair(
    arguments: &CheckArguments,
    loaded: &mut [Prepared],
    filter: &RuleFilter,
) -> std::io::Result<Result<Repaired, String>> {
    let mut stdout = std::io::stdout().lock();
    let outcome = match fix_sources(arguments) {
        Ok(sources) => repair_with(arguments, loaded, filter, &sources, &mut stdout)?,
        Err(message) => Err(message),
    };
    stdout.flush()?;
    Ok(outcome)
}

/// What [`repair`] returns: whether any file changed (or would), whether
/// one failed, and the fixed zones of `--diff`.
type Repaired = (bool, bool, Vec<Option<zone::Zone>>);

/// The addresses the glue fix may use, from `--glue` and `--glue-file`.
fn fix_sources(arguments: &CheckArguments) -> Result<GlueSources, String> {
    let mut sources = GlueSources::default();
    for glue in &arguments.glue {
        sources.add_argument(glue)?;
    }
    if let Some(path) = &arguments.glue_file {
        sources.add_hosts_file(path)?;
    }
    Ok(sources)
}

/// [`repair`] with the glue sources read, writing to `stdout`.
fn repair_with(
    arguments: &CheckArguments,
    loaded: &mut [Prepared],
    filter: &RuleFilter,
    sources: &GlueSources,
    stdout: &mut impl std::io::Write,
) -> std::io::Result<Result<Repaired, String>> {
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
        let zone_sources = match fix::zone_sources(sources, &prepared.glue) {
            Ok(zone_sources) => zone_sources,
            Err(message) => return Ok(Err(message)),
        };
        let path = prepared.zone.files[0].path.clone();
        outcomes.push(engine::isolate(&path, || {
            fix::fix_zone(prepared, &originals, filter, required, &zone_sources)
        }));
    }
    let (mut changed, mut failed) = (false, false);
    let mut diffed = Vec::new();
    for (prepared, outcome) in loaded.iter_mut().zip(outcomes) {
        let path = prepared.zone.files[0].path.clone();
        if arguments.diff {
            diffed.push(None);
        }
        let (fixed, hints) = match outcome {
            Ok(outcome) => outcome,
            Err(error) => {
                eprintln!("zonelint: {error}");
                failed = true;
                // Standard input still gets its text back, unfixed.
                if path.as_os_str() == "-" && !arguments.diff {
                    stdout.write_all(&prepared.zone.files[0].text)?;
                }
                continue;
            }
        };
        for hint in hints {
            eprintln!("zonelint: {}: {hint}", path.display());
        }
        let Some(fixed) = fixed else {
            // Standard input is written back whole, changed or not, so a
            // pipe never loses the zone.
            if path.as_os_str() == "-" && !arguments.diff {
                stdout.write_all(&prepared.zone.files[0].text)?;
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
            stdout.write_all(diff.as_bytes())?;
            if let Some(slot) = diffed.last_mut() {
                *slot = Some(fixed);
            }
            continue;
        }
        if path.as_os_str() == "-" {
            stdout.write_all(&fixed.files[0].text)?;
        } else {
            let options = prepared.options.clone();
            let verify = |back: &[u8]| {
                let zone = zone::load_source(path.clone(), back.to_vec(), &options);
                compare::same_records(compare::Side::of(&fixed), compare::Side::of(&zone))
            };
            // A link is followed: the file it points at gets the fix.
            let target = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            let original = &prepared.zone.files[0].text;
            let written = write::write_checked(&target, original, &fixed.files[0].text, verify);
            if let Err(message) = written {
                eprintln!("zonelint: {message}");
                failed = true;
                continue;
            }
        }
        prepared.zone = fixed;
    }
    Ok(Ok((changed, failed, diffed)))
}
