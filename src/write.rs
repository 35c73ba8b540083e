//! Writing a file in place without losing it (DESIGN §7, §10).
//!
//! The new text goes to a temporary file beside the original, with a
//! random name and created exclusively, so that nothing planted in a
//! shared folder (a link, a FIFO, a file of the same name) is ever opened.
//! The copy gets the original's permissions and owner before any byte is
//! written, is synced, read back and checked, and only then renamed over
//! the original; the folder is synced after the rename so the new name
//! survives a crash. A file that changed on disk since it was read, or
//! that has no write permission, is left alone.

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// Why a file was not written. The original is byte for byte as it was.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file is read-only (no write permission bit, or it cannot be
    /// opened for writing); a read-only file is not replaced.
    #[error("{0}: the file is read-only; it is left as it is")]
    ReadOnly(PathBuf),
    /// The file is not what was read: someone else changed it since.
    #[error("{0}: the file changed on disk since it was read; it is left as it is")]
    Changed(PathBuf),
    /// The written text did not read back as intended.
    #[error("{0}: the written text did not read back as intended; nothing changed")]
    Unverified(PathBuf),
    /// An input/output error at one step.
    #[error("{path}: {step}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done.
        step: &'static str,
        /// Why it failed.
        source: std::io::Error,
    },
}

/// What a file must still hold to be replaced: the text it was read
/// from.
#[derive(Clone, Copy, Debug)]
pub enum Original<'a> {
    /// These bytes.
    Text(&'a [u8]),
    /// Bytes with this BLAKE3 digest and length: the text was mapped from
    /// the file, so the mapping reads whatever the file holds now, and its
    /// digest was taken before it was read
    /// ([`crate::zone::Text::take_digest`]).
    Digest(blake3::Hash, u64),
}

/// Replaces the contents of `path`, which must still hold `original` (the
/// text the new one was made from), with `text`, when the temporary file
/// reads back as `text` byte for byte and `verify` accepts it (it is given
/// `text`, which the file was just compared with). On any error the file
/// is left as it was and no temporary file is left behind. Neither the
/// text read back nor the original read again is held whole: both are
/// compared a stretch at a time.
///
/// `path` is written as named: a caller that wants a symbolic link's
/// target written passes the canonical path.
pub fn write_checked(
    path: &Path,
    original: &[u8],
    text: &[u8],
    verify: impl Fn(&[u8]) -> bool,
) -> Result<(), WriteError> {
    let mut replacement = Replacement::begin(path)?;
    replacement.write(text)?;
    replacement.finish(Original::Text(original), |back| {
        Ok(holds(back, text)? && verify(text))
    })
}

/// A new text for a file, written into a temporary file beside it a part
/// at a time, then checked and renamed over it ([`write_checked`] in
/// steps, for a text too large to hold whole). Dropped before
/// [`Replacement::finish`], it leaves the file as it was and removes the
/// temporary file.
pub struct Replacement {
    /// The file replaced.
    path: PathBuf,
    temporary: tempfile::NamedTempFile,
    /// How much was written, and how much of it the system was asked to
    /// start writing to disk.
    written: u64,
    started: u64,
    /// The temporary file's place among those an abrupt exit removes.
    _pending: Pending,
}

/// How much written text [`Replacement::write`] lets wait before it asks
/// the system to start writing it to disk.
const START_WRITING: u64 = 8 << 20;

