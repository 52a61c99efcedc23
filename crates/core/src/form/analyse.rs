//! The whole pipeline for one run (one or several clips in order): put the
//! frames on a grid, follow the runner, read the view, clean, find strides,
//! measure, summarise, compare early with late, and apply the rules. Every
//! reason a number is withheld is collected in `notes`.

use super::capture::{CaptureCheck, CaptureFacts, Setting, check as check_capture, travel};
use super::clean::{CleanSeries, CleanSettings, clean};
use super::findings::{Finding, find};
use super::gait::detect;
use super::measure::{Stride, strides};
use super::metric::Metric;
use super::pose::{Joint, PoseFrame, PoseLayout, PoseRecording};
use super::rules::FormRules;
use super::summary::{Drift, MetricSummary, drifts, quantile, span, split, summarise};
use super::track::{TrackError, follow};
use super::view::{View, read};

/// Torso (shoulder to hip) as a share of standing height: shoulder at
/// 0.818 and greater trochanter at 0.530 of height (WINTER-2009).
pub const TORSO_SHARE_OF_HEIGHT: f64 = 0.818 - 0.530;
/// Cadences (steps/min) that look like running; below is walking or
/// standing about.
pub const RUNNING_CADENCE: (f64, f64) = (130.0, 240.0);

/// What the caller may set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormSettings {
    /// Frame rate (`--fps`); wins over the file's.
    pub fps: Option<f64>,
    /// Follow this person (1-based track number) instead of the automatic choice.
    pub person: Option<usize>,
    /// Clean-up settings.
    pub clean: CleanSettings,
    /// The runner's height, to express lengths in centimetres.
    pub height_cm: Option<f64>,
    /// Each clip's start in the run, in seconds from the run's start, in
    /// clip order; `None` takes the clips as filmed back to back.
    pub clip_starts_s: Option<Vec<f64>>,
}

/// Why a clip could not be analysed at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FormError {
    /// No frame rate in the file or the settings.
    #[error("the frame rate is unknown: this file does not record it, so give it (--fps)")]
    NoFrameRate,
    /// A frame rate that cannot be right.
    #[error("the frame rate {0} is not usable (expected 5 to 1000 frames per second)")]
    BadFrameRate(f64),
    /// No frames.
    #[error("the recording has no frames")]
    NoFrames,
    /// Frame numbers too sparse to be one video.
    #[error("frame numbers jump from {from} to {to}; is this one video?")]
    Sparse {
        /// Last number before the jump.
        from: u64,
        /// First number after it.
        to: u64,
    },
    /// Nobody to follow.
    #[error(transparent)]
    Track(#[from] TrackError),
    /// The runner's torso was never seen.
    #[error("no frame shows the runner's shoulder and hip with enough confidence")]
    NoTorso,
    /// Clip times that do not fit the clips.
    #[error("clip times: {0}")]
    ClipTimes(String),
    /// A clip failed: which one.
    #[error("clip {clip}: {source}")]
    Clip {
        /// 1-based clip number.
        clip: usize,
        /// Why.
        source: Box<FormError>,
    },
}

/// What happened to one clip.
#[derive(Debug, Clone, PartialEq)]
pub struct ClipReport {
    /// The source layout.
    pub layout: PoseLayout,
    /// Frames in the file.
    pub frames: usize,
    /// Frames per second used.
    pub fps: f64,
    /// Where the frame rate came from.
    pub fps_from_file: bool,
    /// Number of people followed (tracks).
    pub people: usize,
    /// The runner's track number.
    pub runner: usize,
    /// Frames in which the runner was seen.
    pub runner_frames: usize,
    /// Frame numbers where the runner's track probably swapped people.
    pub switches: Vec<u64>,
    /// First and last frame number analysed.
    pub analysed: (u64, u64),
    /// The view.
    pub view: View,
    /// Points dropped for low confidence, as spikes, and filled.
    pub cleaning: (usize, usize, usize),
    /// Whether the low-pass filter ran.
    pub filtered: bool,
    /// Strides found.
    pub strides: usize,
    /// The parser's problems, passed on.
    pub problems: Vec<String>,
    /// Where the clip starts in the run, in seconds.
    pub start_s: f64,
    /// The median of this clip's strides, per metric in [`Metric::ALL`]
    /// order (`None` where no stride had a value).
    pub medians: Vec<Option<f64>>,
    /// The upright picture's size, where known.
    pub frame_size: Option<(u32, u32)>,
    /// Treadmill or overground, where the hips were seen long enough.
    pub setting: Option<Setting>,
    /// Feedback on how the clip was filmed, problems and all, in the
    /// order to fix them.
    pub capture: Vec<CaptureCheck>,
}

