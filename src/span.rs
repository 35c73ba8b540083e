//! Byte spans into one source text, and the conversion to line:column that
//! only the renderers use.

/// A half-open byte range `start..end` into one file's source text.
///
/// Offsets are `u32`: a zone file over 4 GiB is refused when it is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
}

impl Span {
    /// Creates the span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The span as a `usize` range, to index the source with.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The number of bytes covered.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// The start offset of every line of a text, to turn byte offsets into
/// 1-based line and column numbers.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`; a line ends after each `\n`.
    pub fn new(text: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line and column of `offset`. The column counts
    /// characters: a UTF-8 sequence is one column, an invalid byte is one.
    pub fn line_col(&self, text: &[u8], offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let prefix = &text[self.starts[line]..offset];
        // One column per character, and one per byte of an invalid
        // sequence: the same count as the `?` the full renderer shows.
        let column = prefix
            .utf8_chunks()
            .map(|chunk| chunk.valid().chars().count() + chunk.invalid().len())
            .sum::<usize>()
            + 1;
        (line + 1, column)
    }

    /// The byte range of 1-based line `line`, without its line ending.
    pub fn line_range(&self, text: &[u8], line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line - 1];
        let mut end = self.starts.get(line).copied().unwrap_or(text.len());
        while end > start && matches!(text[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let text = "a\nbé c\n".as_bytes();
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 2), (2, 1));
        // 'c' comes after "bé " (4 bytes, 3 characters).
        assert_eq!(index.line_col(text, 6), (2, 4));
    }

    #[test]
    fn an_invalid_byte_is_one_column_each() {
        // A truncated three-byte sequence (two bytes) then 'x'.
        let text = b"a\xE2\x82x";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 3), (1, 4));
    }
}
