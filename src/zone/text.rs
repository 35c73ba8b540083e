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
    /// The mapping, how many scattered reads were made since its pages
    /// were last let go ([`Text::scattered_read`]), its slot in
    /// [`MAPPED`], and its digest when taken as it was mapped
    /// ([`Text::digest_as_mapped`]).
    #[cfg(target_os = "linux")]
    Mapped(
        memmap2::Mmap,
        std::sync::atomic::AtomicU32,
        usize,
        Option<blake3::Hash>,
    ),
}

impl Text {
    /// Maps the regular file `file` read-only; `None` when it cannot be
    /// mapped (then it is read instead).
    #[cfg(target_os = "linux")]
    pub fn map(file: &std::fs::File) -> Option<Text> {
        let metadata = file.metadata().ok()?;
        if !metadata.is_file() || metadata.len() == 0 {
            return None;
        }
        on_truncation_exit();
        // SAFETY: the mapping is read-only and shared, and this program never
        // writes to the file while it is mapped. Another program that shrinks
        // the file while it is read makes the pages past the new end raise
        // SIGBUS: `on_truncation_exit` turns that into a clear message and
        // exit code 2 instead of a crash. Another program that rewrites the
        // file in place while it is mapped breaks the assumption that the
        // bytes do not change: what is read may then mix both versions (and
        // the findings show lines of the new one). Tools that edit zones
        // write a new file and rename it, which leaves the mapped one whole;
        // `format`, which writes the file back, takes the text's digest
        // first (`take_digest`) and writes only over a file that still has
        // it.
        let map = unsafe { memmap2::Mmap::map(file) }.ok()?;
        let slot = claim_slot(map.as_ptr() as usize, map.len())?;
        Some(Text(Repr::Mapped(map, 0.into(), slot, None)))
    }

    /// Takes the BLAKE3 digest of a mapped text now (a text read into
    /// memory is its own record of what was read). The digest is the
    /// file's content as the text is read from then on: a command that
    /// writes the file back compares it with the file's before it replaces
    /// the file, so that a change another program made meanwhile is never
    /// overwritten.
    pub fn take_digest(&mut self) {
        #[cfg(target_os = "linux")]
        if let Repr::Mapped(map, _, _, digest) = &mut self.0 {
            let mut hasher = blake3::Hasher::new();
            hasher.update_rayon(map);
            *digest = Some(hasher.finalize());
        }
    }

    /// The digest [`Text::take_digest`] took, if it took one.
    pub fn digest_as_mapped(&self) -> Option<blake3::Hash> {
        match &self.0 {
            #[cfg(target_os = "linux")]
            Repr::Mapped(_, _, _, digest) => *digest,
            Repr::Owned(_) => None,
        }
    }

    /// Not mapped where the truncation guard is not built.
    #[cfg(not(target_os = "linux"))]
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
        #[cfg(target_os = "linux")]
        if let Repr::Mapped(map, ..) = &self.0 {
            let page = page_size();
            let start = range.start.next_multiple_of(page);
            let end = range.end.min(map.len()) / page * page;
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
        #[cfg(not(target_os = "linux"))]
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
        #[cfg(target_os = "linux")]
        if let Repr::Mapped(_, reads, ..) = &self.0 {
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
            #[cfg(target_os = "linux")]
            Repr::Mapped(map, ..) => map,
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

impl Drop for Text {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Repr::Mapped(_, _, slot, _) = &self.0 {
            // Out of the guard's list before the mapping goes.
            let (start, end) = &MAPPED[*slot];
            end.store(0, Ordering::SeqCst);
            start.store(0, Ordering::SeqCst);
        }
    }
}

#[cfg(target_os = "linux")]
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system's page size (what `madvise` ranges are aligned to).
#[cfg(target_os = "linux")]
fn page_size() -> usize {
    static PAGE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *PAGE.get_or_init(|| {
        // SAFETY: sysconf only reads a system setting.
        usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) })
            .ok()
            .filter(|&size| size.is_power_of_two())
            .unwrap_or(4096)
    })
}

/// The address ranges (start, end) of the files mapped now, for the
/// SIGBUS handler to tell a shrunk zone file from any other fault; a free
/// slot has start 0. A file mapped when all are taken is read instead.
#[cfg(target_os = "linux")]
static MAPPED: [(AtomicUsize, AtomicUsize); 64] =
    [const { (AtomicUsize::new(0), AtomicUsize::new(0)) }; 64];

/// Takes a free slot of [`MAPPED`] for the mapping at `start`.
#[cfg(target_os = "linux")]
fn claim_slot(start: usize, length: usize) -> Option<usize> {
    MAPPED.iter().position(|(slot_start, slot_end)| {
        let taken = slot_start
            .compare_exchange(0, start, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok();
        if taken {
            slot_end.store(start + length, Ordering::SeqCst);
        }
        taken
    })
}

/// What a SIGBUS on a mapped zone file prints before the exit.
#[cfg(target_os = "linux")]
const TRUNCATED: &[u8] =
    b"zonelint: a zone file shrank while it was read; nothing was written; check it again\n";

/// The SIGBUS action before [`on_truncation_exit`] installed its own,
/// written once before the handler that reads it is installed.
#[cfg(target_os = "linux")]
static PREVIOUS: std::sync::OnceLock<libc::sigaction> = std::sync::OnceLock::new();

/// Makes a SIGBUS inside a mapped zone file (a read past the end of a file
/// that another program shrank) print what happened and exit with code 2,
/// the code of an input that could not be read: the verdict on a file that
/// changed while it was read is no verdict. A SIGBUS anywhere else puts
/// back the action there was before and returns, so that the fault repeats
/// and is handled as it would have been.
#[cfg(target_os = "linux")]
fn on_truncation_exit() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        extern "C" fn handler(_: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
            // SAFETY: the kernel hands a valid siginfo_t; atomics loads,
            // write(2), sigaction(2) and _exit(2) are async-signal-safe.
            unsafe {
                let address = (*info).si_addr() as usize;
                let inside = MAPPED.iter().any(|(start, end)| {
                    let start = start.load(Ordering::SeqCst);
                    start != 0 && (start..end.load(Ordering::SeqCst)).contains(&address)
                });
                if inside {
                    // A file being written in place keeps its text: its
                    // temporary file goes.
                    crate::write::remove_pending();
                    libc::write(2, TRUNCATED.as_ptr().cast(), TRUNCATED.len());
                    libc::_exit(2);
                }
                let previous = PREVIOUS.get().map_or(std::ptr::null(), std::ptr::from_ref);
                if previous.is_null() {
                    let mut default: libc::sigaction = std::mem::zeroed();
                    default.sa_sigaction = libc::SIG_DFL;
                    libc::sigaction(libc::SIGBUS, &default, std::ptr::null_mut());
                } else {
                    libc::sigaction(libc::SIGBUS, previous, std::ptr::null_mut());
                }
            }
        }
        // SAFETY: reads the current action, then installs a handler that
        // only calls async-signal-safe functions.
        unsafe {
            let mut previous: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(libc::SIGBUS, std::ptr::null(), &mut previous) == 0 {
                let _ = PREVIOUS.set(previous);
            }
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = handler
                as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void)
                as libc::sighandler_t;
            action.sa_flags = libc::SA_SIGINFO;
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
