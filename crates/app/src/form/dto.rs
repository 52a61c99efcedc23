//! The form report as the app shows, saves and exports it (JSON): core's
//! `FormAnalysis` turned into plain serialisable rows. A withheld number
//! is absent here (`null`), never a confident value; the reason travels
//! beside it.

use backstride_core::form::analyse::{ClipReport, FormAnalysis, StickFigure};
use backstride_core::form::summary::TOO_SHORT;
use backstride_core::form::{FormRules, Metric};
use serde::Serialize;

/// The whole report.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct FormReport {
    /// Not a medical device.
    pub disclaimer: String,
    /// The day the run was filmed.
    pub run_date: String,
    /// How early and late were told apart.
    pub split: String,
    /// Seconds from the early part to the late part.
    #[serde(default)]
    pub drift_span_s: Option<f64>,
    /// Why no drift is assessed when early and late are too close in time
    /// ("too short to tell: ..."); absent when they are far enough apart.
    #[serde(default)]
    pub drift_too_short: Option<String>,
    /// Per clip, in running order.
    pub clips: Vec<ClipDto>,
    /// Why numbers are withheld or trusted less.
    pub notes: Vec<String>,
    /// Per metric.
    pub metrics: Vec<MetricDto>,
    /// Per metric, early against late.
    pub drift: Vec<DriftDto>,
    /// Findings, tied to the knowledge base.
    pub findings: Vec<FindingDto>,
    /// Every stride's values, for charts.
    pub strides: Vec<StrideDto>,
    /// A typical early and late stride, where numbers are shown.
    pub figures: Option<FiguresDto>,
    /// Frames of a video shown with the skeleton drawn over them (none
    /// for keypoint files). `--json` lists their times only; the saved
    /// report also holds the pictures, for the web page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub snapshots: Vec<SnapshotDto>,
}

/// One snapshot of a video.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct SnapshotDto {
    /// The clip, 1-based.
    pub clip: usize,
    /// What it shows ("early stride").
    pub label: String,
    /// Seconds from the start of the run.
    pub time_s: f64,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The picture as a `data:image/jpeg;base64,` URI; absent from
    /// `--json` and the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

impl FormReport {
    /// The report without pictures: what `--json` prints and the API
    /// serves (snapshot times stay).
    pub fn without_pixels(&self) -> FormReport {
        let mut r = self.clone();
        for s in &mut r.snapshots {
            s.image = None;
        }
        r
    }
}

/// One piece of feedback on how a clip was filmed.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct CaptureDto {
    /// Which check: `in-view`, `side-on`, `runner-size`, `frame-rate`, `strides`,
    /// `setting`.
    pub id: String,
    /// Whether it asks for a change next time.
    pub problem: bool,
    /// What was seen and what it means.
    pub text: String,
}

/// One clip.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ClipDto {
    /// File or folder.
    pub source: String,
    /// Keypoint layout.
    pub layout: String,
    /// Frames in the file.
    pub frames: usize,
    /// Frames per second.
    pub fps: f64,
    /// Whether the frame rate came from the file (else from --fps).
    pub fps_from_file: bool,
    /// People followed.
    pub people: usize,
    /// The runner's person number.
    pub runner: usize,
    /// Frames the runner was seen in.
    pub runner_frames: usize,
    /// Frame numbers of probable identity switches.
    pub identity_switches: Vec<u64>,
    /// First frame analysed.
    pub analysed_from: u64,
    /// Last frame analysed.
    pub analysed_to: u64,
    /// Whether it is a side view.
    pub side_view: bool,
    /// Median shoulder/hip gap in torso lengths.
    pub side_gap: Option<f32>,
    /// "right" or "left" on screen.
    pub facing: String,
    /// Share of facing cues that agree.
    pub facing_agreement: f32,
    /// The side nearer the camera.
    pub near_side: String,
    /// Points dropped for low confidence.
    pub dropped_low_confidence: usize,
    /// Points dropped as spikes.
    pub dropped_spikes: usize,
    /// Points filled across short gaps.
    pub filled: usize,
    /// Whether the smoothing filter ran.
    pub smoothed: bool,
    /// Strides found.
    pub strides: usize,
    /// The parser's problems.
    pub problems: Vec<String>,
    /// Where the clip starts in the run, in seconds (0 for one clip).
    #[serde(default)]
    pub start_s: f64,
    /// This clip's own medians by metric ID, for the metrics the report
    /// shows (several clips: how each changes across the run).
    #[serde(default)]
    pub medians: std::collections::BTreeMap<String, f64>,
    /// The upright picture's size in pixels, `[width, height]`, where known.
    #[serde(default)]
    pub frame_size: Option<[u32; 2]>,
    /// "treadmill", "overground" or "unclear", where the hips were seen.
    #[serde(default)]
    pub setting: Option<String>,
    /// Feedback on how the clip was filmed, problems first.
    #[serde(default)]
    pub capture: Vec<CaptureDto>,
}

