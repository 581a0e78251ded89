//! Files in and out, safely (issues 7 and 19).
//!
//! Invariants kept here for every export, in the app and the command line:
//! - an export is written to a temporary file beside the target, flushed to
//!   disk, then renamed into place, so a failed export never leaves half a
//!   file under the name the user chose;
//! - an export never replaces an audit or a minute pack (recognised by its
//!   content: our SQLite application id or an encrypted-looking first
//!   page; not only by a `.s11` name), nor the file being read,
//!   nor follows a link that points nowhere;
//! - what we write is readable by its owner only on Unix (0600): audits,
//!   packs, notes files and backups hold minutes naming children and staff;
//! - what we read from a user is an ordinary file (never a device or a FIFO,
//!   which can be endless), read with its size limit enforced while reading.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Why an export was not written. Messages are for the chair.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{0} is a Section 11 audit, minute pack or regional collation. Choose another name: an export never replaces an audit, a minute pack or a regional collation.")]
    WouldReplaceAudit(PathBuf),
    #[error("{0} is the file being read. Choose another name for the export.")]
    SameAsInput(PathBuf),
    #[error("{0} is a link to a file that does not exist. Choose another name.")]
    DanglingLink(PathBuf),
    #[error("{0} is not an ordinary file. Choose another name for the export.")]
    NotOrdinary(PathBuf),
    #[error("{0} is open in another program (a PDF reader or Word, perhaps), which stops it being replaced. Close it there and export again, or choose another name.")]
    OpenElsewhere(PathBuf),
    #[error("could not write {0}: {1}. Check that the folder exists and is writable, and the disk has space.")]
    Io(PathBuf, String),
}

impl OutputError {
    /// The error for a failed write of `path`: one refused because another
    /// program holds the file open (Windows) says so.
    pub fn writing(path: &Path, e: &std::io::Error) -> OutputError {
        if e.kind() == std::io::ErrorKind::ResourceBusy {
            OutputError::OpenElsewhere(path.to_path_buf())
        } else {
            OutputError::Io(path.to_path_buf(), e.to_string())
        }
    }
}

/// Why a file given to read was refused.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0} is not an ordinary file (it may be a device, a pipe or a folder), so it cannot be read as one.")]
    NotOrdinary(PathBuf),
    #[error("{0} is too large ({1} bytes or more; the largest accepted is {2} bytes).")]
    TooLarge(PathBuf, u64, u64),
    #[error("could not read {0}: {1}.")]
    Io(PathBuf, String),
}

/// "S11P": marks a SQLite file as a Section 11 Panel audit.
pub const APPLICATION_ID: i32 = 0x5331_3150;

/// "S11R": marks a SQLite file as a regional collation (issue 17), never
/// to be taken for an audit or written over by an export.
pub const REGION_APPLICATION_ID: i32 = 0x5331_3152;

/// An audit's (and a minute pack's) extension.
pub const AUDIT_EXTENSION: &str = "s11";

/// Whether `path` names an audit by its extension, in any case (Windows
/// names are case-insensitive: `AUDIT.S11` is an audit there).
pub fn has_audit_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(AUDIT_EXTENSION))
}

/// `path` with the extension `ext`, added when it has another or none (a
/// save dialog on some systems drops it); an extension differing only in
/// case is kept as typed.
pub fn with_extension(path: &Path, ext: &str) -> PathBuf {
    let mut path = path.to_path_buf();
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    {
        path.set_extension(ext);
    }
    path
}

/// Every plain SQLite file starts with these 16 bytes; an encrypted one does not.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` could be a protected audit. A SQLCipher file is
/// whole pages long (pages are at least 512 bytes) and its first page, a
/// random salt followed by ciphertext, looks like random bytes: nearly every
/// byte value appears in it. A text file, a truncated copy or a file whose
/// first page was zeroed by a failing disk fails these checks and is then
/// told it is not an audit (so a backup can be offered) instead of being
/// asked for a passphrase that cannot help.
pub fn may_be_protected(path: &Path) -> bool {
    use std::io::Read;
    let Ok(len) = std::fs::metadata(path).map(|m| m.len()) else {
        return false;
    };
    if len == 0 || len % 512 != 0 {
        return false;
    }
    let mut head = [0u8; 512];
    if std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_err()
        || head.starts_with(SQLITE_HEADER)
    {
        return false;
    }
    // 512 random bytes show about 220 distinct values; text shows under 100.
    let mut seen = [false; 256];
    for b in head {
        seen[usize::from(b)] = true;
    }
    seen.iter().filter(|s| **s).count() >= 160
}

