//! Our own check of FIT file CRCs where rustyfit 0.11 gets it wrong.
//!
//! A FIT sequence ends with a CRC-16 (the ARC variant) over every byte
//! before it, header included. A 14-byte header carries a CRC of its first
//! 12 bytes, or 0x0000 for "not computed", which the protocol allows and
//! which Garmin devices of about 2011-2016 wrote (Forerunner 110/910XT,
//! Edge 200/500/800/810, Garmin Connect course exports). rustyfit restarts
//! its running CRC after any 14-byte header; that equals the whole-file CRC
//! only when the header CRC is right (a CRC over data followed by its own
//! CRC is zero), so it refuses every file whose header says 0x0000.
//!
//! [`check_zero_header_chain`] walks the chain of sequences by their
//! headers and, when any header carries 0x0000, checks every complete
//! sequence the way the protocol defines; the caller then decodes without
//! rustyfit's check. Files without such a header are left to rustyfit.

use crate::activity::DecodeError;

/// The FIT CRC: polynomial 0x8005, reflected, initial value 0 (CRC-16/ARC).
const FIT_CRC: crc::Crc<u16> = crc::Crc::<u16>::new(&crc::CRC_16_ARC);

/// The CRC of `bytes` as a FIT file computes it.
pub(crate) fn fit_crc(bytes: &[u8]) -> u16 {
    FIT_CRC.checksum(bytes)
}

/// What our own check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checked {
    /// Complete sequences whose CRC matched, from the start.
    pub good: usize,
    /// The first complete sequence whose CRC did not match: its start, what
    /// the file says and what the bytes give.
    pub bad: Option<BadSequence>,
}

/// A complete sequence whose stored CRC does not match its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadSequence {
    /// Byte offset of its header.
    pub start: usize,
    /// The CRC the file stores.
    pub found: u16,
    /// The CRC of the bytes.
    pub calculated: u16,
}

impl BadSequence {
    /// The error for a file whose first sequence fails.
    pub(crate) fn error(self) -> DecodeError {
        DecodeError::BadCrc {
            part: "data",
            found: self.found,
            calculated: self.calculated,
        }
    }
}

/// One sequence's extent: header start and the end of its CRC.
fn sequence_at(bytes: &[u8], start: usize) -> Option<(usize, bool)> {
    let header = bytes.get(start..)?;
    let size = usize::from(*header.first()?);
    if !(size == 12 || size == 14) || header.get(8..12) != Some(b".FIT".as_slice()) {
        return None;
    }
    let data_size = usize::try_from(u32::from_le_bytes(header.get(4..8)?.try_into().ok()?)).ok()?;
    let zero_crc = size == 14 && header.get(12..14) == Some([0_u8, 0].as_slice());
    let end = start
        .checked_add(size)?
        .checked_add(data_size)?
        .checked_add(2)?;
    Some((end, zero_crc))
}

/// Checks the chain when any sequence's 14-byte header has CRC 0x0000;
/// `None` when none has (rustyfit's own check is then right). Checking
/// stops at the first bad sequence, at an incomplete one (the decoder then
/// reports the truncation) and at anything that is not a FIT header
/// (padding, trailing bytes).
pub(crate) fn check_zero_header_chain(bytes: &[u8]) -> Option<Checked> {
    let mut complete = Vec::new();
    let mut any_zero = false;
    let mut start = 0;
    while let Some((end, zero_crc)) = sequence_at(bytes, start) {
        any_zero |= zero_crc;
        if end > bytes.len() {
            break;
        }
        complete.push((start, end));
        start = end;
    }
    if !any_zero {
        return None;
    }
    let mut checked = Checked { good: 0, bad: None };
    for (start, end) in complete {
        let (body, stored) = bytes.get(start..end)?.split_at(end - start - 2);
        let found = u16::from_le_bytes([*stored.first()?, *stored.get(1)?]);
        let calculated = fit_crc(body);
        if found != calculated {
            checked.bad = Some(BadSequence {
                start,
                found,
                calculated,
            });
            break;
        }
        checked.good += 1;
    }
    Some(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_is_the_one_the_fit_sdk_documents() {
        // The 12-byte header of the FIT SDK's example and its CRC, as
        // rustyfit's own test states them.
        let header = [14, 32, 84, 8, 214, 204, 9, 0, 46, 70, 73, 84];
        assert_eq!(fit_crc(&header), 12856);
    }

    #[test]
    fn a_header_followed_by_its_own_crc_leaves_zero() {
        let header = [14_u8, 32, 84, 8, 214, 204, 9, 0, 46, 70, 73, 84];
        let mut with_crc = header.to_vec();
        with_crc.extend_from_slice(&fit_crc(&header).to_le_bytes());
        assert_eq!(fit_crc(&with_crc), 0);
    }

    fn sequence(header_crc_zero: bool, data: &[u8]) -> Vec<u8> {
        let mut bytes = vec![14_u8, 0x10, 0, 0];
        bytes.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_le_bytes());
        bytes.extend_from_slice(b".FIT");
        let crc = if header_crc_zero { 0 } else { fit_crc(&bytes) };
        bytes.extend_from_slice(&crc.to_le_bytes());
        bytes.extend_from_slice(data);
        let file_crc = fit_crc(&bytes);
        bytes.extend_from_slice(&file_crc.to_le_bytes());
        bytes
    }

    #[test]
    fn headers_with_a_crc_are_left_to_the_decoder() {
        assert_eq!(check_zero_header_chain(&sequence(false, &[1, 2, 3])), None);
    }

    #[test]
    fn a_zero_header_crc_is_checked_over_the_whole_sequence() {
        let good = sequence(true, &[1, 2, 3]);
        assert_eq!(
            check_zero_header_chain(&good),
            Some(Checked { good: 1, bad: None })
        );
        let mut damaged = good.clone();
        damaged[15] ^= 0xff;
        let checked = check_zero_header_chain(&damaged);
        assert!(matches!(
            checked,
            Some(Checked {
                good: 0,
                bad: Some(BadSequence { start: 0, .. })
            })
        ));
    }

    #[test]
    fn a_chain_is_checked_up_to_its_first_bad_sequence() {
        let mut chain = sequence(false, &[1, 2]);
        let second = chain.len();
        let mut bad = sequence(true, &[3, 4]);
        let last = bad.len() - 1;
        bad[last] ^= 1;
        chain.extend_from_slice(&bad);
        let checked = check_zero_header_chain(&chain);
        assert!(matches!(
            checked,
            Some(Checked { good: 1, bad: Some(BadSequence { start, .. }) }) if start == second
        ));
    }
}