/// A stick figure for a report: joints relative to the hip, in torso
/// lengths, facing +x, y up.
#[derive(Debug, Clone, PartialEq)]
pub struct StickFigure {
    /// Seconds from the start.
    pub time_s: f64,
    /// Known joints.
    pub joints: Vec<(Joint, f32, f32)>,
}

/// Everything the form analysis says about one run.
#[derive(Debug, Clone, PartialEq)]
pub struct FormAnalysis {
    /// Per clip.
    pub clips: Vec<ClipReport>,
    /// Every stride measured, in time order.
    pub strides: Vec<Stride>,
    /// Indices into `strides` of the early and late parts.
    pub early: Vec<usize>,
    /// See `early`.
    pub late: Vec<usize>,
    /// Per metric, in [`Metric::ALL`] order.
    pub metrics: Vec<MetricSummary>,
    /// Per metric, in [`Metric::ALL`] order.
    pub drift: Vec<Drift>,
    /// Seconds from the early part to the late part (see
    /// [`super::summary::span`]); drift needs
    /// [`super::summary::MIN_DRIFT_SPAN_S`].
    pub span_s: Option<f64>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Why numbers are withheld or trusted less, in plain words.
    pub notes: Vec<String>,
    /// A typical early and late stride.
    pub figures: Option<(StickFigure, StickFigure)>,
}

impl FormAnalysis {
    /// The summary of a metric.
    pub fn metric(&self, m: Metric) -> &MetricSummary {
        &self.metrics[m.index()]
    }

    /// The signals the findings hand to the assessment.
    pub fn signals(&self) -> Vec<crate::signal::Signal> {
        let mut s: Vec<_> = self.findings.iter().map(|f| f.signal).collect();
        s.sort();
        s.dedup();
        s
    }
}

struct ClipWork {
    report: ClipReport,
    series: CleanSeries,
    strides: Vec<Stride>,
}

