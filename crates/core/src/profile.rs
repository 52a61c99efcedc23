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
