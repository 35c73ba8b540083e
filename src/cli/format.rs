//! `zonelint format`: the canonical layout, keeping every comment.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;

use clap::Args;

use super::{CommonArguments, EXIT_ERROR, EXIT_FAILURE, EXIT_SUCCESS, use_color};
use crate::engine::{self, parallel_map, prepare};
use crate::files::{self, Input};
use crate::names::Names;
use crate::render::{self, OutputFormat};
use crate::zone::{Entries, Text};

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

/// `zonelint format`: files are read, formatted and checked on every core,
/// then reported, diffed or written in path order.
pub(super) fn run(arguments: &FormatArguments) -> std::io::Result<u8> {
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
    // --check writes nothing: a large file may be mapped, as `check` maps
    // it, and its pages let go once laid out and compared. So may a file
    // written in place, whose digest is taken first: it is replaced only if
    // it still has it. --diff keeps both texts whole, and reads.
    let input = crate::engine::InputOptions {
        read_only: arguments.check,
        rewrites_mapped: !arguments.check && !arguments.diff,
        keep_heads: true,
        ..arguments.common.input()
    };
    // A file (not standard input) that is neither checked nor diffed is
    // written in place as it is laid out.
    let in_place =
        |path: &std::path::Path| !arguments.check && !arguments.diff && path.as_os_str() != "-";
    let results = parallel_map(&inputs, |input_file| {
        let (path, root) = match input_file {
            Input::File { path, root } => (path, root),
            Input::Error { path, message } => return Err(format!("{}: {message}", path.display())),
        };
        engine::isolate(path, || {
            let mut prepared = prepare(path, root, &input)?;
            // --check needs no more of the text than whether it changes, and
            // a file written in place gets its text a piece at a time.
            let formatted = if in_place(path) {
                format::format_file_in_place(&mut prepared.zone, &prepared.options, &options, today)
            } else {
                format::format_file_keeping(
                    &prepared.zone,
                    &prepared.options,
                    &options,
                    today,
                    !arguments.check,
                )
            };
            if !matches!(formatted, Err(FormatError::Syntax)) {
                // What is left to do (report, diff, write) needs the file's
                // path and text alone: the records, names and syntax tree
                // go before the text is written and read back.
                let zone = &mut prepared.zone;
                zone.records = Vec::new();
                zone.names = Names::default();
                zone.files[0].entries = Entries::default();
                if arguments.check || in_place(path) {
                    // --check needs no more than whether the file changes,
                    // and a file written in place is written already: the
                    // text would only wait for the other files.
                    zone.files[0].text = Text::default();
                }
            }
            Ok((prepared, formatted))
        })
        .unwrap_or_else(|error| Err(error.to_string()))
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
            Err(FormatError::Write(message)) => {
                eprintln!("zonelint: {message}");
                failed = true;
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
                let diff =
                    format::unified_diff(&name, &zone.files[0].text, formatted.text(), color);
                out.write_all(diff.as_bytes())?;
            }
        } else if arguments.check {
            if differs && !arguments.common.quiet {
                eprintln!("would reformat {}", path.display());
            }
        } else if path.as_os_str() == "-" {
            out.write_all(formatted.text())?;
            continue;
        }
        // Otherwise the file was written in place, if it differs.
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