/// The first bytes of an age-encrypted file (our encrypted packs and notes).
pub const AGE_HEADER: &[u8] = b"age-encryption.org/v1";

/// Whether the file at `path` is (or may be) an audit or a minute pack:
/// a SQLite file carrying our application id, a file that looks like a
/// protected (encrypted) audit, or a `.s11` name.
pub fn is_audit_or_pack(path: &Path) -> bool {
    if has_audit_extension(path) && path.exists() {
        return true;
    }
    let mut head = [0u8; 72];
    let n = std::fs::File::open(path)
        .and_then(|mut f| read_up_to(&mut f, &mut head))
        .unwrap_or(0);
    if head[..n].starts_with(AGE_HEADER) {
        // An encrypted notes file: a new export of the same notes may
        // replace it (packs are SQLCipher files, never age).
        return false;
    }
    if n == 72 && head.starts_with(SQLITE_HEADER) {
        let id = i32::from_be_bytes([head[68], head[69], head[70], head[71]]);
        return id == APPLICATION_ID || id == REGION_APPLICATION_ID;
    }
    may_be_protected(path)
}

fn read_up_to(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Checks that an export may be written at `out` while `reading` is read.
pub fn check_output(out: &Path, reading: &[&Path]) -> Result<(), OutputError> {
    let link = std::fs::symlink_metadata(out);
    if link.as_ref().is_ok_and(|m| m.file_type().is_symlink()) && !out.exists() {
        return Err(OutputError::DanglingLink(out.to_path_buf()));
    }
    if reading.iter().any(|input| same_file(input, out)) {
        return Err(OutputError::SameAsInput(out.to_path_buf()));
    }
    if let Ok(meta) = std::fs::metadata(out) {
        if !meta.is_file() {
            return Err(OutputError::NotOrdinary(out.to_path_buf()));
        }
        if is_audit_or_pack(out) {
            return Err(OutputError::WouldReplaceAudit(out.to_path_buf()));
        }
    }
    Ok(())
}

/// Writes an export: checked by [`check_output`], then [`write_atomically`].
pub fn write_export(out: &Path, bytes: &[u8], reading: &[&Path]) -> Result<(), OutputError> {
    check_output(out, reading)?;
    write_atomically(out, bytes).map_err(|e| OutputError::writing(out, &e))
}

/// A name beside `path` for a file being made, unique to this process.
pub fn partial_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

/// Creates a new, empty file at `path` readable by its owner only (on
/// Unix); fails if anything, even a dangling link, is already there.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Replaces whatever is at `path` with `bytes`, atomically, owner-only.
/// A link at `path` is replaced, never followed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_replacing(path, bytes, true)
}

/// Writes a drawn report (PDF or Word): as [`write_export`], atomically and
/// owner-only, but not forced to disk before returning. The report is made
/// again from the audit at any time, while the wait for the disk (fsync)
/// was 5-11 ms of a 20 ms `s11 export-pdf` (issue 22). Exports that carry
/// something found nowhere else (a minute-taker's notes) use
/// [`write_export`], which is.
pub fn write_report_export(out: &Path, bytes: &[u8], reading: &[&Path]) -> Result<(), OutputError> {
    check_output(out, reading)?;
    write_replacing(out, bytes, false).map_err(|e| OutputError::writing(out, &e))
}

