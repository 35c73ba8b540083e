//! The command line: `check`, `dump`, and the options they share.

use std::io::{IsTerminal as _, Read as _, Write as _};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::files::{self, Input};
use crate::finding::Severity;
use crate::name;
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
    let Some(origin) = &common.origin else {
        return Ok(None);
    };
    let text = if origin.ends_with('.') {
        origin.clone()
    } else {
        format!("{origin}.")
    };
    let mut wire = Vec::new();
    name::parse(text.as_bytes(), None, &mut wire)
        .map_err(|error| format!("--origin {origin}: {error}"))?;
    Ok(Some(wire))
}

/// Loads one input into a zone.
fn load(
    path: &PathBuf,
    root: &PathBuf,
    common: &CommonArguments,
    origin: Option<Vec<u8>>,
) -> Result<Zone, String> {
    let mut include_roots = Vec::new();
    if let Ok(root) = root.canonicalize() {
        include_roots.push(root);
    }
    if let Ok(current) = std::env::current_dir().and_then(|d| d.canonicalize()) {
        include_roots.push(current);
    }
    let options = LoadOptions {
        origin,
        include_roots,
        allow_include_outside: common.allow_include_outside,
    };
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
    let origin = match origin_option(&arguments.common) {
        Ok(origin) => origin,
        Err(message) => {
            eprintln!("zonelint: {message}");
            return Ok(EXIT_ERROR);
        }
    };
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
    let mut out = stdout.lock();
    let (mut errors, mut warnings, mut files, mut unreadable) = (0, 0, 0, false);
    for input in files::discover(&paths) {
        let (path, root) = match input {
            Input::File { path, root } => (path, root),
            Input::Error { path, message } => {
                eprintln!("zonelint: {}: {message}", path.display());
                unreadable = true;
                continue;
            }
        };
        let zone = match load(&path, &root, &arguments.common, origin.clone()) {
            Ok(zone) => zone,
            Err(message) => {
                eprintln!("zonelint: {message}");
                unreadable = true;
                continue;
            }
        };
        files += 1;
        let findings = &zone.findings;
        errors += findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        warnings += findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
        let mut text = String::new();
        render::render(&zone, findings, format, color, &mut text);
        out.write_all(text.as_bytes())?;
    }
    if !arguments.common.quiet {
        let summary = render::summary(errors, warnings, files);
        if format == OutputFormat::Full {
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
    } else if errors > 0 || (arguments.strict && warnings > 0) {
        EXIT_FAILURE
    } else {
        EXIT_SUCCESS
    })
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
