//! Bounded reading: gzip inflation (`.fit.gz`, `.gpx.gz`, `.tcx.gz`, also
//! multi-member streams) and a capped `read_to_end` for archive entries, so
//! a zip bomb ends in [`DecodeError::TooLarge`] rather than an exhausted
//! machine.

use std::io::{ErrorKind, Read};

use flate2::read::MultiGzDecoder;

use super::DecodeError;

/// Inflates gzip bytes, refusing to produce more than `limit` bytes.
pub(crate) fn inflate(bytes: &[u8], limit: u64) -> Result<Vec<u8>, DecodeError> {
    let mut decoder = MultiGzDecoder::new(bytes);
    read_capped(&mut decoder, limit, size_hint(bytes)).map_err(|err| match err {
        DecodeError::Io { detail } => gzip_error(bytes.len(), detail),
        other => other,
    })
}

/// Deflate shrinks data at most about 1032-fold.
const MAX_DEFLATE_RATIO: usize = 1032;

/// How much room to make for the inflated bytes: the size the gzip trailer
/// states (the last member's size, modulo 4 GiB), when deflate could have
/// shrunk that much into these bytes; else a guess. Activity files shrink
/// 5-20x, so without the trailer the buffer would be copied as it doubles.
fn size_hint(bytes: &[u8]) -> usize {
    let stated = bytes
        .len()
        .checked_sub(4)
        .and_then(|at| bytes.get(at..))
        .and_then(|tail| <[u8; 4]>::try_from(tail).ok())
        .map(|tail| u32::from_le_bytes(tail) as usize);
    match stated {
        Some(size) if size <= bytes.len().saturating_mul(MAX_DEFLATE_RATIO) => size,
        _ => bytes.len().saturating_mul(4),
    }
    .min(64 * 1024 * 1024)
}

fn gzip_error(len: usize, detail: String) -> DecodeError {
    if detail.contains("unexpected end of file") || detail.contains("failed to fill whole buffer") {
        DecodeError::Gzip {
            detail: format!("truncated: the compressed data ends at byte {len}"),
        }
    } else {
        DecodeError::Gzip { detail }
    }
}

/// Reads `reader` to its end into memory, failing with
/// [`DecodeError::TooLarge`] past `limit` bytes.
pub(crate) fn read_capped(
    reader: &mut dyn Read,
    limit: u64,
    size_hint: usize,
) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(size_hint.min(usize::try_from(limit).unwrap_or(usize::MAX)));
    // Read one byte past the limit to tell "exactly at" from "over".
    let mut capped = reader.take(limit.saturating_add(1));
    match capped.read_to_end(&mut out) {
        Ok(_) => {}
        Err(err) if err.kind() == ErrorKind::UnexpectedEof => {
            return Err(DecodeError::Io {
                detail: "unexpected end of file".to_string(),
            });
        }
        Err(err) => {
            return Err(DecodeError::Io {
                detail: err.to_string(),
            });
        }
    }
    if out.len() as u64 > limit {
        return Err(DecodeError::TooLarge { limit });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(data).expect("write");
        enc.finish().expect("finish")
    }

    #[test]
    fn inflates_within_the_limit_and_refuses_beyond() {
        let data = vec![b'a'; 10_000];
        let packed = gz(&data);
        assert_eq!(inflate(&packed, 10_000).expect("fits"), data);
        assert_eq!(
            inflate(&packed, 9_999),
            Err(DecodeError::TooLarge { limit: 9_999 })
        );
    }

    #[test]
    fn truncated_gzip_says_so() {
        let packed = gz(&vec![b'x'; 5_000]);
        let cut = packed.get(..packed.len() / 2).expect("half");
        let err = inflate(cut, 1 << 20).expect_err("truncated");
        assert!(err.to_string().contains("truncated"), "{err}");
    }
}
