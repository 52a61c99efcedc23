//! The content hash that recognises a file imported before: SHA-256 of the
//! file's bytes as read (compressed files hash their compressed bytes), kept
//! as 64 lowercase hex digits in a UNIQUE column.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::error::StoreError;

/// SHA-256 of a file's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash([u8; 32]);

impl ContentHash {
    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        ContentHash(Sha256::digest(bytes).into())
    }

    /// A hash computed elsewhere.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        ContentHash(bytes)
    }

    /// Parses 64 hex digits (either case).
    pub fn from_hex(hex: &str) -> Result<Self, StoreError> {
        let bad = || StoreError::invalid("content hash", format!("{hex:?} is not 64 hex digits"));
        if hex.len() != 64 || !hex.is_ascii() {
            return Err(bad());
        }
        let mut out = [0_u8; 32];
        for (byte, pair) in out.iter_mut().zip(hex.as_bytes().chunks(2)) {
            let text = std::str::from_utf8(pair).map_err(|_| bad())?;
            *byte = u8::from_str_radix(text, 16).map_err(|_| bad())?;
        }
        Ok(ContentHash(out))
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// 64 lowercase hex digits, as stored.
    pub fn to_hex(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

#[cfg(test)]
mod tests {
    use super::ContentHash;

    #[test]
    fn known_digest_and_hex_round_trip() {
        let empty = ContentHash::of(b"");
        let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(empty.to_hex(), hex);
        assert_eq!(ContentHash::from_hex(&hex.to_uppercase()).ok(), Some(empty));
        assert!(ContentHash::from_hex("abc").is_err());
        assert!(ContentHash::from_hex(&"zz".repeat(32)).is_err());
        assert!(ContentHash::from_hex(&"é".repeat(32)).is_err());
    }
}
