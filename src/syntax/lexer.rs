//! The lossless tokenizer: every byte of the input belongs to exactly one
//! token, so the tokens put end to end give back the file byte for byte.
//!
//! The token functions are nom parsers over bytes; [`Lexer`] drives them.

use nom::IResult;
use nom::Parser;
use nom::bytes::complete::take_while1;

use crate::span::Span;

/// The kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of characters other than blanks, line ends, `(`, `)`, `"` and
    /// `;`, with `\X` and `\DDD` escapes inside.
    Word,
    /// A quoted string, quotes included; it may span lines.
    Quoted,
    /// A quoted string whose closing quote never comes; it runs to the end
    /// of its line.
    UnterminatedQuote,
    /// `(`: the entry continues across line ends until the matching `)`.
    LeftParen,
    /// `)`.
    RightParen,
    /// `;` up to the end of the line, line ending excluded.
    Comment,
    /// Spaces and tabs (and a carriage return not followed by a line feed).
    Blank,
    /// `\n` or `\r\n`.
    Newline,
}

/// One token: its kind and its bytes in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

/// Iterates over the tokens of a source text, from a start offset.
#[derive(Clone)]
pub struct Lexer<'a> {
    source: &'a [u8],
    position: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer over all of `source`.
    pub fn new(source: &'a [u8]) -> Self {
        Lexer {
            source,
            position: 0,
        }
    }

    /// A lexer over `source` that starts at byte `position`.
    pub fn at(source: &'a [u8], position: usize) -> Self {
        Lexer { source, position }
    }

    /// The offset of the next token.
    pub fn position(&self) -> usize {
        self.position
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let rest = &self.source[self.position..];
        let (kind, length) = token(rest)?;
        let span = Span::new(self.position, self.position + length);
        self.position += length;
        Some(Token { kind, span })
    }
}

/// `token := blank | newline | comment | "(" | ")" | quoted | word`
///
/// Returns the kind and byte length of the token at the start of `input`,
/// or `None` at the end.
pub fn token(input: &[u8]) -> Option<(TokenKind, usize)> {
    let first = *input.first()?;
    Some(match first {
        b' ' | b'\t' => (TokenKind::Blank, blank_length(input)),
        b'\n' => (TokenKind::Newline, 1),
        b'\r' if input.get(1) == Some(&b'\n') => (TokenKind::Newline, 2),
        b'\r' => (TokenKind::Blank, blank_length(input)),
        b';' => (
            TokenKind::Comment,
            memchr::memchr2(b'\n', b'\r', input).map_or(input.len(), |end| comment_end(input, end)),
        ),
        b'(' => (TokenKind::LeftParen, 1),
        b')' => (TokenKind::RightParen, 1),
        b'"' => quoted(input),
        _ => (TokenKind::Word, word(input)),
    })
}

/// A comment stops at `\n` or `\r\n`; a lone `\r` inside it is comment text.
fn comment_end(input: &[u8], mut end: usize) -> usize {
    while input[end] == b'\r' && input.get(end + 1) != Some(&b'\n') {
        match memchr::memchr2(b'\n', b'\r', &input[end + 1..]) {
            Some(next) => end = end + 1 + next,
            None => return input.len(),
        }
    }
    end
}

/// `blank := (" " | "\t" | lone "\r")+`
fn blank(input: &[u8]) -> IResult<&[u8], &[u8]> {
    take_while1(|b| b == b' ' || b == b'\t' || b == b'\r').parse(input)
}

fn blank_length(input: &[u8]) -> usize {
    let length = blank_run(input).max(1);
    // A "\r\n" ends the blank run: the "\r" belongs to the newline token.
    if length > 0 && input[length - 1] == b'\r' && input.get(length) == Some(&b'\n') {
        if length == 1 {
            // Cannot happen: token() sends "\r\n" to the newline branch.
            return 1;
        }
        return length - 1;
    }
    length
}

/// The length of the run of blanks (space, tab, CR) that starts `input`:
/// what [`blank`] matches, eight bytes at a time (the runs of spaces that
/// align columns are long).
fn blank_run(input: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of every byte of `word` equal to `byte`, exactly.
    let equal = |word: u64, byte: u8| {
        let other = word ^ (ONES * u64::from(byte));
        !(((other & !HIGH) + (ONES * 0x7f)) | other) & HIGH
    };
    let mut i = 0;
    while let Some(chunk) = input.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let others = !(equal(word, b' ') | equal(word, b'\t') | equal(word, b'\r')) & HIGH;
        if others != 0 {
            return i + (others.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + blank(&input[i..]).map_or(0, |(_, matched)| matched.len())
}

/// How [`word`] treats a byte: part of a word, the end of one, or
/// a backslash that takes the next byte with it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordByte {
    Inside,
    End,
    Escape,
}

/// [`WordByte`] for every byte value: a table lookup per byte instead of a
/// branch per delimiter keeps the hottest loop of the tokenizer short.
static WORD_BYTES: [WordByte; 256] = {
    let mut table = [WordByte::Inside; 256];
    let ends = b" \t\n\r()\";";
    let mut i = 0;
    while i < ends.len() {
        table[ends[i] as usize] = WordByte::End;
        i += 1;
    }
    table[b'\\' as usize] = WordByte::Escape;
    table
};

/// `word := (escape | word_byte)+`, where an escape is a backslash and the
/// byte after it, so `\;`, `\(` and `\ ` stay inside the word.
fn word(input: &[u8]) -> usize {
    let mut i = 0;
    loop {
        i = inside_run_end(input, i);
        if i < input.len() && WORD_BYTES[input[i] as usize] == WordByte::Escape {
            // A backslash does not escape a line end: the word stops
            // before it, with the backslash in it (BIND and Knot refuse
            // such a word; read across the line it would join two lines).
            if matches!(input.get(i + 1), Some(b'\n')) || input.get(i + 1..i + 3) == Some(b"\r\n") {
                return i + 1;
            }
            i = (i + 2).min(input.len());
            continue;
        }
        return i.max(1);
    }
}

/// The first byte from `i` on that is not [`WordByte::Inside`] (or the
/// end of `input`).
///
/// Eight bytes at a time: [`stop_candidates`] marks every byte that may
/// end the run; a marked byte that is inside a word after all (a control
/// character other than tab, LF and CR) is stepped over.
pub(crate) fn inside_run_end(input: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = input.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let candidates = stop_candidates(word);
        if candidates == 0 {
            i += 8;
            continue;
        }
        let stop = i + (candidates.trailing_zeros() / 8) as usize;
        if WORD_BYTES[input[stop] as usize] != WordByte::Inside {
            return stop;
        }
        i = stop + 1;
    }
    while i < input.len() && WORD_BYTES[input[i] as usize] == WordByte::Inside {
        i += 1;
    }
    i
}

