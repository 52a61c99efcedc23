//! From stride values to what a report may say: each metric's median with
//! a confidence (or the reason it is withheld), and its drift from the
//! early to the late part of the run with an effect size, a 95 % interval
//! and whether the change stands clear of the measurement noise.
//!
//! Consecutive strides are not independent, so Welch's interval over
//! strides is somewhat narrow; a change must therefore also exceed the
//! metric's noise floor (`knowledge/form.toml`) to count.

use super::measure::Stride;
use super::metric::Metric;
use super::rules::FormRules;
use super::view::{SIDE_VIEW_MAX_GAP, View};
use crate::stats::{mean, variance, welch_ci};

/// Fewest strides with a value before a metric is shown.
pub const MIN_STRIDES: usize = 4;
/// Fewest strides in each of the early and late parts before a drift is shown.
pub const MIN_DRIFT_STRIDES: usize = 3;

/// Shortest time, in seconds, between the early and the late part (the
/// mean time of the early strides to the mean time of the late ones)
/// before a change is assessed as fatigue drift: 10 minutes.
///
/// A product rule, not a published threshold. The fatigue changes the
/// form rules look for were measured between stages of a run many minutes
/// apart: a run to exhaustion in novices (KOBLBAUER-2014), km 8 against
/// km 40 of a marathon (CHAN-ROPER-2012). No study in the knowledge base
/// shows form changing with fatigue within seconds, and within a short
/// clip the keypoints' own wobble, a change of pace or a look at the
/// camera explains a change better than fatigue does: a 12-second
/// treadmill clip once gave three "changes" four seconds apart. Ten
/// minutes is a cautious floor chosen here: far beyond any clip a phone
/// films in one go, still shorter than the gaps those studies compared,
/// and easily covered by clips filmed at the start and end of a run. Below it the drift says "too
/// short to tell" and no drift finding fires.
pub const MIN_DRIFT_SPAN_S: f64 = 600.0;

/// Where a drift's reason starts when early and late are too close in time.
pub const TOO_SHORT: &str = "too short to tell";

/// How much a number can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// Withheld.
    Low,
    /// Shown with care.
    Moderate,
    /// Shown.
    High,
}

impl Confidence {
    /// From a 0..=1 score.
    pub fn from_score(s: f64) -> Self {
        if s >= 0.7 {
            Confidence::High
        } else if s >= 0.45 {
            Confidence::Moderate
        } else {
            Confidence::Low
        }
    }

    /// The name shown in reports.
    pub fn name(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Moderate => "moderate",
            Confidence::High => "high",
        }
    }
}

/// One metric over the whole recording.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricSummary {
    /// The metric.
    pub metric: Metric,
    /// Strides with a value.
    pub strides: usize,
    /// Median of the stride values (present even when withheld, for the
    /// record; reports must not show it then).
    pub median: Option<f64>,
    /// Lower quartile.
    pub q1: Option<f64>,
    /// Upper quartile.
    pub q3: Option<f64>,
    /// The median in centimetres, for lengths when the runner's height is known.
    pub median_cm: Option<f64>,
    /// Confidence score 0..=1.
    pub score: f64,
    /// Its level.
    pub confidence: Confidence,
    /// Why the number is withheld, if it is.
    pub withheld: Option<String>,
}

/// A metric's change from early to late.
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    /// The metric.
    pub metric: Metric,
    /// Strides in the early part.
    pub early_n: usize,
    /// Strides in the late part.
    pub late_n: usize,
    /// Mean early.
    pub early: Option<f64>,
    /// Mean late.
    pub late: Option<f64>,
    /// Late minus early.
    pub change: Option<f64>,
    /// 95 % interval of the change (Welch).
    pub interval: Option<(f64, f64)>,
    /// Hedges' g.
    pub effect_size: Option<f64>,
    /// The interval excludes zero and the change exceeds the noise floor.
    pub beyond_noise: bool,
    /// Why the drift is not assessed, if it is not.
    pub withheld: Option<String>,
}

