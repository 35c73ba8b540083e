//! How the glue fix writes a record: the way the records before it are
//! written. Owners relative or absolute as the neighbouring owner is, the
//! class written when the neighbour writes one, and the type and data in the
//! neighbour's columns, with its tabs or spaces.

use crate::syntax::{Directive, EntryKind, Lexer, TokenKind};
use crate::zone::Zone;

/// Columns are counted with tab stops every 8 characters.
const TAB: usize = 8;

/// How many lines that inherit their owner are passed over, looking back
/// for a line that writes one.
const OWNER_LOOKBACK: usize = 64;

/// The `$ORIGIN` directives of a zone's main file: where each applies from
/// (its entry) and the origin it sets, lower case and absolute. Read once
/// for every glue fix of the file.
pub(super) struct FileOrigins {
    changes: Vec<(usize, Option<String>)>,
    initial: Option<String>,
}

impl FileOrigins {
    pub(super) fn new(zone: &Zone) -> Self {
        let file = &zone.files[0];
        let initial = zone.origin.as_deref().map(crate::name::to_string);
        let mut current = initial.clone();
        let mut changes = Vec::new();
        for (position, entry) in file.entries.iter().enumerate() {
            if entry.kind != EntryKind::Directive(Directive::Origin) {
                continue;
            }
            let (fields, _) = entry.fields(&file.text);
            current = fields.get(1).and_then(|field| {
                let text = std::str::from_utf8(field.text).ok()?.to_ascii_lowercase();
                if text.ends_with('.') {
                    Some(text)
                } else {
                    // A relative $ORIGIN is relative to the one before it.
                    current.as_ref().map(|before| match before.as_str() {
                        "." => format!("{text}."),
                        before => format!("{text}.{before}"),
                    })
                }
            });
            changes.push((position, current.clone()));
        }
        FileOrigins { changes, initial }
    }

    /// The origin in effect after the entries before `entry`.
    fn before(&self, entry: usize) -> Option<&str> {
        let applied = self.changes.partition_point(|(at, _)| *at < entry);
        match applied {
            0 => self.initial.as_deref(),
            n => self.changes[n - 1].1.as_deref(),
        }
    }
}

/// The layout of the record a new one is written after.
pub(super) struct Layout {
    /// The origin relative owners are written against; `None` writes
    /// owners absolute.
    relative_to: Option<String>,
    /// The class as the neighbour writes it (`IN`, `in`), if it does.
    class: Option<String>,
    class_column: usize,
    type_column: usize,
    data_column: usize,
    /// Whether the neighbour separates its fields with tabs.
    tabs: bool,
}

impl Layout {
    /// The layout of the last record of the main file that ends at or
    /// before byte `at`; a plain tab-separated layout with absolute owners
    /// when there is none.
    pub(super) fn before(zone: &Zone, at: usize, origins: &FileOrigins) -> Self {
        let file = &zone.files[0];
        let plain = Layout {
            relative_to: None,
            class: None,
            class_column: 0,
            type_column: 0,
            data_column: 0,
            tabs: true,
        };
        let end = file.entries.holding(at);
        let Some(neighbour) = (0..end)
            .rev()
            .find(|&i| file.entries.kind(i) == EntryKind::Record)
        else {
            return plain;
        };
        let Some(fields) =
            first_line_fields(&file.text, file.entries.at(neighbour).span.start as usize)
        else {
            return plain;
        };
        let mut layout = plain;
        layout.tabs = fields.tabs;
        layout.class_column = fields.class.as_ref().map_or(fields.type_column, |c| c.1);
        layout.class = fields.class.map(|(text, _)| text);
        layout.type_column = fields.type_column;
        layout.data_column = fields.data_column;
        // The owner's form: that of the nearest line that writes one.
        let owner = (0..=neighbour)
            .rev()
            .take(OWNER_LOOKBACK)
            .filter(|&i| file.entries.kind(i) == EntryKind::Record)
            .find_map(|i| {
                first_line_fields(&file.text, file.entries.at(i).span.start as usize)?.owner
            });
        if owner.is_some_and(|owner| !owner.ends_with('.')) {
            layout.relative_to = origins.before(end).map(str::to_owned);
        }
        layout
    }

