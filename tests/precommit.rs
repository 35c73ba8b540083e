//! The pre-commit hooks of `.pre-commit-hooks.yaml`, run by the real
//! `pre-commit` client (`pip install pre-commit`) the way a user's
//! `.pre-commit-config.yaml` runs them.
//!
//! `pre-commit try-repo` installs the hooks with `language: rust`, that is
//! `cargo install --path .` (a release build), and it does so on every call,
//! in a store of its own. So the test calls it twice only, each time with both
//! hooks, and points `CARGO_TARGET_DIR` at a folder under `target/` that stays
//! between runs, so that only zonelint itself is compiled again. On a shared
//! 2-core machine the first run took 6 minutes (221 s for the first call,
//! the dependencies compiled too, and 141 s for the second); a later run,
//! with the dependencies already built, 2 minutes (60 s and 54 s).
//!
//! It is skipped (with a message) when `pre-commit` or `git` is not installed
//! or when the source is not a git checkout.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A zone whose delegation `shop` names an in-domain name server with no
/// glue: the `zonelint` hook must fail with `missing-glue`.
const PARENT_WITHOUT_GLUE: &str = "\
$ORIGIN example.com.
$TTL 3600
@    SOA ns1.example.net. hostmaster.example.com. 2026120701 7200 1800 1209600 3600
     NS  ns1.example.net.
     NS  ns2.example.org.
shop NS  ns1.shop
     NS  ns2.example.org.
";

/// The same zone with the glue the delegation needs.
const PARENT_WITH_GLUE: &str = "\
$ORIGIN example.com.
$TTL 3600
@    SOA ns1.example.net. hostmaster.example.com. 2026120702 7200 1800 1209600 3600
     NS  ns1.example.net.
     NS  ns2.example.org.
shop NS  ns1.shop
     NS  ns2.example.org.
ns1.shop A 203.0.113.53
";

/// A zone without findings, written the way nobody formats a zone (lower
/// case types, absolute owners, one-line SOA, a comment to keep), under a
/// `db.` name: the `zonelint-format` hook must rewrite it.
const UNFORMATTED: &str = "\
$TTL 3600
example.org.   in soa ns1.example.net. hostmaster.example.org. 1 7200 1800 1209600 3600
example.org. ns ns1.example.net.   ; primary
example.org.  ns ns2.example.com.
www.example.org. 300   a 203.0.113.80
";

/// Runs a command and returns its output; panics when it cannot start.
fn run(command: &mut Command) -> Output {
    command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"))
}