/// Analyses one run recorded as one or more clips, in order.
pub fn analyse(
    clips: &[&PoseRecording],
    settings: &FormSettings,
    rules: &FormRules,
) -> Result<FormAnalysis, FormError> {
    let several = clips.len() > 1;
    if let Some(starts) = &settings.clip_starts_s {
        check_starts(starts, clips.len())?;
    }
    let mut work = Vec::with_capacity(clips.len());
    let mut t0 = 0.0;
    for (i, rec) in clips.iter().enumerate() {
        if let Some(&start) = settings.clip_starts_s.as_ref().and_then(|s| s.get(i)) {
            t0 = start;
        }
        let w = analyse_clip(rec, settings, i, t0).map_err(|e| {
            if several {
                FormError::Clip {
                    clip: i + 1,
                    source: Box::new(e),
                }
            } else {
                e
            }
        })?;
        t0 += w.series.len as f64 / w.series.fps;
        work.push(w);
    }
    if work.is_empty() {
        return Err(FormError::NoFrames);
    }

    let mut notes = Vec::new();
    let mut blocked: Option<String> = None;
    for (i, w) in work.iter().enumerate() {
        let clip = if several {
            format!("clip {}: ", i + 1)
        } else {
            String::new()
        };
        let r = &w.report;
        if !r.view.side_view {
            blocked.get_or_insert_with(|| {
                format!(
                    "{clip}this is not a side view (the shoulders and hips are {:.2} torso lengths apart; a side view keeps them within {:.2}): film from the side, at right angles to the running direction",
                    r.view.gap.unwrap_or(0.0),
                    super::view::SIDE_VIEW_MAX_GAP
                )
            });
        }
        if r.people > 1 {
            notes.push(format!(
                "{clip}{} people were seen; the runner is person {} (seen in {} of {} frames). Choose another with --person.",
                r.people, r.runner, r.runner_frames, r.frames
            ));
        }
        if !r.switches.is_empty() {
            notes.push(format!(
                "{clip}the person followed seems to change at frame{} {}: only frames {} to {} (the longest stretch without a change) were analysed",
                if r.switches.len() > 1 { "s" } else { "" },
                r.switches.iter().map(u64::to_string).collect::<Vec<_>>().join(", "),
                r.analysed.0,
                r.analysed.1
            ));
        }
        if r.view.facing_agreement < 0.75 {
            notes.push(format!(
                "{clip}which way the runner faces is unclear ({:.0} % of cues agree); forward-backward measures are trusted less",
                100.0 * r.view.facing_agreement
            ));
        }
        if !r.filtered {
            notes.push(format!(
                "{clip}at {:.0} frames per second the {:.0} Hz smoothing filter cannot run; keypoint jitter stays in the numbers",
                r.fps, settings.clean.cutoff_hz
            ));
        }
    }
    let strides: Vec<Stride> = work
        .iter_mut()
        .flat_map(|w| std::mem::take(&mut w.strides))
        .collect();
    if blocked.is_none() {
        if strides.len() < super::summary::MIN_STRIDES {
            blocked = Some(format!(
                "only {} regular stride(s) were found; film at least 15 seconds of steady running with the feet in view",
                strides.len()
            ));
        } else {
            let mut cad: Vec<f64> = strides
                .iter()
                .filter_map(|s| s.values[Metric::Cadence.index()])
                .map(f64::from)
                .collect();
            cad.sort_by(f64::total_cmp);
            let median = cad.get(cad.len() / 2).copied().unwrap_or(0.0);
            if !(RUNNING_CADENCE.0..=RUNNING_CADENCE.1).contains(&median) {
                blocked = Some(format!(
                    "this does not look like running: the steps come at {median:.0} per minute (running is about {:.0} to {:.0})",
                    RUNNING_CADENCE.0, RUNNING_CADENCE.1
                ));
            }
        }
    }
    if let Some(b) = &blocked {
        notes.insert(0, format!("No posture numbers: {b}."));
    }
    let torso_cm = settings.height_cm.map(|h| h * TORSO_SHARE_OF_HEIGHT);
    let views: Vec<View> = work.iter().map(|w| w.report.view.clone()).collect();
    let metrics = summarise(&strides, &views, blocked.as_deref(), torso_cm);
    for (i, w) in work.iter_mut().enumerate() {
        w.report.medians = Metric::ALL
            .into_iter()
            .map(|m| {
                let mut v: Vec<f64> = strides
                    .iter()
                    .filter(|s| s.clip == i)
                    .filter_map(|s| s.values[m.index()])
                    .map(f64::from)
                    .collect();
                v.sort_by(f64::total_cmp);
                quantile(&v, 0.5)
            })
            .collect();
    }
    let (early, late) = split(&strides, work.len());
    let span_s = span(&strides, &early, &late);
    let drift = drifts(&strides, &early, &late, &metrics, rules);
    let findings = find(rules, &metrics, &drift);
    let figures = if blocked.is_none() {
        figure(&work, &strides, &early).zip(figure(&work, &strides, &late))
    } else {
        None
    };
    Ok(FormAnalysis {
        clips: work.into_iter().map(|w| w.report).collect(),
        strides,
        early,
        late,
        metrics,
        drift,
        span_s,
        findings,
        notes,
        figures,
    })
}

/// Clip start times must be one per clip, finite, not negative, and
/// strictly increasing (clips in running order).
fn check_starts(starts: &[f64], clips: usize) -> Result<(), FormError> {
    if starts.len() != clips {
        return Err(FormError::ClipTimes(format!(
            "{} time(s) for {clips} clip(s); give one time per clip, in the same order",
            starts.len()
        )));
    }
    if let Some(t) = starts.iter().find(|t| !t.is_finite() || **t < 0.0) {
        return Err(FormError::ClipTimes(format!(
            "{t} s is not a time in the run"
        )));
    }
    if let Some(w) = starts.windows(2).find(|w| w[1] <= w[0]) {
        return Err(FormError::ClipTimes(format!(
            "a clip at {} follows one at {}; give the clips in running order, each later than the one before",
            super::summary::duration(w[1]),
            super::summary::duration(w[0])
        )));
    }
    Ok(())
}

/// The stride in the middle of a part, drawn at its first contact.
fn figure(work: &[ClipWork], strides: &[Stride], part: &[usize]) -> Option<StickFigure> {
    let &i = part.get(part.len() / 2)?;
    let s = strides.get(i)?;
    let w = work.get(s.clip)?;
    let view = &w.report.view;
    let near = view.near;
    let hip = super::view::sided(near, Joint::LeftHip, Joint::RightHip);
    let (hx, hy) = w.series.joint(hip).at(s.start)?;
    let joints = Joint::ALL
        .into_iter()
        .filter_map(|j| {
            let (x, y) = w.series.joint(j).at(s.start)?;
            Some((
                j,
                view.facing * (x - hx) / view.torso,
                (y - hy) / view.torso,
            ))
        })
        .collect();
    Some(StickFigure {
        time_s: s.time_s,
        joints,
    })
}