/// The high bit of each byte of `word` (little-endian) that is below 0x21
/// or is one of `"` `(` `)` `;` `\`. Exact for the lowest marked byte,
/// which is all [`inside_run_end`] uses (a borrow only spills upwards from
/// a byte that is itself marked).
fn stop_candidates(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bytes below `n`, for n <= 0x80.
    let below = |value: u64, n: u64| value.wrapping_sub(ONES * n) & !value & HIGH;
    below(word, 0x21)
        | below(word ^ (ONES * u64::from(b'"')), 1)
        | below(word ^ (ONES * u64::from(b'(')), 2) // ( and )
        | below(word ^ (ONES * u64::from(b';')), 1)
        | below(word ^ (ONES * u64::from(b'\\')), 1)
}

/// `quoted := '"' (escape | any byte but '"')* '"'`. Without a closing
/// quote the token runs to the end of its line and is unterminated.
fn quoted(input: &[u8]) -> (TokenKind, usize) {
    let mut i = 1;
    while i < input.len() {
        match input[i] {
            b'"' => return (TokenKind::Quoted, i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    let end = memchr::memchr2(b'\n', b'\r', input).unwrap_or(input.len());
    (TokenKind::UnterminatedQuote, end.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        Lexer::new(text.as_bytes())
            .map(|t| (t.kind, &text[t.span.range()]))
            .collect()
    }

    #[test]
    fn tokens_tile_the_input() {
        let text = "a\\ b\t( \"q;\\\"x\n y\" ) ;c\r\n\r\n\0\u{1}";
        let joined: String = kinds(text).iter().map(|(_, t)| *t).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn escapes_stay_inside_words_and_quotes() {
        use TokenKind::*;
        assert_eq!(
            kinds("a\\;b \"x\\\"y\";z"),
            vec![
                (Word, "a\\;b"),
                (Blank, " "),
                (Quoted, "\"x\\\"y\""),
                (Comment, ";z")
            ]
        );
    }

    #[test]
    fn crlf_is_one_newline_and_lone_cr_is_blank() {
        use TokenKind::*;
        assert_eq!(
            kinds("a \r\nb\rc"),
            vec![
                (Word, "a"),
                (Blank, " "),
                (Newline, "\r\n"),
                (Word, "b"),
                (Blank, "\r"),
                (Word, "c")
            ]
        );
    }

    #[test]
    fn a_backslash_does_not_escape_a_line_end_in_a_word() {
        use TokenKind::*;
        assert_eq!(
            kinds("d\\\ne"),
            vec![(Word, "d\\"), (Newline, "\n"), (Word, "e")]
        );
        assert_eq!(
            kinds("d\\\r\ne"),
            vec![(Word, "d\\"), (Newline, "\r\n"), (Word, "e")]
        );
        // Inside quotes it still does: the string runs on.
        assert_eq!(kinds("\"d\\\ne\""), vec![(Quoted, "\"d\\\ne\"")]);
    }

    #[test]
    fn word_and_blank_runs_agree_with_the_byte_tables() {
        // Every byte value, at every position of one and two eight-byte
        // chunks, after a run of word bytes or of blanks.
        for byte in 0..=255u8 {
            for at in 0..20 {
                for fill in [b'a', b' ', b'\t', b'\r'] {
                    let mut text = vec![fill; 20];
                    text[at] = byte;
                    let inside = (0..text.len())
                        .find(|&i| WORD_BYTES[text[i] as usize] != WordByte::Inside)
                        .unwrap_or(text.len());
                    assert_eq!(inside_run_end(&text, 0), inside, "{byte:#x} at {at}");
                    let blanks = blank(&text).map_or(0, |(_, matched)| matched.len());
                    assert_eq!(blank_run(&text), blanks, "{byte:#x} at {at} in {fill}");
                }
            }
        }
    }

    #[test]
    fn unterminated_quote_stops_at_the_line_end() {
        use TokenKind::*;
        assert_eq!(
            kinds("\"abc\nx"),
            vec![(UnterminatedQuote, "\"abc"), (Newline, "\n"), (Word, "x")]
        );
    }
}
