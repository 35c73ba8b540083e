//! The syntax layer: a lossless tokenizer and an entry parser that never
//! fails. Errors are data ([`SyntaxError`]); parsing resumes at the next
//! entry so one run reports every error of a file.

pub mod lexer;
pub mod parser;

pub use lexer::{Lexer, Token, TokenKind};
pub use parser::{
    Directive, Entry, EntryKind, Field, Parsed, Parser, RawEntry, RecordSyntax, SyntaxError, parse,
    parse_ttl,
};