    /// One record line (without its line ending): `owner`, absolute in
    /// presentation form, of `record_type` with `data`.
    pub(super) fn line(&self, owner: &str, record_type: &str, data: &str) -> String {
        let mut line = String::new();
        let mut column = 0;
        let owner = self.owner_text(owner);
        push(&mut line, &mut column, &owner);
        if let Some(class) = &self.class {
            self.pad(&mut line, &mut column, self.class_column);
            push(&mut line, &mut column, class);
        }
        self.pad(&mut line, &mut column, self.type_column);
        push(&mut line, &mut column, record_type);
        self.pad(&mut line, &mut column, self.data_column);
        line.push_str(data);
        line
    }

    /// `owner` relative to the origin in effect when the neighbour writes
    /// relative owners and `owner` lies at or below it, else absolute.
    fn owner_text(&self, owner: &str) -> String {
        let Some(origin) = &self.relative_to else {
            return owner.to_owned();
        };
        if owner.eq_ignore_ascii_case(origin) {
            return "@".to_owned();
        }
        if origin == "." {
            return owner.strip_suffix('.').unwrap_or(owner).to_owned();
        }
        let cut = owner.len().saturating_sub(origin.len() + 1);
        let (relative, rest) = owner.split_at(cut);
        let escapes_the_dot = relative.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1;
        if !relative.is_empty()
            && !escapes_the_dot
            && rest.len() == origin.len() + 1
            && rest.starts_with('.')
            && rest[1..].eq_ignore_ascii_case(origin)
        {
            relative.to_owned()
        } else {
            owner.to_owned()
        }
    }

    /// Pads `line` (now `column` wide) to `target`, with at least one blank.
    fn pad(&self, line: &mut String, column: &mut usize, target: usize) {
        let start = *column;
        if self.tabs {
            while (*column / TAB + 1) * TAB <= target {
                line.push('\t');
                *column = (*column / TAB + 1) * TAB;
            }
        }
        while *column < target {
            line.push(' ');
            *column += 1;
        }
        if *column == start {
            line.push(if self.tabs { '\t' } else { ' ' });
            *column = if self.tabs {
                (start / TAB + 1) * TAB
            } else {
                start + 1
            };
        }
    }
}

/// Appends `text` and counts its columns.
fn push(line: &mut String, column: &mut usize, text: &str) {
    line.push_str(text);
    *column += text.chars().count();
}

/// The fields of a record's first line, as far as they show its layout.
struct LineFields {
    /// The owner as written; `None` when the line inherits it.
    owner: Option<String>,
    /// The class as written, and its column.
    class: Option<(String, usize)>,
    type_column: usize,
    data_column: usize,
    tabs: bool,
}

