//! A large zone file is read in pieces on every core; what it gives must be
//! what one read from start to end gives, byte for byte: the same records
//! in the same order, names, entries, findings and `zonelint:` comments,
//! whatever the split points hit (parentheses and quoted strings across
//! lines, directives, syntax errors, inherited owners) and however many
//! pieces. The split points move with the number of pieces, so each text is
//! read in 1 to 16 pieces.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use zonelint::zone::{LoadOptions, Zone, load_source_in_pieces};

/// Everything a read gives, written out so that two reads compare as text.
fn snapshot(zone: &Zone) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "origin {:?} class {} default-ttl {}",
        zone.origin, zone.class, zone.has_default_ttl
    );
    for (id, _) in (0..zone.names.len()).enumerate() {
        let _ = writeln!(out, "name {id} {:?}", zone.names.get(id as u32));
    }
    // A piece's memory used again for another must be emptied first.
    let _ = writeln!(out, "rdata bytes {}", zone.rdata_bytes());
    for record in &zone.records {
        let _ = writeln!(
            out,
            "record {:?} {:?} {} {} {} {:?} {} {} {}",
            record.owner,
            zone.owner(record),
            zone.ttl(record),
            zone.record_class(record),
            record.record_type,
            zone.rdata(record),
            zone.file_of(record),
            record.entry,
            zone.flags(record)
        );
    }
    for file in &zone.files {
        let _ = writeln!(out, "file {}", file.path.display());
        for entry in &file.entries {
            let _ = writeln!(out, "entry {entry:?}");
        }
        let _ = writeln!(out, "comments {:?}", file.directive_comments);
    }
    for finding in &zone.findings {
        let _ = writeln!(out, "finding {finding:?}");
    }
    out
}

fn options() -> LoadOptions {
    LoadOptions {
        origin: Some(b"\x07example\x03com\x00".to_vec()),
        ..LoadOptions::default()
    }
}

/// Reads `text` in 1 to 16 pieces and checks every read against the first;
/// returns how many of the 15 reads in pieces kept their split (the others
/// found it did not hold and read the text in one).
fn same_in_pieces(path: &Path, text: &[u8], options: &LoadOptions) -> usize {
    let (zone, read_in) = load_source_in_pieces(path.to_path_buf(), text.to_vec(), options, 1);
    assert_eq!(read_in, 1);
    let whole = snapshot(&zone);
    let mut split = 0;
    for pieces in 2..=16 {
        let (zone, read_in) =
            load_source_in_pieces(path.to_path_buf(), text.to_vec(), options, pieces);
        assert!(read_in <= pieces);
        split += usize::from(read_in > 1);
        let read = snapshot(&zone);
        if read != whole {
            let line = whole
                .lines()
                .zip(read.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("one read: {a}\n{pieces} pieces: {b}"));
            panic!(
                "{}: read in {pieces} pieces differs from one read\n{}",
                path.display(),
                line.unwrap_or_else(|| "(one is longer)".into())
            );
        }
    }
    split
}

/// A zone of `n` delegations, with `insert(i)` written after the i-th.
fn zone_with(n: usize, insert: impl Fn(usize) -> String) -> String {
    let mut text = String::from(
        "$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ NS ns1\nns1 A 192.0.2.1\n",
    );
    for i in 0..n {
        let _ = writeln!(text, "d{i} NS ns1.d{i}\nns1.d{i} A 192.0.2.{}", i % 250);
        text.push_str(&insert(i));
    }
    text
}

#[test]
fn plain_zones_read_the_same_in_pieces() {
    let text = zone_with(300, |_| String::new());
    let split = same_in_pieces(Path::new("plain.zone"), text.as_bytes(), &options());
    assert_eq!(split, 15, "a plain zone is always read in pieces");
}

#[test]
fn parentheses_and_quotes_across_split_points_read_the_same() {
    // Continuation lines that start at the left margin with what looks
    // like an owner name: a split guessed there must be found out.
    // A comment of another length at the top moves every split point.
    let mut split = 0;
    for pad in 0..12 {
        let text = zone_with(200, |i| match i % 3 {
            0 => format!("t{i} TXT (\n\"a\"\nword{i} )\n"),
            1 => format!("q{i} TXT \"first line\nsecond{i} line\"\n"),
            _ => format!("s{i} SOA (\nns1 hostmaster\n1 2 3 4 5 )\n"),
        })
        .replacen(
            "@ NS ns1\n",
            &format!("@ NS ns1\n;{}\n", "-".repeat(pad * 5)),
            1,
        );
        split += same_in_pieces(Path::new("spans.zone"), text.as_bytes(), &options());
    }
    assert!(split > 0, "no read kept its split: the test shows nothing");
}

