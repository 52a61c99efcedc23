//! Pain and adherence (issue 4, part 2): per-region pain trends and run
//! episodes (`trend`), and routine, cross-training and brace adherence
//! (`adherence`).

pub mod adherence;
pub mod trend;

pub use adherence::{BraceUse, CrossTrainingDose, ExerciseAdherence, RoutineAdherence};
pub use trend::{Episode, RegionPain, Settled, Trend, WhenSummary, by_region, daily_max};
