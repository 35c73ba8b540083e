//! The queries the rules share, below them: the zone index, the lookup an
//! authoritative server runs, where owners lie, NS target classification,
//! host-name facts. Nothing here depends on a rule.

pub mod addresses;
pub mod committed;
pub mod hosts;
pub mod index;
pub mod lookup;
pub mod places;
pub mod records;
pub mod reported;
pub mod show;
pub mod survey;
pub mod targets;
