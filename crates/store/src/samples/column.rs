//! One column of floating-point values in the sample blob, written either as
//! exact fixed-point integers or as raw IEEE-754 bits, whichever reproduces
//! every value bit for bit.
//!
//! Fixed point (encoding byte `k` in `0..=9`): each value `v` becomes
//! `q = round(v * 10^k)`, written as the zig-zag LEB128 delta from the
//! previous value's `q` (the first from 0). The decoder computes
//! `q as f64 / 10^k`. The encoder only picks `k` when that exact computation
//! gives back the same bits for every value, so this mode is lossless; it
//! fits values that came from decimal text or from scaled integers
//! (GPX coordinates, FIT distance in centimetres, speed in mm/s). The
//! smallest such `k` is used.
//!
//! Raw (encoding byte `0xFF`): the bits of each value XOR the bits of the
//! previous value (the first with 0), as an unsigned LEB128 varint. Nearby
//! values share sign, exponent and high mantissa bits, so the XOR is short.
//! NaN (with its payload), infinities and `-0.0` always land here and come
//! back unchanged.

use super::BlobError;
use super::varint::{Reader, put_u64, unzigzag, zigzag};

/// The encoding byte of the raw mode.
const RAW: u8 = 0xff;

/// Powers of ten for the fixed-point mode, indexed by the encoding byte.
const POW10: [f64; 10] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/// Largest magnitude of a fixed-point integer: beyond 2^53 an `i64` no
/// longer converts to `f64` exactly.
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// The fixed-point integers for `values` at `decimals`, if every value
/// comes back bit for bit.
fn fixed_point(values: &[f64], decimals: usize) -> Option<Vec<i64>> {
    let scale = POW10[decimals];
    values
        .iter()
        .map(|&v| {
            let scaled = (v * scale).round();
            if !scaled.is_finite() || scaled.abs() > MAX_EXACT {
                return None;
            }
            let q = scaled as i64;
            ((q as f64 / scale).to_bits() == v.to_bits()).then_some(q)
        })
        .collect()
}

/// Appends the present values of one column.
pub(crate) fn put_f64s(out: &mut Vec<u8>, values: &[f64]) {
    let chosen = (0..POW10.len()).find_map(|k| fixed_point(values, k).map(|q| (k, q)));
    match chosen {
        Some((decimals, ints)) => {
            out.push(decimals as u8);
            let mut prev: i64 = 0;
            for q in ints {
                put_u64(out, zigzag(q.wrapping_sub(prev)));
                prev = q;
            }
        }
        None => {
            out.push(RAW);
            let mut prev: u64 = 0;
            for v in values {
                let bits = v.to_bits();
                put_u64(out, bits ^ prev);
                prev = bits;
            }
        }
    }
}

/// Reads `count` present values of one column.
pub(crate) fn read_f64s(reader: &mut Reader<'_>, count: usize) -> Result<Vec<f64>, BlobError> {
    let encoding = reader.byte()?;
    let mut values = Vec::with_capacity(count);
    if encoding == RAW {
        let mut prev: u64 = 0;
        for _ in 0..count {
            let bits = reader.u64()? ^ prev;
            values.push(f64::from_bits(bits));
            prev = bits;
        }
    } else {
        let scale = *POW10
            .get(usize::from(encoding))
            .ok_or(BlobError::UnknownEncoding(encoding))?;
        let mut prev: i64 = 0;
        for _ in 0..count {
            let q = prev.wrapping_add(unzigzag(reader.u64()?));
            values.push(q as f64 / scale);
            prev = q;
        }
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::{RAW, put_f64s, read_f64s};
    use crate::samples::varint::Reader;

    fn round_trip(values: &[f64]) -> (u8, Vec<f64>) {
        let mut out = Vec::new();
        put_f64s(&mut out, values);
        let mut reader = Reader::new(&out);
        let back = read_f64s(&mut reader, values.len()).expect("decodes");
        assert_eq!(reader.finish(), Ok(()));
        (out[0], back)
    }

    #[test]
    fn decimal_values_use_the_fewest_exact_decimals() {
        let (encoding, back) = round_trip(&[47.123_456_7, 47.123_457_1, 47.123_458]);
        assert_eq!(encoding, 7);
        assert_eq!(back, vec![47.123_456_7, 47.123_457_1, 47.123_458]);
        assert_eq!(round_trip(&[0.0, 1.0, 2.0]).0, 0);
    }

    #[test]
    fn values_off_every_decimal_grid_are_kept_raw_and_exact() {
        let semicircle = 180.0 / 2_147_483_648.0;
        let values = [562_949_953.0 * semicircle, f64::NAN, -0.0, f64::INFINITY];
        let (encoding, back) = round_trip(&values);
        assert_eq!(encoding, RAW);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back), bits(&values));
    }
}
