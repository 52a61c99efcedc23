//! Use case "form": running posture from pose keypoint files (OpenPose,
//! COCO-17, MediaPipe, TRC, as [`crate::form::inputs`] reads them) or
//! phone videos (MP4/MOV, through [`crate::form::video`]), saved
//! with the runner's history; the saved analyses listed and read back;
//! two analyses set side by side (a baseline against a retest), each
//! metric's change held against the noise floor the report states.
//! `backstride form`, the Form page and `/api/v1/form` call these.

use std::path::PathBuf;

use anyhow::{Context, Result};
use backstride_core::form::clean::CleanSettings;
use backstride_core::form::pose::PoseRecording;
use backstride_core::form::{FormRules, FormSettings, analyse as measure};
use backstride_core::knowledge::KnowledgeBase;
use backstride_formats::pose::PoseOptions;
use backstride_store::{FormEntry, NewFormAnalysis, TimeRange};
use chrono::{DateTime, NaiveDate, Utc};

use crate::commands::UserError;
use crate::form::dto::{self, FormReport, SnapshotDto};
use crate::form::inputs;
use crate::form::video::{self, VideoClip, VideoKeypoints, VideoOptions, snapshot};
use crate::storage::Opened;

/// One keypoint file or folder to read, and how to name it in the report
/// and in errors (an upload's own name instead of its temporary path).
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// Where it is.
    pub path: PathBuf,
    /// Its name for the runner; the path when `None`.
    pub shown_as: Option<String>,
}

/// What to analyse and how.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    /// Keypoint files or folders, in running order (clips of one run).
    pub inputs: Vec<Input>,
    /// Frames per second (wins over the file).
    pub fps: Option<f64>,
    /// Frame size for normalised coordinates.
    pub frame_size: Option<(u32, u32)>,
    /// The person to follow instead of the automatic choice.
    pub person: Option<usize>,
    /// The runner's height, for lengths in centimetres.
    pub height_cm: Option<f64>,
    /// Keypoints less certain than this are dropped (0.3 when `None`).
    pub min_score: Option<f32>,
    /// The day the run was filmed.
    pub run_date: NaiveDate,
    /// Each clip's start in the run, in seconds, in clip order; needed
    /// when the inputs hold several clips (`--at` on the command line).
    pub clip_times_s: Option<Vec<f64>>,
}

/// One analysis, measured, not yet saved.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The report, snapshots' pictures included.
    pub report: FormReport,
    /// The report without pictures (pretty JSON, the `--json` document).
    pub json: String,
    /// Each video clip's keypoints (source, keypoints), in clip order:
    /// what `--keypoints-out` writes.
    pub videos: Vec<(String, VideoKeypoints)>,
    /// The `form.*` signals it hands to the assessment.
    pub signals: Vec<String>,
}

/// A saved analysis read back.
#[derive(Debug, Clone)]
pub struct Saved {
    /// Its row id.
    pub id: i64,
    /// The day the run was filmed.
    pub run_date: NaiveDate,
    /// Where the keypoints came from.
    pub source: String,
    /// When it was analysed.
    pub at: DateTime<Utc>,
    /// The report.
    pub report: FormReport,
}

/// Why a saved analysis cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// No analysis has that id.
    #[error("there is no form analysis {0}")]
    NotFound(i64),
}

fn rename(e: anyhow::Error, input: &Input) -> anyhow::Error {
    match (&input.shown_as, e.downcast_ref::<UserError>()) {
        (Some(name), Some(user)) => {
            let path = input.path.display().to_string();
            let parent = input
                .path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let mut text = user.0.replace(&path, name);
            if !parent.is_empty() {
                text = text.replace(&parent, name);
            }
            UserError(text).into()
        }
        _ => e,
    }
}

/// Where a video's analysis stands, for a progress bar: the clip's name,
/// frames done, and frames in it where known.
pub type Progress<'a> = &'a mut dyn FnMut(&str, u64, Option<u64>);

/// Reads every input and measures the run.
pub fn analyse(kb: &KnowledgeBase, req: &Request) -> Result<Analysis> {
    analyse_with_progress(kb, req, &mut |_, _, _| {})
}

/// One clip read: keypoints from a file, or a video's.
enum Loaded {
    File(inputs::Clip),
    Video(VideoClip),
}

impl Loaded {
    fn source(&self) -> &str {
        match self {
            Loaded::File(c) => &c.source,
            Loaded::Video(v) => &v.source,
        }
    }

    fn recording(&self) -> &PoseRecording {
        match self {
            Loaded::File(c) => &c.recording,
            Loaded::Video(v) => &v.keypoints.recording,
        }
    }
}

