//! The README's commands and their outputs, run so that they cannot drift:
//! every ```` ```console ```` block, in order and in one shell session (a
//! `cd` in one block holds for the next), in a scratch folder holding a copy
//! of `testdata/`, with this build's `zonelint` first on PATH. A line
//! starting with `$ ` is a command; the lines after it, up to the next
//! command or the end of the block, are what it prints (standard output and
//! standard error together, as a terminal shows them).
//!
//! It also checks what the README promises elsewhere: its first lines keep
//! the two first commands, the pre-commit snippet names hooks that
//! `.pre-commit-hooks.yaml` has, and the NSD line is the one tests/nsd.rs runs.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One documented command and what the README says it prints.
struct Step {
    command: String,
    expected: String,
    /// The README line of the command.
    line: usize,
}

/// The commands of every `console` block of `readme`, in order.
fn console_steps(readme: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut in_console = false;
    for (number, line) in readme.lines().enumerate() {
        if !in_console {
            in_console = line.trim_end() == "```console";
            continue;
        }
        if line.starts_with("```") {
            in_console = false;
        } else if let Some(command) = line.strip_prefix("$ ") {
            steps.push(Step {
                command: command.to_owned(),
                expected: String::new(),
                line: number + 1,
            });
        } else {
            let step = steps
                .last_mut()
                .expect("a console block starts with a command");
            step.expected.push_str(line);
            step.expected.push('\n');
        }
    }
    steps
}

/// Copies the folder `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn every_console_command_prints_what_the_readme_says() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(source.join("README.md")).unwrap();
    let steps = console_steps(&readme);
    assert!(steps.len() >= 8, "only {} commands found", steps.len());

    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("readme");
    let _ = std::fs::remove_dir_all(&scratch);
    copy_tree(&source.join("testdata"), &scratch.join("testdata"));

    // One session: each command's output follows a marker of its own.
    let marker = |index: usize| format!("@@readme-step-{index}@@");
    let mut script = String::new();
    for (index, step) in steps.iter().enumerate() {
        script.push_str(&format!(
            "echo '{}'\n{} 2>&1\n",
            marker(index),
            step.command
        ));
    }
    let binary = Path::new(env!("CARGO_BIN_EXE_zonelint"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(&scratch)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("VERIFY_ZONE")
        .output()
        .expect("sh runs");
    let text = String::from_utf8(output.stdout).unwrap();

    let mut failures = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let from = text
            .find(&format!("{}\n", marker(index)))
            .unwrap_or_else(|| panic!("README.md:{}: `{}` did not run", step.line, step.command))
            + marker(index).len()
            + 1;
        let to = text[from..]
            .find(&marker(index + 1))
            .map_or(text.len(), |at| from + at);
        let actual = &text[from..to];
        if actual != step.expected {
            failures.push(format!(
                "README.md:{}: $ {}\n--- the README says:\n{}--- it prints:\n{}",
                step.line, step.command, step.expected, actual
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_readme_starts_with_the_two_first_commands() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let first: Vec<&str> = readme.lines().take(6).collect();
    assert!(
        first
            .iter()
            .any(|l| l.starts_with("cargo run --release -- check testdata/")),
        "{first:?}"
    );
    assert!(
        first.iter().any(|l| l.starts_with("cargo test")),
        "{first:?}"
    );
    // The zone the first command checks is there.
    let zone = first
        .iter()
        .find_map(|l| l.strip_prefix("cargo run --release -- check "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap();
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(zone).is_file(),
        "{zone}"
    );
}

#[test]
fn the_snippets_name_what_exists() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(source.join("README.md")).unwrap();
    let hooks = std::fs::read_to_string(source.join(".pre-commit-hooks.yaml")).unwrap();
    let ids: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- id: "))
        .collect();
    assert_eq!(ids, ["zonelint", "zonelint-format"]);
    for id in ids {
        assert!(
            hooks.lines().any(|l| l == format!("- id: {id}")),
            "{id} is not a hook"
        );
    }
    assert!(readme.contains("\n    verifier: zonelint check -\n"));
    let nsd = std::fs::read_to_string(source.join("tests/nsd.rs")).unwrap();
    assert!(nsd.contains("verifier: {zonelint} check -"));
}
