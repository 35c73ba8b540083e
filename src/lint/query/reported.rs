//! What the RDATA-name pass already reported, so that the target rules
//! report each cause once.

use crate::lint::{Checker, Rule};
use crate::zone::Record;

/// Records whose RDATA names were already reported as an address or a
/// forgotten dot (by [`crate::lint::checkers::rdata_names`]): the other target rules do not
/// report them again (one finding per cause).
pub(crate) struct ReportedTargets {
    places: Vec<(usize, u32)>,
}

impl ReportedTargets {
    pub(crate) fn new(checker: &Checker<'_>) -> Self {
        let mut places: Vec<(usize, u32)> = checker
            .findings
            .iter()
            .filter(|f| f.rule == Rule::MissingTrailingDot || f.rule == Rule::NsTargetIsAddress)
            .map(|f| (f.file, f.span.start))
            .collect();
        places.sort_unstable();
        ReportedTargets { places }
    }

    /// Whether a finding of those rules lies on `record`.
    pub(crate) fn contains(&self, zone: &crate::zone::Zone, record: &Record) -> bool {
        if self.places.is_empty() {
            return false;
        }
        let (file, span) = zone.record_span(record);
        let from = self
            .places
            .partition_point(|&(f, s)| (f, s) < (file, span.start));
        self.places
            .get(from)
            .is_some_and(|&(f, s)| f == file && s < span.end)
    }
}