/// [`analyse`], telling `progress` how each video goes.
pub fn analyse_with_progress(
    kb: &KnowledgeBase,
    req: &Request,
    progress: Progress<'_>,
) -> Result<Analysis> {
    if req.inputs.is_empty() {
        return Err(UserError(
            "no keypoint file or video given: add one (a phone video .mp4/.mov, OpenPose *_keypoints.json, COCO-17 .json, MediaPipe .jsonl/.csv, .trc)".to_owned(),
        )
        .into());
    }
    let opts = PoseOptions {
        frame_size: req.frame_size,
        fps: req.fps,
    };
    let mut clips = Vec::new();
    for input in &req.inputs {
        if inputs::is_video(&input.path) {
            let name = input
                .shown_as
                .clone()
                .unwrap_or_else(|| input.path.display().to_string());
            let mut clip = video::analyse_video_file(
                &input.path,
                &VideoOptions { fps: req.fps },
                &mut |done, total| progress(&name, done, total),
            )
            .map_err(|e| rename(e, input))?;
            clip.source = name;
            clips.push(Loaded::Video(clip));
            continue;
        }
        let mut got = inputs::load_all(std::slice::from_ref(&input.path), &opts)
            .map_err(|e| rename(e, input))?;
        if let (Some(name), [one]) = (&input.shown_as, got.as_mut_slice()) {
            one.source = name.clone();
        }
        clips.extend(got.into_iter().map(Loaded::File));
    }
    measure_clips(kb, req, clips)
}

/// Measures video clips already turned into keypoints (and nothing else):
/// what [`analyse`] does after the seam, for callers and tests that have
/// the keypoints.
#[cfg_attr(not(test), allow(dead_code))]
pub fn analyse_videos(
    kb: &KnowledgeBase,
    req: &Request,
    videos: Vec<VideoClip>,
) -> Result<Analysis> {
    measure_clips(kb, req, videos.into_iter().map(Loaded::Video).collect())
}

fn measure_clips(kb: &KnowledgeBase, req: &Request, clips: Vec<Loaded>) -> Result<Analysis> {
    let rules = FormRules::embedded(kb).context("the embedded form rules are invalid")?;
    if clips.len() > 1 && req.clip_times_s.is_none() {
        return Err(UserError(format!(
            "{} clips were given ({}): several clips are parts of one run, and fatigue drift is measured across the run's time, so give each clip's time in the run, in the same order (on the command line: --at 0:00,25:00,48:00)",
            clips.len(),
            clips.iter().map(Loaded::source).collect::<Vec<_>>().join(", ")
        ))
        .into());
    }
    let settings = FormSettings {
        fps: req.fps,
        person: req.person,
        clean: CleanSettings {
            min_score: req.min_score.unwrap_or(CleanSettings::default().min_score),
            ..CleanSettings::default()
        },
        height_cm: req.height_cm,
        clip_starts_s: req.clip_times_s.clone(),
    };
    let recordings: Vec<&PoseRecording> = clips.iter().map(Loaded::recording).collect();
    let sources: Vec<String> = clips.iter().map(|c| c.source().to_owned()).collect();
    let analysis = measure(&recordings, &settings, &rules)
        .map_err(|e| UserError(format!("{}: {e}", sources.join(", "))))?;
    let mut report = dto::build(&analysis, &rules, &sources, &req.run_date.to_string());
    let videos: Vec<Option<&VideoKeypoints>> = clips
        .iter()
        .map(|c| match c {
            Loaded::Video(v) => Some(&v.keypoints),
            Loaded::File(_) => None,
        })
        .collect();
    report.snapshots = snapshot::choose(&analysis, &videos)
        .iter()
        .map(|s| SnapshotDto {
            clip: s.clip,
            label: s.label.clone(),
            time_s: s.time_s,
            width: s.width,
            height: s.height,
            image: Some(s.data_uri()),
        })
        .collect();
    let json = serde_json::to_string_pretty(&report.without_pixels())?;
    let videos = clips
        .into_iter()
        .filter_map(|c| match c {
            Loaded::Video(v) => Some((v.source, v.keypoints)),
            Loaded::File(_) => None,
        })
        .collect();
    let signals = analysis
        .signals()
        .iter()
        .map(|s| s.name().to_owned())
        .collect();
    Ok(Analysis {
        report,
        json,
        videos,
        signals,
    })
}

