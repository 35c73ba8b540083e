//! `zonelint format` (DESIGN §6).
//!
//! 1. [`fixtures`]: every `testdata/format/<name>.zone` is formatted and
//!    compared with `<name>.formatted` (`UPDATE_GOLDEN=1 cargo test --test
//!    format` writes them; read them to review). A fixture whose name starts
//!    with `sorted` is formatted with `--sort`. Fixtures set their own
//!    origin (`$ORIGIN` or an absolute SOA owner) and are read as a plain
//!    run reads them.
//! 2. [`corpus`]: with `ZONELINT_CORPUS` set, every zone of the corpus that
//!    named-checkzone accepts and that has no `$INCLUDE` (origin =
//!    MANIFEST's `origin_guess`), with and without `--sort`.
//! 3. The command line: `--check`, `--diff`, standard input, the `fmt`
//!    alias, `--bump-serial`, and files that must not be rewritten.
//!
//! On each file of 1 and 2 the harness checks the three guarantees: the
//! records are the same before and after (owner lower-cased, TTL, class,
//! type, RDATA wire), every comment of the input is in the output, and
//! formatting the output again changes nothing.

mod common;

use zonelint::engine::parallel_map;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use zonelint::fix::canonical_records;
use zonelint::format::{self, FormatOptions};
use zonelint::syntax::{Lexer, TokenKind};
use zonelint::zone::{LoadOptions, Zone, load_source};

//------------ The guarantees -----------------------------------------------

/// Formats `text` read from `path` and checks the guarantees; returns the
/// formatted text, or what went wrong.
fn format_checked(
    path: &Path,
    text: &[u8],
    options: &LoadOptions,
    format: &FormatOptions,
) -> Result<Vec<u8>, String> {
    let before = load_source(path.to_path_buf(), text.to_vec(), options);
    if let Some(finding) = before.findings.first() {
        return Err(format!("the input has a syntax error: {}", finding.message));
    }
    let formatted = format::format_zone(&before, options, format).map_err(|e| e.to_string())?;
    // Read as `zonelint format` reads it, the reader keeping each record's
    // first fields for the layout: the same text.
    let kept_options = LoadOptions {
        keep_heads: true,
        ..options.clone()
    };
    let kept = load_source(path.to_path_buf(), text.to_vec(), &kept_options);
    match format::format_zone(&kept, &kept_options, format) {
        Ok(same) if same == formatted => {}
        Ok(other) => {
            let diff = format::unified_diff("read again", &formatted, &other, false);
            return Err(format!("the fields the reader kept lay out:\n{diff}"));
        }
        Err(error) => return Err(format!("with the fields the reader kept: {error}")),
    }
    let after = load_source(path.to_path_buf(), formatted.clone(), options);
    if let Some(finding) = after.findings.first() {
        return Err(format!(
            "the output has a syntax error: {}",
            finding.message
        ));
    }
    if canonical_records(&before) != canonical_records(&after) {
        return Err(first_difference(&before, &after));
    }
    let output_comments = comments(&formatted).join("\n");
    for comment in comments(text) {
        if !output_comments.contains(&comment) {
            return Err(format!("the comment {comment:?} is lost"));
        }
    }
    let again = format::format_zone(&after, options, format).map_err(|e| e.to_string())?;
    if again != formatted {
        let diff = format::unified_diff("once", &formatted, &again, false);
        return Err(format!("formatting twice changes the text:\n{diff}"));
    }
    Ok(formatted)
}

/// The text of every comment, without trailing blanks.
fn comments(text: &[u8]) -> Vec<String> {
    Lexer::new(text)
        .filter(|t| t.kind == TokenKind::Comment)
        .map(|t| {
            String::from_utf8_lossy(&text[t.span.range()])
                .trim_end_matches([' ', '\t', '\r'])
                .to_owned()
        })
        .collect()
}

/// Names a record that one side has and the other has not.
fn first_difference(before: &Zone, after: &Zone) -> String {
    let old = canonical_records(before);
    let new = canonical_records(after);
    let show = |r: &(Vec<u8>, u32, u16, u16, Vec<u8>)| {
        format!(
            "{} {} {} {} {:02x?}",
            zonelint::name::to_string(&r.0),
            r.1,
            r.2,
            r.3,
            r.4
        )
    };
    if let Some(gone) = old.iter().find(|r| !new.contains(r)) {
        return format!("the records differ: {} is lost", show(gone));
    }
    if let Some(added) = new.iter().find(|r| !old.contains(r)) {
        return format!("the records differ: {} is new", show(added));
    }
    format!(
        "the records differ: {} before, {} after",
        old.len(),
        new.len()
    )
}

//------------ 1. Fixtures --------------------------------------------------

