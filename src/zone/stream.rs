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
//!
//! A reader can also start from the state another one was in
//! ([`RecordStream::state`], [`RecordStream::resume`]): to go on where it
//! stopped, or to read a later part on its own from a state guessed for
//! it, which holds only if the reader before it ends in that state
//! ([`StreamState::starts_alike`]).

use std::path::PathBuf;
use std::sync::OnceLock;

use super::{
    Buffers, Builder, Entries, LoadOptions, PieceState, Record, Shapes, SourceFile, Text, Zone,
    infer_origin,
};
use crate::finding::Finding;
use crate::names::Names;
use crate::span::Span;
use crate::syntax::Parser;

/// About how much text is read between two hand-overs of records.
const STRETCH: usize = 1 << 20;

thread_local! {
    /// The memory of the last reader a thread finished, for its next one: a
    /// worker that reads back the pieces it lays out makes a reader for each.
    static SPARE: std::cell::RefCell<Option<Buffers>> = const { std::cell::RefCell::new(None) };
}

/// Gives `zone` the memory the last reader this thread finished left, if
/// any (its records, RDATA and names empty).
fn reuse_memory(zone: &mut Zone) {
    if let Some(spare) = SPARE.with(|spare| spare.borrow_mut().take()) {
        spare.give_to(zone);
    }
}

/// A zone file's records, read part after part (see the module).
pub struct RecordStream<'o> {
    builder: Builder<'o>,
    /// How many records were handed over.
    records: u64,
    /// For a part read on its own: whether it was read whole without a
    /// directive but `$ORIGIN` and `$TTL` (`None`: not such a part).
    alone: Option<bool>,
}

/// What a reader carries from one entry of a file to the next, outside an
/// `$INCLUDE`: the origin, `$TTL` and class in force, and the owner and
/// TTL a record without them takes.
#[derive(Clone, Debug)]
pub struct StreamState {
    piece: PieceState,
    last_owner: Option<Vec<u8>>,
    last_ttl: Option<u32>,
}

impl StreamState {
    /// The state of a part that starts with a record with an owner of its
    /// own, where `origin` (wire) and a `$TTL` of `default_ttl` are in
    /// force and the records are of class `class`: a guess, to be held
    /// against what the part before it ends in.
    pub fn guess(origin: Vec<u8>, default_ttl: u32, class: u16) -> Self {
        StreamState {
            piece: PieceState {
                origin: Some(origin),
                default_ttl: Some(default_ttl),
                default_ttl_from_soa: false,
                class: Some(class),
                has_default_ttl: true,
            },
            last_owner: None,
            last_ttl: None,
        }
    }

    /// The origin in force (wire; empty if none).
    pub fn origin(&self) -> &[u8] {
        self.piece.origin.as_deref().unwrap_or_default()
    }

    /// Whether a part read on its own from `self` ([`RecordStream::resume`]
    /// with `alone`) reads as it does after a reader that ended in
    /// `actual`: the origin, `$TTL` and class are the same, and a `$TTL` is
    /// in force (so the TTL of the record before does not count). The part
    /// must also have been read alone ([`RecordStream::read_alone`]): its
    /// first record then has an owner of its own.
    pub fn starts_alike(&self, actual: &StreamState) -> bool {
        self.piece == actual.piece && actual.piece.default_ttl.is_some()
    }

    /// The state a part read alone from `self` ended in, `end`, as it
    /// follows `actual` (see [`StreamState::starts_alike`]): the TTL of
    /// the record before is `actual`'s, since a `$TTL` was in force.
    pub fn following(actual: &StreamState, mut end: StreamState) -> StreamState {
        end.last_ttl = actual.last_ttl;
        end
    }
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
        RecordStream::with_zone(
            path,
            options,
            Zone {
                findings,
                ..Zone::empty(origin)
            },
            false,
        )
    }

    /// A reader of the zone file `path` that starts in `state` (outside
    /// any `$INCLUDE`): as the reader that was in it goes on. With
    /// `alone`, the text is a part read on its own: it stops at a
    /// directive other than `$ORIGIN` and `$TTL`, and
    /// [`RecordStream::read_alone`] says whether it read the part whole
    /// and its first record had an owner of its own.
    pub fn resume(
        path: PathBuf,
        options: &'o LoadOptions,
        state: &StreamState,
        alone: bool,
    ) -> Self {
        let piece = &state.piece;
        let mut stream = RecordStream::with_zone(
            path,
            options,
            Zone {
                class: piece.class.unwrap_or(1),
                has_default_ttl: piece.has_default_ttl,
                ..Zone::empty(piece.origin.clone())
            },
            alone,
        );
        let builder = &mut stream.builder;
        builder.default_ttl = piece.default_ttl;
        builder.default_ttl_from_soa = piece.default_ttl_from_soa;
        builder.class = piece.class;
        builder.last_ttl = state.last_ttl;
        builder.last_owner = state
            .last_owner
            .as_deref()
            .map(|name| builder.zone.names.add_provisional(name));
        stream
    }

    /// A reader of the zone file `path` into `zone` (its file and names
    /// are set here); with `alone`, of a part read on its own.
    fn with_zone(path: PathBuf, options: &'o LoadOptions, zone: Zone, alone: bool) -> Self {
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
                ..zone
            },
            options,
        );
        builder.include_stack.push(canonical);
        // The records are let go as they are read: so are their fields.
        builder.heads = None;
        reuse_memory(&mut builder.zone);
        RecordStream {
            builder,
            records: 0,
            alone: alone.then_some(true),
        }
    }

    /// The state the reader is in, between two parts; `None` inside an
    /// `$INCLUDE`d file (which a part never ends in).
    pub fn state(&self) -> Option<StreamState> {
        let builder = &self.builder;
        (builder.include_stack.len() == 1).then(|| StreamState {
            piece: builder.piece_state(),
            last_owner: builder
                .last_owner
                .map(|id| builder.zone.names.get(id).to_vec()),
            last_ttl: builder.last_ttl,
        })
    }

    /// For a reader made with [`RecordStream::resume`] and `alone`: whether
    /// what it read, it read whole, with no directive but `$ORIGIN` and
    /// `$TTL`, and with no record that took its owner from before. Always
    /// true for another reader.
    pub fn read_alone(&self) -> bool {
        match self.alone {
            Some(whole) => whole && !self.builder.owner_missing,
            None => true,
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
            let read =
                self.builder
                    .parse_until(0, &mut parser, &mut entries, end, self.alone.is_some());
            self.hand_over(&mut each);
            if !read {
                // A part read on its own met what it cannot take.
                self.alone = Some(false);
                break;
            }
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
        builder.zone.names.clear();
        builder.last_owner = last_owner.map(|name| builder.zone.names.add_provisional(&name));
        // Its id is gone.
        builder.owner_cache = None;
    }

    /// Ends the read.
    pub fn finish(self) -> StreamEnd {
        let mut zone = self.builder.zone;
        let mut findings = std::mem::take(&mut zone.findings);
        findings.sort_by_key(|finding| (finding.file, finding.span.start));
        // Its memory goes to this thread's next reader.
        let spare = zone.take_buffers();
        SPARE.with(|slot| *slot.borrow_mut() = Some(spare));
        StreamEnd {
            origin: zone.origin,
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
