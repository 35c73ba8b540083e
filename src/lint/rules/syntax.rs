//! `syntax`: text that is not a valid zone file. The reader
//! (`crate::syntax`, `crate::zone`) finds it; this file holds its
//! documentation.

/// The documentation of `syntax`, in the fixed sections: `zonelint rule
/// syntax` prints it and the README rule table is made from it.
pub const DOC: &str = "\
    ## What it does\n\
    Reports text that is not a valid zone file: a malformed field, an unknown type, an\n\
    unclosed parenthesis, a bad `$INCLUDE` or `$GENERATE`.\n\
    ## Why it matters\n\
    A name server refuses to load a zone with a syntax error, so nothing of it is served.\n\
    ## Example\n\
    `mail MX ten mail.example.com.` (the preference must be a number).\n\
    ## Fix safety\n\
    No fix. Cannot be turned off.\n\
    ## References\n\
    RFC 1035 §5.1, RFC 3597 §5, grammar/zonefile.ebnf.\n";
