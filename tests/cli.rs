//! `zonelint check` as a user runs it: exit codes, configuration, rule
//! selection, directory walks, standard input. Each test works in a folder
//! of its own under the system's temporary directory.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A zone with no finding.
const CLEAN: &str = "$ORIGIN example.com.\n$TTL 3600\n\
@ SOA ns1.example.net. hostmaster 1 7200 1800 1209600 3600\n\
@ NS ns1.example.net.\n\
@ NS ns2.example.org.\n";

/// A zone whose only finding is a warning: one name server (`ns-count`).
const WARNING: &str = "$ORIGIN example.org.\n$TTL 3600\n\
@ SOA ns1.example.net. hostmaster 1 7200 1800 1209600 3600\n\
@ NS ns1.example.net.\n";

/// A zone with an error: a delegation without its in-domain glue
/// (`missing-glue`).
const ERROR: &str = "$ORIGIN example.net.\n$TTL 3600\n\
@ SOA ns1.example.org. hostmaster 1 7200 1800 1209600 3600\n\
@ NS ns1.example.org.\n\
@ NS ns2.example.com.\n\
shop NS ns1.shop\n\
shop NS ns2.example.com.\n";

/// What one run printed.
#[derive(Debug)]
struct Run {
    /// The exit code.
    code: i32,
    /// Standard output.
    stdout: String,
    /// Standard error.
    stderr: String,
}

