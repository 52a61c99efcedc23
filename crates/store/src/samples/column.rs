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
use super::varint::{Reader, put_u64s, unzigzag, zigzag};

/// The encoding byte of the raw mode.
const RAW: u8 = 0xff;

/// Powers of ten for the fixed-point mode, indexed by the encoding byte.
const POW10: [f64; 10] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/// Largest magnitude of a fixed-point integer: beyond 2^53 an `i64` no
/// longer converts to `f64` exactly.
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// The fixed-point integer for `v` at `decimals`, if it comes back bit for
/// bit: `round(v * 10^decimals)`, rounding half away from zero, within
/// [`MAX_EXACT`].
fn fixed_point_one(v: f64, decimals: usize) -> Option<i64> {
    let scale = POW10[decimals];
    let scaled = v * scale;
    // At 2^52 and beyond every `f64` is whole, so this bounds the rounded
    // value exactly as it bounds `scaled`.
    if scaled.is_nan() || scaled.abs() > MAX_EXACT {
        return None;
    }
    let q = round_half_away(scaled);
    // Through the integer, as the decoder has it: `-0.0` comes back `0.0`.
    // Whole numbers (times, mostly) need no division by one.
    let back = if decimals == 0 {
        q as f64
    } else {
        q as f64 / scale
    };
    (back.to_bits() == v.to_bits()).then_some(q)
}

/// `x.round() as i64` for `|x| <= MAX_EXACT`, without `f64::round`'s
/// library call (no SSE4.1 on the baseline x86-64 target): the cast
/// truncates, the fraction left is exact, and halves go away from zero.
fn round_half_away(x: f64) -> i64 {
    let whole = x as i64;
    let fraction = x - whole as f64;
    whole + i64::from(fraction >= 0.5) - i64::from(fraction <= -0.5)
}

/// The fixed-point integers for `values` at `decimals`, if every value
/// comes back bit for bit.
#[cfg(test)]
fn fixed_point(values: &[f64], decimals: usize) -> Option<Vec<i64>> {
    values
        .iter()
        .map(|&v| fixed_point_one(v, decimals))
        .collect()
}

/// The smallest number of decimals at which every value comes back bit
/// for bit, with the integers, if any.
///
/// One pass at the count the first value needs is usually all it takes.
/// A value that needs more raises the count, to the least that value
/// comes back at, and the pass starts over; so every smaller count has
/// failed for some value, and the count of the pass that completes is
/// the least possible.
fn fixed_point_decimals(values: &[f64]) -> Option<(usize, Vec<i64>)> {
    let mut decimals = 0;
    let mut ints = Vec::with_capacity(values.len());
    'pass: loop {
        ints.clear();
        for &v in values {
            match fixed_point_one(v, decimals) {
                Some(q) => ints.push(q),
                None => loop {
                    decimals += 1;
                    if decimals == POW10.len() {
                        return None;
                    }
                    if fixed_point_one(v, decimals).is_some() {
                        continue 'pass;
                    }
                },
            }
        }
        return Some((decimals, ints));
    }
}

/// Appends the present values of one column.
pub(crate) fn put_f64s(out: &mut Vec<u8>, values: &[f64]) {
    match fixed_point_decimals(values) {
        Some((decimals, ints)) => {
            out.push(decimals as u8);
            let mut prev: i64 = 0;
            put_u64s(
                out,
                ints.iter().map(|&q| {
                    let delta = zigzag(q.wrapping_sub(prev));
                    prev = q;
                    delta
                }),
            );
        }
        None => {
            out.push(RAW);
            let mut prev: u64 = 0;
            put_u64s(
                out,
                values.iter().map(|v| {
                    let bits = v.to_bits();
                    let delta = bits ^ prev;
                    prev = bits;
                    delta
                }),
            );
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
    use super::{
        MAX_EXACT, POW10, RAW, fixed_point, fixed_point_decimals, put_f64s, read_f64s,
        round_half_away,
    };
    use crate::samples::varint::Reader;
    use proptest::prelude::*;

    /// Values as files give them, by family: decimals of a given length,
    /// scaled integers, semicircles, and the odd ones out.
    fn value(family: usize) -> BoxedStrategy<f64> {
        match family {
            0 => (any::<i32>(), 0u32..12)
                .prop_map(|(m, k)| f64::from(m) / 10f64.powi(k as i32))
                .boxed(),
            1 => (0u16..u16::MAX)
                .prop_map(|a| f64::from(a) / 5.0 - 500.0)
                .boxed(),
            2 => any::<i32>()
                .prop_map(|s| f64::from(s) * (180.0 / 2_147_483_648.0))
                .boxed(),
            3 => (0u8..255, 0u8..128)
                .prop_map(|(c, f)| f64::from(c) + f64::from(f) / 128.0)
                .boxed(),
            4 => (any::<i64>(), 0u32..4)
                .prop_map(|(m, k)| m as f64 / 10f64.powi(k as i32))
                .boxed(),
            _ => prop_oneof![Just(-0.0), Just(f64::NAN), Just(1e300), any::<f64>()].boxed(),
        }
    }

    /// A column of one family, with now and then a value of another.
    fn column() -> impl Strategy<Value = Vec<f64>> {
        (0usize..6, 0usize..6, 0usize..60).prop_flat_map(|(family, other, odd)| {
            proptest::collection::vec(value(family), 0..40).prop_flat_map(move |values| {
                value(other).prop_map(move |v| {
                    let mut values = values.clone();
                    if let Some(slot) = values.get_mut(odd) {
                        *slot = v;
                    }
                    values
                })
            })
        })
    }

    proptest! {
        #[test]
        fn the_quick_search_picks_what_trying_every_count_picks(values in column()) {
            let every = (0..POW10.len()).find_map(|k| fixed_point(&values, k).map(|q| (k, q)));
            prop_assert_eq!(fixed_point_decimals(&values), every);
        }

        #[test]
        fn rounding_is_f64_round(
            x in prop_oneof![
                any::<f64>(),
                any::<i32>().prop_map(|i| f64::from(i) + 0.5),
                any::<i64>().prop_map(|i| i as f64),
                any::<i64>().prop_map(|i| (i >> 11) as f64 + 0.5),
            ],
        ) {
            if x.abs() <= MAX_EXACT {
                prop_assert_eq!(round_half_away(x), x.round() as i64);
            }
        }
    }

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
