//! Sport names as files write them, mapped to the domain's [`Sport`].
//!
//! GPX `<type>` (Garmin: `running`, `cycling`; Strava: `running` or its
//! numeric activity type, `9` for a run), TCX `Sport="Running|Biking|Other"`
//! and Strava's `activities.csv` "Activity Type" (`Run`, `Ride`...) all go
//! through [`from_label`]. Unknown names are kept as `Other`; the label
//! itself travels in `Activity::sport_label`.

use backstride_core::activity::Sport;

/// Maps a sport name (any case, `_`/`-`/space separated) to a [`Sport`].
pub(crate) fn from_label(label: &str) -> Sport {
    let norm: String = label
        .trim()
        .chars()
        .map(|c| {
            if c == '-' || c == ' ' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if let Some(sport) = strava_numeric(&norm) {
        return sport;
    }
    let words: Vec<&str> = norm.split('_').filter(|w| !w.is_empty()).collect();
    let has = |names: &[&str]| words.iter().any(|w| names.contains(w));
    if has(&[
        "run",
        "running",
        "jog",
        "jogging",
        "treadmill",
        "trailrun",
        "trailrunning",
        "virtualrun",
    ]) {
        Sport::Running
    } else if has(&[
        "ride",
        "cycling",
        "biking",
        "bike",
        "bicycle",
        "cycle",
        "virtualride",
        "ebikeride",
        "mountainbikeride",
        "gravelride",
        "spinning",
        "e_biking",
        "velomobile",
        "handcycle",
    ]) {
        Sport::Cycling
    } else if has(&["walk", "walking", "hike", "hiking", "trek", "trekking"]) {
        Sport::Walking
    } else if has(&["swim", "swimming", "lap_swimming", "open_water"]) {
        Sport::Swimming
    } else {
        Sport::Other
    }
}

/// Strava writes its numeric activity type into GPX `<type>`.
fn strava_numeric(norm: &str) -> Option<Sport> {
    let n: u32 = norm.parse().ok()?;
    Some(match n {
        9 => Sport::Running,
        1 | 17 => Sport::Cycling,
        4 | 10 => Sport::Walking,
        16 => Sport::Swimming,
        _ => Sport::Other,
    })
}

/// Whether cadence for this sport is counted per foot in files (FIT
/// `cadence`, TCX `RunCadence`, GPX `cad`) and must double to steps/min.
pub(crate) fn cadence_is_per_foot(sport: Sport) -> bool {
    matches!(sport, Sport::Running | Sport::Walking)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_the_names_files_use() {
        for (label, sport) in [
            ("running", Sport::Running),
            ("Running", Sport::Running),
            ("trail_running", Sport::Running),
            ("Trail Run", Sport::Running),
            ("9", Sport::Running),
            ("Biking", Sport::Cycling),
            ("cycling", Sport::Cycling),
            ("Ride", Sport::Cycling),
            ("VirtualRide", Sport::Cycling),
            ("1", Sport::Cycling),
            ("Hike", Sport::Walking),
            ("walking", Sport::Walking),
            ("Swim", Sport::Swimming),
            ("Other", Sport::Other),
            ("WeightTraining", Sport::Other),
            ("", Sport::Other),
        ] {
            assert_eq!(from_label(label), sport, "{label}");
        }
    }
}