/// Runs `zonelint ARGUMENTS` in `directory`, with `input` on standard input.
fn zonelint_with_input(directory: &Path, arguments: &[&str], input: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args(arguments)
        .current_dir(directory)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the zonelint binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("stdin takes the input");
    let output = child.wait_with_output().expect("zonelint ends");
    Run {
        code: output.status.code().expect("zonelint exits with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `zonelint ARGUMENTS` in `directory`.
fn zonelint(directory: &Path, arguments: &[&str]) -> Run {
    zonelint_with_input(directory, arguments, "")
}

/// A fresh folder for one test, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(test: &str) -> Folder {
        let path = std::env::temp_dir().join(format!("zonelint-cli-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Folder(path)
    }

    /// Writes `text` to the relative `path`, creating folders.
    fn write(&self, path: &str, text: &str) -> &Folder {
        let path = self.0.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Runs `zonelint check --output-format concise ARGUMENTS` here.
    fn check(&self, arguments: &[&str]) -> Run {
        let mut all = vec!["check", "--output-format", "concise"];
        all.extend(arguments);
        zonelint(&self.0, &all)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The `path` of every concise finding line, in order.
fn finding_paths(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .map(|line| line.split(':').next().unwrap().to_string())
        .collect()
}

/// The `rule` of every concise finding line, in order.
fn finding_rules(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .map(|line| {
            let (_, rest) = line.split_once('[').unwrap();
            rest.split_once(']').unwrap().0.to_string()
        })
        .collect()
}

#[test]
fn exit_0_for_a_clean_zone() {
    let folder = Folder::new("clean");
    folder.write("a.zone", CLEAN);
    let run = folder.check(&["a.zone"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    assert_eq!(run.stderr, "0 errors, 0 warnings in 1 file\n");
}

#[test]
fn exit_0_with_warnings_and_1_with_strict() {
    let folder = Folder::new("warnings");
    folder.write("a.zone", WARNING);
    let run = folder.check(&["a.zone"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(finding_rules(&run), ["ns-count"]);
    assert!(run.stdout.contains("warning[ns-count]"), "{run:?}");
    let run = folder.check(&["--strict", "a.zone"]);
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn exit_1_with_errors_and_0_with_exit_zero() {
    let folder = Folder::new("errors");
    folder.write("a.zone", ERROR);
    let run = folder.check(&["a.zone"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(finding_rules(&run), ["missing-glue"]);
    assert_eq!(run.stderr, "1 error, 0 warnings in 1 file\n");
    let run = folder.check(&["--exit-zero", "a.zone"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(finding_rules(&run), ["missing-glue"]);
}

#[test]
fn exit_2_for_an_unreadable_file_and_the_others_are_checked() {
    let folder = Folder::new("unreadable");
    folder.write("a.zone", ERROR);
    let run = folder.check(&["missing.zone", "a.zone"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("missing.zone"), "{run:?}");
    assert_eq!(finding_rules(&run), ["missing-glue"]);
    // --exit-zero does not hide that a file could not be read.
    let run = folder.check(&["--exit-zero", "missing.zone", "a.zone"]);
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn exit_2_for_bad_usage() {
    let folder = Folder::new("usage");
    folder.write("a.zone", CLEAN);
    let run = folder.check(&["--select", "missing-glue,no-such-rule", "a.zone"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no-such-rule"), "{run:?}");
    let run = folder.check(&["--ignore", "no-such-rule", "a.zone"]);
    assert_eq!(run.code, 2, "{run:?}");
    let run = folder.check(&["--no-such-flag", "a.zone"]);
    assert_eq!(run.code, 2, "{run:?}");
    let run = folder.check(&["--output-format", "xml", "a.zone"]);
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn exit_2_for_an_invalid_configuration_naming_the_key() {
    let folder = Folder::new("config");
    folder.write("a.zone", CLEAN).write(
        "zonelint.toml",
        "profile = \"generic\"\n\n  profiel = \"cn\"\n",
    );
    let run = folder.check(&["a.zone"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("zonelint.toml:3:3"), "{run:?}");
    assert!(run.stderr.contains("profiel"), "{run:?}");
    // The same through --config, and in a directory walk.
    folder.write("other.toml", "[rules]\nmissing-glue = \"sometimes\"\n");
    let run = folder.check(&["--config", "other.toml", "a.zone"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("other.toml:2:16"), "{run:?}");
    let run = folder.check(&["."]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("zonelint.toml:3:3"), "{run:?}");
}

#[test]
fn a_zone_entry_of_the_configuration_sets_origin_and_profile() {
    // No $ORIGIN and relative owners: without the configuration the origin
    // comes from the file name, `primary.`, and the generic profile allows
    // seven name servers.
    let mut zone =
        String::from("$TTL 3600\n@ SOA ns1.example.net. hostmaster 1 7200 1800 1209600 3600\n");
    for n in 1..=7 {
        zone.push_str(&format!("@ NS ns{n}.example.net.\n"));
    }
    let folder = Folder::new("zone-entry");
    folder.write("zones/primary.zone", &zone);
    let run = folder.check(&["zones"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    // The entry names the origin and the cn profile (at most 6).
    folder.write(
        "zonelint.toml",
        "[[zone]]\nfile = \"zones/primary.zone\"\norigin = \"example.com\"\nprofile = \"cn\"\n",
    );
    let run = folder.check(&["zones"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(finding_rules(&run), ["ns-count"]);
    assert!(
        run.stdout.contains("example.com. has 7 name servers"),
        "{run:?}"
    );
    assert!(run.stdout.contains("profile cn"), "{run:?}");
    // The same through a relative --config.
    std::fs::rename(
        folder.0.join("zonelint.toml"),
        folder.0.join("settings.toml"),
    )
    .unwrap();
    let run = zonelint(
        &folder.0,
        &[
            "check",
            "--output-format",
            "concise",
            "--config",
            "settings.toml",
            "zones",
        ],
    );
    assert_eq!(finding_rules(&run), ["ns-count"], "{run:?}");
    std::fs::rename(
        folder.0.join("settings.toml"),
        folder.0.join("zonelint.toml"),
    )
    .unwrap();
    // --profile on the command line wins over the entry.
    let run = folder.check(&["--profile", "generic", "zones"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
}

#[test]
fn select_and_ignore_choose_the_rules() {
    let folder = Folder::new("select");
    folder.write("a.zone", ERROR).write("b.zone", WARNING);
    let run = folder.check(&["a.zone", "b.zone"]);
    assert_eq!(finding_rules(&run), ["missing-glue", "ns-count"]);
    let run = folder.check(&["--select", "ns-count", "a.zone", "b.zone"]);
    assert_eq!(finding_rules(&run), ["ns-count"]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = folder.check(&["--ignore", "ns-count", "a.zone", "b.zone"]);
    assert_eq!(finding_rules(&run), ["missing-glue"]);
    let run = folder.check(&["--ignore", "missing-glue,ns-count", "a.zone", "b.zone"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    // A syntax error cannot be turned off.
    folder.write("c.zone", "$ORIGIN example.com.\n@ 3600 MX ten mail\n");
    let run = folder.check(&["--select", "ns-count", "c.zone"]);
    assert_eq!(finding_rules(&run), ["syntax"]);
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn a_group_name_selects_its_rules() {
    let folder = Folder::new("groups");
    // missing-glue (delegation), ns-count (registry: one apex name
    // server) and ttl-mismatch (structure).
    folder.write(
        "a.zone",
        "$ORIGIN example.net.\n$TTL 3600\n\
         @ SOA ns1.example.org. hostmaster 1 7200 1800 1209600 3600\n\
         @ NS ns1.example.org.\n\
         shop NS ns1.shop\n\
         shop NS ns2.example.com.\n\
         www 300 A 192.0.2.1\n\
         www 600 A 192.0.2.2\n",
    );
    let run = folder.check(&["a.zone"]);
    assert_eq!(
        finding_rules(&run),
        ["ns-count", "missing-glue", "ttl-mismatch"],
        "{run:?}"
    );
    let run = folder.check(&["--select", "delegation", "a.zone"]);
    assert_eq!(finding_rules(&run), ["missing-glue"]);
    let run = folder.check(&["--select", "registry,structure", "a.zone"]);
    assert_eq!(finding_rules(&run), ["ns-count", "ttl-mismatch"]);
    let run = folder.check(&["--ignore", "structure", "a.zone"]);
    assert_eq!(finding_rules(&run), ["ns-count", "missing-glue"]);
    let run = folder.check(&["--select", "glue", "a.zone"]);
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
#[cfg(unix)]
fn a_directory_with_good_bad_and_unreadable_files() {
    let folder = Folder::new("mixed");
    folder
        .write("zones/b-good.zone", CLEAN)
        .write("zones/a-bad.zone", ERROR)
        .write("zones/sub/c-warn.zone", WARNING);
    // Root can read any file whatever its mode, so the unreadable file is
    // a link to nothing: named like a zone file, it must be reported.
    std::os::unix::fs::symlink("nowhere.zone", folder.0.join("zones/a-dangling.zone")).unwrap();
    let run = folder.check(&["zones"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("a-dangling.zone"), "{run:?}");
    // The run went on and the findings come in path order.
    assert_eq!(
        finding_paths(&run),
        ["zones/a-bad.zone", "zones/sub/c-warn.zone"],
        "{run:?}"
    );
    assert!(
        run.stderr.ends_with("1 error, 1 warning in 3 files\n"),
        "{run:?}"
    );
}

#[test]
fn arguments_are_sorted_and_each_file_checked_once() {
    let folder = Folder::new("sorted");
    folder.write("b.zone", WARNING).write("a.zone", ERROR);
    let run = folder.check(&["b.zone", "./a.zone", ".", "a.zone"]);
    assert_eq!(finding_paths(&run), ["./a.zone", "b.zone"], "{run:?}");
    assert!(run.stderr.ends_with("in 2 files\n"), "{run:?}");
}

#[test]
fn standard_input_with_origin() {
    let folder = Folder::new("stdin");
    let text = "$TTL 3600\n@ SOA ns1.example.net. hostmaster 1 7200 1800 1209600 3600\n@ NS ns1.example.net.\n";
    let run = zonelint_with_input(
        &folder.0,
        &[
            "check",
            "--output-format",
            "concise",
            "--origin",
            "example.com",
            "-",
        ],
        text,
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .starts_with("-:3:1: warning[ns-count] example.com."),
        "{run:?}"
    );
    // Without --origin or $ORIGIN there is no origin to use.
    let run = zonelint_with_input(&folder.0, &["check", "-"], text);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--origin"), "{run:?}");
    // $ORIGIN in the text is enough.
    let run = zonelint_with_input(&folder.0, &["check", "-"], ERROR);
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn a_walk_skips_hidden_folders_and_git() {
    let folder = Folder::new("hidden");
    folder
        .write("zones/a.zone", WARNING)
        .write("zones/.git/b.zone", ERROR)
        .write("zones/.cache/c.zone", ERROR)
        .write(".hidden/d.zone", ERROR);
    let run = folder.check(&["."]);
    assert_eq!(finding_paths(&run), ["./zones/a.zone"], "{run:?}");
    assert_eq!(run.code, 0, "{run:?}");
    // Named on the command line, a hidden folder is walked.
    let run = folder.check(&[".hidden"]);
    assert_eq!(finding_paths(&run), [".hidden/d.zone"], "{run:?}");
}

#[test]
fn a_walk_finds_zone_file_names_only() {
    let folder = Folder::new("names");
    for name in ["a.zone", "b.db", "c.hosts", "db.d"] {
        folder.write(name, WARNING);
    }
    for name in ["e.txt", "f.zone.bak", "zone", "hosts", "gdb.x", "README"] {
        folder.write(name, ERROR);
    }
    let run = folder.check(&["."]);
    assert_eq!(
        finding_paths(&run),
        ["./a.zone", "./b.db", "./c.hosts", "./db.d"],
        "{run:?}"
    );
    assert_eq!(run.code, 0, "{run:?}");
    // A file named on the command line is checked whatever its name.
    let run = folder.check(&["e.txt"]);
    assert_eq!(finding_rules(&run), ["missing-glue"]);
}

#[test]
fn configuration_include_and_exclude_globs() {
    let folder = Folder::new("globs");
    folder
        .write("zones/a.zone", WARNING)
        .write("zones/b.conf", WARNING)
        .write("zones/old/c.zone", ERROR)
        .write("zones/d.zone", ERROR)
        .write(
            "zonelint.toml",
            "include = [\"*.conf\"]\nexclude = [\"zones/old\", \"d.zone\"]\n",
        );
    let run = folder.check(&["zones"]);
    assert_eq!(
        finding_paths(&run),
        ["zones/a.zone", "zones/b.conf"],
        "{run:?}"
    );
    assert_eq!(run.code, 0, "{run:?}");
    // Explicit files are always checked, excluded or not.
    let run = folder.check(&["zones", "zones/d.zone"]);
    assert_eq!(
        finding_paths(&run),
        ["zones/a.zone", "zones/b.conf", "zones/d.zone"],
        "{run:?}"
    );
    // `exclude` wins over `include`.
    folder.write(
        "zonelint.toml",
        "include = [\"*.conf\"]\nexclude = [\"*.conf\", \"old\", \"d.zone\"]\n",
    );
    let run = folder.check(&["zones"]);
    assert_eq!(finding_paths(&run), ["zones/a.zone"], "{run:?}");
    // Globs are relative to the configuration file, also from elsewhere.
    let run = zonelint(
        &folder.0.join("zones"),
        &["check", "--output-format", "concise", "."],
    );
    assert_eq!(finding_paths(&run), ["./a.zone"], "{run:?}");
}

#[test]
fn a_suppression_comment_turns_an_error_into_a_pass() {
    let folder = Folder::new("suppression");
    let suppressed = ERROR.replace(
        "shop NS ns1.shop\n",
        "shop NS ns1.shop ; zonelint: ignore missing-glue ; glue is registered by the hoster\n",
    );
    folder.write("a.zone", &suppressed);
    let run = folder.check(&["a.zone"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    // A suppression that suppresses nothing is itself reported.
    folder.write(
        "b.zone",
        &format!("{CLEAN}www A 11.0.0.1 ; zonelint: ignore missing-glue\n"),
    );
    let run = folder.check(&["b.zone"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(finding_rules(&run), ["unused-suppression"]);
    // ignore-file covers the whole file.
    folder.write(
        "c.zone",
        &format!("; zonelint: ignore-file missing-glue\n{ERROR}"),
    );
    assert_eq!(folder.check(&["c.zone"]).code, 0);
}

#[test]
fn fix_on_standard_input_writes_the_zone_to_standard_output() {
    let folder = Folder::new("fix-stdin");
    // A fix applies: the fixed zone on stdout, the report on stderr.
    let input = format!("{CLEAN}mail MX 10 mx.example.net\n");
    let run = zonelint_with_input(
        &folder.0,
        &[
            "check",
            "--fix",
            "--unsafe-fixes",
            "--output-format",
            "concise",
            "--origin",
            "example.com",
            "-",
        ],
        &input,
    );
    assert_eq!(
        run.stdout,
        format!("{CLEAN}mail MX 10 mx.example.net.\n"),
        "{run:?}"
    );
    assert_eq!(run.code, 0, "{run:?}");
    // Nothing to fix, findings remain: the zone still comes back whole.
    let run = zonelint_with_input(
        &folder.0,
        &[
            "check",
            "--fix",
            "--output-format",
            "concise",
            "--origin",
            "example.net",
            "-",
        ],
        ERROR,
    );
    assert_eq!(run.stdout, ERROR, "{run:?}");
    assert!(run.stderr.contains("missing-glue"), "{run:?}");
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn rule_lists_every_rule_and_documents_one_by_name() {
    use zonelint::lint::Rule;
    let folder = Folder::new("rule-command");
    let list = zonelint(&folder.0, &["rule"]);
    assert_eq!(list.code, 0, "{list:?}");
    // One line per rule: its name and its default severity.
    let lines: Vec<&str> = list.stdout.lines().collect();
    assert_eq!(lines.len(), Rule::ALL.len(), "{}", list.stdout);
    for (line, rule) in lines.iter().zip(Rule::ALL) {
        let fields: Vec<&str> = line.split_whitespace().take(2).collect();
        assert_eq!(
            fields,
            [rule.name(), rule.default_severity().as_str()],
            "{line}"
        );
    }
    let one = zonelint(&folder.0, &["rule", "missing-glue"]);
    assert_eq!(one.code, 0, "{one:?}");
    assert!(
        one.stdout.starts_with("# missing-glue (error)"),
        "{}",
        one.stdout
    );
    for section in [
        "What it does",
        "Why it matters",
        "Example",
        "Fix safety",
        "References",
    ] {
        assert!(
            one.stdout.contains(&format!("## {section}")),
            "{section}: {}",
            one.stdout
        );
    }
    let unknown = zonelint(&folder.0, &["rule", "no-such-rule"]);
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(
        unknown.stderr.contains("unknown rule no-such-rule"),
        "{}",
        unknown.stderr
    );
}
