//! The passes over a zone ("checkers"): each walks the model once and
//! calls the rules of `lint::rules` that are switched on, with what the
//! walk already has.

pub mod ns_sets;
pub mod owners;
pub mod rdata_names;
