//! `zonelint dump`: every record fully resolved, one per line.

use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::{CommonArguments, EXIT_ERROR, EXIT_FAILURE, EXIT_SUCCESS};
use crate::engine;
use crate::name;
use crate::render::{self, OutputFormat};
use crate::zone::Zone;

/// `zonelint dump`.
#[derive(Debug, Args)]
pub struct DumpArguments {
    /// The zone file (`-` for standard input).
    pub file: PathBuf,
    #[command(flatten)]
    pub common: CommonArguments,
}

pub(super) fn run(arguments: &DumpArguments) -> std::io::Result<u8> {
    let origin = match engine::origin_option(&arguments.common.input()) {
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
    // Dumping writes nothing back: a large file may be mapped.
    let input = engine::InputOptions {
        read_only: true,
        ..arguments.common.input()
    };
    let zone = match engine::load(&arguments.file, &root, &input, origin) {
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
        line.push_str(&zone.ttl(record).to_string());
        line.push('\t');
        line.push_str(&crate::rrtype::class_name(zone.record_class(record)));
        line.push('\t');
        line.push_str(&crate::rrtype::type_name(record.record_type));
        line.push('\t');
        crate::rdata::write_presentation(record.record_type, zone.rdata(record), &mut line);
        line.push('\n');
        sink(&line)?;
    }
    Ok(())
}