/// Runs a command that must succeed.
fn run_ok(command: &mut Command) -> Output {
    let output = run(command);
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `git` with a fixed identity, so that the test needs no user configuration.
fn git(directory: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(directory)
        .args([
            "-c",
            "user.name=zonelint test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ]);
    command
}

/// Whether `program --version` runs.
fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The text `zonelint format -` makes of `text` (the binary under test).
fn formatted(text: &str) -> String {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args(["format", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zonelint starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "format - failed: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// A git repository holding this source tree as it is on disk (committed or
/// not, new files included, ignored ones left out), committed once, so that
/// both `try-repo` calls install the same commit.
fn snapshot_of_this_repository(folder: &Path) -> Option<PathBuf> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listing = run(git(source).args([
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
    ]));
    if !listing.status.success() {
        return None;
    }
    let snapshot = folder.join("zonelint-snapshot");
    std::fs::create_dir_all(&snapshot).unwrap();
    for relative in listing.stdout.split(|byte| *byte == 0) {
        let relative = std::str::from_utf8(relative).expect("UTF-8 paths");
        let from = source.join(relative);
        if relative.is_empty() || !from.is_file() {
            continue; // deleted but not yet committed
        }
        let to = snapshot.join(relative);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    run_ok(git(&snapshot).args(["init", "-q"]));
    run_ok(git(&snapshot).args(["add", "-A"]));
    run_ok(git(&snapshot).args(["commit", "-q", "-m", "snapshot"]));
    Some(snapshot)
}

/// Runs `pre-commit try-repo SNAPSHOT --all-files` (every hook of the
/// manifest) in `project`, and returns its exit code and everything it printed.
fn try_repo(project: &Path, snapshot: &Path, cargo_target: &Path) -> (i32, String) {
    let started = std::time::Instant::now();
    let output = run(Command::new("pre-commit")
        .current_dir(project)
        .args([
            "try-repo",
            snapshot.to_str().unwrap(),
            "--all-files",
            "--color",
            "never",
        ])
        .env("CARGO_TARGET_DIR", cargo_target)
        .env("PRE_COMMIT_HOME", project.join("../pre-commit-home")));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("try-repo took {:.0?}:\n{text}", started.elapsed());
    (output.status.code().unwrap_or(-1), text)
}

/// The line pre-commit prints for a hook (`zonelint check....Failed`), by
/// the hook's name.
fn hook_line<'a>(output: &'a str, name: &str) -> &'a str {
    output
        .lines()
        .find(|line| line.starts_with(&format!("{name}.")))
        .unwrap_or_else(|| panic!("no line for hook {name:?} in:\n{output}"))
}

#[test]
fn the_hooks_fail_on_missing_glue_rewrite_an_unformatted_zone_and_pass_once_fixed() {
    if !installed("pre-commit") || !installed("git") || !installed("cargo") {
        println!("skipped: needs pre-commit (pip install pre-commit), git and cargo");
        return;
    }
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("precommit");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let Some(snapshot) = snapshot_of_this_repository(&folder) else {
        println!("skipped: the source is not a git checkout");
        return;
    };
    // Kept between runs: the dependencies are compiled once.
    let cargo_target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("precommit-cargo-target");

    // A project with two zone files, one needing glue and one to format,
    // and a file whose name is not a zone file's, which no hook may touch.
    let project = folder.join("project");
    std::fs::create_dir_all(project.join("zones")).unwrap();
    run_ok(git(&project).args(["init", "-q"]));
    let parent = project.join("zones/example.com.zone");
    let messy = project.join("zones/db.example.org");
    let other = project.join("zones/notes.txt");
    let parent_text = formatted(PARENT_WITHOUT_GLUE);
    let shop_line = 1 + parent_text
        .lines()
        .position(|line| line.starts_with("shop"))
        .expect("the delegation is in the formatted zone");
    std::fs::write(&parent, parent_text).unwrap();
    std::fs::write(&messy, UNFORMATTED).unwrap();
    std::fs::write(&other, UNFORMATTED).unwrap();
    run_ok(git(&project).args(["add", "-A"]));

    // First run: the check fails naming the rule, the formatter rewrites
    // the unformatted zone (and so fails too, as formatters do).
    let (code, output) = try_repo(&project, &snapshot, &cargo_target);
    assert_ne!(code, 0, "the hooks must fail:\n{output}");
    assert!(
        hook_line(&output, "zonelint check").ends_with("Failed"),
        "{output}"
    );
    assert!(
        output.contains("missing-glue"),
        "the finding is named:\n{output}"
    );
    assert!(
        output.contains(&format!("zones/example.com.zone:{shop_line}:")),
        "the finding names the file and line:\n{output}"
    );
    assert!(
        hook_line(&output, "zonelint format").ends_with("Failed"),
        "{output}"
    );
    assert!(
        output.contains("files were modified by this hook"),
        "{output}"
    );
    let rewritten = std::fs::read_to_string(&messy).unwrap();
    assert_eq!(
        rewritten,
        formatted(UNFORMATTED),
        "db.example.org is formatted"
    );
    assert_ne!(rewritten, UNFORMATTED);
    assert!(
        rewritten.contains("; primary"),
        "the comment stays:\n{rewritten}"
    );
    assert_eq!(
        std::fs::read_to_string(&other).unwrap(),
        UNFORMATTED,
        "notes.txt is no zone"
    );

    // Second run, with the glue added and the formatter's work staged: clean.
    std::fs::write(&parent, formatted(PARENT_WITH_GLUE)).unwrap();
    run_ok(git(&project).args(["add", "-A"]));
    let (code, output) = try_repo(&project, &snapshot, &cargo_target);
    assert_eq!(code, 0, "the hooks pass:\n{output}");
    assert!(
        hook_line(&output, "zonelint check").ends_with("Passed"),
        "{output}"
    );
    assert!(
        hook_line(&output, "zonelint format").ends_with("Passed"),
        "{output}"
    );
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        rewritten,
        "nothing left to format"
    );

    let _ = std::fs::remove_dir_all(&folder);
}
