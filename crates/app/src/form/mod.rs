//! `backstride form FILE|FOLDER...`: running posture from pose keypoints.
//! Files and folders are read into recordings by backstride-formats
//! ([`inputs`]), core's `form::analyse` does all the measuring, and the
//! result becomes a report ([`dto`]) shown as text ([`text`]), JSON, or one
//! HTML file ([`html`]), and saved with the runner's history so the
//! assessment can use its findings.

pub mod dto;
pub mod html;
pub mod inputs;
pub mod text;

use anyhow::{Context, Result};
use backstride_core::form::clean::CleanSettings;
use backstride_core::form::pose::PoseRecording;
use backstride_core::form::{FormRules, FormSettings, analyse};
use backstride_core::knowledge::KnowledgeBase;
use backstride_formats::pose::PoseOptions;
use backstride_store::NewFormAnalysis;

use crate::cli::FormArgs;
use crate::commands::{Clock, Outcome, UserError};
use crate::datadir::DataDir;
use crate::storage;

/// Parses `--frame-size 1920x1080`.
pub fn parse_frame_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("{s:?} is not WIDTHxHEIGHT (e.g. 1920x1080)"))?;
    let parse = |v: &str| v.trim().parse::<u32>().ok().filter(|&n| n > 0);
    match (parse(w), parse(h)) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err(format!(
            "{s:?} is not WIDTHxHEIGHT in whole pixels (e.g. 1920x1080)"
        )),
    }
}

/// Runs `backstride form`.
pub fn command(kb: &KnowledgeBase, args: &FormArgs, clock: &Clock) -> Result<Outcome> {
    let rules = FormRules::embedded(kb).context("the embedded form rules are invalid")?;
    let opts = PoseOptions {
        frame_size: args.frame_size,
        fps: args.fps,
    };
    let clips = inputs::load_all(&args.inputs, &opts)?;
    let settings = FormSettings {
        fps: args.fps,
        person: args.person,
        clean: CleanSettings {
            min_score: args.min_score.unwrap_or(CleanSettings::default().min_score),
            ..CleanSettings::default()
        },
        height_cm: args.height_cm,
    };
    let recordings: Vec<&PoseRecording> = clips.iter().map(|c| &c.recording).collect();
    let analysis = analyse(&recordings, &settings, &rules).map_err(|e| {
        let names: Vec<&str> = clips.iter().map(|c| c.source.as_str()).collect();
        UserError(format!("{}: {e}", names.join(", ")))
    })?;
    let sources: Vec<String> = clips.iter().map(|c| c.source.clone()).collect();
    let run_date = args.date.unwrap_or(clock.today);
    let report = dto::build(&analysis, &rules, &sources, &run_date.to_string());
    let json = serde_json::to_string_pretty(&report)?;

    if !args.no_save {
        let db = storage::open(&DataDir::locate()?)?;
        let signals: Vec<String> = analysis
            .signals()
            .iter()
            .map(|s| s.name().to_owned())
            .collect();
        let source = sources.join(", ");
        db.run(db.store.save_form_analysis(&NewFormAnalysis {
            run_date,
            source: &source,
            body: &json,
            signals: &signals,
            findings: u32::try_from(report.findings.len()).unwrap_or(u32::MAX),
            at: clock.now,
        }))
        .context("could not save the form analysis")?;
    }
    if let Some(path) = &args.html {
        crate::atomic::write(path, html::render(&report).as_bytes())?;
        eprintln!("Form report written to {}", path.display());
    }
    if args.json {
        crate::output::plain(&(json + "\n"))?;
    } else {
        crate::output::text(&text::render(&report))?;
    }
    Ok(Outcome::Done)
}