/// Which strides count as early and late: the first and last clip when
/// there are several, else the first and last third of the time.
pub fn split(strides: &[Stride], clips: usize) -> (Vec<usize>, Vec<usize>) {
    if clips >= 2 {
        let last = strides.iter().map(|s| s.clip).max().unwrap_or(0);
        let early = (0..strides.len())
            .filter(|&i| strides[i].clip == 0)
            .collect();
        let late = (0..strides.len())
            .filter(|&i| strides[i].clip == last && last > 0)
            .collect();
        return (early, late);
    }
    let (Some(first), Some(last)) = (strides.first(), strides.last()) else {
        return (Vec::new(), Vec::new());
    };
    let (t0, t1) = (first.time_s, last.time_s);
    let third = (t1 - t0) / 3.0;
    let early = (0..strides.len())
        .filter(|&i| strides[i].time_s < t0 + third)
        .collect();
    let late = (0..strides.len())
        .filter(|&i| strides[i].time_s > t1 - third)
        .collect();
    (early, late)
}

/// Time from the early part to the late part: the mean time of the late
/// strides minus that of the early strides, in seconds; `None` when
/// either part is empty.
pub fn span(strides: &[Stride], early: &[usize], late: &[usize]) -> Option<f64> {
    let times = |idx: &[usize]| -> Vec<f64> {
        idx.iter()
            .filter_map(|&i| strides.get(i))
            .map(|s| s.time_s)
            .collect()
    };
    Some(mean(&times(late))? - mean(&times(early))?)
}

/// The reason a drift is not assessed when early and late are `span_s`
/// seconds apart, or `None` when that is long enough.
pub fn too_short(span_s: Option<f64>) -> Option<String> {
    let span_s = span_s?;
    (span_s < MIN_DRIFT_SPAN_S).then(|| {
        format!(
            "{TOO_SHORT}: early and late are {} apart, and fatigue drift needs at least {} between them; film the start and the end of a longer run as separate clips, each with its time in the run",
            duration(span_s),
            duration(MIN_DRIFT_SPAN_S)
        )
    })
}

/// A duration in words: seconds below two minutes, else minutes.
pub fn duration(seconds: f64) -> String {
    if seconds.abs() < 120.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{:.0} min", seconds / 60.0)
    }
}

/// The `q` quantile of sorted values, interpolated; `None` when empty.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    Some(sorted[lo] * (1.0 - frac) + sorted[hi] * frac)
}

/// Whether the metric depends on knowing which way the runner faces.
fn needs_facing(m: Metric) -> bool {
    matches!(
        m,
        Metric::HeadAhead | Metric::EarShoulderAngle | Metric::TrunkLean
    )
}

/// Summarises each metric. `blocked` withholds everything with one reason
/// (wrong view, not running); `views` are the clips' views.
pub fn summarise(
    strides: &[Stride],
    views: &[View],
    blocked: Option<&str>,
    torso_cm: Option<f64>,
) -> Vec<MetricSummary> {
    let view_factor = views
        .iter()
        .map(|v| {
            v.gap.map_or(0.9, |g| {
                1.0 - 0.5 * f64::from(g / SIDE_VIEW_MAX_GAP).min(1.0)
            })
        })
        .fold(1.0f64, f64::min);
    let facing_factor = views
        .iter()
        .map(|v| ((f64::from(v.facing_agreement) - 0.5) * 4.0).clamp(0.0, 1.0))
        .fold(1.0f64, f64::min);
    Metric::ALL
        .into_iter()
        .map(|metric| {
            let k = metric.index();
            let mut values: Vec<f64> = Vec::new();
            let mut quality = Vec::new();
            for s in strides {
                if let Some(v) = s.values[k] {
                    values.push(f64::from(v));
                    quality.push(f64::from(s.quality[k]));
                }
            }
            values.sort_by(f64::total_cmp);
            quality.sort_by(f64::total_cmp);
            let coverage = if strides.is_empty() {
                0.0
            } else {
                values.len() as f64 / strides.len() as f64
            };
            let q = quantile(&quality, 0.5).unwrap_or(0.0);
            let mut score = (q * coverage.min(1.0) * view_factor).clamp(0.0, 1.0);
            if needs_facing(metric) {
                score *= facing_factor;
            }
            let confidence = Confidence::from_score(score);
            let median = quantile(&values, 0.5);
            let withheld = if let Some(reason) = blocked {
                Some(reason.to_owned())
            } else if values.len() < MIN_STRIDES {
                Some(format!(
                    "only {} strides had the keypoints it needs (at least {MIN_STRIDES} required)",
                    values.len()
                ))
            } else if confidence == Confidence::Low {
                Some(format!(
                    "confidence too low ({score:.2}): the keypoints it needs were uncertain or often missing{}",
                    if needs_facing(metric) && facing_factor < 1.0 {
                        ", or the runner's facing direction was unclear"
                    } else {
                        ""
                    }
                ))
            } else {
                None
            };
            let median_cm = match metric {
                Metric::HeadAhead | Metric::ShoulderGap => torso_cm.zip(median).map(|(t, m)| t * m),
                _ => None,
            };
            MetricSummary {
                metric,
                strides: values.len(),
                median,
                q1: quantile(&values, 0.25),
                q3: quantile(&values, 0.75),
                median_cm,
                score,
                confidence,
                withheld,
            }
        })
        .collect()
}

