//! The command line: one module per command, each parsing its options,
//! calling the engine (`crate::engine`, `crate::fix`, ...) and rendering.

mod check;
mod completions;
mod dump;
mod format;
mod glue;
mod rule;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::InputOptions;

pub use check::CheckArguments;
pub use completions::CompletionsArguments;
pub use dump::{DumpArguments, write_dump};
pub use format::FormatArguments;
pub use glue::{GlueArguments, GlueFormat};
pub use rule::RuleArguments;

/// Lint, repair and format BIND-style DNS zone files.
#[derive(Debug, Parser)]
#[command(name = "zonelint", version = env!("ZONELINT_VERSION"), about)]
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
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArguments),
    /// Print the man page (roff), e.g. `zonelint man | man -l -`.
    Man,
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

impl CommonArguments {
    /// How the engine reads inputs.
    pub fn input(&self) -> InputOptions {
        InputOptions {
            origin: self.origin.clone(),
            allow_include_outside: self.allow_include_outside,
            config: self.config.clone(),
            profile: self.profile.clone(),
            read_only: false,
            rewrites_mapped: false,
            keep_heads: false,
        }
    }
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
        Command::Check(check) => check::run(&check),
        Command::Dump(dump) => dump::run(&dump),
        Command::Glue(glue) => glue::run(&glue),
        Command::Rule(rule) => rule::run(&rule),
        Command::Format(format) => format::run(&format),
        Command::Completions(shell) => completions::completions(&shell),
        Command::Man => completions::man(),
    };
    match result {
        Ok(code) => code,
        // A reader that stopped early (`| head`) is not an error, as in
        // ripgrep; every other failure to write the output is.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => EXIT_SUCCESS,
        Err(error) => {
            eprintln!("zonelint: cannot write the output: {error}");
            EXIT_ERROR
        }
    }
}

/// Whether to colour a stream.
fn use_color(color: Color, stream_is_terminal: bool) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
