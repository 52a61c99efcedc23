//! Training load as a likely cause, from the runner's own records (issue
//! 14, item 3). The shell computes the insights over the stored history and
//! passes in what points at training load ([`LoadEvidence`]): an n-of-1
//! finding that back pain was higher on or after load spikes, long runs or
//! hard sessions (held up after Holm's correction), and today's load
//! alerts (a 7-day distance jump, an acute:chronic spike). Each raises a
//! `data.*` signal that the knowledge base's `training-load` cause scores,
//! and rides along on that cause with its numbers, so the report shows the
//! evidence beside the article's causes. Nothing here reads the store or
//! the clock; red flags are triaged from the answers as always and still
//! stop everything.

use crate::evidence::SourceId;
use crate::profile::Region;
use crate::signal::Signal;

/// A training event that back pain went with in the runner's own data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LoadExposure {
    /// A day whose acute:chronic ratio was at or above the spike setting.
    LoadSpike,
    /// A run at least 1.5 times the median run distance.
    LongRun,
    /// A day with at least 20 % of its training time in zones 4-5.
    HardSession,
}

/// What pointed at training load, with its numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadSign {
    /// An n-of-1 association that held up after Holm's correction: back
    /// pain higher on, or `lag_days` after, days of `exposure`.
    PainWith {
        /// The training event.
        exposure: LoadExposure,
        /// Days from the event to the pain.
        lag_days: u8,
        /// The region tested; `None` for lower and upper back together.
        region: Option<Region>,
        /// Mean difference in daily pain, NRS points (exposed minus
        /// comparison days); positive.
        difference: f64,
        /// Its interval at `ci_level`.
        ci: Option<(f64, f64)>,
        /// The interval's coverage (widened for Holm's correction).
        ci_level: f64,
        /// The p-value after Holm's correction.
        p_holm: f64,
        /// Days with the event.
        n_exposed: usize,
        /// Comparison days.
        n_unexposed: usize,
    },
    /// Running distance of the last 7 days above the two 7-day blocks
    /// before by more than 30 %.
    DistanceJump {
        /// Percent change.
        pct: f64,
    },
    /// Today's acute:chronic load ratio at or above the alert level.
    LoadSpike {
        /// The ratio.
        ratio: f64,
    },
}

/// One piece of the runner's own data that points at training load.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadEvidence {
    /// What, with its numbers.
    pub sign: LoadSign,
    /// The same in words, never claiming cause.
    pub said: String,
    /// How much weight it can bear, in words (an n-of-1 association, a
    /// description of training).
    pub strength: String,
    /// Knowledge-base source IDs it rests on.
    pub sources: Vec<SourceId>,
}

impl LoadEvidence {
    /// The signal it raises.
    pub fn signal(&self) -> Signal {
        match &self.sign {
            LoadSign::PainWith { exposure, .. } => match exposure {
                LoadExposure::LoadSpike => Signal::DataPainWithLoadSpike,
                LoadExposure::LongRun => Signal::DataPainWithLongRun,
                LoadExposure::HardSession => Signal::DataPainWithHardSession,
            },
            LoadSign::DistanceJump { .. } => Signal::DataDistanceJump,
            LoadSign::LoadSpike { .. } => Signal::DataLoadSpike,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sign_raises_a_data_signal() {
        let sign = |sign| LoadEvidence {
            sign,
            said: String::new(),
            strength: String::new(),
            sources: Vec::new(),
        };
        let signs = [
            LoadSign::DistanceJump { pct: 40.0 },
            LoadSign::LoadSpike { ratio: 1.6 },
            LoadSign::PainWith {
                exposure: LoadExposure::LongRun,
                lag_days: 1,
                region: None,
                difference: 1.5,
                ci: Some((0.4, 2.6)),
                ci_level: 0.99,
                p_holm: 0.01,
                n_exposed: 10,
                n_unexposed: 30,
            },
        ];
        for s in signs {
            let signal = sign(s).signal();
            assert!(signal.name().starts_with("data."), "{signal}");
        }
    }
}