fn other_hip(hip: Joint) -> Joint {
    if hip == Joint::LeftHip {
        Joint::RightHip
    } else {
        Joint::LeftHip
    }
}

fn frame_rate(rec: &PoseRecording, settings: &FormSettings) -> Result<(f64, bool), FormError> {
    // The caller's rate wins, as in the parsers: only whoever filmed a
    // slow-motion video knows its real rate.
    let (fps, from_file) = match (settings.fps, rec.fps) {
        (Some(f), _) => (f, false),
        (None, Some(f)) => (f, true),
        (None, None) => return Err(FormError::NoFrameRate),
    };
    if !(5.0..=1000.0).contains(&fps) {
        return Err(FormError::BadFrameRate(fps));
    }
    Ok((fps, from_file))
}

fn analyse_clip(
    rec: &PoseRecording,
    settings: &FormSettings,
    clip: usize,
    t0: f64,
) -> Result<ClipWork, FormError> {
    let (fps, fps_from_file) = frame_rate(rec, settings)?;
    let mut frames: Vec<&PoseFrame> = rec.frames.iter().collect();
    frames.sort_by_key(|f| f.number);
    let (Some(first), Some(last)) = (frames.first(), frames.last()) else {
        return Err(FormError::NoFrames);
    };
    let first_number = first.number;
    let span = last.number - first_number + 1;
    if span > 4 * frames.len() as u64 + 1000 {
        let mut from = first_number;
        for f in &frames {
            if f.number - from > 1000 {
                return Err(FormError::Sparse { from, to: f.number });
            }
            from = f.number;
        }
    }
    let mut grid: Vec<Option<&PoseFrame>> = vec![None; span as usize];
    for f in &frames {
        grid[(f.number - first_number) as usize] = Some(f);
    }
    let mut tracking = follow(&grid, settings.person, settings.clean.min_score)?;
    let people = tracking.tracks.len();
    let runner = tracking.tracks.swap_remove(tracking.chosen);
    let (runner_number, runner_frames) = (runner.number, runner.frames_seen);

    // Analyse the longest stretch between identity switches.
    let mut cuts = vec![runner.first];
    cuts.extend(tracking.switches.iter().copied());
    cuts.push(runner.last + 1);
    let (a, b) = cuts
        .windows(2)
        .map(|w| (w[0], w[1]))
        .max_by_key(|(a, b)| b - a)
        .unwrap_or((runner.first, runner.last + 1));
    let gathered = runner.into_gathered(a..b);
    let view = read(&gathered).ok_or(FormError::NoTorso)?;
    let series = clean(gathered, fps, view.torso, &settings.clean);
    let gait = detect(&series, &view);
    let strides = strides(&series, &view, &gait, clip, t0 + a as f64 / fps);
    let hip = super::view::sided(view.near, Joint::LeftHip, Joint::RightHip);
    let mut hip_xs: Vec<f32> = (0..series.len)
        .filter_map(|i| {
            series
                .joint(hip)
                .at(i)
                .or_else(|| series.joint(other_hip(hip)).at(i))
        })
        .map(|(x, _)| x)
        .collect();
    let hip_travel = travel(&mut hip_xs, view.torso);
    let capture = check_capture(&CaptureFacts {
        fps,
        frame_size: rec.frame_size,
        torso: view.torso,
        hip_travel,
        strides: strides.len(),
        side_gap: view.gap,
        side_view: view.side_view,
        runner_frames,
        frames: rec.frames.len(),
    });
    let report = ClipReport {
        layout: rec.layout,
        frames: rec.frames.len(),
        fps,
        fps_from_file,
        people,
        runner: runner_number,
        runner_frames,
        switches: tracking
            .switches
            .iter()
            .map(|&s| first_number + s as u64)
            .collect(),
        analysed: (first_number + a as u64, first_number + b as u64 - 1),
        view,
        cleaning: (series.low_confidence, series.spikes, series.filled),
        filtered: series.filtered,
        strides: strides.len(),
        problems: rec.problems.clone(),
        start_s: t0,
        medians: Vec::new(),
        frame_size: rec.frame_size,
        setting: hip_travel.map(Setting::from_travel),
        capture,
    };
    Ok(ClipWork {
        report,
        series,
        strides,
    })
}