/// One metric.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct MetricDto {
    /// ID.
    pub id: String,
    /// Label.
    pub label: String,
    /// Unit.
    pub unit: String,
    /// Exact definition.
    pub definition: String,
    /// Median over strides; absent when withheld.
    pub median: Option<f64>,
    /// Lower quartile; absent when withheld.
    pub q1: Option<f64>,
    /// Upper quartile; absent when withheld.
    pub q3: Option<f64>,
    /// Median in centimetres (lengths, with --height-cm).
    pub median_cm: Option<f64>,
    /// Strides with a value.
    pub strides: usize,
    /// "high", "moderate" or "low".
    pub confidence: String,
    /// The confidence score 0..1.
    pub confidence_score: f64,
    /// Why withheld, if it is.
    pub withheld: Option<String>,
    /// Decimals worth showing.
    pub decimals: usize,
    /// The smallest change that counts as real.
    pub noise_floor: f64,
    /// Published reference values, if any.
    pub reference: Option<String>,
    /// Their sources.
    pub reference_sources: Vec<String>,
}

/// One metric early against late.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct DriftDto {
    /// Metric ID.
    pub id: String,
    /// Strides early.
    pub early_strides: usize,
    /// Strides late.
    pub late_strides: usize,
    /// Mean early.
    pub early: Option<f64>,
    /// Mean late.
    pub late: Option<f64>,
    /// Late minus early.
    pub change: Option<f64>,
    /// 95 % interval, low end.
    pub ci_low: Option<f64>,
    /// 95 % interval, high end.
    pub ci_high: Option<f64>,
    /// Hedges' g.
    pub effect_size: Option<f64>,
    /// Beyond the noise.
    pub beyond_noise: bool,
    /// Why not assessed, if it is not.
    pub withheld: Option<String>,
}

/// One finding.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct FindingDto {
    /// Rule ID.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Explanation with the numbers.
    pub text: String,
    /// Signal handed to the assessment.
    pub signal: String,
    /// Source IDs.
    pub sources: Vec<String>,
    /// Evidence level.
    pub evidence_level: String,
    /// What research says.
    pub verdict: String,
    /// The same in words.
    pub evidence_note: String,
}

/// One stride.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct StrideDto {
    /// Clip (1-based).
    pub clip: usize,
    /// Seconds from the start of the first clip.
    pub time_s: f64,
    /// "early", "late" or "middle".
    pub part: String,
    /// Values by metric ID (absent where not measured).
    pub values: std::collections::BTreeMap<String, f64>,
}

/// Stick figures.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct FiguresDto {
    /// A typical early stride.
    pub early: Vec<JointDto>,
    /// A typical late stride.
    pub late: Vec<JointDto>,
}

/// A joint of a stick figure, relative to the hip in torso lengths, facing right.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct JointDto {
    /// Joint name.
    pub joint: String,
    /// Forward.
    pub x: f32,
    /// Up.
    pub y: f32,
}

/// A time in the run as `M:SS` (or `H:MM:SS` from an hour).
pub fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

fn clip(source: &str, c: &ClipReport, shown: &dyn Fn(Metric) -> bool) -> ClipDto {
    ClipDto {
        source: source.to_owned(),
        layout: c.layout.name().to_owned(),
        frames: c.frames,
        fps: c.fps,
        fps_from_file: c.fps_from_file,
        people: c.people,
        runner: c.runner,
        runner_frames: c.runner_frames,
        identity_switches: c.switches.clone(),
        analysed_from: c.analysed.0,
        analysed_to: c.analysed.1,
        side_view: c.view.side_view,
        side_gap: c.view.gap,
        facing: if c.view.facing > 0.0 { "right" } else { "left" }.to_owned(),
        facing_agreement: c.view.facing_agreement,
        near_side: c.view.near.name().to_owned(),
        dropped_low_confidence: c.cleaning.0,
        dropped_spikes: c.cleaning.1,
        filled: c.cleaning.2,
        smoothed: c.filtered,
        strides: c.strides,
        problems: c.problems.clone(),
        start_s: c.start_s,
        medians: Metric::ALL
            .into_iter()
            .filter(|&m| shown(m))
            .filter_map(|m| {
                let v = c.medians.get(m.index()).copied().flatten()?;
                Some((m.id().to_owned(), v))
            })
            .collect(),
        frame_size: c.frame_size.map(|(w, h)| [w, h]),
        setting: c.setting.map(|s| s.name().to_owned()),
        capture: {
            let mut checks: Vec<CaptureDto> = c
                .capture
                .iter()
                .map(|k| CaptureDto {
                    id: k.kind.id().to_owned(),
                    problem: k.problem,
                    text: k.text.clone(),
                })
                .collect();
            // Problems first, each group in the order core gives.
            checks.sort_by_key(|k| !k.problem);
            checks
        },
    }
}

