//! The bytes of one source file: read into memory, or — for a large zone
//! file that is only checked — mapped, so that the parts already parsed
//! can leave the process's memory while the rest is read (DESIGN §11: the
//! text need not stay resident while the rules run; the few lines a
//! report shows are read back from the file's pages on demand).

use std::ops::{Deref, Range};

/// The text of a source file.
pub struct Text(Repr);

enum Repr {
    Owned(Vec<u8>),
    /// The mapping, and how many scattered reads were made since its
    /// pages were last let go ([`Text::scattered_read`]).
    #[cfg(unix)]
    Mapped(memmap2::Mmap, std::sync::atomic::AtomicU32),
}

impl Text {
    /// Maps the regular file `file` read-only; `None` when it cannot be
    /// mapped (then it is read instead).
    #[cfg(unix)]
    pub fn map(file: &std::fs::File) -> Option<Text> {
        let metadata = file.metadata().ok()?;
        if !metadata.is_file() || metadata.len() == 0 {
            return None;
        }
        on_truncation_exit();
        // SAFETY: the mapping is read-only and shared, and the program never
        // writes to the file while it is mapped. Another program that shrinks
        // the file while it is read makes the pages past the new end raise
        // SIGBUS: `on_truncation_exit` turns that into a clear message and
        // exit code 2 instead of a crash. A program that rewrites the file in
        // place (rather than replacing it) changes what is read, as it would
        // for `read`: findings then show the new lines.
        let map = unsafe { memmap2::Mmap::map(file) }.ok()?;
        Some(Text(Repr::Mapped(map, 0.into())))
    }

    /// Not mapped where mapping is not supported.
    #[cfg(not(unix))]
    pub fn map(_file: &std::fs::File) -> Option<Text> {
        None
    }

    /// Whether the text is a mapping of its file.
    pub fn is_mapped(&self) -> bool {
        !matches!(self.0, Repr::Owned(_))
    }

    /// Lets the pages wholly inside `range` leave the process's memory: a
    /// later read of them reads them again from the file (from the page
    /// cache, normally). Does nothing for a text read into memory.
    pub fn release(&self, range: Range<usize>) {
        #[cfg(unix)]
        if let Repr::Mapped(map, _) = &self.0 {
            const PAGE: usize = 4096;
            let start = range.start.next_multiple_of(PAGE);
            let end = range.end.min(map.len()) / PAGE * PAGE;
            if start < end {
                // SAFETY: MADV_DONTNEED on a shared read-only file mapping
                // only drops the process's page table entries: the next read
                // of those bytes faults the same file bytes back in, so any
                // slice borrowed from the mapping keeps reading the file's
                // content. A failure only leaves the pages resident.
                let _ = unsafe {
                    map.unchecked_advise_range(
                        memmap2::UncheckedAdvice::DontNeed,
                        start,
                        end - start,
                    )
                };
            }
        }
        #[cfg(not(unix))]
        let _ = range;
    }
}

impl Text {
    /// Notes one read of a few bytes somewhere in the text (a finding's
    /// line, an entry read again). The kernel maps the pages around each
    /// such read (64 KiB by default), which over thousands of findings
    /// would bring much of the file back; every so many reads the pages
    /// are let go again.
    pub fn scattered_read(&self) {
        #[cfg(unix)]
        if let Repr::Mapped(_, reads) = &self.0 {
            const READS: u32 = 64;
            if reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % READS == READS - 1 {
                self.release(0..self.len());
            }
        }
    }
}

impl Deref for Text {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match &self.0 {
            Repr::Owned(bytes) => bytes,
            #[cfg(unix)]
            Repr::Mapped(map, _) => map,
        }
    }
}

impl From<Vec<u8>> for Text {
    fn from(bytes: Vec<u8>) -> Self {
        Text(Repr::Owned(bytes))
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(Repr::Owned(Vec::new()))
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Text({} bytes{})",
            self.len(),
            if self.is_mapped() { ", mapped" } else { "" }
        )
    }
}

impl Text {
    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        self
    }
}

impl PartialEq<Text> for Vec<u8> {
    fn eq(&self, other: &Text) -> bool {
        self.as_slice() == other.as_slice()
    }
}

/// What a SIGBUS on a mapped zone file prints before the exit.
const TRUNCATED: &[u8] =
    b"zonelint: a zone file shrank while it was read; nothing was written; check it again\n";

/// Makes a SIGBUS (a read past the end of a mapped file that another
/// program shrank) print what happened and exit with code 2, the code of
/// an input that could not be read: the verdict on a file that changed
/// while it was read is no verdict.
#[cfg(unix)]
fn on_truncation_exit() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        extern "C" fn handler(_: libc::c_int) {
            // SAFETY: write(2) and _exit(2) are async-signal-safe.
            unsafe {
                libc::write(2, TRUNCATED.as_ptr().cast(), TRUNCATED.len());
                libc::_exit(2);
            }
        }
        // SAFETY: installs a handler that only calls async-signal-safe
        // functions.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = handler as extern "C" fn(libc::c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
        }
    });
}

/// A hook for the tests, compiled only into debug builds (the tests'
/// builds), never into a release.
pub(super) mod test_hook {
    /// With `ZONELINT_TEST_SHRINK_AFTER_MAP` set, a file is emptied right
    /// after it is mapped, as another program truncating it would.
    pub fn shrink_after_map(path: &std::path::Path) {
        #[cfg(debug_assertions)]
        if std::env::var_os("ZONELINT_TEST_SHRINK_AFTER_MAP").is_some() {
            let _ = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|file| file.set_len(0));
        }
        #[cfg(not(debug_assertions))]
        let _ = path;
    }
}
