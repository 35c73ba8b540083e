//! Names shown in messages.

use crate::name;

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
