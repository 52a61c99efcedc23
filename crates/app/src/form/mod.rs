//! `backstride form VIDEO|FILE|FOLDER...`: running posture from a phone
//! video or pose keypoints. The use case ([`crate::usecase::form`]) reads
//! files and folders into recordings ([`inputs`], backstride-formats) and
//! videos through the pose pipeline ([`video`]), core's `form::analyse`
//! does all the measuring, and the result becomes a report ([`dto`]),
//! saved with the runner's history so the assessment can use its
//! findings; this command turns flags into its request and shows the
//! report as text ([`text`]), JSON, or one HTML file ([`html`]).

pub mod dto;
pub mod html;
pub mod inputs;
pub mod text;
pub mod video;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Result;
use backstride_core::knowledge::KnowledgeBase;
use indicatif::{ProgressBar, ProgressStyle};

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
    let bar = frames_bar(std::io::stderr().is_terminal());
    let analysis = form::analyse_with_progress(kb, &request, &mut |name, done, total| {
        if bar.message() != name {
            bar.set_message(name.to_owned());
        }
        bar.set_length(total.unwrap_or(done).max(done));
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let analysis = analysis?;
    if let Some(out) = &args.keypoints_out {
        write_keypoints(out, &analysis)?;
    }
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

/// The progress line's layout: the clip, frames done of its frames, the
/// rate, and the time left.
const FRAMES_TEMPLATE: &str = "{spinner} {wide_msg} {pos}/{len} frames, {per_sec}, {eta} left";

/// The progress line of a video's frames on standard error: frames done
/// of the clip's, the rate, and the time left; hidden unless `show`.
pub fn frames_bar(show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template(FRAMES_TEMPLATE)
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Where `--keypoints-out FILE` writes each of `n` videos: FILE itself
/// for one, FILE's name numbered (`run.1.json`, `run.2.json`) for several.
pub fn keypoints_paths(out: &Path, n: usize) -> Vec<PathBuf> {
    if n == 1 {
        return vec![out.to_path_buf()];
    }
    let stem = out.file_stem().map_or_else(
        || "keypoints".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let ext = out
        .extension()
        .map_or_else(|| "json".to_owned(), |e| e.to_string_lossy().into_owned());
    (1..=n)
        .map(|i| out.with_file_name(format!("{stem}.{i}.{ext}")))
        .collect()
}

/// Writes each video's keypoints (`--keypoints-out`).
pub fn write_keypoints(out: &Path, analysis: &form::Analysis) -> Result<()> {
    if analysis.videos.is_empty() {
        return Err(crate::commands::UserError(format!(
            "--keypoints-out {}: no input is a video; the keypoints of keypoint files are the files themselves",
            out.display()
        ))
        .into());
    }
    for (path, (source, v)) in keypoints_paths(out, analysis.videos.len())
        .iter()
        .zip(&analysis.videos)
    {
        crate::atomic::write(
            path,
            video::keypoints_out::render(&v.recording, &v.meta).as_bytes(),
        )?;
        eprintln!("Keypoints of {source} written to {}", path.display());
    }
    Ok(())
}
