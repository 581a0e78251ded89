//! Shared by the core's and `s11`'s Windows tests (included with `#[path]`,
//! as the two are separate test crates).

use std::path::Path;

/// Opens `path` as a PDF reader does: on Windows sharing read only
/// (FILE_SHARE_READ), so others may read it, not write, delete or rename it.
#[cfg(windows)]
pub fn open_like_a_reader(path: &Path) -> std::fs::File {
    use std::os::windows::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .share_mode(0x1)
        .open(path)
        .expect("opened as a reader would")
}

#[cfg(not(windows))]
pub fn open_like_a_reader(path: &Path) -> std::fs::File {
    std::fs::File::open(path).expect("opened as a reader would")
}

/// How many temporary `.partial` files an export left in `dir`.
pub fn partial_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .count()
}