/// The drift of each metric between the early and late strides. A metric
/// withheld stays withheld; otherwise, when early and late are less than
/// [`MIN_DRIFT_SPAN_S`] apart (see [`span`]), every drift is withheld as
/// [`TOO_SHORT`], so no drift finding can fire.
pub fn drifts(
    strides: &[Stride],
    early: &[usize],
    late: &[usize],
    summaries: &[MetricSummary],
    rules: &FormRules,
) -> Vec<Drift> {
    let short = too_short(span(strides, early, late));
    Metric::ALL
        .into_iter()
        .map(|metric| {
            let k = metric.index();
            let pick = |idx: &[usize]| -> Vec<f64> {
                idx.iter().filter_map(|&i| strides[i].values[k]).map(f64::from).collect()
            };
            let (a, b) = (pick(early), pick(late));
            let mut d = Drift {
                metric,
                early_n: a.len(),
                late_n: b.len(),
                early: mean(&a),
                late: mean(&b),
                change: None,
                interval: None,
                effect_size: None,
                beyond_noise: false,
                withheld: None,
            };
            if let Some(reason) = summaries.get(k).and_then(|s| s.withheld.clone()) {
                d.withheld = Some(reason);
                return d;
            }
            if let Some(reason) = &short {
                d.withheld = Some(reason.clone());
                return d;
            }
            if a.len() < MIN_DRIFT_STRIDES || b.len() < MIN_DRIFT_STRIDES {
                d.withheld = Some(format!(
                    "too few strides to compare early ({}) with late ({}); at least {MIN_DRIFT_STRIDES} each",
                    a.len(),
                    b.len()
                ));
                return d;
            }
            let (Some(ma), Some(mb)) = (d.early, d.late) else {
                return d;
            };
            let change = mb - ma;
            d.change = Some(change);
            d.interval = welch_ci(&b, &a);
            if let (Some(va), Some(vb)) = (variance(&a), variance(&b)) {
                let (na, nb) = (a.len() as f64, b.len() as f64);
                let pooled = (((na - 1.0) * va + (nb - 1.0) * vb) / (na + nb - 2.0)).sqrt();
                if pooled > 0.0 {
                    let j = 1.0 - 3.0 / (4.0 * (na + nb) - 9.0);
                    d.effect_size = Some(change / pooled * j);
                }
            }
            let floor = rules.metric(metric).noise_floor;
            d.beyond_noise = d.interval.is_some_and(|(lo, hi)| lo > 0.0 || hi < 0.0) && change.abs() >= floor;
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stride(time_s: f64) -> Stride {
        Stride {
            clip: 0,
            time_s,
            start: 0,
            end: 1,
            values: [None; Metric::COUNT],
            quality: [0.0; Metric::COUNT],
        }
    }

    #[test]
    fn the_span_runs_from_the_early_strides_mean_time_to_the_late_ones() {
        let s: Vec<Stride> = [0.0, 2.0, 10.0, 700.0, 720.0]
            .into_iter()
            .map(stride)
            .collect();
        assert_eq!(span(&s, &[0, 1], &[3, 4]), Some(709.0));
        assert_eq!(span(&s, &[], &[3, 4]), None);
    }

    #[test]
    fn too_short_below_the_minimum_and_silent_from_it() {
        let why = too_short(Some(8.0)).expect("8 s is too short");
        assert!(
            why.starts_with(TOO_SHORT) && why.contains("8 s apart") && why.contains("10 min"),
            "{why}"
        );
        assert!(too_short(Some(MIN_DRIFT_SPAN_S - 1.0)).is_some());
        assert_eq!(too_short(Some(MIN_DRIFT_SPAN_S)), None);
        assert_eq!(too_short(None), None);
        assert_eq!(duration(1500.0), "25 min");
    }
}
