//! Associations in plain words. The wording says what went together and
//! never claims cause; "not enough data" names the counts and the minimum.
//! Numbers are written so they read right: "1 day", never "1 days", and
//! never "-0.0".

use super::assoc::{Association, Outcome};
use super::exposure::Exposure;
use crate::profile::Region;

/// "1 day", "2 days".
pub fn days(n: usize) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// `x` to `places` decimals with its sign ("+1.2", "-0.4"), and "0.0"
/// (no sign) for anything that rounds to zero, so "-0.0" never shows.
pub fn signed(x: f64, places: usize) -> String {
    let scale = 10f64.powi(i32::try_from(places).unwrap_or(0));
    if (x * scale).round() == 0.0 {
        format!("{:.places$}", 0.0)
    } else {
        format!("{x:+.places$}")
    }
}

/// A coverage level as a percentage: "95%", "99.6%".
pub fn percent(level: f64) -> String {
    let p = (level * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// When the pain was, relative to the exposure.
fn when(e: Exposure, lag: u8) -> String {
    let after = |what: &str| match lag {
        1 => format!("the day after {what}"),
        n => format!("{} after {what}", days(usize::from(n))),
    };
    match (e, lag) {
        (Exposure::LoadSpike, 0) => "on a load-spike day".to_owned(),
        (Exposure::LoadSpike, _) => after("a load-spike day"),
        (Exposure::LongRun, 0) => "on the day of a long run".to_owned(),
        (Exposure::LongRun, _) => after("a long run"),
        (Exposure::HardSession, 0) => "on the day of a hard session".to_owned(),
        (Exposure::HardSession, _) => after("a hard session"),
        (Exposure::SkippedRoutine, 0) => "on a day the planned routine was skipped".to_owned(),
        (Exposure::SkippedRoutine, _) => after("a skipped routine"),
        (Exposure::CrossTrainingBelowDose, _) => {
            "on days when cross-training in the last 30 days was below the dose".to_owned()
        }
        (Exposure::BraceWorn, _) => "on days you wore the brace".to_owned(),
    }
}

/// What the exposed days were compared with.
fn compared_with(e: Exposure) -> &'static str {
    match e {
        Exposure::LoadSpike
        | Exposure::LongRun
        | Exposure::HardSession
        | Exposure::SkippedRoutine => "ordinary days",
        Exposure::CrossTrainingBelowDose => "days at or above the dose",
        Exposure::BraceWorn => "days logged without it",
    }
}

/// What "ordinary days" are, for the report's method note.
pub const ORDINARY_DAYS: &str = "Ordinary days have no load spike that day or in the 3 days before, and no long run or hard session that day or the day before (for skipped routines, no skipped routine either). A day inside such a training event's window is left out of the other comparisons, on either side, unless the event fell on the same day as the thing compared, so an effect a day or two after one thing is not counted for or against another.";

/// How the findings were reached, in words, for the report.
pub fn method(permutations: u32) -> String {
    format!(
        "Each comparison allows for pain that carries over from day to day, as in a flare (a regression with AR(1) errors), and its interval is widened to the level Holm's correction tested it at, so an interval that excludes 0 goes with a finding and one that includes 0 with chance. {ORDINARY_DAYS} Routine adherence: {permutations} permutations."
    )
}

/// A p-value to three places, "< 0.001" below that.
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_owned()
    } else {
        format!("= {p:.3}")
    }
}

/// One association in plain words, never claiming cause.
pub fn describe(a: &Association) -> String {
    let pain = match a.region {
        None => "Back pain",
        Some(Region::LowerBack) => "Lower-back pain",
        Some(Region::UpperBack) => "Upper-back pain",
        Some(Region::Neck) => "Neck pain",
        Some(Region::Other) => "Pain",
    };
    let when = when(a.exposure, a.lag_days);
    match a.outcome {
        Outcome::NotEnoughData {
            n_exposed,
            n_unexposed,
            minimum,
        } => format!(
            "{pain} {when}: not enough data yet ({} with it, {n_unexposed} to compare with; at least {minimum} of each needed).",
            days(n_exposed),
        ),
        Outcome::Estimated(e) => {
            let size = format!("{:.1}", e.difference.abs());
            let dir = if size == "0.0" {
                "about the same as".to_owned()
            } else if e.difference > 0.0 {
                format!("on average {size} points higher than")
            } else {
                format!("on average {size} points lower than")
            };
            let ci = e.ci.map_or(String::new(), |(l, h)| {
                let level = percent(e.ci_level);
                if e.ci_level > 0.9505 {
                    format!(
                        "; {level} interval {} to {}, widened for the comparisons made",
                        signed(l, 1),
                        signed(h, 1)
                    )
                } else {
                    format!("; {level} interval {} to {}", signed(l, 1), signed(h, 1))
                }
            });
            let verdict = if a.significant {
                "This held up after correcting for the number of comparisons."
            } else {
                "This could well be chance."
            };
            format!(
                "{pain} {when} was {dir} on {} ({} against {}{ci}; p {}, {} after Holm). {verdict} It went together with it in your data; that does not show one caused the other.",
                compared_with(a.exposure),
                days(e.n_exposed),
                e.n_unexposed,
                p_value(e.p_value),
                p_value(e.p_holm).trim_start_matches("= ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_right() {
        assert_eq!(days(1), "1 day");
        assert_eq!(days(0), "0 days");
        assert_eq!(signed(-0.04, 1), "0.0");
        assert_eq!(signed(-0.0, 1), "0.0");
        assert_eq!(signed(0.06, 1), "+0.1");
        assert_eq!(signed(-1.25, 1), "-1.2");
        assert_eq!(percent(0.95), "95%");
        assert_eq!(percent(1.0 - 0.05 / 13.0), "99.6%");
        assert_eq!(p_value(0.0004), "< 0.001");
        assert_eq!(p_value(0.0123), "= 0.012");
    }

    #[test]
    fn every_exposure_and_lag_reads_as_a_sentence() {
        for e in Exposure::ALL {
            for lag in 0..=e.max_lag() {
                let w = when(e, lag);
                assert!(!w.contains("day of a load-spike day"), "{w}");
                assert!(!w.contains("1 days"), "{w}");
            }
        }
        assert_eq!(when(Exposure::LoadSpike, 0), "on a load-spike day");
        assert_eq!(
            when(Exposure::LoadSpike, 3),
            "3 days after a load-spike day"
        );
        assert_eq!(when(Exposure::LongRun, 1), "the day after a long run");
    }
}