fn write_replacing(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let tmp = partial_path(path);
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let mut f = create_private(&tmp)?;
        f.write_all(bytes)?;
        if durable {
            f.sync_all()?;
        }
        // Closed before the rename: Windows cannot rename a file this
        // process still holds open.
        drop(f);
        replace_file(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Renames `from` over `to`, replacing any file there, atomically.
///
/// On Unix this is `rename(2)`. On Windows `std::fs::rename` replaces an
/// existing file too (MoveFileEx with MOVEFILE_REPLACE_EXISTING), but fails
/// while another program has `to` open (a PDF reader showing last week's
/// export, Word with the .docx) and, for a moment after a file is written,
/// while an antivirus scanner or the search indexer reads it. The second is
/// over in well under a second, so a refused rename is tried again a few
/// times before giving up; the first lasts until the chair closes the other
/// program, and is then reported as [`std::io::ErrorKind::ResourceBusy`]
/// so that the message can say what to do (see [`OutputError::OpenElsewhere`]).
pub fn replace_file(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(windows)]
    {
        const TRIES: u32 = 8;
        let mut attempt = 0;
        loop {
            match std::fs::rename(from, to) {
                Ok(()) => return Ok(()),
                Err(e) if is_held_open(&e) && attempt + 1 < TRIES => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(25 << attempt.min(3)));
                }
                Err(e) if is_held_open(&e) && to.exists() => {
                    return Err(std::io::Error::new(std::io::ErrorKind::ResourceBusy, e));
                }
                Err(e) => return Err(e),
            }
        }
    }
    #[cfg(not(windows))]
    {
        std::fs::rename(from, to)
    }
}

/// Whether a Windows error is one that another program's open handle on
/// the file gives: ERROR_ACCESS_DENIED (5), ERROR_SHARING_VIOLATION (32) or
/// ERROR_LOCK_VIOLATION (33).
#[cfg(windows)]
fn is_held_open(e: &std::io::Error) -> bool {
    matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

/// A file name to offer in a save dialog, made from text the chair typed
/// (a partnership's, review's or person's name) and an extension without
/// its dot: `suggested_file_name("Testshire: 2024/25", "pdf")` is
/// `"Testshire- 2024-25.pdf"`.
///
/// The one place suggested names are made safe, for every system the app
/// runs on, whichever it runs on now (an audit made on Linux is exported on
/// Windows): characters Windows forbids in a name (`\ / : * ? " < > |`) and
/// control characters become `-` or a space; spaces and dots at either end
/// go (Windows drops trailing ones silently, and a leading dot hides the file
/// on Linux and macOS); a name Windows keeps for a device (`CON`, `aux`,
/// `NUL.pdf`, `COM1`, `LPT9`...), which would open the device rather than a
/// file, gets `_` after the device name (`aux_.s11`); a very long name is cut short (whole characters) to
/// stay well inside Windows' 260-character path limit; an empty one becomes
/// "Section 11".
pub fn suggested_file_name(stem: &str, extension: &str) -> String {
    const MAX_STEM_CHARS: usize = 120;
    let mut cleaned = String::with_capacity(stem.len());
    for c in stem.chars() {
        let c = match c {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() || crate::interchange::is_bidi_control(c) => ' ',
            c => c,
        };
        // One space for a run of spaces (a line break typed in a name).
        if !(c == ' ' && cleaned.ends_with(' ')) {
            cleaned.push(c);
        }
    }
    let mut stem: String = cleaned
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .chars()
        .take(MAX_STEM_CHARS)
        .collect();
    stem = stem
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    if stem.is_empty() {
        stem = "Section 11".into();
    }
    if is_reserved_on_windows(&stem) {
        // Before the first dot: Windows reads `aux.s11_` as the device AUX.
        let base_end = stem.find('.').unwrap_or(stem.len());
        stem.insert(base_end, '_');
    }
    let extension = extension.trim_start_matches('.');
    if extension.is_empty() {
        stem
    } else {
        format!("{stem}.{extension}")
    }
}

/// Whether Windows takes `stem` (a name without our extension) for a device:
/// CON, PRN, AUX, NUL, COM0-9 and LPT0-9 (with the superscript digits ¹²³
/// too), in any case, alone or before a dot or trailing spaces.
pub fn is_reserved_on_windows(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or_default().trim_end();
    let upper = base.to_uppercase();
    if matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && rest.len() == 1
        && matches!(rest[0], '0'..='9' | '¹' | '²' | '³')
}

/// Moves the finished file `tmp` to `dest` without ever replacing a file at
/// `dest`: a hard link is made (which fails if `dest` exists, atomically),
/// then `tmp` removed. Where the file system has no hard links, `dest` is
/// checked and `tmp` renamed.
pub fn place_new(tmp: &Path, dest: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(tmp, dest) {
        Ok(()) => std::fs::remove_file(tmp),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            if std::fs::symlink_metadata(dest).is_ok() {
                return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
            }
            replace_file(tmp, dest)
        }
    }
}

