//! What a first user meets: `--fix --diff`, the count of what a diff fixes,
//! `zonelint rule NAME`, shell completions, the man page, `--version`, and
//! `check -` run as NSD's zone verifier (VERIFY_ZONE).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use clap::CommandFactory as _;

/// A zone with one delegation whose in-domain name server has no glue,
/// and a second finding no fix touches (an alias of a name with no records).
const NEEDS_GLUE: &str = "\
$ORIGIN example.com.
$TTL 3600
@        SOA  ns1.example.net. hostmaster ( 1 7200 1800 1209600 3600 )
         NS   ns1.example.net.
         NS   ns2.example.org.
shop     NS   ns1.shop
         NS   ns2.example.org.
www      A    11.0.0.80
alias    CNAME nowhere
";

/// What one run printed.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `zonelint ARGUMENTS` in `directory` with `input` on standard input
/// and `environment` added.
fn zonelint(
    directory: &Path,
    arguments: &[&str],
    input: &str,
    environment: &[(&str, &str)],
) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args(arguments)
        .current_dir(directory)
        .env_remove("VERIFY_ZONE")
        .envs(environment.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zonelint starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A fresh folder for one test.
fn folder(test: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("zonelint-first-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).unwrap();
    path
}

#[test]
fn fix_with_diff_means_diff_and_says_how_many_it_fixes() {
    let dir = folder("diff");
    std::fs::write(dir.join("example.com.zone"), NEEDS_GLUE).unwrap();
    let arguments = [
        "--glue",
        "ns1.shop.example.com=11.0.0.1",
        "example.com.zone",
    ];
    let diff = zonelint(
        &dir,
        &[&["check", "--diff"][..], &arguments].concat(),
        "",
        &[],
    );
    let both = zonelint(
        &dir,
        &[&["check", "--fix", "--diff"][..], &arguments].concat(),
        "",
        &[],
    );
    assert_eq!(both.code, 1, "a file would change: {}", both.stderr);
    assert_eq!(both.stdout, diff.stdout, "--fix --diff is --diff");
    assert_eq!(
        std::fs::read_to_string(dir.join("example.com.zone")).unwrap(),
        NEEDS_GLUE
    );
    assert!(
        diff.stdout.contains("+ns1.shop A    11.0.0.1\n"),
        "{}",
        diff.stdout
    );
    // The finding the diff fixes is counted, not reported; the other stays.
    assert!(!diff.stdout.contains("[missing-glue]"), "{}", diff.stdout);
    assert!(diff.stdout.contains("[dangling-cname]"), "{}", diff.stdout);
    // The summary of concise output is on standard error.
    assert_eq!(
        diff.stderr,
        "0 errors, 1 warning in 1 file\nWould fix 1 error\n"
    );
    // Without an address the diff fixes nothing and says so.
    let none = zonelint(&dir, &["check", "--diff", "example.com.zone"], "", &[]);
    assert!(none.stdout.contains("[missing-glue]"), "{}", none.stdout);
    assert!(
        none.stderr
            .ends_with("1 error, 1 warning in 1 file\nWould fix 0 errors\n"),
        "{}",
        none.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rule_documentation_lines_have_no_stray_leading_space() {
    let run = zonelint(Path::new("."), &["rule", "missing-glue"], "", &[]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("\n## What it does\n"), "{}", run.stdout);
    let indented: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with(' ')).collect();
    assert!(
        indented.is_empty(),
        "lines with a leading space: {indented:?}"
    );
}

/// The zone as NSD 4.6 feeds it to its verifier (written out by a verifier
/// that saved its standard input): `$ORIGIN` of the parent first, then the
/// zone with absolute and relative owners. Here the delegation lacks glue.
const NSD_FEED: &str = "\
$ORIGIN net.
example\t3600\tIN\tSOA\tns1.example.net. hostmaster.example.net. (
\t\t1 7200 1800 1209600 3600 )
\t3600\tIN\tNS\tns1.example.net.
\t3600\tIN\tNS\tns2.example.org.
$ORIGIN example.net.
ns1\t3600\tIN\tA\t11.0.0.1
shop\t3600\tIN\tNS\tns1.shop.example.net.
\t3600\tIN\tNS\tns2.example.org.
";

#[test]
fn standard_input_takes_its_origin_from_verify_zone_as_nsd_sets_it() {
    let dir = folder("verify");
    let run = zonelint(
        &dir,
        &["check", "-"],
        NSD_FEED,
        &[("VERIFY_ZONE", "example.net")],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with(
            "-:8:17: error[missing-glue] shop.example.net. is delegated to ns1.shop.example.net."
        ),
        "{}",
        run.stdout
    );
    // NSD logs standard error as errors: the summary goes with the findings.
    assert!(
        run.stdout.ends_with("1 error, 0 warnings in 1 file\n"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
    // Without VERIFY_ZONE the `$ORIGIN net.` makes it another zone.
    let plain = zonelint(&dir, &["check", "-"], NSD_FEED, &[]);
    assert!(
        plain.stdout.contains("the zone net. has no NS records"),
        "{}",
        plain.stdout
    );
    // --origin still wins.
    let given = zonelint(
        &dir,
        &["check", "--origin", "net", "-"],
        NSD_FEED,
        &[("VERIFY_ZONE", "example.net")],
    );
    assert!(
        given.stdout.contains("the zone net. has no NS records"),
        "{}",
        given.stdout
    );
    // A file argument is not standard input: VERIFY_ZONE does not touch it.
    std::fs::write(dir.join("zone.txt"), NSD_FEED).unwrap();
    let file = zonelint(
        &dir,
        &["check", "zone.txt"],
        "",
        &[("VERIFY_ZONE", "example.net")],
    );
    assert!(
        file.stdout.contains("the zone net. has no NS records"),
        "{}",
        file.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn completions_for_every_shell_and_bash_parses_them() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = zonelint(Path::new("."), &["completions", shell], "", &[]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("select"), "{shell} completes --select");
        if shell == "bash" {
            let Ok(mut bash) = Command::new("bash").arg("-n").stdin(Stdio::piped()).spawn() else {
                println!("skipped: bash -n (no bash)");
                continue;
            };
            bash.stdin
                .take()
                .unwrap()
                .write_all(run.stdout.as_bytes())
                .unwrap();
            assert!(
                bash.wait().unwrap().success(),
                "bash -n rejects the completions"
            );
        }
    }
    let bad = zonelint(Path::new("."), &["completions", "tcsh"], "", &[]);
    assert_eq!(bad.code, 2);
}

#[test]
fn the_man_page_names_every_subcommand_and_flag() {
    let run = zonelint(Path::new("."), &["man"], "", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\n.TH zonelint 1 "),
        "{}",
        &run.stdout[..80]
    );
    // roff writes a hyphen as `\-`.
    let page = run.stdout.replace("\\-", "-");
    let command = zonelint::cli::Arguments::command();
    let mut names = 0;
    for sub in command.get_subcommands() {
        let heading = format!(".SH \"ZONELINT {}\"", sub.get_name().to_uppercase());
        assert!(page.contains(&heading), "no section {heading}");
        for argument in sub.get_arguments() {
            if let Some(long) = argument.get_long() {
                names += 1;
                let section = page.split(&heading).nth(1).unwrap();
                let section = section.split("\n.SH ").next().unwrap();
                assert!(
                    section.contains(&format!("--{long}")),
                    "zonelint {} --{long} is not in its section",
                    sub.get_name()
                );
            }
        }
    }
    assert!(names > 30, "only {names} flags found");
}

#[test]
fn version_names_the_commit_in_a_git_checkout() {
    let run = zonelint(Path::new("."), &["--version"], "", &[]);
    let version = format!("zonelint {}", env!("CARGO_PKG_VERSION"));
    assert!(run.stdout.starts_with(&version), "{}", run.stdout);
    let source = env!("CARGO_MANIFEST_DIR");
    let head = Command::new("git")
        .args(["-C", source, "log", "-1", "--format=%h", "--abbrev=10"])
        .output();
    match head {
        Ok(head) if head.status.success() => {
            let commit = String::from_utf8(head.stdout).unwrap();
            assert!(
                run.stdout.contains(&format!("({} ", commit.trim())),
                "{} does not name {commit}",
                run.stdout
            );
        }
        _ => println!("skipped: the commit part (no git checkout)"),
    }
}
