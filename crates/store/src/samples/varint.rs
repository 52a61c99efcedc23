//! The byte-level primitives of the sample blob: LEB128 variable-length
//! unsigned integers, zig-zag signed integers, and a bounds-checked reader
//! that turns any malformed input into a [`BlobError`] instead of a panic.

use super::BlobError;

/// Appends `value` as an unsigned LEB128 varint (7 bits a byte, low first).
pub(crate) fn put_u64(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The most bytes a varint takes.
const MAX_VARINT: usize = 10;

/// Appends every value as [`put_u64`] would, quicker: room for the longest
/// varints is made once, and the bytes are written into it by position
/// (a `push` a byte has to check the capacity and update the length each
/// time), then the unused room is cut off.
pub(crate) fn put_u64s(out: &mut Vec<u8>, values: impl ExactSizeIterator<Item = u64>) {
    let start = out.len();
    out.resize(start + values.len() * MAX_VARINT, 0);
    let mut at = 0;
    if let Some(room) = out.get_mut(start..) {
        for mut value in values {
            while value >= 0x80 {
                if let Some(b) = room.get_mut(at) {
                    *b = (value as u8 & 0x7f) | 0x80;
                }
                at += 1;
                value >>= 7;
            }
            if let Some(b) = room.get_mut(at) {
                *b = value as u8;
            }
            at += 1;
        }
    }
    out.truncate(start + at);
}

/// Maps signed to unsigned so small magnitudes stay small: 0, -1, 1, -2 ...
/// become 0, 1, 2, 3 ...
pub(crate) fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

/// The inverse of [`zigzag`].
pub(crate) fn unzigzag(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

/// Reads a blob front to back; every read checks the remaining length.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// One byte.
    pub(crate) fn byte(&mut self) -> Result<u8, BlobError> {
        let b = *self.bytes.get(self.pos).ok_or(BlobError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    /// `len` bytes.
    pub(crate) fn take(&mut self, len: usize) -> Result<&'a [u8], BlobError> {
        let end = self.pos.checked_add(len).ok_or(BlobError::Truncated)?;
        let slice = self.bytes.get(self.pos..end).ok_or(BlobError::Truncated)?;
        self.pos = end;
        Ok(slice)
    }

    /// An unsigned LEB128 varint of at most ten bytes that fits in 64 bits.
    pub(crate) fn u64(&mut self) -> Result<u64, BlobError> {
        let mut value: u64 = 0;
        for i in 0..10 {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if i == 9 && bits > 1 {
                return Err(BlobError::VarintOverflow);
            }
            value |= bits << (7 * i);
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(BlobError::VarintOverflow)
    }

    /// Fails unless every byte has been read.
    pub(crate) fn finish(self) -> Result<(), BlobError> {
        match self.remaining() {
            0 => Ok(()),
            extra => Err(BlobError::TrailingBytes(extra)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Reader, put_u64, put_u64s, unzigzag, zigzag};

    #[test]
    fn varints_round_trip_at_the_edges() {
        for value in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            put_u64(&mut out, value);
            let mut reader = Reader::new(&out);
            assert_eq!(reader.u64(), Ok(value));
            assert_eq!(reader.finish(), Ok(()));
        }
    }

    #[test]
    fn many_varints_are_written_as_one_at_a_time() {
        let values = [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ];
        let mut one_by_one = vec![9];
        for value in values {
            put_u64(&mut one_by_one, value);
        }
        let mut all = vec![9];
        put_u64s(&mut all, values.into_iter());
        assert_eq!(all, one_by_one);
        put_u64s(&mut all, std::iter::empty());
        assert_eq!(all, one_by_one);
    }

    #[test]
    fn zigzag_keeps_small_magnitudes_small() {
        assert_eq!(zigzag(0), 0);
        assert_eq!(zigzag(-1), 1);
        assert_eq!(zigzag(1), 2);
        for value in [i64::MIN, -5, 0, 7, i64::MAX] {
            assert_eq!(unzigzag(zigzag(value)), value);
        }
    }

    #[test]
    fn an_overlong_varint_is_an_error_not_a_panic() {
        let bytes = [0xff_u8; 11];
        assert!(Reader::new(&bytes).u64().is_err());
        assert!(Reader::new(&[0x80]).u64().is_err());
    }
}