#[test]
fn directives_and_inherited_owners_across_split_points_read_the_same() {
    let text = zone_with(200, |i| match i % 5 {
        0 => format!("$ORIGIN o{i}.example.com.\nx A 192.0.2.9\n$ORIGIN example.com.\n"),
        1 => format!("$TTL {}\n", 60 + i),
        2 => format!("bad{i} A not-an-address\n    A 192.0.2.7\n"),
        3 => format!("; a comment\n    TXT \"inherits d{i}\"\n"),
        _ => format!("$GENERATE 1-3 g{i}-$ A 192.0.2.$\n"),
    });
    same_in_pieces(Path::new("directives.zone"), text.as_bytes(), &options());
    // $ORIGIN set for a delegation and back, as TLD zones write their glue.
    let text = zone_with(300, |i| {
        format!("$ORIGIN d{i}.example.com.\nns2 A 192.0.2.3\n$ORIGIN example.com.\n")
    });
    let split = same_in_pieces(Path::new("origins.zone"), text.as_bytes(), &options());
    assert!(split > 0, "no read kept its split: the test shows nothing");
    // Inherited owners and syntax errors alone do not.
    let text = zone_with(200, |i| match i % 2 {
        0 => format!("bad{i} A not-an-address\n    A 192.0.2.7\n"),
        _ => format!("; a comment\n    TXT \"inherits d{i}\"\n"),
    });
    let split = same_in_pieces(Path::new("inherited.zone"), text.as_bytes(), &options());
    assert!(split > 0, "no read kept its split: the test shows nothing");
}

#[test]
fn a_zone_without_ttl_or_with_syntax_errors_everywhere_reads_the_same() {
    let text = zone_with(150, |i| format!("e{i} MX ten mail\n(\n")).replacen("$TTL 3600\n", "", 1);
    same_in_pieces(Path::new("errors.zone"), text.as_bytes(), &options());
}

#[test]
fn every_shipped_zone_reads_the_same_in_pieces() {
    let mut files = Vec::new();
    collect(Path::new("testdata"), &mut files);
    if let Some(corpus) = std::env::var_os("ZONELINT_CORPUS") {
        collect(Path::new(&corpus), &mut files);
    } else {
        eprintln!("skipped the corpus zones: ZONELINT_CORPUS is not set");
    }
    assert!(files.len() > 50, "found only {} zone files", files.len());
    for path in files {
        let Ok(text) = std::fs::read(&path) else {
            continue;
        };
        let options = LoadOptions {
            origin: None,
            ..LoadOptions::default()
        };
        same_in_pieces(&path, &text, &options);
    }
}

fn collect(folder: &Path, files: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(folder) else {
        return;
    };
    let mut paths: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "zone" || e == "db") {
            files.push(path);
        }
    }
}

#[test]
fn a_mapped_large_file_reads_as_a_file_read_into_memory() {
    // Over the size from which a file only checked is mapped, and with
    // syntax errors, directives and inherited owners all along it.
    let mut text = zone_with(0, |_| String::new());
    let mut i = 0;
    while text.len() < 6 << 20 {
        let _ = writeln!(text, "d{i} NS ns1.d{i}\nns1.d{i} A 192.0.2.{}", i % 250);
        match i % 400 {
            0 => text.push_str("bad A not-an-address\n    A 192.0.2.7\n"),
            1 => {
                let _ = writeln!(text, "$ORIGIN d{i}.example.com.\nns2 A 192.0.2.3");
                text.push_str("$ORIGIN example.com.\n");
            }
            2 => text.push_str("; zonelint: ignore[missing-glue]\n    TXT \"inherits\"\n"),
            _ => {}
        }
        i += 1;
    }
    let folder = std::env::temp_dir().join(format!("zonelint-mapped-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("large.zone");
    std::fs::write(&path, &text).unwrap();
    let read = |map| {
        let options = LoadOptions {
            map_large_files: map,
            ..options()
        };
        zonelint::zone::load_path(&path, &options).unwrap()
    };
    let (mapped, in_memory) = (read(true), read(false));
    #[cfg(target_os = "linux")]
    assert!(mapped.files[0].text.is_mapped());
    assert!(!in_memory.files[0].text.is_mapped());
    assert!(mapped.findings.len() > 10);
    assert_eq!(snapshot(&mapped), snapshot(&in_memory));
    assert_eq!(*mapped.files[0].text, *in_memory.files[0].text);
    let _ = std::fs::remove_dir_all(&folder);
}
