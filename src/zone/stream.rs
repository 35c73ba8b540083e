//! Reading a zone file's records a stretch at a time, without keeping
//! them: for a caller that only needs to look at each record once (the
//! formatter reading its own output back, record by record, against the
//! zone it laid out).
//!
//! The records are read exactly as [`super::load_source`] reads them — the
//! same reader, with `$ORIGIN`, `$TTL`, `$INCLUDE`, `$GENERATE`, owner, TTL
//! and class inheritance — but each stretch's records, RDATA and owner
//! names are handed to the caller and then let go, and no syntax tree or
//! line index is kept. The text may come in parts (as it is laid out),
//! each ending where an entry ends.

use std::path::PathBuf;
use std::sync::OnceLock;

use super::{Builder, Entries, LoadOptions, Record, Shapes, SourceFile, Text, Zone, infer_origin};
use crate::finding::Finding;
use crate::names::Names;
use crate::span::Span;
use crate::syntax::Parser;

/// About how much text is read between two hand-overs of records.
const STRETCH: usize = 1 << 20;

/// A zone file's records, read part after part (see the module).
pub struct RecordStream<'o> {
    builder: Builder<'o>,
    /// How many records were handed over.
    records: u64,
}

/// What a [`RecordStream`] found besides the records.
#[derive(Debug)]
pub struct StreamEnd {
    /// The zone's origin, as a whole read of the text would give it.
    pub origin: Option<Vec<u8>>,
    /// The syntax findings, in the order a whole read sorts them. Their
    /// spans are offsets into the part they were found in.
    pub findings: Vec<Finding>,
    /// How many records were read.
    pub records: u64,
}

impl<'o> RecordStream<'o> {
    /// A reader of the zone file `path` (it names the file in findings and
    /// is the base of relative `$INCLUDE`s), read with `options`. `first`
    /// is the text's first part, or the start of it: the origin is told
    /// from it as a whole read tells it from the whole text, so it must
    /// hold the text's first record if the text has one.
    pub fn new(path: PathBuf, first: &[u8], options: &'o LoadOptions) -> Self {
        let origin = options
            .origin
            .clone()
            .or_else(|| infer_origin(first, &path));
        let mut findings = Vec::new();
        if origin.is_none() {
            findings.push(Finding::syntax(
                0,
                Span::new(0, 0),
                format!("cannot tell the origin of {}", path.display()),
            ));
        }
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        let mut builder = Builder::new(
            Zone {
                files: vec![SourceFile {
                    path,
                    text: Text::default(),
                    entries: Entries::default(),
                    directive_comments: Vec::new(),
                    lines: OnceLock::new(),
                }],
                names: Names::provisional_only(0, 0),
                findings,
                ..Zone::empty(origin)
            },
            options,
        );
        builder.include_stack.push(canonical);
        // The records are let go as they are read: so are their fields.
        builder.heads = None;
        RecordStream {
            builder,
            records: 0,
        }
    }

    /// Reads the next part of the text (it must end where an entry ends,
    /// as the whole text does) and calls `each` with every record it holds,
    /// in order, and the zone that holds the record's owner and RDATA (the
    /// records of an `$INCLUDE`d file included). Nothing of the part is
    /// kept.
    pub fn read(&mut self, part: &[u8], mut each: impl FnMut(&Zone, &Record)) {
        let mut parser = Parser::new(part);
        while parser.position() < part.len() {
            let before = parser.position();
            let end = (before + STRETCH).min(part.len());
            // The entries are not kept: records name theirs by index only.
            let mut entries = Entries::default();
            self.builder
                .parse_until(0, &mut parser, &mut entries, end, false);
            self.hand_over(&mut each);
            if parser.position() == before {
                break;
            }
        }
    }

    /// Gives the records read since the last hand-over to `each`, then
    /// lets them, their RDATA, shapes and owner names go (the owner a
    /// blank owner field inherits stays).
    fn hand_over(&mut self, each: &mut impl FnMut(&Zone, &Record)) {
        let builder = &mut self.builder;
        let zone = &builder.zone;
        for record in &zone.records {
            each(zone, record);
        }
        self.records += zone.records.len() as u64;
        builder.zone.records.clear();
        builder.zone.rdata.clear();
        // The RDATA starts again from 0: so do the shapes kept by where a
        // record's RDATA starts.
        builder.zone.shapes = Shapes::default();
        let last_owner = builder
            .last_owner
            .map(|id| builder.zone.names.get(id).to_vec());
        builder.zone.names = Names::provisional_only(1024, 16 << 10);
        builder.last_owner = last_owner.map(|name| builder.zone.names.add_provisional(&name));
        // Its id is gone.
        builder.owner_cache = None;
    }