/// Text from a file a person may have saved on Windows: UTF-8 with or
/// without the byte order mark Notepad and PowerShell put first, or UTF-16
/// with its mark (what Windows PowerShell 5's `Out-File` and `>` write).
/// `None` when it is none of these. Line endings are left as they are:
/// the importers turn CRLF into `\n` with the rest of their cleaning.
pub fn text_of(bytes: Vec<u8>) -> Option<String> {
    const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        if bytes.len() % 2 != 0 {
            return None;
        }
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| unit([pair[0], pair[1]]))
            .collect();
        String::from_utf16(&units).ok()
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        b if b.starts_with(UTF8_BOM) => String::from_utf8(b[UTF8_BOM.len()..].to_vec()).ok(),
        _ => String::from_utf8(bytes).ok(),
    }
}

/// Reads a file a user gave, refusing anything but an ordinary file and
/// stopping at `max` bytes rather than reading on.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, InputError> {
    let shown = || path.to_path_buf();
    let meta = std::fs::metadata(path).map_err(|e| InputError::Io(shown(), e.to_string()))?;
    if !meta.is_file() {
        return Err(InputError::NotOrdinary(shown()));
    }
    if meta.len() > max {
        return Err(InputError::TooLarge(shown(), meta.len(), max));
    }
    let file = std::fs::File::open(path).map_err(|e| InputError::Io(shown(), e.to_string()))?;
    // Checked again on the open file: the name may now be something else.
    let opened = file
        .metadata()
        .map_err(|e| InputError::Io(shown(), e.to_string()))?;
    if !opened.is_file() {
        return Err(InputError::NotOrdinary(shown()));
    }
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::Io(shown(), e.to_string()))?;
    if bytes.len() as u64 > max {
        return Err(InputError::TooLarge(shown(), bytes.len() as u64, max));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_files_are_refused_and_limits_hold_while_reading() {
        // A device that never ends (Unix's; Windows has no such path).
        #[cfg(unix)]
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 1024),
            Err(InputError::NotOrdinary(_))
        ));
        let dir = tempfile::tempdir().expect("dir");
        assert!(
            matches!(
                read_limited(dir.path(), 1024),
                Err(InputError::NotOrdinary(_))
            ),
            "a folder is not an ordinary file"
        );
        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b' '; 2048]).expect("write");
        assert!(matches!(
            read_limited(&big, 1024),
            Err(InputError::TooLarge(..))
        ));
        assert_eq!(read_limited(&big, 4096).map(|b| b.len()).ok(), Some(2048));
    }

    #[cfg(unix)]
    #[test]
    fn exports_are_owner_only_and_a_dangling_link_is_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let out = dir.path().join("notes.json");
        write_export(&out, b"{}", &[]).expect("written");
        let mode = std::fs::metadata(&out).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600), "minutes are owner-only");
        let link = dir.path().join("link.pdf");
        let target = dir.path().join("elsewhere.pdf");
        std::os::unix::fs::symlink(&target, &link).expect("link");
        assert!(matches!(
            write_export(&link, b"x", &[]),
            Err(OutputError::DanglingLink(_))
        ));
        assert!(
            !target.exists(),
            "nothing was written where the link points"
        );
        assert!(matches!(
            write_export(&out, b"x", &[&out]),
            Err(OutputError::SameAsInput(_))
        ));
    }

    #[test]
    fn a_new_file_is_never_placed_over_another() {
        let dir = tempfile::tempdir().expect("dir");
        let (tmp, dest) = (dir.path().join("t"), dir.path().join("d"));
        std::fs::write(&tmp, b"new").expect("tmp");
        std::fs::write(&dest, b"old").expect("dest");
        assert!(place_new(&tmp, &dest).is_err());
        assert_eq!(std::fs::read(&dest).ok(), Some(b"old".to_vec()));
        std::fs::remove_file(&dest).expect("rm");
        place_new(&tmp, &dest).expect("placed");
        assert!(!tmp.exists());
    }
}
