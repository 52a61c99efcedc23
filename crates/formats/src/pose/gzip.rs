//! gzip for keypoint files (`.json.gz`, `.csv.gz`, `.trc.gz`): inflation
//! with a size cap, so a small bomb ends in `PoseError::TooLarge`.

use std::io::Read;

use flate2::read::MultiGzDecoder;

use super::PoseError;

/// Whether the bytes start with the gzip magic number.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The name without a trailing `.gz` (any case).
pub(crate) fn strip_gz(name: &str) -> &str {
    let Some(cut) = name.len().checked_sub(3) else {
        return name;
    };
    match (name.get(..cut), name.get(cut..)) {
        (Some(stem), Some(tail)) if tail.eq_ignore_ascii_case(".gz") => stem,
        _ => name,
    }
}

/// Inflates gzip bytes, refusing to produce more than `limit` bytes.
pub(crate) fn inflate(bytes: &[u8], limit: u64) -> Result<Vec<u8>, PoseError> {
    let decoder = MultiGzDecoder::new(bytes);
    let guess = bytes.len().saturating_mul(6).min(64 << 20);
    let mut out = Vec::with_capacity(guess.min(usize::try_from(limit).unwrap_or(usize::MAX)));
    // One byte past the limit tells "exactly at" from "over".
    let mut capped = decoder.take(limit.saturating_add(1));
    capped.read_to_end(&mut out).map_err(|err| {
        let detail = err.to_string();
        if ["unexpected end of file", "failed to fill", "incomplete"]
            .iter()
            .any(|m| detail.contains(m))
        {
            PoseError::Gzip {
                detail: format!(
                    "truncated: the compressed data ends at byte {}",
                    bytes.len()
                ),
            }
        } else {
            PoseError::Gzip { detail }
        }
    })?;
    if out.len() as u64 > limit {
        return Err(PoseError::TooLarge { limit });
    }
    Ok(out)
}
