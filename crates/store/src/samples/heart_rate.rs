//! The small blob that keeps what the load analysis needs of an activity's
//! heart rate: core's [`HrTime`], the seconds spent at each whole bpm,
//! computed from the samples once (at import, or by the backfill on open)
//! so that insights reads every activity's heart rate in one query instead
//! of decoding every sample blob.
//!
//! # Layout, version 1
//!
//! ```text
//! u8       version = 1
//! varint   the number of samples with a heart rate
//! u8       the highest heart rate, only when that number is not 0
//! varint   k, the number of heart rates with time counted (at most 256)
//! k bytes  those heart rates, rising
//! then, only when k > 0, their seconds as one f64 column of the sample
//! blob (one encoding byte, one varint a value; exact either way)
//! ```
//!
//! An hour at 1 Hz takes a few hundred bytes. Decoding checks the parts
//! ([`HrTime::from_parts`]) and, like the sample blob, returns a
//! [`BlobError`] for any malformed bytes, never panics.

use backstride_core::activity::hr::HrTime;

use super::BlobError;
use super::column::{put_f64s, read_f64s};
use super::varint::{Reader, put_u64};

/// The layout version written by [`encode`]. A change to how core counts
/// the time (the gap rule) must raise it: rows of older versions are
/// computed again from the samples when the store opens.
pub const HR_FORMAT_VERSION: u8 = 1;

/// Encodes a heart-rate time table in the version-1 layout.
pub fn encode(hr: &HrTime) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + hr.seconds().len() * 4);
    out.push(HR_FORMAT_VERSION);
    put_u64(&mut out, hr.samples());
    if let Some(max) = hr.max_bpm() {
        out.push(max);
    }
    put_u64(&mut out, hr.seconds().len() as u64);
    out.extend(hr.seconds().iter().map(|(bpm, _)| *bpm));
    if !hr.seconds().is_empty() {
        let seconds: Vec<f64> = hr.seconds().iter().map(|(_, s)| *s).collect();
        put_f64s(&mut out, &seconds);
    }
    out
}

/// Decodes a blob written by [`encode`].
pub fn decode(bytes: &[u8]) -> Result<HrTime, BlobError> {
    let mut reader = Reader::new(bytes);
    let version = reader.byte()?;
    if version != HR_FORMAT_VERSION {
        return Err(BlobError::UnknownVersion(version));
    }
    let samples = reader.u64()?;
    let max_bpm = if samples > 0 {
        Some(reader.byte()?)
    } else {
        None
    };
    let announced = reader.u64()?;
    let k = usize::try_from(announced)
        .ok()
        .filter(|&k| k <= 256 && k <= reader.remaining())
        .ok_or(BlobError::ImplausibleCount(announced))?;
    let bpms = reader.take(k)?.to_vec();
    let seconds = if k > 0 {
        read_f64s(&mut reader, k)?
    } else {
        Vec::new()
    };
    reader.finish()?;
    HrTime::from_parts(samples, max_bpm, bpms.into_iter().zip(seconds).collect())
        .map_err(BlobError::HeartRateTime)
}

#[cfg(test)]
mod tests {
    use backstride_core::activity::hr::{HrSample, HrTime};
    use proptest::prelude::*;

    use super::{BlobError, decode, encode};

    #[test]
    fn an_activity_without_heart_rate_takes_three_bytes() {
        let none = HrTime::default();
        let blob = encode(&none);
        assert_eq!(blob.len(), 3);
        assert_eq!(decode(&blob), Ok(none));
    }

    #[test]
    fn an_hour_at_one_hertz_takes_a_few_hundred_bytes() {
        let hour = HrTime::from_samples((0..3600).map(|i| HrSample {
            t_s: f64::from(i),
            bpm: 120 + (i % 61) as u8,
        }));
        let blob = encode(&hour);
        assert!(blob.len() < 200, "{} bytes", blob.len());
        assert_eq!(decode(&blob), Ok(hour));
    }

    #[test]
    fn parts_that_break_the_rules_are_an_error() {
        // Two samples, max 150, one rate (160) above the max, one second.
        let blob = [1, 2, 150, 1, 160, 0, 2];
        assert!(matches!(decode(&blob), Err(BlobError::HeartRateTime(_))));
    }

    proptest! {
        #[test]
        fn tables_come_back_bit_for_bit(
            steps in proptest::collection::vec((-1.0f64..40.0, any::<u8>()), 0..400)
        ) {
            let mut t = 0.0;
            let hr = HrTime::from_samples(steps.into_iter().map(|(dt, bpm)| {
                t += dt;
                HrSample { t_s: t, bpm }
            }));
            let back = decode(&encode(&hr));
            prop_assert_eq!(back, Ok(hr));
        }

        #[test]
        fn any_bytes_decode_or_fail_without_panicking(
            bytes in proptest::collection::vec(any::<u8>(), 0..64)
        ) {
            let _ = decode(&bytes);
        }
    }
}