/// Reads the layout of the line starting at byte `start` of `text`, up to a
/// comment, a parenthesis or the line's end; `None` when the line ends
/// before its data.
fn first_line_fields(text: &[u8], start: usize) -> Option<LineFields> {
    let mut column = 0;
    let mut words = Vec::new();
    let mut tabs = false;
    let mut starts_with_blank = false;
    for (position, token) in Lexer::at(text, start).enumerate() {
        let bytes = &text[token.span.start as usize..token.span.end as usize];
        match token.kind {
            TokenKind::Blank => {
                starts_with_blank |= position == 0;
                for &byte in bytes {
                    if byte == b'\t' {
                        tabs = true;
                        column = (column / TAB + 1) * TAB;
                    } else {
                        column += 1;
                    }
                }
            }
            TokenKind::Word | TokenKind::Quoted | TokenKind::UnterminatedQuote => {
                let word = String::from_utf8_lossy(bytes).into_owned();
                let start = column;
                column += word.chars().count();
                words.push((word, start));
            }
            _ => break,
        }
    }
    let mut words = words.into_iter();
    let owner = if starts_with_blank {
        None
    } else {
        Some(words.next()?.0)
    };
    let mut class = None;
    for (word, column) in words.by_ref() {
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            continue; // a TTL: the new record takes the default
        }
        if ["IN", "CH", "HS", "CS"]
            .iter()
            .any(|c| word.eq_ignore_ascii_case(c))
        {
            class = Some((word, column));
            continue;
        }
        let (_, data_column) = words.next()?;
        return Some(LineFields {
            owner,
            class,
            type_column: column,
            data_column,
            tabs,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{LoadOptions, load_source};

    /// The line the glue fix writes for `host` after the last record of
    /// `text` (a zone of example.com., with a `$TTL` put before `text`).
    fn glue_line(text: &str, host: &str, record_type: &str, address: &str) -> String {
        let text = format!("$TTL 3600\n{text}");
        let zone = load_source(
            "test.zone".into(),
            text.as_bytes().to_vec(),
            &LoadOptions {
                origin: Some(b"\x07example\x03com\x00".to_vec()),
                ..LoadOptions::default()
            },
        );
        let origins = FileOrigins::new(&zone);
        Layout::before(&zone, text.len(), &origins).line(host, record_type, address)
    }

    #[test]
    fn aligned_with_spaces_and_relative_owners() {
        let text = "shop     NS   ns1.shop\n         NS   ns2.shop\n";
        assert_eq!(
            glue_line(text, "ns1.shop.example.com.", "A", "192.0.2.1"),
            "ns1.shop A    192.0.2.1"
        );
        assert_eq!(
            glue_line(text, "ns1.example.com.", "AAAA", "2001:db8::1"),
            "ns1      AAAA 2001:db8::1"
        );
        // A host outside the origin stays absolute.
        assert_eq!(
            glue_line(text, "ns1.example.net.", "A", "192.0.2.1"),
            "ns1.example.net. A 192.0.2.1"
        );
    }

    #[test]
    fn class_and_ttl_columns_and_tabs() {
        let text = "shop.example.com.\t3600\tIN\tNS\tns1.shop.example.com.\n";
        // Absolute owners, the class written, the TTL column left to $TTL.
        assert_eq!(
            glue_line(text, "ns1.shop.example.com.", "A", "192.0.2.1"),
            "ns1.shop.example.com.\t\tIN\tA\t192.0.2.1"
        );
        let text = "shop                IN NS   ns1.shop\n";
        assert_eq!(
            glue_line(text, "ns1.shop.example.com.", "AAAA", "2001:db8::1"),
            "ns1.shop            IN AAAA 2001:db8::1"
        );
        // Data that starts with a quoted string.
        let text = "shop     TXT  \"a b\"\n";
        assert_eq!(
            glue_line(text, "ns1.shop.example.com.", "A", "192.0.2.1"),
            "ns1.shop A    192.0.2.1"
        );
        let text = "shop\tin\tns\tns1.shop\n";
        assert_eq!(
            glue_line(text, "ns1.shop.example.com.", "A", "192.0.2.1"),
            "ns1.shop\tin\tA\t192.0.2.1"
        );
    }

    #[test]
    fn an_inherited_owner_looks_back_and_origin_directives_count() {
        let text = "$ORIGIN shop.example.com.\n@ NS ns1\n  NS ns2\n";
        assert_eq!(
            glue_line(text, "ns1.shop.example.com.", "A", "192.0.2.1"),
            "ns1 A 192.0.2.1"
        );
        let text = "$ORIGIN shop\n@ NS ns1\n";
        assert_eq!(
            glue_line(text, "ns1.shop.example.com.", "A", "192.0.2.1"),
            "ns1 A 192.0.2.1"
        );
        // An escaped dot is no label boundary.
        let text = "shop NS a\\.shop\n";
        assert_eq!(
            glue_line(text, "a\\.shop.example.com.", "A", "192.0.2.1"),
            "a\\.shop A 192.0.2.1"
        );
        assert_eq!(
            glue_line(text, "x\\.example.com.", "A", "192.0.2.1"),
            "x\\.example.com. A 192.0.2.1"
        );
    }
}
