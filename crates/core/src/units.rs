//! Small value types whose constructors check their range, so the rest of the
//! domain never sees a pain score of 11 or a negative distance.

use std::fmt;

/// A pain score on the 0-10 Numeric Rating Scale (0 none, 10 worst imaginable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Nrs(u8);

impl Nrs {
    /// The highest score on the scale.
    pub const MAX: u8 = 10;

    /// A score, if it is on the 0-10 scale.
    pub fn new(value: i64) -> Result<Self, RangeError> {
        if (0..=i64::from(Self::MAX)).contains(&value) {
            Ok(Nrs(value as u8))
        } else {
            Err(RangeError {
                value: value.to_string(),
                expected: "a whole number from 0 to 10 (the pain scale)",
            })
        }
    }

    /// The score.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Nrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/10", self.0)
    }
}

/// A distance in whole metres. Plans work in metres so that sums are exact
/// and a weekly cap can be checked without rounding error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Meters(pub u32);

impl Meters {
    /// Kilometres, as a float for display.
    pub fn km(self) -> f64 {
        f64::from(self.0) / 1000.0
    }

    /// Converts kilometres to metres, rounding down, if finite and in range.
    pub fn from_km(km: f64) -> Result<Self, RangeError> {
        if km.is_finite() && (0.0..=1000.0).contains(&km) {
            Ok(Meters((km * 1000.0).floor() as u32))
        } else {
            Err(RangeError {
                value: km.to_string(),
                expected: "a distance from 0 to 1000 km",
            })
        }
    }
}

impl std::ops::Add for Meters {
    type Output = Meters;
    fn add(self, rhs: Meters) -> Meters {
        Meters(self.0.saturating_add(rhs.0))
    }
}

impl std::iter::Sum for Meters {
    fn sum<I: Iterator<Item = Meters>>(iter: I) -> Meters {
        iter.fold(Meters(0), |a, b| a + b)
    }
}

impl From<Meters> for f64 {
    fn from(m: Meters) -> f64 {
        f64::from(m.0)
    }
}

impl fmt::Display for Meters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1} km", self.km())
    }
}

/// A value outside the range its type allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value} is not {expected}")]
pub struct RangeError {
    /// The value as given.
    pub value: String,
    /// What was expected instead.
    pub expected: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nrs_accepts_the_scale_and_nothing_else() {
        assert_eq!(Nrs::new(0).map(Nrs::get), Ok(0));
        assert_eq!(Nrs::new(10).map(Nrs::get), Ok(10));
        assert!(Nrs::new(11).is_err());
        assert!(Nrs::new(-1).is_err());
    }

    #[test]
    fn km_convert_to_whole_metres_rounding_down() {
        assert_eq!(Meters::from_km(20.0), Ok(Meters(20_000)));
        assert_eq!(Meters::from_km(1.2345), Ok(Meters(1_234)));
        assert!(Meters::from_km(f64::NAN).is_err());
        assert!(Meters::from_km(-1.0).is_err());
    }
}
