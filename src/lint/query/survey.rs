//! One pass over the records that collects what the record rules need.

use super::index::{ZoneIndex, types};
use super::places::{Place, Places};
use super::records;
use crate::zone::Record;

/// What one pass over the records finds for the rules that look at
/// single records: the few records they need, so that no other pass over
/// all records is needed.
#[derive(Default)]
pub struct Survey<'z> {
    /// MX and SRV records of the zone's own data.
    pub targets: Vec<&'z Record>,
    /// Whether the zone has a CNAME record.
    pub has_cname: bool,
    /// Served TXT-like records with a string of exactly 255 octets (the
    /// reader's pieces of a longer one).
    pub long_texts: Vec<&'z Record>,
    /// Served records with an explicit TTL of 2^31 or more.
    pub huge_ttls: Vec<&'z Record>,
    /// Whether any record has a TTL of 2^31 or more (then the `$TTL`
    /// directives are read).
    pub any_huge_ttl: bool,
    /// The first record inside the zone whose TTL comes from nothing
    /// written for it.
    pub first_implicit: Option<&'z Record>,
    /// How many records (inside the zone or not) have such a TTL.
    pub implicit_count: usize,
    /// Whether they all have the same TTL.
    pub implicit_same_ttl: bool,
}

impl<'z> Survey<'z> {
    /// Surveys the records of a zone.
    pub fn new(index: &ZoneIndex<'z>, places: &Places) -> Survey<'z> {
        let zone = index.zone;
        let mut survey = Survey {
            implicit_same_ttl: true,
            ..Survey::default()
        };
        let mut implicit_ttl = None;
        for record in &zone.records {
            let record_type = record.record_type;
            if zone.flags(record) & crate::zone::FLAG_IMPLICIT_TTL != 0 {
                survey.implicit_count += 1;
                if *implicit_ttl.get_or_insert(zone.ttl(record)) != zone.ttl(record) {
                    survey.implicit_same_ttl = false;
                }
                if survey.first_implicit.is_none() && places.get(record.owner) != Place::Outside {
                    survey.first_implicit = Some(record);
                }
            }
            if zone.ttl(record) >= records::TTL_LIMIT {
                survey.any_huge_ttl = true;
                if zone.flags(record) & crate::zone::FLAG_EXPLICIT_TTL != 0 && places.serves(record)
                {
                    survey.huge_ttls.push(record);
                }
            }
            match record_type {
                types::CNAME => survey.has_cname = true,
                types::MX | types::SRV
                    if matches!(places.get(record.owner), Place::Data | Place::Apex) =>
                {
                    survey.targets.push(record);
                }
                _ if records::is_text_type(record_type)
                    && records::has_full_string(zone.rdata(record))
                    && places.serves(record) =>
                {
                    survey.long_texts.push(record);
                }
                _ => {}
            }
        }
        survey
    }
}
