//! How the analysis is tuned, with the documented defaults, and the input
//! errors it refuses with.

use chrono::NaiveDate;

use super::History;

/// Sex for Banister's TRIMP weighting (the published coefficients differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrimpSex {
    /// 0.64 e^(1.92 x), Banister's male coefficients (the default).
    #[default]
    Male,
    /// 0.86 e^(1.67 x).
    Female,
}

/// What the estimated maximum heart rate needs from the activities before
/// the analysed range (`load::session::earlier_hr` makes it), so the
/// estimate over a range equals the one over the whole history.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EarlierHr {
    /// Each earlier activity's highest heart rate, bpm.
    pub peaks: Vec<f64>,
    /// The lowest "hard point" of the earlier runs: the heart rate that
    /// decides whether a run reads as hard.
    pub easiest_run: Option<f64>,
    /// The same over every earlier activity with heart rate.
    pub easiest_any: Option<f64>,
}

/// How the analysis is tuned. `Default` gives the documented defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Maximum heart rate from the profile; estimated from the data if absent.
    pub max_hr: Option<u8>,
    /// The heart rate recorded before the analysed history (before
    /// `since`), so that the estimated max, and every load that depends on
    /// it, is the same whatever range is analysed. Used only when the
    /// analysed activities have heart rate themselves.
    pub earlier_hr: EarlierHr,
    /// Resting heart rate from the profile; 60 bpm assumed if absent.
    pub rest_hr: Option<u8>,
    /// TRIMP weighting.
    pub trimp_sex: TrimpSex,
    /// The profile's own heart-rate zone boundaries, bpm: the lowest heart
    /// rate of zones 2 to 5, rising; the reserve bands if absent.
    pub zone_bounds: Option<[u8; 4]>,
    /// Easy running pace, s/km, for pace zones; the median run pace if absent.
    pub easy_pace_s_per_km: Option<f64>,
    /// First day analysed; the earliest record if absent.
    pub since: Option<NaiveDate>,
    /// Cross-training sessions due in every 30 days (the plan's dose).
    pub cross_training_dose: u32,
    /// Days without the routine, with some planned, before an alert.
    pub routine_skip_days: u32,
    /// NRS at or above which a day counts as a pain day.
    pub pain_day_threshold: u8,
    /// Treat days without a pain log as 0/10 (only if the runner logs daily).
    pub missing_pain_is_zero: bool,
    /// Acute:chronic ratio at or above which a day is a load spike.
    pub spike_ratio: f64,
    /// Days of pain history for the per-region trend.
    pub trend_window_days: u32,
    /// Permutations for the routine-adherence test (the other
    /// associations are AR(1) regressions and need none).
    pub permutations: u32,
    /// Fewest observations in each group before an association is estimated.
    pub min_per_group: usize,
    /// Significance level before the multiple-comparison correction.
    pub alpha: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_hr: None,
            earlier_hr: EarlierHr::default(),
            rest_hr: None,
            trimp_sex: TrimpSex::Male,
            zone_bounds: None,
            easy_pace_s_per_km: None,
            since: None,
            cross_training_dose: 3,
            routine_skip_days: 3,
            pain_day_threshold: 3,
            missing_pain_is_zero: false,
            spike_ratio: 1.3,
            trend_window_days: 28,
            permutations: 999,
            min_per_group: 8,
            alpha: 0.05,
        }
    }
}

/// Input the analysis refuses, naming the item.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    /// A number that is NaN, infinite or negative.
    #[error("activity {index}: {field} must be a finite number of at least 0")]
    BadNumber {
        /// Position in `History::activities`.
        index: usize,
        /// Which field.
        field: &'static str,
    },
    /// An RPE outside Foster's 0-10 scale.
    #[error("activity {index}: RPE {rpe} is not on the 0-10 scale")]
    Rpe {
        /// Position in `History::activities`.
        index: usize,
        /// The value given.
        rpe: u8,
    },
    /// Inconsistent settings.
    #[error("settings: {0}")]
    Settings(&'static str),
}

impl History {
    /// Checks numbers the analysis divides by or sums.
    pub fn validate(&self) -> Result<(), InputError> {
        for (index, a) in self.activities.iter().enumerate() {
            let checks = [
                ("distance_m", Some(a.distance_m)),
                ("duration_s", Some(a.duration_s)),
                ("avg_hr", a.avg_hr),
            ];
            for (field, v) in checks {
                if let Some(v) = v
                    && !(v.is_finite() && v >= 0.0)
                {
                    return Err(InputError::BadNumber { index, field });
                }
            }
            if let Some(rpe) = a.rpe
                && rpe > 10
            {
                return Err(InputError::Rpe { index, rpe });
            }
        }
        Ok(())
    }
}

impl Settings {
    /// Checks the settings are usable.
    pub fn validate(&self) -> Result<(), InputError> {
        if let (Some(max), Some(rest)) = (self.max_hr, self.rest_hr)
            && max <= rest
        {
            return Err(InputError::Settings("max HR must be above rest HR"));
        }
        if let Some(b) = self.zone_bounds
            && b.windows(2).any(|w| w[0] >= w[1])
        {
            return Err(InputError::Settings("zone boundaries must rise"));
        }
        let e = &self.earlier_hr;
        if e.peaks
            .iter()
            .chain(&e.easiest_run)
            .chain(&e.easiest_any)
            .any(|m| !(m.is_finite() && *m >= 0.0))
        {
            return Err(InputError::Settings(
                "the earlier heart rates must be numbers of at least 0",
            ));
        }
        if let Some(p) = self.easy_pace_s_per_km
            && !(p.is_finite() && p > 0.0)
        {
            return Err(InputError::Settings("easy pace must be a positive number"));
        }
        if !(self.spike_ratio.is_finite() && self.spike_ratio > 0.0) {
            return Err(InputError::Settings("spike ratio must be positive"));
        }
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(InputError::Settings("alpha must be between 0 and 1"));
        }
        if self.min_per_group < 2 {
            return Err(InputError::Settings("min_per_group must be at least 2"));
        }
        Ok(())
    }
}
