//! `zonelint glue`: the DNS hosts the registry needs.

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CommonArguments, EXIT_ERROR, EXIT_FAILURE, EXIT_SUCCESS};
use crate::engine::{self, Prepared, RuleFilter, prepare};
use crate::finding::{Finding, Severity};
use crate::glue_diff;
use crate::lint::serial::Git;
use crate::render::{self, OutputFormat};

/// `zonelint glue`.
#[derive(Debug, Args)]
pub struct GlueArguments {
    /// The zone file (`-` for standard input; `--diff` needs a file in a git work tree).
    #[arg(required_unless_present = "diff")]
    pub file: Option<PathBuf>,
    /// Compare the DNS hosts with git's REV (default HEAD) and print the registrar's work
    /// as ordered steps. Exit 0: nothing to do; 1: work to do; 2: error. `--diff FILE`
    /// alone compares FILE with HEAD.
    #[arg(long, value_name = "REV", num_args = 0..=1, default_missing_value = "HEAD")]
    pub diff: Option<String>,
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

pub(super) fn run(arguments: &GlueArguments) -> std::io::Result<u8> {
    // `--diff FILE` with no other argument: clap reads FILE as the
    // revision, which is never what is meant.
    let (file, revision) = match (&arguments.file, &arguments.diff) {
        (Some(file), revision) => (file.clone(), revision.clone()),
        (None, Some(file)) => (PathBuf::from(file), Some("HEAD".to_string())),
        (None, None) => {
            eprintln!("zonelint: glue needs a zone file");
            return Ok(EXIT_ERROR);
        }
    };
    let root = file
        .parent()
        .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf);
    // Glue is only read: a large file may be mapped.
    let input = crate::engine::InputOptions {
        read_only: true,
        ..arguments.common.input()
    };
    let prepared = match prepare(&file, &root, &input) {
        Ok(prepared) => prepared,
        Err(message) => {
            eprintln!("zonelint: {message}");
            return Ok(EXIT_ERROR);
        }
    };
    if let Some(revision) = revision {
        return run_diff(&prepared, &revision, arguments.output_format);
    }
    let findings = engine::check(std::slice::from_ref(&prepared), &RuleFilter::default()).remove(0);
    let findings: Vec<Finding> = findings
        .into_iter()
        .filter(|f| crate::glue::RELEVANT_RULES.contains(&f.rule))
        .collect();
    // Written a set at a time: a TLD zone's list is too long to hold.
    let (zone, profile) = (&prepared.zone, &prepared.profile);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match arguments.output_format {
        GlueFormat::Text => crate::glue::write_text(zone, profile, &mut out)?,
        GlueFormat::Json => {
            let values = render::json_values(zone, &findings);
            crate::glue::write_json(zone, profile, values, &mut out)?;
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

/// `glue --diff REV`: the registrar's work since `revision`.
fn run_diff(prepared: &Prepared, revision: &str, format: GlueFormat) -> std::io::Result<u8> {
    let zone = &prepared.zone;
    if zone.files[0].path.as_os_str() == "-" {
        eprintln!("zonelint: glue --diff compares a file with git history: give a file, not `-`");
        return Ok(EXIT_ERROR);
    }
    // The hosts of a file that does not read are not known: a plan from
    // them could tell the registrar to delete a host still in use.
    if zone.has_syntax_errors() {
        let mut text = String::new();
        render::render(
            zone,
            &zone.findings,
            OutputFormat::Concise,
            false,
            &mut text,
        );
        eprint!("{text}");
        eprintln!(
            "zonelint: {}: syntax errors: no plan for the registrar until they are fixed",
            zone.files[0].path.display()
        );
        return Ok(EXIT_ERROR);
    }
    let plan = match glue_diff::diff(zone, &prepared.profile, &Git, revision) {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("zonelint: {error}");
            return Ok(EXIT_ERROR);
        }
    };
    let zone_name = zone
        .origin
        .as_deref()
        .map_or_else(String::new, crate::name::to_string);
    let mut out = std::io::stdout().lock();
    match format {
        GlueFormat::Text => {
            out.write_all(glue_diff::to_text(&plan, &zone_name, &prepared.profile).as_bytes())?
        }
        GlueFormat::Json => {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&plan).map_err(std::io::Error::other)?
            )?;
            // The JSON keeps DESIGN's fields; what the registry would
            // refuse goes where a reader of the text would see it.
            for note in &plan.notes {
                eprintln!("zonelint: note: {note}");
            }
            for problem in &plan.problems {
                eprintln!("zonelint: refused: {}", problem.message);
            }
        }
    }
    out.flush()?;
    Ok(if plan.has_work() {
        EXIT_FAILURE
    } else {
        EXIT_SUCCESS
    })
}
