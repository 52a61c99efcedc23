//! Plain facts about the runner that the knowledge base, the answers and
//! the logs all name: where it hurts ([`Region`]), sex ([`Sex`], for norms
//! and age-related flags) and the equipment they have ([`Equipment`]). It
//! names no other module of the crate: it sits at the bottom of core's
//! layers.

/// Where it hurts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    /// The low back (lumbar).
    LowerBack,
    /// The upper back, between the shoulder blades (thoracic).
    UpperBack,
    /// The neck.
    Neck,
    /// Somewhere else.
    Other,
}

/// Sex, for strength-test norms and age-related flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Not said, or neither: sex-neutral norms are used.
    Unspecified,
}

/// Equipment the runner has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Equipment {
    /// An exercise (Swiss) ball.
    ExerciseBall,
    /// A bike or an indoor trainer.
    Bike,
    /// A lightweight back brace.
    Brace,
}

impl Equipment {
    /// The ID used in the knowledge base.
    pub fn id(self) -> &'static str {
        match self {
            Equipment::ExerciseBall => "exercise-ball",
            Equipment::Bike => "bike",
            Equipment::Brace => "brace",
        }
    }

    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            Equipment::ExerciseBall => "exercise ball",
            Equipment::Bike => "bike or trainer",
            Equipment::Brace => "back brace",
        }
    }

    /// Parses a knowledge-base ID.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "exercise-ball" => Equipment::ExerciseBall,
            "bike" => Equipment::Bike,
            "brace" => Equipment::Brace,
            _ => return None,
        })
    }
}

/// Metres in an international mile (exactly 1609.344 m by definition).
pub const METRES_PER_MILE: f64 = 1609.344;

/// The distance unit the runner reads: kilometres (the default) or miles.
/// Everything is computed and stored in metres; this only changes what
/// is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Units {
    /// Kilometres.
    #[default]
    Km,
    /// Miles.
    Mi,
}

impl Units {
    /// The stored and typed name, which is also the unit's symbol.
    pub fn name(self) -> &'static str {
        match self {
            Units::Km => "km",
            Units::Mi => "mi",
        }
    }

    /// Reads a stored or typed name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "km" => Some(Units::Km),
            "mi" => Some(Units::Mi),
            _ => None,
        }
    }

    /// A distance as the runner reads it: one decimal and the unit's
    /// symbol ("5.2 km", "3.2 mi").
    /// Takes metres (a `Meters` or an `f64`).
    pub fn distance(self, metres: impl Into<f64>) -> String {
        format!(
            "{:.1} {}",
            self.from_km(metres.into() / 1000.0),
            self.name()
        )
    }

    /// A distance given in kilometres, in this unit.
    pub fn from_km(self, km: f64) -> f64 {
        match self {
            Units::Km => km,
            Units::Mi => km * 1000.0 / METRES_PER_MILE,
        }
    }

    /// A pace given in seconds per kilometre, in seconds per this unit.
    pub fn pace_from_s_per_km(self, s_per_km: f64) -> f64 {
        match self {
            Units::Km => s_per_km,
            Units::Mi => s_per_km * METRES_PER_MILE / 1000.0,
        }
    }

    /// A pace given in seconds per this unit, in seconds per kilometre.
    pub fn pace_to_s_per_km(self, s_per_unit: f64) -> f64 {
        match self {
            Units::Km => s_per_unit,
            Units::Mi => s_per_unit * 1000.0 / METRES_PER_MILE,
        }
    }
}

#[cfg(test)]
mod units_tests {
    use super::*;

    #[test]
    fn miles_and_paces_convert_both_ways() {
        assert!((Units::Mi.from_km(1.609344) - 1.0).abs() < 1e-12);
        assert_eq!(Units::Km.from_km(5.0), 5.0);
        let per_mile = Units::Mi.pace_from_s_per_km(300.0);
        assert!((per_mile - 482.8032).abs() < 1e-9);
        assert!((Units::Mi.pace_to_s_per_km(per_mile) - 300.0).abs() < 1e-9);
        assert_eq!(Units::parse("mi"), Some(Units::Mi));
        assert_eq!(Units::parse("miles"), None);
    }
}
