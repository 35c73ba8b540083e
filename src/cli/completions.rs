//! `zonelint completions SHELL` and `zonelint man`: generated from the
//! clap definitions of the command line, so they name what it accepts.

use std::io::Write as _;

use clap::{Args, CommandFactory as _};

use super::{Arguments, EXIT_SUCCESS};

/// `zonelint completions`.
#[derive(Debug, Args)]
pub struct CompletionsArguments {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub(super) fn completions(arguments: &CompletionsArguments) -> std::io::Result<u8> {
    let mut command = Arguments::command();
    let mut text = Vec::new();
    clap_complete::generate(arguments.shell, &mut command, "zonelint", &mut text);
    let mut out = std::io::stdout().lock();
    out.write_all(&text)?;
    out.flush()?;
    Ok(EXIT_SUCCESS)
}

/// `zonelint man`: one page (roff) for the command and every subcommand,
/// each subcommand a section with its synopsis, description and options.
pub(super) fn man() -> std::io::Result<u8> {
    let mut command = Arguments::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    // `zonelint help` is clap's own and needs no section.
    for sub in command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = format!("zonelint {}", sub.get_name());
        writeln!(page, ".SH \"{}\"", name.to_uppercase())?;
        let sub = clap_mangen::Man::new(sub.clone().bin_name(&name));
        let mut section = Vec::new();
        sub.render_synopsis_section(&mut section)?;
        sub.render_description_section(&mut section)?;
        sub.render_options_section(&mut section)?;
        // The subcommand's sections become subsections of its own.
        for line in String::from_utf8_lossy(&section).lines() {
            match line.strip_prefix(".SH ") {
                Some(heading) => writeln!(page, ".SS {heading}")?,
                None => writeln!(page, "{line}")?,
            }
        }
    }
    man.render_version_section(&mut page)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&page)?;
    out.flush()?;
    Ok(EXIT_SUCCESS)
}
