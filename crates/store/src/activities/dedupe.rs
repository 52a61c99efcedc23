//! The rule that recognises one activity recorded twice (a watch's FIT file
//! and the GPX a website exported from it), and the rule that picks which
//! copy to keep. Pure functions over a small fingerprint, so the rule is
//! testable on its own and the same whichever copy arrives first.

use backstride_core::activity::{Activity, Sport, SportSource, sport_certainty};

/// Two copies start at most this many seconds apart.
pub const START_TOLERANCE_S: i64 = 60;

/// Two copies' distances differ by at most this fraction of the longer one.
pub const DISTANCE_TOLERANCE: f64 = 0.02;

/// What duplicate detection looks at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fingerprint {
    /// Start, milliseconds since the epoch.
    pub start_ms: i64,
    /// Distance, metres (finite and non-negative).
    pub distance_m: f64,
    /// Number of samples.
    pub sample_count: u64,
    /// Whether the copy has any heart rate.
    pub has_heart_rate: bool,
}

impl Fingerprint {
    /// The fingerprint of a parsed activity.
    pub fn of(activity: &Activity) -> Self {
        Fingerprint {
            start_ms: activity.start.timestamp_millis(),
            distance_m: activity.distance_m,
            sample_count: activity.samples.len() as u64,
            has_heart_rate: has_heart_rate(activity),
        }
    }
}

/// Whether an activity carries heart rate, in its samples or its summary.
pub(crate) fn has_heart_rate(activity: &Activity) -> bool {
    activity.avg_heart_rate.is_some()
        || activity.max_heart_rate.is_some()
        || activity.samples.iter().any(|s| s.heart_rate.is_some())
}

/// Whether two fingerprints are the same activity: starts within
/// [`START_TOLERANCE_S`] and distances within [`DISTANCE_TOLERANCE`] of the
/// longer (two zero distances match). Symmetric by construction.
pub fn same_activity(a: &Fingerprint, b: &Fingerprint) -> bool {
    let start_close = a.start_ms.abs_diff(b.start_ms) <= START_TOLERANCE_S.unsigned_abs() * 1000;
    let longer = a.distance_m.max(b.distance_m);
    let distance_close = (a.distance_m - b.distance_m).abs() <= DISTANCE_TOLERANCE * longer;
    start_close && distance_close
}

/// Whether `new` should replace `old`: heart rate beats none, then more
/// samples win. A tie keeps the copy already stored, so importing the same
/// pair in either order keeps a copy of equal richness and never flip-flops.
pub fn is_richer(new: &Fingerprint, old: &Fingerprint) -> bool {
    (new.has_heart_rate, new.sample_count) > (old.has_heart_rate, old.sample_count)
}

/// Whether the new copy's sport should stand for the activity after the
/// two copies met: the better-known sport stays ([`sport_certainty`]: the
/// runner's word, then a sport a file names, then an inferred one, then
/// "other"), whichever copy's data is kept; on a tie, the sport of the
/// copy whose data is kept (`replaced`: the new one's).
pub fn new_sport_wins(
    new: (Sport, SportSource),
    old: (Sport, SportSource),
    replaced: bool,
) -> bool {
    let (new_rank, old_rank) = (sport_certainty(new.0, new.1), sport_certainty(old.0, old.1));
    new_rank > old_rank || (new_rank == old_rank && replaced)
}

#[cfg(test)]
mod tests {
    use super::{Fingerprint, is_richer, new_sport_wins, same_activity};
    use backstride_core::activity::{Sport, SportSource};

    #[test]
    fn the_better_known_sport_stays_whichever_copy_is_richer() {
        let swim = (Sport::Swimming, SportSource::File);
        let other = (Sport::Other, SportSource::File);
        let inferred_run = (Sport::Running, SportSource::Inferred);
        let by_hand = (Sport::Walking, SportSource::Runner);
        // A richer TCX saying "Other" replaces a FIT swim: the swim stays.
        assert!(!new_sport_wins(other, swim, true));
        // A poorer FIT swim meets a stored "Other": the swim wins.
        assert!(new_sport_wins(swim, other, false));
        assert!(new_sport_wins(swim, inferred_run, false));
        assert!(!new_sport_wins(inferred_run, swim, true));
        assert!(!new_sport_wins(swim, by_hand, true));
        // Ties follow the data.
        assert!(new_sport_wins(
            swim,
            (Sport::Cycling, SportSource::File),
            true
        ));
        assert!(!new_sport_wins(
            swim,
            (Sport::Cycling, SportSource::File),
            false
        ));
    }

    fn fp(start_s: i64, distance_m: f64, sample_count: u64, has_heart_rate: bool) -> Fingerprint {
        Fingerprint {
            start_ms: start_s * 1000,
            distance_m,
            sample_count,
            has_heart_rate,
        }
    }

    #[test]
    fn the_tolerances_are_inclusive_and_no_wider() {
        let base = fp(0, 10_000.0, 10, false);
        assert!(same_activity(&base, &fp(60, 10_000.0, 1, false)));
        assert!(!same_activity(&base, &fp(61, 10_000.0, 1, false)));
        assert!(same_activity(&base, &fp(0, 9_800.0, 1, false)));
        assert!(!same_activity(&base, &fp(0, 9_790.0, 1, false)));
        assert!(same_activity(&fp(0, 0.0, 1, false), &fp(30, 0.0, 1, false)));
    }

    #[test]
    fn heart_rate_outranks_sample_count_and_ties_keep_the_old() {
        let plain_dense = fp(0, 1.0, 3600, false);
        let hr_sparse = fp(0, 1.0, 900, true);
        assert!(is_richer(&hr_sparse, &plain_dense));
        assert!(!is_richer(&plain_dense, &hr_sparse));
        assert!(!is_richer(&plain_dense, &plain_dense));
    }
}
