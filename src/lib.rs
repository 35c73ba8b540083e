//! zonelint: lint, repair and format BIND-style DNS zone files.
//!
//! ```text
//! bytes ──lex──▶ tokens (lossless) ──parse──▶ entries + syntax errors
//!       ──build──▶ Zone ($ORIGIN, $TTL, $INCLUDE, $GENERATE resolved; RDATA as wire bytes)
//!       ──render──▶ full | concise      (line:col computed only here)
//! ```

pub mod cli;
pub mod compare;
pub mod config;
pub mod engine;
pub mod files;
pub mod finding;
pub mod fix;
pub mod format;
pub mod glue;
pub mod glue_diff;
#[doc(hidden)]
pub mod invariants;
pub mod lint;
pub mod name;
pub mod names;
pub mod profile;
pub mod rdata;
pub mod render;
pub mod rrtype;
pub mod span;
pub mod syntax;
#[cfg(test)]
mod test_random;
pub mod write;
pub mod zone;
