//! An activity's heart rate as the load analysis needs it: the seconds spent
//! at each whole beat-per-minute ([`HrTime`]), built once from the samples.
//!
//! Banister's TRIMP and the time in each zone are sums over consecutive
//! pairs of heart-rate samples: the time between them (counted only when it
//! is over 0 and at most [`MAX_GAP_S`] seconds) at the first sample's heart
//! rate. Grouping those times by heart rate loses nothing the sums need,
//! whatever the zone anchors (max and rest heart rate) turn out to be, so
//! a store can keep this small table (a hundred-odd entries for an hour's
//! run) instead of reading every sample back.

/// Samples further apart than this, seconds, are a gap and count for
/// nothing.
pub const MAX_GAP_S: f64 = 30.0;

/// One heart-rate sample of an activity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HrSample {
    /// Seconds since the start.
    pub t_s: f64,
    /// Beats per minute.
    pub bpm: u8,
}

/// The seconds an activity spent at each heart rate, with how many samples
/// had a heart rate and the highest of them. The default is an activity
/// without heart-rate samples.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HrTime {
    samples: u64,
    max_bpm: Option<u8>,
    seconds: Vec<(u8, f64)>,
}

/// Why [`HrTime::from_parts`] refused its parts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("heart-rate time: {0}")]
pub struct HrTimeError(&'static str);

impl HrTime {
    /// Counts samples given in time order.
    pub fn from_samples(samples: impl IntoIterator<Item = HrSample>) -> Self {
        let mut at = [0.0_f64; 256];
        let mut count = 0_u64;
        let mut max_bpm: Option<u8> = None;
        let mut previous: Option<HrSample> = None;
        for s in samples {
            count += 1;
            max_bpm = Some(max_bpm.map_or(s.bpm, |m| m.max(s.bpm)));
            if let Some(p) = previous {
                let dt = s.t_s - p.t_s;
                if dt > 0.0 && dt <= MAX_GAP_S {
                    at[usize::from(p.bpm)] += dt;
                }
            }
            previous = Some(s);
        }
        HrTime {
            samples: count,
            max_bpm,
            seconds: (0_u8..=255).zip(at).filter(|(_, s)| *s > 0.0).collect(),
        }
    }

    /// The heart-rate samples of a recorded activity's samples.
    pub fn from_activity_samples(samples: &[super::Sample]) -> Self {
        Self::from_samples(
            samples
                .iter()
                .filter_map(|s| s.heart_rate.map(|bpm| HrSample { t_s: s.t_s, bpm })),
        )
    }

    /// Rebuilds a table from its parts (as a store keeps them): heart rates
    /// strictly rising, every time finite and over 0, time only with at
    /// least two samples, and no heart rate above the highest.
    pub fn from_parts(
        samples: u64,
        max_bpm: Option<u8>,
        seconds: Vec<(u8, f64)>,
    ) -> Result<Self, HrTimeError> {
        if samples == 0 && max_bpm.is_some() {
            return Err(HrTimeError("a highest heart rate without samples"));
        }
        if samples > 0 && max_bpm.is_none() {
            return Err(HrTimeError("samples without a highest heart rate"));
        }
        if samples < 2 && !seconds.is_empty() {
            return Err(HrTimeError(
                "time at a heart rate from fewer than two samples",
            ));
        }
        if seconds.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err(HrTimeError("heart rates not in rising order"));
        }
        if seconds.iter().any(|(_, s)| !(s.is_finite() && *s > 0.0)) {
            return Err(HrTimeError("a time that is not a positive number"));
        }
        if let (Some(max), Some((top, _))) = (max_bpm, seconds.last())
            && *top > max
        {
            return Err(HrTimeError("time at a heart rate above the highest"));
        }
        Ok(HrTime {
            samples,
            max_bpm,
            seconds,
        })
    }

    /// How many samples had a heart rate.
    pub fn samples(&self) -> u64 {
        self.samples
    }

    /// The highest heart rate of any sample.
    pub fn max_bpm(&self) -> Option<u8> {
        self.max_bpm
    }

    /// `(bpm, seconds)` for each heart rate with time counted, lowest first.
    pub fn seconds(&self) -> &[(u8, f64)] {
        &self.seconds
    }

    /// Whether there were at least two samples, so that the time between
    /// samples (if any counted) stands for the session instead of its
    /// average heart rate.
    pub fn has_series(&self) -> bool {
        self.samples >= 2
    }
}
