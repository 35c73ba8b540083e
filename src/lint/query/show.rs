//! Names shown in messages.

use crate::lint::query::index::ZoneIndex;
use crate::name;
use crate::names::NameId;

/// A wire name shown in presentation form only when a message is made.
#[derive(Clone, Copy)]
pub struct Show<'a>(pub &'a [u8]);

impl std::fmt::Display for Show<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = String::new();
        name::write(self.0, &mut text);
        f.write_str(&text)
    }
}

pub fn owner_text(index: &ZoneIndex<'_>, id: NameId) -> String {
    name::to_string(index.zone.names.get(id))
}
