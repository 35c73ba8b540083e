//! Suppression comments: `; zonelint: ignore RULE, RULE` at the end of a
//! record's line or alone on the line above it, and
//! `; zonelint: ignore-file RULE` anywhere in the file.
