//! The `zonelint` binary: parse the arguments, run, map the result to an
//! exit code.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let arguments = zonelint::cli::Arguments::parse();
    ExitCode::from(zonelint::cli::run(arguments))
}
