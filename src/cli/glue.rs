//! `zonelint glue`: the DNS hosts the registry needs.

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CommonArguments, EXIT_ERROR, EXIT_FAILURE, EXIT_SUCCESS};
use crate::engine::{self, RuleFilter, prepare};
use crate::finding::{Finding, Severity};
use crate::render::{self, OutputFormat};

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

pub(super) fn run(arguments: &GlueArguments) -> std::io::Result<u8> {
    let root = arguments
        .file
        .parent()
        .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf);
    let prepared = match prepare(&arguments.file, &root, &arguments.common.input()) {
        Ok(prepared) => prepared,
        Err(message) => {
            eprintln!("zonelint: {message}");
            return Ok(EXIT_ERROR);
        }
    };
    let findings = engine::check(std::slice::from_ref(&prepared), &RuleFilter::default()).remove(0);
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