fn figure(f: &StickFigure) -> Vec<JointDto> {
    f.joints
        .iter()
        .map(|(j, x, y)| JointDto {
            joint: j.name().to_owned(),
            x: *x,
            y: *y,
        })
        .collect()
}

/// Builds the report. `sources` names each clip's file or folder.
pub fn build(
    a: &FormAnalysis,
    rules: &FormRules,
    sources: &[String],
    run_date: &str,
) -> FormReport {
    let shown = |m: Metric| a.metric(m).withheld.is_none();
    let metrics = a
        .metrics
        .iter()
        .map(|s| {
            let rule = rules.metric(s.metric);
            let show = s.withheld.is_none();
            MetricDto {
                id: s.metric.id().to_owned(),
                label: s.metric.label().to_owned(),
                unit: s.metric.unit().to_owned(),
                definition: s.metric.definition().to_owned(),
                median: s.median.filter(|_| show),
                q1: s.q1.filter(|_| show),
                q3: s.q3.filter(|_| show),
                median_cm: s.median_cm.filter(|_| show),
                strides: s.strides,
                confidence: s.confidence.name().to_owned(),
                confidence_score: s.score,
                withheld: s.withheld.clone(),
                decimals: s.metric.decimals(),
                noise_floor: rule.noise_floor,
                reference: rule.reference.clone(),
                reference_sources: rule
                    .reference_sources
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            }
        })
        .collect();
    let drift = a
        .drift
        .iter()
        .map(|d| {
            let show = d.withheld.is_none();
            DriftDto {
                id: d.metric.id().to_owned(),
                early_strides: d.early_n,
                late_strides: d.late_n,
                early: d.early.filter(|_| show),
                late: d.late.filter(|_| show),
                change: d.change.filter(|_| show),
                ci_low: d.interval.map(|i| i.0).filter(|_| show),
                ci_high: d.interval.map(|i| i.1).filter(|_| show),
                effect_size: d.effect_size.filter(|_| show),
                beyond_noise: d.beyond_noise && show,
                withheld: d.withheld.clone(),
            }
        })
        .collect();
    let findings = a
        .findings
        .iter()
        .map(|f| FindingDto {
            id: f.id.clone(),
            title: f.title.clone(),
            text: f.text.clone(),
            signal: f.signal.name().to_owned(),
            sources: f.sources.iter().map(|s| s.to_string()).collect(),
            evidence_level: f.evidence.level.name().to_owned(),
            verdict: f.evidence.verdict.name().to_owned(),
            evidence_note: f.evidence.note.clone(),
        })
        .collect();
    let strides = a
        .strides
        .iter()
        .enumerate()
        .map(|(i, s)| StrideDto {
            clip: s.clip + 1,
            time_s: s.time_s,
            part: if a.early.contains(&i) {
                "early"
            } else if a.late.contains(&i) {
                "late"
            } else {
                "middle"
            }
            .to_owned(),
            values: Metric::ALL
                .into_iter()
                .filter(|&m| shown(m))
                .filter_map(|m| s.values[m.index()].map(|v| (m.id().to_owned(), f64::from(v))))
                .collect(),
        })
        .collect();
    FormReport {
        disclaimer: backstride_core::DISCLAIMER.to_owned(),
        run_date: run_date.to_owned(),
        split: match (a.clips.first(), a.clips.last()) {
            (Some(first), Some(last)) if a.clips.len() > 1 => format!(
                "early = the first clip (at {}), late = the last clip (at {})",
                clock(first.start_s),
                clock(last.start_s)
            ),
            _ => "early = the first third of the recording, late = the last third".to_owned(),
        },
        drift_span_s: a.span_s,
        drift_too_short: a
            .drift
            .iter()
            .find_map(|d| d.withheld.clone().filter(|w| w.starts_with(TOO_SHORT))),
        clips: a
            .clips
            .iter()
            .enumerate()
            .map(|(i, c)| clip(sources.get(i).map_or("", String::as_str), c, &shown))
            .collect(),
        notes: a.notes.clone(),
        metrics,
        drift,
        findings,
        strides,
        figures: a.figures.as_ref().map(|(e, l)| FiguresDto {
            early: figure(e),
            late: figure(l),
        }),
        snapshots: Vec::new(),
    }
}