    /// Ends the read.
    pub fn finish(self) -> StreamEnd {
        let mut findings = self.builder.zone.findings;
        findings.sort_by_key(|finding| (finding.file, finding.span.start));
        StreamEnd {
            origin: self.builder.zone.origin,
            findings,
            records: self.records,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::load_source;

    /// A record as compared: owner, TTL, class, type, RDATA.
    type Seen = (Vec<u8>, u32, u16, u16, Vec<u8>);

    /// Every record as a whole read gives it.
    fn whole(text: &str, options: &LoadOptions) -> Vec<Seen> {
        let zone = load_source("t.zone".into(), text.as_bytes().to_vec(), options);
        assert!(zone.findings.is_empty(), "{:?}", zone.findings);
        zone.records
            .iter()
            .map(|r| {
                let owner = zone.owner(r).to_vec();
                let shape = zone.shape(r);
                (
                    owner,
                    shape.ttl,
                    shape.class,
                    r.record_type,
                    zone.rdata(r).to_vec(),
                )
            })
            .collect()
    }

    fn streamed(path: &str, parts: &[&str], options: &LoadOptions) -> (Vec<Seen>, StreamEnd) {
        let mut stream = RecordStream::new(path.into(), parts[0].as_bytes(), options);
        let mut records = Vec::new();
        for part in parts {
            stream.read(part.as_bytes(), |zone, r| {
                let owner = zone.names.get(r.owner).to_vec();
                let shape = zone.shape(r);
                records.push((
                    owner,
                    shape.ttl,
                    shape.class,
                    r.record_type,
                    zone.rdata(r).to_vec(),
                ));
            });
        }
        (records, stream.finish())
    }

    #[test]
    fn parts_read_as_the_whole_text_reads() {
        let options = LoadOptions::default();
        let parts = [
            "$ORIGIN example.\n@ SOA ns1 host ( 1 7200 3600\n 1209600 300 )\n NS ns1\n",
            "ns1 A 192.0.2.1\n AAAA 2001:db8::1\n",
            " TXT \"after a part\"\n$TTL 60\n$ORIGIN sub.example.\nwww A 192.0.2.2\n",
            "$GENERATE 1-3 host$ A 192.0.2.$\n TXT \"generated owner\"\n",
        ];
        let (records, end) = streamed("t.zone", &parts, &options);
        assert!(end.findings.is_empty(), "{:?}", end.findings);
        assert_eq!(end.origin.as_deref(), Some(&b"\x07example\x00"[..]));
        assert_eq!(records, whole(&parts.concat(), &options));
        assert_eq!(end.records, records.len() as u64);
    }

    #[test]
    fn a_long_part_is_handed_over_in_stretches_past_the_shape_table() {
        let options = LoadOptions::default();
        let mut text = String::from("$ORIGIN example.\n$TTL 300\n@ SOA ns1 host 1 2 3 4 5\n");
        for i in 0..140_000 {
            // A TTL of its own each: more shapes than the table holds.
            text.push_str(&format!("h{i} {i} A 192.0.2.{}\n TXT \"{i}\"\n", i % 250));
        }
        assert!(text.len() > 2 * STRETCH);
        let (records, end) = streamed("t.zone", &[&text], &options);
        assert!(end.findings.is_empty());
        assert_eq!(records, whole(&text, &options));
    }

    #[test]
    fn findings_and_origin_are_those_of_a_whole_read() {
        let options = LoadOptions::default();
        let (_, end) = streamed(
            "zone",
            &["www A 192.0.2.1\n", "bad A 192.0.2.300\n"],
            &options,
        );
        assert_eq!(end.origin, None);
        assert!(end.findings.len() >= 2, "{:?}", end.findings);
        assert!(end.findings[0].message.contains("cannot tell the origin"));
    }
}