impl Replacement {
    /// Makes the temporary file for a new text of `path`, with its mode
    /// and owner; an error if the file is read-only or cannot be read.
    pub fn begin(path: &Path) -> Result<Replacement, WriteError> {
        let io = io_error(path);
        let folder = folder_of(path);
        let metadata = std::fs::metadata(path).map_err(io("cannot read its metadata"))?;
        let permissions = metadata.permissions();
        // Root may write anything, so the mode itself is the signal: a
        // file without any write bit is not to be replaced. Opening it for
        // writing (without truncating) asks the system for everyone else.
        if permissions.readonly() || std::fs::OpenOptions::new().append(true).open(path).is_err() {
            return Err(WriteError::ReadOnly(path.to_path_buf()));
        }
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut temporary = tempfile::Builder::new()
            .prefix(&format!(".{file_name}."))
            .suffix(".zonelint.tmp")
            .tempfile_in(folder)
            .map_err(io("cannot create a temporary file beside it"))?;
        // From here on the temporary file is removed when `temporary` is
        // dropped, on every error path.
        // The copy gets the original's mode (and owner, where allowed)
        // before any byte is written, so it is never more readable than
        // the original.
        let file = temporary.as_file_mut();
        file.set_permissions(permissions.clone())
            .map_err(io("cannot set the temporary file's permissions"))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            // Changing the owner needs privileges a user may not have; the
            // copy then belongs to whoever runs zonelint, as with any editor.
            let _ = std::os::unix::fs::fchown(&*file, Some(metadata.uid()), Some(metadata.gid()));
        }
        let pending = Pending::note(temporary.path());
        test_hook::change_while_writing(path);
        Ok(Replacement {
            path: path.to_path_buf(),
            temporary,
            written: 0,
            started: 0,
            _pending: pending,
        })
    }

    /// Appends `part` to the new text. Every few MiB the system is asked
    /// to start writing what came so far to disk, so that the sync at the
    /// end of a large text has little left to wait for.
    pub fn write(&mut self, part: &[u8]) -> Result<(), WriteError> {
        let file = self.temporary.as_file_mut();
        file.write_all(part)
            .map_err(io_error(&self.path)("writing the temporary file failed"))?;
        self.written += part.len() as u64;
        if self.written - self.started >= START_WRITING {
            #[cfg(target_os = "linux")]
            {
                use std::os::fd::AsRawFd as _;
                let (from, length) = (self.started, self.written - self.started);
                // SAFETY: a plain system call on the open file's descriptor;
                // it only starts writeback of pages already written. Its
                // failure changes nothing: `finish` syncs the whole file.
                unsafe {
                    libc::sync_file_range(
                        file.as_raw_fd(),
                        i64::try_from(from).unwrap_or(i64::MAX),
                        i64::try_from(length).unwrap_or(0),
                        libc::SYNC_FILE_RANGE_WRITE,
                    );
                }
            }
            self.started = self.written;
        }
        Ok(())
    }

    /// Syncs the new text, reads it back through a fresh handle (as the
    /// next reader of the zone will) for `check` to accept, makes sure the
    /// file still holds `original`, and renames the new text over it. The
    /// file is read again on a thread of its own while the new text is
    /// synced and read back: both are read whole, and neither waits for
    /// the other.
    pub fn finish(
        mut self,
        original: Original<'_>,
        check: impl FnOnce(File) -> std::io::Result<bool>,
    ) -> Result<(), WriteError> {
        let path = self.path.as_path();
        let io = io_error(path);
        let (temporary, still) = std::thread::scope(|scope| {
            let still = scope.spawn(|| still_holds(path, original));
            let temporary = &mut self.temporary;
            let back = temporary
                .as_file_mut()
                .sync_all()
                .map_err(io("writing the temporary file failed"))
                .and_then(|()| {
                    File::open(temporary.path())
                        .and_then(check)
                        .map_err(io("cannot read the temporary file back"))
                });
            let still = still
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (back, still)
        });
        // The errors in the order the steps come.
        if !temporary? {
            return Err(WriteError::Unverified(path.to_path_buf()));
        }
        if !still.map_err(io("cannot read it again"))? {
            return Err(WriteError::Changed(path.to_path_buf()));
        }
        self.temporary
            .persist(path)
            .map_err(|error| WriteError::Io {
                path: path.to_path_buf(),
                step: "cannot replace it",
                source: error.error,
            })?;
        // The rename is only durable once the folder's entry is on disk.
        sync_folder(folder_of(path)).map_err(io("cannot sync its folder"))?;
        Ok(())
    }
}

/// The temporary files being written, for an exit that skips every
/// destructor to remove: the one on a mapped zone file that shrank while it
/// was read (`zone/text.rs`). A slot is free (0), being filled or emptied
/// (1), or holds the NUL-terminated path of a temporary file (2); paths
/// longer than a slot, and files beyond the slots, are not noted.
#[cfg(target_os = "linux")]
static PENDING: [(std::sync::atomic::AtomicU8, PathSlot); 16] =
    [const { (std::sync::atomic::AtomicU8::new(0), PathSlot::new()) }; 16];

/// The bytes of a path in [`PENDING`]: written only by the thread that
/// took the slot (state 1), read by the exit only in state 2.
#[cfg(target_os = "linux")]
struct PathSlot(std::cell::UnsafeCell<[u8; 4096]>);

// SAFETY: a slot's bytes are written only by the one thread that moved its
// state from 0 to 1, and read only while the state is 2 (see PENDING).
#[cfg(target_os = "linux")]
unsafe impl Sync for PathSlot {}

#[cfg(target_os = "linux")]
impl PathSlot {
    const fn new() -> Self {
        PathSlot(std::cell::UnsafeCell::new([0; 4096]))
    }
}

/// A temporary file noted in [`PENDING`] while it exists.
struct Pending(Option<usize>);

