//! Checks at the API boundary, shared by every use case. The schema repeats
//! the important ones as CHECK constraints, but a caller should meet a clear
//! [`StoreError::Invalid`] naming the field, not a constraint failure.
//!
//! SQLite would store a NaN as NULL, so every number bound to a column must
//! be finite; that is checked here too.

use crate::error::StoreError;

/// Longest free-text note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// Text of `min..=max` characters.
pub(crate) fn text(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), StoreError> {
    let chars = value.chars().count();
    if chars < min || chars > max {
        return Err(StoreError::invalid(
            field,
            format!("must be {min} to {max} characters, got {chars}"),
        ));
    }
    Ok(())
}

/// An optional note of at most [`MAX_NOTE_CHARS`] characters.
pub(crate) fn note(value: Option<&str>) -> Result<(), StoreError> {
    value.map_or(Ok(()), |v| text("note", v, 0, MAX_NOTE_CHARS))
}

/// A finite number.
pub(crate) fn finite(field: &'static str, value: f64) -> Result<(), StoreError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(StoreError::invalid(
            field,
            format!("must be a finite number, got {value}"),
        ))
    }
}

/// A finite, non-negative number.
pub(crate) fn non_negative(field: &'static str, value: f64) -> Result<(), StoreError> {
    finite(field, value)?;
    if value < 0.0 {
        return Err(StoreError::invalid(
            field,
            format!("must not be negative, got {value}"),
        ));
    }
    Ok(())
}

/// An optional finite, non-negative number.
pub(crate) fn optional_non_negative(
    field: &'static str,
    value: Option<f64>,
) -> Result<(), StoreError> {
    value.map_or(Ok(()), |v| non_negative(field, v))
}

/// A whole number in `min..=max`.
pub(crate) fn whole(field: &'static str, value: i64, min: i64, max: i64) -> Result<(), StoreError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(StoreError::invalid(
            field,
            format!("must be from {min} to {max}, got {value}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::{non_negative, note, text, whole};

    #[test]
    fn each_check_accepts_its_range_and_names_the_field_outside_it() {
        assert!(text("kind", "cycling", 1, 64).is_ok());
        assert!(text("kind", "", 1, 64).is_err());
        assert!(note(Some(&"x".repeat(2001))).is_err());
        assert!(note(None).is_ok());
        assert!(non_negative("distance", 0.0).is_ok());
        assert!(non_negative("distance", -1.0).is_err());
        let err = non_negative("distance", f64::NAN).map_err(|e| e.to_string());
        assert_eq!(
            err,
            Err("invalid distance: must be a finite number, got NaN".to_string())
        );
        assert!(whole("minutes", 1441, 1, 1440).is_err());
    }
}
