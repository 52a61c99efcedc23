//! Associations in plain words. The wording says what went together and
//! never claims cause; "not enough data" names the counts and the minimum.

use super::assoc::{Association, Outcome};
use super::inputs::Region;

/// One association in plain words, never claiming cause.
pub fn describe(a: &Association) -> String {
    let pain = match a.region {
        None => "Back pain",
        Some(Region::LowerBack) => "Lower-back pain",
        Some(Region::UpperBack) => "Upper-back pain",
        Some(Region::Neck) => "Neck pain",
        Some(Region::Other) => "Pain",
    };
    let when = match a.lag_days {
        0 => "on the day of".to_owned(),
        1 => "the day after".to_owned(),
        n => format!("{n} days after"),
    };
    match a.outcome {
        Outcome::NotEnoughData {
            n_exposed,
            n_unexposed,
            minimum,
        } => format!(
            "{pain} {when} {}: not enough data yet ({n_exposed} days with it, {n_unexposed} without; at least {minimum} of each needed).",
            a.exposure.label()
        ),
        Outcome::Estimated(e) => {
            let dir = if e.difference >= 0.0 {
                "higher"
            } else {
                "lower"
            };
            let ci = e.ci.map_or(String::new(), |(l, h)| {
                format!(" (95% CI {l:+.1} to {h:+.1})")
            });
            let verdict = if a.significant {
                "This held up after correcting for the number of comparisons."
            } else {
                "This could well be chance."
            };
            format!(
                "{pain} {when} {} was on average {:.1} points {dir}{ci} than on other days ({} vs {} days; p = {:.3}, {:.3} after Holm). {verdict} It went together with it in your data; that does not show one caused the other.",
                a.exposure.label(),
                e.difference.abs(),
                e.n_exposed,
                e.n_unexposed,
                e.p_value,
                e.p_holm
            )
        }
    }
}
