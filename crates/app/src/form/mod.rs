//! `backstride form FILE|FOLDER...`: running posture from pose keypoints.
//! The use case ([`crate::usecase::form`]) reads files and folders into
//! recordings ([`inputs`], backstride-formats), core's `form::analyse`
//! does all the measuring, and the result becomes a report ([`dto`]),
//! saved with the runner's history so the assessment can use its
//! findings; this command turns flags into its request and shows the
//! report as text ([`text`]), JSON, or one HTML file ([`html`]).

pub mod dto;
pub mod html;
pub mod inputs;
pub mod text;

use anyhow::Result;
use backstride_core::knowledge::KnowledgeBase;

use crate::cli::FormArgs;
use crate::commands::{Clock, Outcome};
use crate::datadir::DataDir;
use crate::storage;
use crate::usecase::form;

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

/// Parses one `--at` time in the run: `MM:SS` or `H:MM:SS`, into seconds.
pub fn parse_run_time(s: &str) -> Result<f64, String> {
    let bad = || {
        format!(
            "{s:?} is not a time in the run: write minutes and seconds as MM:SS (25:00) or hours as H:MM:SS (1:05:30)"
        )
    };
    let parts: Vec<&str> = s.trim().split(':').collect();
    let numbers: Vec<u64> = parts
        .iter()
        .map(|p| {
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                p.parse().ok()
            }
        })
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    let seconds = match numbers.as_slice() {
        [m, s] if *s < 60 => m * 60 + s,
        [h, m, s] if *m < 60 && *s < 60 => h * 3600 + m * 60 + s,
        _ => return Err(bad()),
    };
    Ok(seconds as f64)
}

/// Runs `backstride form`.
pub fn command(kb: &KnowledgeBase, args: &FormArgs, clock: &Clock) -> Result<Outcome> {
    let request = form::Request {
        inputs: args
            .inputs
            .iter()
            .map(|path| form::Input {
                path: path.clone(),
                shown_as: None,
            })
            .collect(),
        fps: args.fps,
        frame_size: args.frame_size,
        person: args.person,
        height_cm: args.height_cm,
        min_score: args.min_score,
        run_date: args.date.unwrap_or(clock.today),
        clip_times_s: (!args.at.is_empty()).then(|| args.at.clone()),
    };
    let analysis = form::analyse(kb, &request)?;
    if !args.no_save {
        let db = storage::open(&DataDir::locate()?)?;
        form::save(&db, &analysis, clock.now)?;
    }
    if let Some(path) = &args.html {
        crate::atomic::write(path, html::render(&analysis.report).as_bytes())?;
        eprintln!("Form report written to {}", path.display());
    }
    if args.json {
        crate::output::plain(&(analysis.json + "\n"))?;
    } else {
        crate::output::text(&text::render(&analysis.report))?;
    }
    Ok(Outcome::Done)
}
