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
    ///
    /// Offsets come from a text of at most `zone::MAX_INPUT` bytes (larger
    /// inputs are refused when read), so they fit; one that does not is a
    /// bug, reported as such rather than wrapped around.
    pub fn new(start: usize, end: usize) -> Self {
        let narrow = |offset: usize| {
            u32::try_from(offset).expect("offsets fit in 32 bits: inputs over 4 GiB are refused")
        };
        Span {
            start: narrow(start),
            end: narrow(end),
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

/// Line numbers of a text, to turn byte offsets into 1-based line and
/// column numbers: the count of line endings before each block of
/// [`LINE_BLOCK`] bytes, so that a large zone with a few findings is not
/// indexed line by line.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// `\n` bytes before each block.
    lines_before: Vec<usize>,
}

/// The bytes one [`LineIndex`] entry covers.
const LINE_BLOCK: usize = 4096;

/// Text length from which the zone reader counts the lines of a file on
/// another core while it parses it.
pub const PARALLEL_TEXT: usize = 16 << 20;

fn count_newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

impl LineIndex {
    /// Indexes the lines of `text`; a line ends after each `\n`. (The zone
    /// reader counts a large file on another core while it parses it.)
    pub fn new(text: &[u8]) -> Self {
        Self::new_releasing(text, |_| {})
    }

    /// [`LineIndex::new`], a stretch at a time, calling `done` with each
    /// range once counted (to let a mapped text's pages go).
    pub fn new_releasing(text: &[u8], mut done: impl FnMut(std::ops::Range<usize>)) -> Self {
        const STRETCH: usize = 1024 * LINE_BLOCK;
        let mut lines_before = Vec::with_capacity(text.len().div_ceil(LINE_BLOCK) + 1);
        let mut total = 0;
        lines_before.push(0);
        for (n, stretch) in text.chunks(STRETCH).enumerate() {
            for block in stretch.chunks(LINE_BLOCK) {
                total += count_newlines(block);
                lines_before.push(total);
            }
            done(n * STRETCH..n * STRETCH + stretch.len());
        }
        LineIndex { lines_before }
    }

    /// The 1-based line and column of `offset`. The column counts
    /// characters: a UTF-8 sequence is one column, an invalid byte is one.
    pub fn line_col(&self, text: &[u8], offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let block = offset / LINE_BLOCK;
        let line = self.lines_before[block] + count_newlines(&text[block * LINE_BLOCK..offset]);
        let start = memchr::memrchr(b'\n', &text[..offset]).map_or(0, |i| i + 1);
        let prefix = &text[start..offset];
        // One column per character, and one per byte of an invalid
        // sequence: the same count as the `?` the full renderer shows.
        let column = prefix
            .utf8_chunks()
            .map(|chunk| chunk.valid().chars().count() + chunk.invalid().len())
            .sum::<usize>()
            + 1;
        (line + 1, column)
    }

    /// The byte range of 1-based line `line`, without its line ending
    /// (empty at the end of the text for a line past the last).
    pub fn line_range(&self, text: &[u8], line: usize) -> std::ops::Range<usize> {
        // The line starts after the (line - 1)th `\n`.
        let wanted = line.saturating_sub(1);
        let start = if wanted == 0 {
            0
        } else {
            // The block holding that line ending: the last one with fewer
            // line endings before it.
            let block = self.lines_before.partition_point(|&n| n < wanted) - 1;
            let from = block * LINE_BLOCK;
            memchr::memchr_iter(b'\n', &text[from.min(text.len())..])
                .nth(wanted - self.lines_before[block] - 1)
                .map_or(text.len(), |i| from + i + 1)
        };
        let mut end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |i| start + i);
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

    #[test]
    fn lines_are_found_across_blocks() {
        // Lines of varying length over many index blocks, one CRLF.
        let mut text = Vec::new();
        let mut starts = Vec::new();
        for n in 0..5000 {
            starts.push(text.len());
            text.extend(std::iter::repeat_n(b'x', n % 7));
            text.extend_from_slice(if n == 1234 { b"\r\n" } else { b"\n" });
        }
        starts.push(text.len());
        let index = LineIndex::new(&text);
        for (n, &start) in starts.iter().enumerate() {
            assert_eq!(index.line_col(&text, start), (n + 1, 1));
            let range = index.line_range(&text, n + 1);
            assert_eq!(range.start, start);
            assert_eq!(range.end - range.start, if n < 5000 { n % 7 } else { 0 });
        }
        let last = text.len() - 1;
        assert_eq!(index.line_col(&text, last), (5000, 5000 % 7));
    }
}