impl Pending {
    /// Notes the temporary file at `path`.
    fn note(path: &Path) -> Pending {
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::ffi::OsStrExt as _;
            use std::sync::atomic::Ordering::SeqCst;
            let bytes = path.as_os_str().as_bytes();
            if bytes.len() >= 4096 || bytes.contains(&0) {
                return Pending(None);
            }
            // Slots are taken in turn, so that a slot just let go (which
            // the exit may be reading) is the last to be written again.
            static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let first = NEXT.fetch_add(1, SeqCst);
            for i in (first..first + PENDING.len()).map(|i| i % PENDING.len()) {
                let (state, slot) = &PENDING[i];
                if state.compare_exchange(0, 1, SeqCst, SeqCst).is_ok() {
                    // SAFETY: state 1 makes this thread the slot's only
                    // writer, and the exit does not read it until state 2.
                    let buffer = unsafe { &mut *slot.0.get() };
                    buffer[..bytes.len()].copy_from_slice(bytes);
                    buffer[bytes.len()] = 0;
                    state.store(2, SeqCst);
                    return Pending(Some(i));
                }
            }
        }
        let _ = path;
        Pending(None)
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Some(i) = self.0 {
            PENDING[i].0.store(0, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

/// Removes the temporary files being written, for an exit that skips the
/// destructors that would. Async-signal-safe: atomic loads and unlink(2).
#[cfg(target_os = "linux")]
pub(crate) fn remove_pending() {
    for (state, slot) in &PENDING {
        if state.load(std::sync::atomic::Ordering::SeqCst) == 2 {
            // SAFETY: in state 2 the slot holds a NUL-terminated path.
            unsafe {
                libc::unlink(slot.0.get().cast::<libc::c_char>());
            }
        }
    }
}

/// A hook for the tests, compiled only into debug builds (the tests'
/// builds), never into a release.
mod test_hook {
    /// With `ZONELINT_TEST_CHANGE_WHILE_WRITING` set, the file about to be
    /// replaced is changed as soon as its temporary file is made, as
    /// another program might change it meanwhile: `shrink` empties it,
    /// `touch` changes its first byte in place (same length, same file).
    pub fn change_while_writing(path: &std::path::Path) {
        #[cfg(debug_assertions)]
        if let Some(how) = std::env::var_os("ZONELINT_TEST_CHANGE_WHILE_WRITING") {
            use std::io::{Read as _, Seek as _, Write as _};
            let Ok(mut file) = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)
            else {
                return;
            };
            let mut first = [0];
            if how == "shrink" {
                let _ = file.set_len(0);
            } else if file.read_exact(&mut first).is_ok() {
                let _ = file.seek(std::io::SeekFrom::Start(0));
                let _ = file.write_all(if first[0] == b';' { b" " } else { b";" });
            }
        }
        #[cfg(not(debug_assertions))]
        let _ = path;
    }
}

/// The folder a file is in ("." for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// An error of `path` at a step.
fn io_error(path: &Path) -> impl Fn(&'static str) -> Box<dyn FnOnce(std::io::Error) -> WriteError> {
    let path = path.to_path_buf();
    move |step| {
        let path = path.clone();
        Box::new(move |source| WriteError::Io { path, step, source })
    }
}

/// Whether the file at `path` still holds exactly `original`.
fn still_holds(path: &Path, original: Original<'_>) -> std::io::Result<bool> {
    let file = File::open(path)?;
    match original {
        Original::Text(text) => holds(file, text),
        Original::Digest(digest, length) => {
            if file.metadata()?.len() != length {
                return Ok(false);
            }
            Ok(digest_of(file)? == (digest, length))
        }
    }
}

/// How much of a file [`holds`] reads at a time.
const STRETCH: usize = 1 << 20;

/// Whether `file`, read from where it is to its end, holds exactly
/// `expected`; read and compared a stretch at a time.
fn holds(file: File, expected: &[u8]) -> std::io::Result<bool> {
    if file.metadata()?.len() != expected.len() as u64 {
        return Ok(false);
    }
    let mut same = true;
    let mut at = 0;
    let read = read_stretches(file, |stretch| {
        same = expected.get(at..at + stretch.len()) == Some(stretch);
        at += stretch.len();
        same
    })?;
    Ok(same && read == expected.len() as u64)
}

/// The BLAKE3 digest and length of what `file` holds from where it is,
/// read a stretch at a time.
pub fn digest_of(file: File) -> std::io::Result<(blake3::Hash, u64)> {
    let mut digest = blake3::Hasher::new();
    let length = read_stretches(file, |stretch| {
        digest.update(stretch);
        true
    })?;
    Ok((digest.finalize(), length))
}

/// Reads `file` from where it is to its end a stretch of at most 1 MiB
/// at a time, handing each to `each` until it says to stop; returns how
/// much was read.
fn read_stretches(mut file: File, mut each: impl FnMut(&[u8]) -> bool) -> std::io::Result<u64> {
    let mut buffer = vec![0; STRETCH];
    let mut read = 0;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return Ok(read),
            Ok(length) => {
                read += length as u64;
                if !each(&buffer[..length]) {
                    return Ok(read);
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// Syncs a folder's entries to disk (a no-op where folders cannot be
/// opened as files).
fn sync_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(folder)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder for one test.
    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("zonelint-write-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The names in a folder, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_and_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = folder("mode");
        let path = dir.join("a.zone");
        std::fs::write(&path, "old\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_checked(&path, b"old\n", b"new\n", |_| true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(names(&dir), ["a.zone"], "no temporary file left");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A text of several stretches is compared whole: a byte changed in
    /// any stretch, or one more or one less at the end, is seen.
    #[test]
    fn files_are_compared_a_stretch_at_a_time_and_whole() {
        let dir = folder("stretches");
        let path = dir.join("a.zone");
        let text: Vec<u8> = (0..3 * STRETCH + 17).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        assert!(holds(File::open(&path).unwrap(), &text).unwrap());
        for at in [0, STRETCH - 1, STRETCH, 2 * STRETCH + 5, text.len() - 1] {
            let mut other = text.clone();
            other[at] ^= 1;
            assert!(!holds(File::open(&path).unwrap(), &other).unwrap(), "{at}");
        }
        assert!(!holds(File::open(&path).unwrap(), &text[..text.len() - 1]).unwrap());
        let mut longer = text.clone();
        longer.push(b'\n');
        assert!(!holds(File::open(&path).unwrap(), &longer).unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A text written in parts, past the point where the system is asked
    /// to start writing it, is the file's whole text once finished.
    #[test]
    fn a_large_text_written_in_parts_is_whole() {
        let dir = folder("parts");
        let path = dir.join("a.zone");
        std::fs::write(&path, "old\n").unwrap();
        let part: Vec<u8> = (0..(3 << 20)).map(|i| (i % 253) as u8).collect();
        let mut replacement = Replacement::begin(&path).unwrap();
        for _ in 0..7 {
            replacement.write(&part).unwrap();
        }
        assert!(replacement.written > 2 * START_WRITING);
        replacement
            .finish(Original::Text(b"old\n"), |_| Ok(true))
            .unwrap();
        let text = std::fs::read(&path).unwrap();
        assert_eq!(text.len(), 7 * part.len());
        assert!(text.chunks(part.len()).all(|chunk| chunk == part));
        assert_eq!(names(&dir), ["a.zone"], "no temporary file left");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = folder("changed");
        let path = dir.join("a.zone");
        std::fs::write(&path, "someone else's edit\n").unwrap();
        let error = write_checked(&path, b"what was read\n", b"fixed\n", |_| true).unwrap_err();
        assert!(matches!(error, WriteError::Changed(_)), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"someone else's edit\n");
        assert_eq!(names(&dir), ["a.zone"], "no temporary file left");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_read_only_file_is_not_replaced() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = folder("readonly");
        let path = dir.join("a.zone");
        std::fs::write(&path, "old\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let error = write_checked(&path, b"old\n", b"new\n", |_| true).unwrap_err();
        assert!(matches!(error, WriteError::ReadOnly(_)), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_rejected_text_leaves_the_file_and_no_temporary() {
        let dir = folder("rejected");
        let path = dir.join("a.zone");
        std::fs::write(&path, "old\n").unwrap();
        let error = write_checked(&path, b"old\n", b"new\n", |_| false).unwrap_err();
        assert!(matches!(error, WriteError::Unverified(_)), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old\n");
        assert_eq!(names(&dir), ["a.zone"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Links and FIFOs planted at every name the writer could guess (the
    /// old predictable `.NAME.zonelint-PID.tmp`, and names of the new
    /// pattern) are never opened: the write goes to a fresh file and the
    /// planted targets are untouched. A FIFO opened for writing would
    /// block forever, so the write runs on a thread with a deadline.
    #[test]
    fn planted_links_and_fifos_are_never_opened() {
        let dir = folder("planted");
        let path = dir.join("a.zone");
        std::fs::write(&path, "old\n").unwrap();
        let victim = dir.join("victim");
        std::fs::write(&victim, "precious\n").unwrap();
        let pid = std::process::id();
        std::os::unix::fs::symlink(&victim, dir.join(format!(".a.zone.zonelint-{pid}.tmp")))
            .unwrap();
        std::os::unix::fs::symlink(&victim, dir.join(".a.zone.zonelint.tmp")).unwrap();
        let fifo = dir.join(format!(".a.zone.zonelint-{}.tmp", pid + 1));
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let (send, receive) = std::sync::mpsc::channel();
        let target = path.clone();
        std::thread::spawn(move || {
            let _ = send.send(
                write_checked(&target, b"old\n", b"new\n", |_| true).map_err(|e| e.to_string()),
            );
        });
        let result = receive
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the write does not block on a planted FIFO");
        result.unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious\n");
        use std::os::unix::fs::FileTypeExt as _;
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