#[test]
fn fixtures() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/format");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("testdata/format exists")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "zone"))
        .collect();
    names.sort();
    assert!(names.len() >= 8, "the fixtures are missing");
    let mut failures = Vec::new();
    for path in &names {
        let text = std::fs::read(path).expect("a readable fixture");
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let format = FormatOptions {
            sort: stem.starts_with("sorted"),
            serial: None,
        };
        let formatted = match format_checked(path, &text, &LoadOptions::default(), &format) {
            Ok(formatted) => formatted,
            Err(problem) => {
                failures.push(format!("{}: {problem}", path.display()));
                continue;
            }
        };
        let golden = path.with_extension("formatted");
        if update {
            std::fs::write(&golden, &formatted).expect("the golden file is written");
            continue;
        }
        match std::fs::read(&golden) {
            Ok(expected) if expected == formatted => {}
            Ok(expected) => failures.push(format!(
                "{}: differs from {} (UPDATE_GOLDEN=1 rewrites it):\n{}",
                path.display(),
                golden.display(),
                format::unified_diff("expected", &expected, &formatted, false)
            )),
            Err(_) => failures.push(format!(
                "{}: no {} (UPDATE_GOLDEN=1 writes it)",
                path.display(),
                golden.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn crlf_stays_crlf() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/format");
    let formatted = std::fs::read(folder.join("crlf.formatted")).unwrap();
    let lone = formatted
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' && (i == 0 || formatted[i - 1] != b'\r'))
        .count();
    assert_eq!(lone, 0, "every line of crlf.formatted ends in CRLF");
}

//------------ 2. The corpus ------------------------------------------------

/// Corpus zones that the formatter cannot format yet (file, reason). An
/// entry that passes is reported so that the list only shrinks.
const CORPUS_EXCEPTIONS: &[(&str, &str)] = &[];

#[test]
fn corpus() {
    let Some(folder) = std::env::var_os("ZONELINT_CORPUS").map(PathBuf::from) else {
        println!("corpus: skipped, set ZONELINT_CORPUS to the corpus folder to run it");
        return;
    };
    let manifest = common::read_tsv(&folder.join("MANIFEST.tsv"));
    let verdicts = common::verdicts_by_file(&folder);
    let rows: Vec<&HashMap<String, String>> = manifest
        .iter()
        .filter(|row| row["role"] == "zone")
        .filter(|row| {
            verdicts
                .get(&row["file"])
                .and_then(|v| v.get("named_checkzone"))
                .is_some_and(|v| v == "0")
        })
        .collect();
    let results: Vec<(String, Outcome)> = parallel_map(&rows, |row| {
        let file = row["file"].clone();
        let path = folder.join(&file);
        let text = std::fs::read(&path).expect("a readable corpus file");
        if text.windows(8).any(|w| w.eq_ignore_ascii_case(b"$INCLUDE")) {
            return (file, Outcome::Includes);
        }
        let origin = row["origin_guess"].trim_end_matches('.');
        let mut wire = Vec::new();
        zonelint::name::parse(format!("{origin}.").as_bytes(), None, &mut wire)
            .or_else(|_| zonelint::name::parse(b".", None, &mut wire))
            .expect("a valid origin");
        let options = LoadOptions {
            origin: Some(wire),
            ..LoadOptions::default()
        };
        let zone = load_source(path.clone(), text.clone(), &options);
        if !zone.findings.is_empty() {
            // tests/corpus.rs lists the zones zonelint reads differently.
            return (file, Outcome::NotRead);
        }
        let sorted = FormatOptions {
            sort: true,
            serial: None,
        };
        let outcome = match format_checked(&path, &text, &options, &FormatOptions::default()) {
            Ok(formatted) => match format_checked(&path, &text, &options, &sorted) {
                Ok(_) if formatted == text => Outcome::Unchanged,
                Ok(_) => Outcome::Formatted,
                Err(problem) => Outcome::Failed(format!("with --sort: {problem}")),
            },
            Err(problem) => Outcome::Failed(problem),
        };
        (file, outcome)
    });
    // Formatted, unchanged, listed, $INCLUDE, not read.
    let mut counts = [0usize; 5];
    let mut failures = Vec::new();
    let mut stale = Vec::new();
    for (file, outcome) in &results {
        let listed = CORPUS_EXCEPTIONS.iter().any(|(f, _)| f == file);
        match outcome {
            Outcome::Includes => counts[3] += 1,
            Outcome::NotRead => counts[4] += 1,
            Outcome::Failed(problem) if !listed => failures.push(format!("{file}: {problem}")),
            Outcome::Failed(_) => counts[2] += 1,
            _ if listed => stale.push(file.clone()),
            Outcome::Formatted => counts[0] += 1,
            Outcome::Unchanged => counts[1] += 1,
        }
    }
    println!(
        "corpus: of {} accepted zones, {} reformatted and {} already formatted with every \
         guarantee kept, {} listed exceptions; not tried: {} with $INCLUDE, {} that zonelint \
         reads differently from BIND (tests/corpus.rs)",
        results.len(),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4]
    );
    for file in stale {
        println!("corpus: note: {file} passes now; remove it from CORPUS_EXCEPTIONS");
    }
    assert!(
        failures.is_empty(),
        "{} corpus zone(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// How one corpus zone fared.
enum Outcome {
    /// Formatted, the text changed, the guarantees held.
    Formatted,
    /// Already in canonical layout.
    Unchanged,
    /// Not tried: the text has an `$INCLUDE`.
    Includes,
    /// Not tried: zonelint reports a syntax error BIND does not.
    NotRead,
    /// A guarantee broke.
    Failed(String),
}

/// A zone where a cut of the layout into pieces can fall anywhere: owners
/// with several records, blank and comment-only lines between records,
/// delegations whose glue sits elsewhere in the file, an owner written in
/// two cases, records across lines, and a second section after `$ORIGIN`.
fn zone_to_cut(delegations: usize) -> String {
    let mut text = String::from(
        "; header\n\n$TTL 3600\n$ORIGIN example.\n@ SOA ns1 host 1 7200 3600 1209600 300\n@ NS ns1\nns1 A 192.0.2.1\n",
    );
    for i in 0..delegations {
        match i % 7 {
            0 => text.push_str(&format!("\n; delegation {i}\n")),
            3 => text.push('\n'),
            _ => {}
        }
        text.push_str(&format!("d{i} NS ns.d{i}\n NS ns2.d{i}\n"));
        if i % 5 == 0 {
            text.push_str(&format!("d{i} DS {} 8 2 {:064x}\n", i % 65536, i));
        }
        if i % 11 == 0 {
            text.push_str(&format!("D{i} 60 TXT ( \"one\" ; first\n  \"two\" )\n"));
        }
        // Glue of the delegation before, so that it moves.
        if i > 0 {
            let j = i - 1;
            text.push_str(&format!(
                "ns.d{j} A 198.51.100.{}\nns2.d{j} AAAA 2001:db8::{:x}\n",
                j % 250,
                j
            ));
        }
        text.push_str(&format!(
            "h{i} A 203.0.113.{}\n A 203.0.113.{}\n",
            i % 250,
            (i + 1) % 250
        ));
    }
    text.push_str("$ORIGIN sub.example.\nwww A 192.0.2.9\n\n; last\n");
    text
}

#[test]
fn every_cut_into_pieces_lays_out_the_same_text() {
    let text = zone_to_cut(700);
    let options = LoadOptions::default();
    let zone = load_source("example.zone".into(), text.into_bytes(), &options);
    assert_every_cut_lays_out_the_same(&zone, &options, &[2, 3, 7, 64, 5000]);
    for sort in [false, true] {
        let format = FormatOptions {
            sort,
            ..FormatOptions::default()
        };
        assert_eq!(
            format::format_zone(&zone, &options, &format).unwrap(),
            format::format_zone_in_pieces(&zone, &options, &format, 1).unwrap()
        );
    }
}

/// A large zone is read on every core, in pieces joined in order: the
/// first fields its reader keeps for the layout are those of a whole read
/// (the entries and records of each piece counted on from the pieces
/// before it), and lay out the same text.
#[test]
fn fields_kept_while_reading_in_pieces_lay_out_the_same_text() {
    let text = zone_to_cut(700);
    let options = LoadOptions::default();
    let whole = load_source("example.zone".into(), text.clone().into_bytes(), &options);
    let kept_options = LoadOptions {
        keep_heads: true,
        ..LoadOptions::default()
    };
    for sort in [false, true] {
        let format = FormatOptions {
            sort,
            ..FormatOptions::default()
        };
        let expected = format::format_zone(&whole, &options, &format).unwrap();
        for pieces in [1, 2, 3, 7, 16] {
            let (zone, read_in) = zonelint::zone::load_source_in_pieces(
                "example.zone".into(),
                text.clone().into_bytes(),
                &kept_options,
                pieces,
            );
            assert_eq!(read_in, pieces, "the split holds");
            let laid_out = format::format_zone(&zone, &kept_options, &format).unwrap();
            assert!(
                laid_out == expected,
                "--sort {sort}, read in {pieces} pieces: {}",
                format::unified_diff("whole", &expected, &laid_out, false)
            );
        }
    }
}

/// Lays `zone` out whole and in each number of `pieces`, with and without
/// `--sort`, and fails where a cut changes the text.
fn assert_every_cut_lays_out_the_same(
    zone: &zonelint::zone::Zone,
    options: &LoadOptions,
    pieces: &[usize],
) {
    assert!(zone.findings.is_empty(), "{:?}", zone.findings.first());
    for sort in [false, true] {
        let format = FormatOptions {
            sort,
            ..FormatOptions::default()
        };
        let whole = format::format_zone_in_pieces(zone, options, &format, 1).unwrap();
        for &pieces in pieces {
            let cut = format::format_zone_in_pieces(zone, options, &format, pieces).unwrap();
            if cut != whole {
                let line = cut
                    .split(|&b| b == b'\n')
                    .zip(whole.split(|&b| b == b'\n'))
                    .position(|(a, b)| a != b);
                panic!("--sort {sort}, {pieces} pieces: differs at line {line:?}");
            }
        }
    }
}

/// [`assert_every_cut_lays_out_the_same`] on `text` read as a zone file,
/// cut in each number of parts in `cuts`.
fn assert_every_cut_of_text_lays_out_the_same(text: String, cuts: std::ops::Range<usize>) {
    let options = LoadOptions::default();
    let zone = load_source("example.zone".into(), text.into_bytes(), &options);
    let cuts: Vec<usize> = cuts.collect();
    assert_every_cut_lays_out_the_same(&zone, &options, &cuts);
}

/// A TLD-like zone that sets `$ORIGIN` again every few delegations (many
/// small sections): a cut can fall in any of them, or just after a
/// directive.
#[test]
fn every_cut_of_many_small_sections_lays_out_the_same_text() {
    let mut text = String::new();
    for (i, line) in zone_to_cut(300).lines().enumerate() {
        text.push_str(line);
        text.push('\n');
        if i > 8 && i % 9 == 0 && !line.starts_with(' ') {
            match i % 4 {
                0 => text.push_str("$ORIGIN example.\n"),
                1 => text.push_str("\n$ORIGIN example.\n\n"),
                2 => text.push_str("; before a directive\n$TTL 3600\n"),
                _ => text.push_str("$ORIGIN example. ; again\n"),
            }
        }
    }
    let options = LoadOptions::default();
    let zone = load_source("example.zone".into(), text.into_bytes(), &options);
    assert_every_cut_lays_out_the_same(&zone, &options, &[2, 3, 5, 16, 97, 5000]);
}

/// Sections under other origins, set by absolute and relative `$ORIGIN`s
/// (one in upper case), and TTLs set again: a cut can fall after any of
/// them, and the part after it must start from the origin and TTL they
/// leave.
#[test]
fn every_cut_under_changing_origins_and_ttls_lays_out_the_same_text() {
    let mut text = String::from(
        "$ORIGIN example.\n$TTL 3600\n@ SOA ns1 host 1 7200 3600 1209600 300\n NS ns1\nns1 A 192.0.2.1\n",
    );
    for i in 0..120 {
        match i % 6 {
            0 => text.push_str(&format!("$ORIGIN d{i}.example.\n")),
            1 => text.push_str(&format!("$ORIGIN Sub{i}\n")),
            2 => text.push_str(&format!("$TTL {}\n", 60 + i)),
            3 => text.push_str("$ORIGIN example.\n"),
            4 => text.push_str(&format!("\n; group {i}\n$ORIGIN deep{i}\n")),
            _ => {}
        }
        text.push_str(&format!(
            "h{i} A 192.0.2.{}\n AAAA 2001:db8::{i:x}\nW{i} 300 TXT \"w{i}\"\nw{i} MX 10 h{i}\n",
            i % 250
        ));
        // Owners the layout writes from the origin in force: the origin
        // itself (`@`), and absolute names below it (made relative).
        text.push_str("@ TXT \"here\"\n");
        if i % 6 == 0 {
            text.push_str(&format!("abs{i}.d{i}.example. A 192.0.2.7\n"));
        }
    }
    assert_every_cut_of_text_lays_out_the_same(text, 2..48);
}

/// With no `$TTL`, a section before the last `$GENERATE` keeps its TTLs
/// as written (they may be what the generated records inherit): a cut can
/// fall before, between or after two of them.
#[test]
fn every_cut_keeps_the_ttls_before_the_last_generate() {
    let mut text = String::from("$ORIGIN example.\n@ 3600 SOA ns1 host 1 7200 3600 1209600 300\n");
    for i in 0..90 {
        if i == 30 || i == 60 {
            text.push_str(&format!("$GENERATE 1-3 g{i}-$ A 192.0.2.$\n"));
        }
        text.push_str(&format!("h{i} 300 A 192.0.2.{}\n TXT \"t{i}\"\n", i % 250));
    }
    assert_every_cut_of_text_lays_out_the_same(text, 2..32);
}

/// The owner column is as wide as the owners written: an owner written
/// again after a blank line, in a longer spelling of the same name, widens
/// it (here from 8 to 16), on every cut.
#[test]
fn an_owner_written_again_after_a_blank_line_widens_its_column() {
    let text = "$ORIGIN example.\n$TTL 300\n@ SOA ns host 1 2 3 4 5\n NS ns\nns A 192.0.2.1\n\
                abcdef A 192.0.2.2\n\nabcde\\102 TXT \"after a blank line\"\n";
    let options = LoadOptions::default();
    let zone = load_source("example.zone".into(), text.as_bytes().to_vec(), &options);
    let formatted = format::format_zone(&zone, &options, &FormatOptions::default()).unwrap();
    let formatted = String::from_utf8(formatted).unwrap();
    assert!(
        formatted.ends_with(
            "abcdef          A   192.0.2.2\n\nabcde\\102       TXT \"after a blank line\"\n"
        ),
        "{formatted}"
    );
    assert_every_cut_lays_out_the_same(&zone, &options, &[2, 3, 5]);
}

/// An owner the zone first spells in capitals, written again in lower
/// case (absolute, after a blank line, so that it is shown and written
/// from its name): the author's case stays, on every cut.
#[test]
fn an_owner_in_lower_case_keeps_it_where_the_zone_first_spelled_it_in_capitals() {
    let text = "$ORIGIN example.\n$TTL 300\n@ SOA ns host 1 2 3 4 5\n NS ns\nFOO A 192.0.2.1\n\n\
                foo.example. TXT \"lower\"\nns A 192.0.2.2\n";
    let options = LoadOptions::default();
    let zone = load_source("example.zone".into(), text.as_bytes().to_vec(), &options);
    let formatted = format::format_zone(&zone, &options, &FormatOptions::default()).unwrap();
    let formatted = String::from_utf8(formatted).unwrap();
    assert!(
        formatted
            .ends_with("FOO     A   192.0.2.1\n\nfoo     TXT \"lower\"\nns      A   192.0.2.2\n"),
        "{formatted}"
    );
    assert_every_cut_lays_out_the_same(&zone, &options, &[2, 3, 5]);
}

/// The formatted text is compared with the file's and read back a piece at
/// a time: a file already formatted up to some piece, and one that only
/// has lines to drop at its end, are read back from their start all the
/// same (a changed record late in the file is still caught by the tests
/// of the read-back; here the guarantees must hold on every cut).
#[test]
fn a_file_formatted_up_to_a_point_is_read_back_whole() {
    let options = LoadOptions::default();
    let raw = zone_to_cut(700);
    let zone = load_source("example.zone".into(), raw.into_bytes(), &options);
    let formatted = format::format_zone(&zone, &options, &FormatOptions::default()).unwrap();
    let text = String::from_utf8(formatted.clone()).unwrap();
    // The last record written carelessly, and the file with trailing blank
    // lines (the layout keeps at most one).
    let late = text.rfind("\nwww").expect("the last section") + 1;
    let careless = format!("{}www   A    192.0.2.9\n\n; last\n", &text[..late]);
    let trailing = format!("{text}\n\n\n");
    for changed in [careless, trailing] {
        let zone = load_source(
            "example.zone".into(),
            changed.clone().into_bytes(),
            &options,
        );
        assert!(zone.findings.is_empty(), "{:?}", zone.findings.first());
        for pieces in [1, 2, 7, 64] {
            let again =
                format::format_zone_in_pieces(&zone, &options, &FormatOptions::default(), pieces)
                    .unwrap();
            assert_eq!(again, formatted, "{pieces} pieces");
        }
        let file = format::format_file(&zone, &options, &FormatOptions::default(), None).unwrap();
        assert!(file.changed);
        let checked =
            format::format_file_keeping(&zone, &options, &FormatOptions::default(), None, false)
                .unwrap();
        assert!(checked.changed && checked.text().is_empty());
    }
    let same = load_source("example.zone".into(), formatted.clone(), &options);
    let file = format::format_file_keeping(&same, &options, &FormatOptions::default(), None, false)
        .unwrap();
    assert!(!file.changed);
}

//------------ 3. The command line ------------------------------------------

/// A fresh folder for one test.
fn scratch(test: &str) -> PathBuf {
    let folder =
        std::env::temp_dir().join(format!("zonelint-format-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// Runs zonelint in `folder` with `arguments` and `stdin`.
fn zonelint(folder: &Path, arguments: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args(arguments)
        .current_dir(folder)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the zonelint binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

const MESSY: &str = "$ORIGIN example.com.\n$TTL 300\nwww a 192.0.2.1\n@ soa ns1 hm 2024010101 3600 600 86400 300\n@ ns ns1\nns1 a 192.0.2.53\n";

const BROKEN: &str =
    "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 hm 1 3600 600 86400 300\nwww A 192.0.2.300\n";

#[test]
fn check_and_diff_write_nothing() {
    let folder = scratch("check");
    std::fs::write(folder.join("example.com.zone"), MESSY).unwrap();
    let output = zonelint(&folder, &["format", "--check", "."], b"");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("would reformat ./example.com.zone"),
        "{stderr}"
    );
    let output = zonelint(&folder, &["format", "--diff", "example.com.zone"], b"");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("--- example.com.zone\n+++ example.com.zone\n@@"),
        "{stdout}"
    );
    assert!(stdout.contains("-www a 192.0.2.1\n"), "{stdout}");
    assert!(!stdout.contains('\x1b'), "no colour when not on a terminal");
    let colored = zonelint(
        &folder,
        &["format", "--diff", "--color", "always", "."],
        b"",
    );
    assert!(String::from_utf8_lossy(&colored.stdout).contains("\x1b[31m-www a"));
    assert_eq!(
        std::fs::read_to_string(folder.join("example.com.zone")).unwrap(),
        MESSY
    );
    // Formatted, the file passes both.
    let output = zonelint(&folder, &["fmt", "example.com.zone"], b"");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_ne!(
        std::fs::read_to_string(folder.join("example.com.zone")).unwrap(),
        MESSY
    );
    for mode in ["--check", "--diff"] {
        let output = zonelint(&folder, &["format", mode, "."], b"");
        assert_eq!(output.status.code(), Some(0), "{mode}: {output:?}");
        assert!(output.stdout.is_empty());
    }
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn standard_input_goes_to_standard_output() {
    let folder = scratch("stdin");
    let text = "www 300 a 192.0.2.1\n@ soa ns1 hm 1 3600 600 86400 300\n";
    let output = zonelint(&folder, &["format", "-"], text.as_bytes());
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--origin"));
    let output = zonelint(
        &folder,
        &["format", "--origin", "example.com", "-"],
        text.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // No $TTL: every record gets its TTL, since the SOA moves first.
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "@       300 SOA ns1 hm (\n                1     ; serial\n                3600  ; refresh\n                \
         600   ; retry\n                86400 ; expire\n                300   ; minimum\n                )\n\
         www     300 A   192.0.2.1\n"
    );
    assert!(output.stderr.is_empty(), "no summary for standard input");
    // $ORIGIN in the text is enough.
    let output = zonelint(&folder, &["format", "-"], MESSY.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn files_with_syntax_errors_are_never_rewritten() {
    let folder = scratch("syntax");
    std::fs::write(folder.join("a-broken.zone"), BROKEN).unwrap();
    std::fs::write(folder.join("b-messy.zone"), MESSY).unwrap();
    let output = zonelint(&folder, &["format", "."], b"");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("a-broken.zone:4:7: error[syntax]"),
        "reported like check --output-format concise: {stderr}"
    );
    assert!(
        stderr.contains("1 file not formatted (syntax errors)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("a-broken.zone")).unwrap(),
        BROKEN
    );
    // The run went on with the other file.
    assert_ne!(
        std::fs::read_to_string(folder.join("b-messy.zone")).unwrap(),
        MESSY
    );
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn bump_serial_only_when_the_text_changes() {
    let folder = scratch("serial");
    let path = folder.join("example.com.zone");
    std::fs::write(&path, MESSY).unwrap();
    let output = zonelint(
        &folder,
        &["format", "--bump-serial", "example.com.zone"],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let today = format::today();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.contains(&format!("{today}00 ; serial")),
        "{written}"
    );
    // Nothing to change: the serial stays.
    let output = zonelint(
        &folder,
        &["format", "--bump-serial", "example.com.zone"],
        b"",
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
    // An SOA in the generic form keeps its serial; the rest is formatted.
    let generic = "$ORIGIN example.com.\n$TTL 60\n@ SOA \\# 26 \
                   0161000162000000000100000002000000030000000400000005\nwww a 192.0.2.1\n";
    std::fs::write(&path, generic).unwrap();
    let output = zonelint(
        &folder,
        &["format", "--bump-serial", "example.com.zone"],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("@       SOA \\# 26 0161"), "{written}");
    assert!(written.contains("www     A   192.0.2.1"), "{written}");
    std::fs::remove_dir_all(&folder).unwrap();
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt as _;
    let folder = scratch("permissions");
    let path = folder.join("example.com.zone");
    std::fs::write(&path, MESSY).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let output = zonelint(&folder, &["format", "example.com.zone"], b"");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    std::fs::remove_dir_all(&folder).unwrap();
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_leaves_the_file_as_it_was() {
    use std::os::unix::fs::PermissionsExt as _;
    let folder = scratch("read-only");
    let inner = folder.join("zones");
    std::fs::create_dir(&inner).unwrap();
    std::fs::write(inner.join("example.com.zone"), MESSY).unwrap();
    std::fs::set_permissions(&inner, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes into a read-only folder anyway: then there is nothing to test.
    let enforced = std::fs::write(inner.join("probe"), b"").is_err();
    if enforced {
        let output = zonelint(&folder, &["format", "zones/example.com.zone"], b"");
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("temporary file"));
        assert_eq!(
            std::fs::read_to_string(inner.join("example.com.zone")).unwrap(),
            MESSY
        );
        assert_eq!(std::fs::read_dir(&inner).unwrap().count(), 1);
    } else {
        println!("a_read_only_folder_leaves_the_file_as_it_was: permissions not enforced (root)");
    }
    std::fs::set_permissions(&inner, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn a_failing_write_leaves_the_file_as_it_was() {
    let folder = scratch("failing-write");
    let path = folder.join("example.com.zone");
    std::fs::write(&path, MESSY).unwrap();
    let options = LoadOptions::default();
    let zone = load_source(path.clone(), MESSY.as_bytes().to_vec(), &options);
    let formatted = format::format_zone(&zone, &options, &FormatOptions::default()).unwrap();
    // A text that does not hold the zone's records is refused after it is
    // written to the temporary file.
    let wrong = String::from_utf8(formatted.clone())
        .unwrap()
        .replace("192.0.2.1", "192.0.2.2");
    let error = format::write_formatted(&zone, &options, wrong.as_bytes(), None).unwrap_err();
    assert!(error.contains("did not read back"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MESSY);
    // Something planted at the old, predictable temporary name (a folder
    // here) is neither used nor in the way: the temporary file has a
    // random name and is created exclusively (src/write.rs).
    let squatter = folder.join(format!(
        ".example.com.zone.zonelint-{}.tmp",
        std::process::id()
    ));
    std::fs::create_dir(&squatter).unwrap();
    format::write_formatted(&zone, &options, &formatted, None).unwrap();
    assert!(squatter.is_dir());
    std::fs::remove_dir(&squatter).unwrap();
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        1,
        "nothing left behind"
    );
    std::fs::write(&path, MESSY).unwrap();
    format::write_formatted(&zone, &options, &formatted, None).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), formatted);
    std::fs::remove_dir_all(&folder).unwrap();
}

/// `$INCLUDE` and `$GENERATE` lines stay where they are: what they read or
/// make is read back in place, record by record. An included file that
/// changed since the zone was read no longer gives the zone's records,
/// and the text is refused.
#[test]
fn included_and_generated_records_are_read_back_in_place() {
    let folder = scratch("includes");
    let include = folder.join("glue.inc");
    let included = "ns1 A 192.0.2.1\n$GENERATE 1-3 h$ A 192.0.2.$\nns1 AAAA 2001:db8::1\n";
    std::fs::write(&include, included).unwrap();
    let path = folder.join("example.com.zone");
    let text = "$TTL 300\nwww A 192.0.2.9\n@ SOA ns1 host 1 7200 3600 1209600 300\n\
                @ NS ns1\n$INCLUDE glue.inc\nz TXT \"x\"\n$GENERATE 1-2 g$ A 192.0.2.$\n\
                z A 192.0.2.7\n  AAAA 2001:db8::7\n";
    std::fs::write(&path, text).unwrap();
    let options = LoadOptions::default();
    let mut zone = load_source(path.clone(), text.as_bytes().to_vec(), &options);
    assert!(zone.findings.is_empty(), "{:?}", zone.findings.first());
    assert_eq!(zone.records.len(), 13);
    let options_format = FormatOptions::default();
    let formatted = format::format_file(&zone, &options, &options_format, None).unwrap();
    assert!(formatted.changed);
    let written = String::from_utf8(formatted.text().to_vec()).unwrap();
    assert!(written.contains("$INCLUDE glue.inc\n"), "{written}");
    assert!(
        written.contains("$GENERATE 1-2 g$ A 192.0.2.$\n"),
        "{written}"
    );
    // The same number of records, one of them different.
    std::fs::write(&include, included.replace("192.0.2.1", "192.0.2.2")).unwrap();
    let refused = format::format_file(&zone, &options, &options_format, None);
    assert!(
        matches!(refused, Err(format::FormatError::Unverified(_))),
        "{refused:?}"
    );
    // Written in place, the file stays as it was and no temporary file is
    // left: the pieces went to the temporary file before the one that
    // did not read back.
    let refused = format::format_file_in_place(&mut zone, &options, &options_format, None);
    assert!(
        matches!(refused, Err(format::FormatError::Unverified(_))),
        "{refused:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        2,
        "nothing left behind"
    );
    std::fs::remove_dir_all(&folder).unwrap();
}

/// A record whose first fields lie far into its entry, an owner written
/// longer than most, and a long run of comment lines above a record are
/// laid out like any other: the layout keeps such places aside rather
/// than in each line.
#[test]
fn far_fields_long_owners_and_long_comment_runs_are_kept() {
    // A 63-octet label written as escapes: 252 characters.
    let escaped: String = (0..63).map(|i| format!("\\{:03}", 97 + i % 26)).collect();
    let comments: String = (0..300).map(|i| format!("; note {i}\n")).collect();
    let blanks = " ".repeat(70_000);
    let text = format!(
        "$ORIGIN example.com.\n$TTL 60\n@ SOA ns1 host 1 7200 3600 1209600 60\n@ NS ns1\n\
         ns1 A 192.0.2.1\n\n{comments}www A 192.0.2.2\n{escaped}.x 120 A 192.0.2.3\n\
         far{blanks}5m{blanks}IN{blanks}TXT \"t\"\n$TTL 60\nFar 60 A 192.0.2.4\n"
    );
    let path = Path::new("far.zone");
    let formatted = format_checked(
        path,
        text.as_bytes(),
        &LoadOptions::default(),
        &FormatOptions::default(),
    )
    .unwrap();
    let written = String::from_utf8(formatted).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    // The comments stay in order just above the record they were above.
    let www = lines.iter().position(|l| l.starts_with("www ")).unwrap();
    for i in 0..300 {
        assert_eq!(lines[www - 300 + i], format!("; note {i}"), "{written}");
    }
    // The long owner as written, its TTL kept; the far TTL and type read.
    let owner = format!("{escaped}.x ");
    let long = lines.iter().find(|l| l.starts_with(&owner)).unwrap();
    assert!(
        long.split_whitespace()
            .eq([&owner[..owner.len() - 1], "120", "IN", "A", "192.0.2.3"]),
        "{long}"
    );
    let far = lines.iter().find(|l| l.starts_with("far ")).unwrap();
    assert!(
        far.split_whitespace()
            .eq(["far", "5m", "IN", "TXT", "\"t\""]),
        "{far}"
    );
    // The same name in another case, first in its section, as written.
    assert!(lines.iter().any(|l| l.starts_with("Far ")), "{written}");
}

/// A file written in place gets, piece by piece, the text `format -`
/// writes; a file whose text is the formatted text with more after it
/// gets the formatted text; a formatted file is not written at all (it
/// keeps its inode).
#[test]
fn files_are_written_in_place_as_they_are_laid_out() {
    use std::os::unix::fs::MetadataExt as _;
    let folder = scratch("in-place");
    // Large enough to be laid out in many pieces.
    let text = zone_to_cut(20_000);
    let path = folder.join("example.zone");
    std::fs::write(&path, &text).unwrap();
    let expected = zonelint(
        &folder,
        &["format", "--origin", "example.", "-"],
        text.as_bytes(),
    );
    assert_eq!(expected.status.code(), Some(0), "{expected:?}");
    assert!(expected.stdout.len() > 1 << 20);
    let output = zonelint(&folder, &["format", "example.zone"], b"");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(std::fs::read(&path).unwrap() == expected.stdout);
    // The formatted text and then blank lines: the start is kept.
    let mut longer = expected.stdout.clone();
    longer.extend_from_slice(b"\n\n");
    std::fs::write(&path, &longer).unwrap();
    let output = zonelint(&folder, &["format", "example.zone"], b"");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(std::fs::read(&path).unwrap() == expected.stdout);
    // Formatted but for its last lines: the pieces before are the file's.
    let mut end = expected.stdout.clone();
    let at = end.len() - end.iter().rev().position(|&b| b == b'A').unwrap();
    end.splice(at..at, *b"   ");
    std::fs::write(&path, &end).unwrap();
    let output = zonelint(&folder, &["format", "example.zone"], b"");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(std::fs::read(&path).unwrap() == expected.stdout);
    // Formatted: left alone.
    let inode = std::fs::metadata(&path).unwrap().ino();
    let output = zonelint(&folder, &["format", "example.zone"], b"");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 file already formatted"));
    assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
    let names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["example.zone"], "no temporary file left");
    std::fs::remove_dir_all(&folder).unwrap();
}
