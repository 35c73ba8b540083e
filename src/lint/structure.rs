//! The zone-structure and record rules (DESIGN §4, third table).

use super::index::ZoneIndex;
use super::{Checker, Settings};

/// Runs the zone-structure and record rules.
pub fn check(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, settings: &Settings<'_>) {
    let _ = (checker, index, settings);
}
