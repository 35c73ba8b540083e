//! `zonelint rule`: a rule's documentation, or the list of rules.

use std::io::Write as _;

use clap::Args;

use super::{EXIT_ERROR, EXIT_SUCCESS};
use crate::lint::Rule;

/// `zonelint rule`.
#[derive(Debug, Args)]
pub struct RuleArguments {
    /// The rule's name; without it, every rule is listed.
    pub name: Option<String>,
}

pub(super) fn run(arguments: &RuleArguments) -> std::io::Result<u8> {
    let mut out = std::io::stdout().lock();
    match &arguments.name {
        Some(name) => match Rule::from_name(name) {
            Some(rule) => {
                writeln!(
                    out,
                    "# {} ({}{})\n",
                    rule.name(),
                    rule.default_severity().as_str(),
                    if rule.is_off_by_default() {
                        ", off by default"
                    } else {
                        ""
                    }
                )?;
                for line in rule.documentation().lines() {
                    writeln!(out, "{line}")?;
                }
                out.flush()?;
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
                    "{:<26} {:<13} {}",
                    rule.name(),
                    rule.default_level(),
                    rule.summary()
                )?;
            }
            out.flush()?;
            Ok(EXIT_SUCCESS)
        }
    }
}
