//! Unit tests of the RDATA readers and writers.
