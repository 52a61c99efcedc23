//! Size caps on every input the app reads into memory, so that
//! `--answers /dev/zero` or `import /dev/zero` ends in a clear error
//! instead of an exhausted machine. A regular file is checked by its size
//! before it is opened; anything else (a pipe, a FIFO, a device such as
//! `/dev/zero`) is read up to the cap and refused one byte past it.
//!
//! | input | cap |
//! |---|---|
//! | answers file (`--answers`) | [`ANSWERS_FILE_BYTES`] |
//! | activity file given to `import` | [`backstride_formats::activity::MAX_FILE_BYTES`] |
//! | entry of an archive, inflated gzip | [`backstride_formats::activity::MAX_ENTRY_BYTES`] (in formats) |
//! | pose keypoint file (`form`) | [`POSE_FILE_BYTES`] |

use std::io::Read;
use std::path::Path;

/// 1 MiB: a filled-in answers file is about 2 KB.
pub const ANSWERS_FILE_BYTES: u64 = 1024 * 1024;

/// 256 MiB: a 20,000-frame COCO-17 keypoint file is about 21 MB
/// (docs/pose-inputs.md).
pub const POSE_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a capped read failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Larger than the cap.
    #[error("larger than {}, the most accepted for {what}", human(*.limit))]
    TooLarge {
        /// What the input is ("an answers file").
        what: &'static str,
        /// The cap, bytes.
        limit: u64,
    },
    /// A folder where a file was expected.
    #[error("is a folder, not a file")]
    Folder,
    /// The operating system's error.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
}

/// Reads the file at `path` whole, refusing more than `limit` bytes.
pub fn read(path: &Path, limit: u64, what: &'static str) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ReadError::TooLarge { what, limit });
    }
    let hint = if meta.is_file() { meta.len() } else { 0 };
    read_from(std::fs::File::open(path)?, hint, limit, what)
}

/// Reads `reader` to its end, refusing more than `limit` bytes.
pub fn read_from(
    reader: impl Read,
    size_hint: u64,
    limit: u64,
    what: &'static str,
) -> Result<Vec<u8>, ReadError> {
    let capacity = usize::try_from(size_hint.min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    // One byte past the cap tells "exactly at" from "over".
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { what, limit });
    }
    Ok(bytes)
}

/// A byte count in words: "1 MiB", "128 MiB", "900 bytes".
pub fn human(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_reader_stops_one_byte_past_the_cap() {
        let err = read_from(std::io::repeat(0), 0, 1000, "a test input").expect_err("capped");
        assert_eq!(
            err.to_string(),
            "larger than 1000 bytes, the most accepted for a test input"
        );
        let ok = read_from(std::io::repeat(7).take(1000), 0, 1000, "a test input")
            .expect("exactly at the cap is accepted");
        assert_eq!(ok.len(), 1000);
    }

    #[test]
    fn a_large_regular_file_is_refused_by_its_size_before_reading() {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        // Sparse: no data is written, only the size is set.
        file.as_file()
            .set_len(ANSWERS_FILE_BYTES + 1)
            .expect("set_len");
        let err = read(file.path(), ANSWERS_FILE_BYTES, "an answers file").expect_err("too big");
        assert_eq!(
            err.to_string(),
            "larger than 1 MiB, the most accepted for an answers file"
        );
    }
}