/// Saves an analysis with the runner's history; returns its id.
pub fn save(db: &Opened, a: &Analysis, now: DateTime<Utc>) -> Result<i64> {
    let source = a
        .report
        .clips
        .iter()
        .map(|c| c.source.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let run_date: NaiveDate = a
        .report
        .run_date
        .parse()
        .context("the report's run date is not a date")?;
    // Saved with the snapshots' pictures, for the web page.
    let body = if a.report.snapshots.is_empty() {
        a.json.clone()
    } else {
        serde_json::to_string_pretty(&a.report)?
    };
    db.run(db.store.save_form_analysis(&NewFormAnalysis {
        run_date,
        source: &source,
        body: &body,
        signals: &a.signals,
        findings: u32::try_from(a.report.findings.len()).unwrap_or(u32::MAX),
        at: now,
    }))
    .context("could not save the form analysis")
}

/// Every saved analysis, newest first.
pub fn list(db: &Opened) -> Result<Vec<FormEntry>> {
    let mut all = db.run(db.store.list_form_analyses(TimeRange::all()))?;
    all.reverse();
    Ok(all)
}

/// One saved analysis with its report.
pub fn get(db: &Opened, id: i64) -> Result<Saved> {
    let row = db
        .run(db.store.form_analysis(id))?
        .ok_or(ReadError::NotFound(id))?;
    let report: FormReport = serde_json::from_str(&row.body).map_err(|e| {
        UserError(format!(
            "form analysis {id} was saved by another version and cannot be read here ({e}); analyse the keypoint files again"
        ))
    })?;
    Ok(Saved {
        id: row.id,
        run_date: row.run_date,
        source: row.source,
        at: row.created_at,
        report,
    })
}

/// One metric in two analyses.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct MetricChange {
    /// Metric ID.
    pub id: String,
    /// Label.
    pub label: String,
    /// Unit.
    pub unit: String,
    /// Decimals worth showing.
    pub decimals: usize,
    /// The baseline's median (absent when withheld there).
    pub baseline: Option<f64>,
    /// The retest's median (absent when withheld there).
    pub retest: Option<f64>,
    /// Retest minus baseline, where both are measured.
    pub difference: Option<f64>,
    /// The smallest change that counts as real: the larger of the two
    /// reports' noise floors for this metric.
    pub noise_floor: f64,
    /// Whether the difference is at least the noise floor.
    pub beyond_noise: bool,
    /// Why it is not compared, when it is not (withheld in one report).
    pub not_compared: Option<String>,
}

/// Two analyses side by side.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The baseline.
    pub baseline: Saved,
    /// The retest.
    pub retest: Saved,
    /// Each metric of either report, in the baseline's order.
    pub metrics: Vec<MetricChange>,
}

/// Sets metric by metric a retest against a baseline.
pub fn compare_reports(baseline: &FormReport, retest: &FormReport) -> Vec<MetricChange> {
    let mut ids: Vec<&str> = baseline.metrics.iter().map(|m| m.id.as_str()).collect();
    for m in &retest.metrics {
        if !ids.contains(&m.id.as_str()) {
            ids.push(&m.id);
        }
    }
    ids.into_iter()
        .filter_map(|id| {
            let a = baseline.metrics.iter().find(|m| m.id == id);
            let b = retest.metrics.iter().find(|m| m.id == id);
            let any = a.or(b)?;
            let noise_floor = a
                .map(|m| m.noise_floor)
                .into_iter()
                .chain(b.map(|m| m.noise_floor))
                .fold(0.0, f64::max);
            let why = |m: Option<&dto::MetricDto>, which: &str| match m {
                None => Some(format!("not measured in the {which}")),
                Some(m) => match (&m.withheld, m.median) {
                    (Some(w), _) => Some(format!("withheld in the {which}: {w}")),
                    (None, None) => Some(format!("no value in the {which}")),
                    (None, Some(_)) => None,
                },
            };
            let not_compared = why(a, "baseline").or_else(|| why(b, "retest"));
            let baseline = a.and_then(|m| m.median);
            let retest = b.and_then(|m| m.median);
            let difference = match (&not_compared, baseline, retest) {
                (None, Some(x), Some(y)) => Some(y - x),
                _ => None,
            };
            Some(MetricChange {
                id: id.to_owned(),
                label: any.label.clone(),
                unit: any.unit.clone(),
                decimals: any.decimals,
                baseline,
                retest,
                difference,
                noise_floor,
                beyond_noise: difference.is_some_and(|d| d.abs() >= noise_floor && d != 0.0),
                not_compared,
            })
        })
        .collect()
}

/// Reads two saved analyses and sets them side by side.
pub fn compare(db: &Opened, baseline: i64, retest: i64) -> Result<Comparison> {
    let baseline = get(db, baseline)?;
    let retest = get(db, retest)?;
    let metrics = compare_reports(&baseline.report, &retest.report);
    Ok(Comparison {
        baseline,
        retest,
        metrics,
    })
}
