//! `backstride report` and `backstride limits` end to end over the real
//! binary, checked with Debian's poppler-utils: `pdftotext` finds every
//! section and the numbers `insights --json` gives for the same store,
//! `pdffonts` shows the font embedded, `pdfinfo` counts pages and reads the
//! paper size, and `pdftoppm` renders every page (kept as PNGs under
//! `target/clinician/` to look at). The text of the fixture's report is a
//! snapshot; the HTML page says the same. The doctor's limits are stored,
//! shown, merged, cleared, and obeyed by `plan` and `plan --adapt`.

mod clinician_decade;
mod common;
#[path = "../../core/tests/form_synth/mod.rs"]
mod form_synth;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use backstride_core::form::pose::{Joint, PoseRecording};
use common::{Run, example, repo};
use form_synth::{Ramp, Runner, record};
use tempfile::TempDir;

/// A GPX run on `date` at noon UTC with heart rate, `points` seconds long,
/// about 3.3 m a second.
fn gpx(date: &str, points: u32) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"clinician-test\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"><trk><type>running</type><trkseg>\n",
    );
    for i in 0..points {
        s.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"-0.1\"><time>{date}T12:{:02}:{:02}Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
            51.5 + f64::from(i) * 0.00003,
            i / 60,
            i % 60,
            128 + i % 27
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

/// A pose recording as COCO detections (image y grows downwards).
fn coco(rec: &PoseRecording) -> String {
    let detections: Vec<serde_json::Value> = rec
        .frames
        .iter()
        .flat_map(|frame| {
            frame.people.iter().map(move |person| {
                let keypoints: Vec<f64> = Joint::COCO17
                    .iter()
                    .flat_map(|j| match person.skeleton[j.index()] {
                        Some(k) => [f64::from(k.x), -f64::from(k.y), f64::from(k.score)],
                        None => [0.0; 3],
                    })
                    .collect();
                serde_json::json!({"image_id": frame.number, "category_id": 1, "keypoints": keypoints, "score": 0.9})
            })
        })
        .collect();
    serde_json::Value::Array(detections).to_string()
}

/// A data directory the binary runs in, one command after another.
struct Data {
    dir: Option<TempDir>,
}

/// What a command printed.
struct Seen {
    stdout: String,
    stderr: String,
}

impl Data {
    fn new() -> Self {
        Data {
            dir: Some(Run::new(&[]).into_dir()),
        }
    }

    /// Runs `backstride ARGS --today 2026-11-25` here (TZ=UTC), expecting
    /// exit code `code`.
    fn cli(&mut self, args: &[&str], code: i32) -> Seen {
        let dir = self
            .dir
            .take()
            .expect("the data directory is kept between runs");
        let done = args
            .iter()
            .fold(Run::new(&[]).in_dir(dir).env("TZ", "UTC"), |r, a| r.arg(a))
            .run();
        self.dir = Some(done.dir);
        assert_eq!(
            done.code, code,
            "{args:?}\nstdout: {}\nstderr: {}",
            done.stdout, done.stderr
        );
        Seen {
            stdout: done.stdout,
            stderr: done.stderr,
        }
    }

    /// A path in the temporary directory.
    fn path(&self, name: &str) -> PathBuf {
        self.dir
            .as_ref()
            .expect("the data directory is kept between runs")
            .path()
            .join(name)
    }
}

/// Runs a poppler-utils tool and returns its standard output; fails the
/// test, saying what to install, when the tool is missing.
fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} did not run ({e}): install Debian's poppler-utils (apt-get install -y poppler-utils)")
    });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// The PDF's text, laid out as on the page.
fn pdf_text(pdf: &Path) -> String {
    poppler("pdftotext", &[os("-layout"), pdf.as_os_str(), os("-")])
}

/// Page count and size line from `pdfinfo`.
fn pdf_pages(pdf: &Path) -> (usize, String) {
    let info = poppler("pdfinfo", &[pdf.as_os_str()]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let pages = field("Pages:").parse().expect("pdfinfo gives a page count");
    (pages, field("Page size:"))
}

/// Renders every page to `target/clinician/NAME-N.png` and checks each is
/// a real, non-trivial image; returns the files.
fn render_pages(pdf: &Path, name: &str, pages: usize) -> Vec<PathBuf> {
    let out = repo().join("target/clinician");
    fs::create_dir_all(&out).expect("target/clinician");
    let prefix = out.join(name);
    poppler(
        "pdftoppm",
        &[
            os("-r"),
            os("90"),
            os("-png"),
            pdf.as_os_str(),
            prefix.as_os_str(),
        ],
    );
    let files: Vec<PathBuf> = (1..=pages)
        .map(|k| out.join(format!("{name}-{k}.png")))
        .collect();
    for f in &files {
        let bytes = fs::read(f).unwrap_or_else(|e| panic!("{} not rendered: {e}", f.display()));
        assert!(
            bytes.starts_with(b"\x89PNG"),
            "{} is not a PNG",
            f.display()
        );
        assert!(bytes.len() > 20_000, "{} is nearly empty", f.display());
    }
    files
}

/// Every number on `line`, read as f64.
fn numbers(line: &str) -> Vec<f64> {
    line.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|t| t.trim_matches('.').parse::<f64>().ok())
        .collect()
}

/// The first line of `text` that contains `key`.
fn line_with<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(key))
        .unwrap_or_else(|| panic!("no line with {key:?} in:\n{text}"))
}

/// Asserts that `line` shows `value` (compared as numbers).
fn shows(line: &str, value: &serde_json::Value, what: &str) {
    let v = value
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number in the insights: {value}"));
    assert!(
        numbers(line).iter().any(|n| (n - v).abs() < 1e-9),
        "{what} = {v} is not on the line {line:?}"
    );
}

const DATES: [&str; 15] = [
    "2026-10-06",
    "2026-10-09",
    "2026-10-13",
    "2026-10-16",
    "2026-10-20",
    "2026-10-23",
    "2026-10-27",
    "2026-10-30",
    "2026-11-03",
    "2026-11-06",
    "2026-11-10",
    "2026-11-13",
    "2026-11-17",
    "2026-11-20",
    "2026-11-24",
];

/// Seven weeks of a runner with lower-back pain: answers and a plan, runs
/// with heart rate, pain during, after and the next morning (and upper-back
/// pain twice), the routine, cross-training, a brace, a filmed run, and
/// the doctor's limits entered after the first plan.
fn fixture() -> Data {
    let mut data = Data::new();
    let lower = example("lower-back.toml");
    let lower = lower.to_str().expect("utf-8 path");
    data.cli(
        &[
            "plan",
            "--save",
            "--answers",
            lower,
            "--start",
            "2026-10-05",
            "--format",
            "json",
        ],
        0,
    );
    let gpx_dir = data.path("gpx");
    fs::create_dir_all(&gpx_dir).expect("gpx dir");
    for (k, d) in DATES.iter().enumerate() {
        let seconds = 1500 + 300 * (k as u32 % 3);
        fs::write(gpx_dir.join(format!("{d}.gpx")), gpx(d, seconds)).expect("gpx");
    }
    data.cli(
        &["import", gpx_dir.to_str().expect("utf-8 path"), "--json"],
        0,
    );
    for (k, d) in DATES.iter().enumerate() {
        let after = (k % 4 + 1).to_string();
        data.cli(
            &[
                "log",
                "pain",
                "--region",
                "lower-back",
                "--nrs",
                &after,
                "--when",
                "after",
                "--at",
                &format!("{d}T14:00"),
            ],
            0,
        );
        if k % 2 == 0 {
            let during = (k % 3 + 1).to_string();
            data.cli(
                &[
                    "log",
                    "pain",
                    "--region",
                    "lower-back",
                    "--nrs",
                    &during,
                    "--when",
                    "during",
                    "--at",
                    &format!("{d}T12:15"),
                ],
                0,
            );
        }
    }
    for (d, nrs) in [
        ("2026-11-04", "2"),
        ("2026-11-14", "1"),
        ("2026-11-21", "1"),
    ] {
        data.cli(
            &[
                "log",
                "pain",
                "--region",
                "lower-back",
                "--nrs",
                nrs,
                "--when",
                "next-morning",
                "--at",
                &format!("{d}T07:30"),
            ],
            0,
        );
    }
    for (d, nrs) in [("2026-11-10", "2"), ("2026-11-17", "3")] {
        data.cli(
            &[
                "log",
                "pain",
                "--region",
                "upper-back",
                "--nrs",
                nrs,
                "--when",
                "during",
                "--at",
                &format!("{d}T12:20"),
            ],
            0,
        );
    }
    for d in ["2026-11-06", "2026-11-13", "2026-11-20", "2026-11-24"] {
        data.cli(
            &[
                "log",
                "routine",
                "warrior-pose:10",
                "bicycle-crunch:20",
                "--at",
                &format!("{d}T15:00"),
            ],
            0,
        );
    }
    for d in [
        "2026-10-25",
        "2026-11-01",
        "2026-11-08",
        "2026-11-15",
        "2026-11-22",
    ] {
        data.cli(
            &[
                "log",
                "cross-train",
                "--minutes",
                "40",
                "--at",
                &format!("{d}T10:00"),
            ],
            0,
        );
    }
    data.cli(&["log", "brace", "--worn", "--at", "2026-11-24T12:00"], 0);
    data.cli(
        &["log", "brace", "--not-worn", "--at", "2026-11-20T12:00"],
        0,
    );
    // Three clips of one run (start, middle, end), the lean growing from
    // 5 to 11 degrees over 40 minutes: fatigue drift needs that time.
    let clips: Vec<_> = [5.0, 8.0, 11.0]
        .into_iter()
        .enumerate()
        .map(|(k, lean)| {
            let clip = data.path(&format!("run-{}.coco.json", k + 1));
            let runner = Runner {
                lean_deg: Ramp::fixed(lean),
                head_ahead: Ramp::fixed(0.05),
                noise_px: 1.5,
                seconds: 15.0,
                seed: 1 + k as u64,
                ..Runner::default()
            };
            fs::write(&clip, coco(&record(&runner))).expect("clip");
            clip.to_str().expect("utf-8 path").to_owned()
        })
        .collect();
    data.cli(
        &[
            "form",
            &clips[0],
            &clips[1],
            &clips[2],
            "--at",
            "0:00,20:00,40:00",
            "--fps",
            "60",
            "--date",
            "2026-11-20",
            "--json",
        ],
        0,
    );
    data.cli(
        &[
            "limits",
            "--weekly-km",
            "18",
            "--max-intensity",
            "easy",
            "--runs-per-week",
            "3",
            "--brace",
            "yes",
            "--follow-up",
            "2026-12-20",
        ],
        0,
    );
    // Seven weeks of logs include a rise of two points in a week, which
    // makes the red-flag questions due again: the runner answers them.
    let lower = example("lower-back.toml");
    let lower = lower.to_str().expect("utf-8 path");
    data.cli(&["check", "--answers", lower], 0);
    data.cli(
        &[
            "plan",
            "--save",
            "--start",
            "2026-11-23",
            "--format",
            "json",
        ],
        0,
    );
    data
}

/// Today's real date (answers and limits are stamped with the real clock,
/// whatever `--today` says), for snapshot filters.
fn real_today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

#[test]
fn the_pdf_shows_every_section_and_the_insights_numbers() {
    let mut data = fixture();
    let pdf = data.path("report.pdf");
    let html = data.path("report.html");
    let made = data.cli(
        &[
            "report",
            "--pdf",
            pdf.to_str().expect("utf-8"),
            "--html",
            html.to_str().expect("utf-8"),
        ],
        0,
    );
    assert!(
        made.stderr.contains("(2 pages)") || made.stderr.contains("(1 page)"),
        "{}",
        made.stderr
    );
    let insights: serde_json::Value =
        serde_json::from_str(&data.cli(&["insights", "--json"], 0).stdout).expect("insights JSON");
    let text = pdf_text(&pdf);

    // Sections, in order, and the hand-filled part with its flags.
    let mut at = 0;
    for section in [
        "The runner",
        "The pain story",
        "Red flags",
        "Pain against weekly running",
        "Routine, cross-training and brace",
        "Current plan",
        "Running form",
        "Evidence behind the advice",
        "For the clinician to fill in",
    ] {
        let found = text[at..]
            .find(section)
            .unwrap_or_else(|| panic!("section {section:?} missing or out of order:\n{text}"));
        at += found + section.len();
    }
    for field in [
        "Most km a week",
        "Hardest intensity",
        "Most runs a week",
        "Brace when running",
        "Follow-up date",
        "signature",
        "--weekly-km",
        "--follow-up",
    ] {
        assert!(text.contains(field), "{field:?} missing");
    }
    assert!(
        text.contains("not a medical device"),
        "the disclaimer is missing"
    );
    assert!(text.contains("0 of 16 questions answered yes"), "{text}");

    // The weekly table: each shown week's km, runs and load as in the JSON.
    let weeks = insights["weeks"].as_array().expect("weeks");
    assert!(weeks.len() >= 6, "the fixture spans weeks");
    for w in weeks.iter().rev().take(6) {
        let label = w["week"].as_str().expect("week label");
        let line = line_with(&text, label);
        shows(line, &w["distance_km"], &format!("{label} km"));
        shows(line, &w["runs"], &format!("{label} runs"));
        shows(line, &w["load"], &format!("{label} load"));
        if !w["mean_back_pain"].is_null() {
            shows(
                line,
                &w["mean_back_pain"],
                &format!("{label} mean back pain"),
            );
        }
    }
    // Pain per region: logs and the trend with its interval.
    for r in insights["pain"].as_array().expect("pain") {
        let region = r["region"].as_str().expect("region").replace('-', " ");
        // The table row: the region first, then its numbers.
        let line = text
            .lines()
            .map(str::trim_start)
            .find(|l| l.starts_with(&region) && !l.contains("answered"))
            .unwrap_or_else(|| panic!("no row for {region}:\n{text}"));
        shows(line, &r["logs"], &format!("{region} logs"));
        if let Some(t) = r["trend_per_week"].as_object() {
            for k in ["slope", "low", "high"] {
                shows(line, &t[k], &format!("{region} trend {k}"));
            }
        }
    }
    // Adherence, cross-training and brace.
    let routine = line_with(&text, "Core routine");
    for k in ["done_planned_days", "planned_days", "rate"] {
        shows(routine, &insights["routine"][k], &format!("routine {k}"));
    }
    let cross = line_with(&text, "days in the last 30");
    for k in ["current", "dose", "windows", "windows_below"] {
        shows(
            cross,
            &insights["cross_training"][k],
            &format!("cross-training {k}"),
        );
    }
    let brace = line_with(&text, "runs with the brace");
    for k in ["days_worn", "days_not_worn", "runs_with_brace"] {
        shows(brace, &insights["brace"][k], &format!("brace {k}"));
    }
    let fitness = line_with(&text, "Load today");
    for k in ["fitness", "fatigue", "form"] {
        shows(fitness, &insights["fitness"][k], &format!("{k} today"));
    }
    // The plan made under the limits, the limits, the form numbers.
    assert!(text.contains("Hardest run: easy"), "the plan keeps to easy");
    assert!(
        text.contains("Weekly distance: at most 18 km"),
        "the limits are shown"
    );
    assert!(
        text.contains("See your doctor again on 2026-12-20"),
        "the follow-up is a plan notice"
    );
    let lean = line_with(&text, "Trunk forward lean");
    assert!(
        lean.contains("deg") && lean.contains("beyond noise"),
        "form numbers: {lean}"
    );

    // Fonts embedded, A4, at most two pages, every page renders.
    let fonts = poppler("pdffonts", &[pdf.as_os_str()]);
    let embedded: Vec<&str> = fonts
        .lines()
        .filter(|l| l.contains("LiberationSans"))
        .collect();
    assert!(!embedded.is_empty(), "{fonts}");
    for l in &embedded {
        let cols: Vec<&str> = l.split_whitespace().collect();
        assert!(
            cols.windows(3).any(|w| w == ["yes", "yes", "yes"]),
            "not embedded, subset and with a Unicode map: {l}"
        );
    }
    let (pages, size) = pdf_pages(&pdf);
    assert!((1..=2).contains(&pages), "{pages} pages");
    assert!(size.contains("595.28 x 841.89"), "{size}");
    render_pages(&pdf, "fixture", pages);

    // The HTML page says the same and draws the same pictures.
    let page = fs::read_to_string(&html).expect("html");
    for key in [
        "The pain story",
        "For the clinician to fill in",
        "<svg",
        "polyline",
        "Hardest run: easy",
        "size: A4",
    ] {
        assert!(page.contains(key), "{key:?} missing from the HTML");
    }
    let last = weeks.last().expect("a week");
    assert!(page.contains(&format!(
        "<td>{}</td>",
        last["week"].as_str().expect("label")
    )));

    // `--since` narrows both alike; a day after today is refused.
    let since = data.path("since.pdf");
    data.cli(
        &[
            "report",
            "--since",
            "2026-11-02",
            "--pdf",
            since.to_str().expect("utf-8"),
        ],
        0,
    );
    let narrowed: serde_json::Value = serde_json::from_str(
        &data
            .cli(&["insights", "--json", "--since", "2026-11-02"], 0)
            .stdout,
    )
    .expect("insights JSON");
    let since_text = pdf_text(&since);
    // The fixture's first record is on 2026-11-03: the window starts at
    // the data, not at an earlier --since (issue 14 item 7).
    assert!(
        since_text.contains("data from 2026-11-03 to 2026-11-25"),
        "{since_text}"
    );
    for w in narrowed["weeks"].as_array().expect("weeks") {
        let line = line_with(&since_text, w["week"].as_str().expect("label"));
        shows(line, &w["distance_km"], "km since");
        shows(line, &w["load"], "load since");
    }
    let routine = line_with(&since_text, "Core routine");
    shows(
        routine,
        &narrowed["routine"]["planned_days"],
        "planned days since",
    );
    let refused = data.cli(
        &[
            "report",
            "--since",
            "2026-12-01",
            "--pdf",
            since.to_str().expect("utf-8"),
        ],
        2,
    );
    assert!(
        refused.stderr.contains("--since 2026-12-01"),
        "{}",
        refused.stderr
    );
    let nothing = data.cli(&["report"], 2);
    assert!(
        nothing.stderr.contains("--pdf") && nothing.stderr.contains("--html"),
        "{}",
        nothing.stderr
    );

    // The whole text, as a snapshot (the real date answers and limits were
    // stamped with is filtered out).
    let raw = poppler("pdftotext", &[os("-raw"), pdf.as_os_str(), os("-")]);
    insta::assert_snapshot!(
        "clinician_fixture_text",
        raw.replace(&real_today(), "[SAVED-ON]")
    );
}

#[test]
fn a_standing_red_flag_comes_first_and_plainly_on_letter_paper() {
    let mut data = Data::new();
    let flag = example("red-flag.toml");
    // `plan` saves the answers but no assessment, so every note counts.
    data.cli(
        &[
            "plan",
            "--save",
            "--answers",
            flag.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
        3,
    );
    data.cli(
        &[
            "log",
            "pain",
            "--region",
            "lower-back",
            "--nrs",
            "6",
            "--when",
            "after",
            "--note",
            "my legs gave way twice",
            "--at",
            "2026-11-24T18:00",
        ],
        3,
    );
    let pdf = data.path("flag.pdf");
    let done = data.cli(
        &[
            "report",
            "--pdf",
            pdf.to_str().expect("utf-8"),
            "--paper",
            "letter",
        ],
        3,
    );
    assert!(done.stderr.contains("red flag"), "{}", done.stderr);
    let text = pdf_text(&pdf);
    let flag_at = text.find("RED FLAG").expect("the red flag is shown");
    let runner_at = text.find("The runner").expect("the runner section");
    assert!(
        flag_at < runner_at,
        "the red flag comes before everything else"
    );
    assert!(text.contains("makes no training plan while a red flag stands"));
    assert!(
        text.contains("Raised by a log note"),
        "the note that raised a flag is listed:\n{text}"
    );
    assert!(
        text.contains("YES ("),
        "the yes answers are listed with their date"
    );
    let (pages, size) = pdf_pages(&pdf);
    assert!(size.contains("612 x 792"), "{size}");
    render_pages(&pdf, "red-flag-letter", pages);
}

/// Checks every plan week against `km` and `runs`; returns the runs.
fn check(plan: &serde_json::Value, km: f64, runs: u64) -> Vec<&serde_json::Value> {
    let p = &plan["plan"];
    for w in p["weeks"].as_array().expect("weeks") {
        assert!(w["scheduled_km"].as_f64().expect("km") <= km, "{w}");
        assert!(w["runs"].as_u64().expect("runs") <= runs, "{w}");
    }
    let found: Vec<&serde_json::Value> = p["days"]
        .as_array()
        .expect("days")
        .iter()
        .map(|d| &d["session"])
        .filter(|s| s["type"] == "run")
        .collect();
    assert!(!found.is_empty(), "a plan with runs");
    found
}

#[test]
fn limits_are_kept_shown_merged_cleared_and_obeyed_by_the_plan() {
    let mut data = Data::new();
    assert!(
        data.cli(&["limits"], 0)
            .stdout
            .contains("No doctor's limits entered")
    );
    let bad = data.cli(&["limits", "--max-intensity", "fast"], 2);
    assert!(bad.stderr.contains("--max-intensity"), "{}", bad.stderr);
    let bad = data.cli(&["limits", "--brace", "maybe"], 2);
    assert!(bad.stderr.contains("--brace"), "{}", bad.stderr);
    assert!(
        data.cli(&["limits", "--weekly-km", "400"], 2)
            .stderr
            .contains("--weekly-km")
    );
    data.cli(&["limits", "--weekly-km", "12", "--runs-per-week", "2"], 0);
    // A later entry changes what it names and keeps the rest.
    data.cli(&["limits", "--brace", "yes", "--max-intensity", "easy"], 0);
    let shown = data.cli(&["limits"], 0).stdout;
    for line in [
        "at most 12 km",
        "Runs a week: at most 2",
        "Brace: yes",
        "Intensity: at most easy",
    ] {
        assert!(shown.contains(line), "{line:?} missing:\n{shown}");
    }

    // The answers allow 20 km, steady and 4 runs: the stricter limits win.
    let lower = example("lower-back.toml");
    let plan: serde_json::Value = serde_json::from_str(
        &data
            .cli(
                &[
                    "plan",
                    "--save",
                    "--answers",
                    lower.to_str().expect("utf-8"),
                    "--format",
                    "json",
                    "--weeks",
                    "6",
                ],
                0,
            )
            .stdout,
    )
    .expect("plan JSON");
    for r in check(&plan, 12.0, 2) {
        assert_eq!(r["intensity"], "easy", "{r}");
        assert_eq!(r["brace"], true, "{r}");
    }
    let adapted: serde_json::Value = serde_json::from_str(
        &data
            .cli(
                &[
                    "plan", "--save", "--adapt", "--format", "json", "--weeks", "4",
                ],
                0,
            )
            .stdout,
    )
    .expect("adapted JSON");
    for r in check(&adapted, 12.0, 2) {
        assert_eq!(r["brace"], true, "{r}");
    }

    // Looser limits than the answers: the answers' 20 km, 4 runs hold.
    data.cli(
        &[
            "limits",
            "--clear",
            "--weekly-km",
            "60",
            "--runs-per-week",
            "7",
            "--brace",
            "no",
        ],
        0,
    );
    let plan: serde_json::Value = serde_json::from_str(
        &data
            .cli(&["plan", "--format", "json", "--weeks", "6"], 0)
            .stdout,
    )
    .expect("plan JSON");
    for r in check(&plan, 20.0, 4) {
        assert_eq!(r["brace"], false, "{r}");
    }
    let notices = plan["plan"]["notices"].to_string();
    assert!(notices.contains("running without it"), "{notices}");

    data.cli(&["limits", "--clear"], 0);
    assert!(
        data.cli(&["limits"], 0)
            .stdout
            .contains("No doctor's limits entered")
    );

    // Every entry leaves with `export`, the clearing one included.
    let out = data.path("export");
    data.cli(&["export", "--out", out.to_str().expect("utf-8")], 0);
    let csv = fs::read_to_string(out.join("doctor_limits.csv")).expect("doctor_limits.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 4, "{csv}");
    assert!(
        lines[0].starts_with("id,weekly_km,max_intensity,runs_per_week,brace,follow_up,set_at"),
        "{csv}"
    );
    assert!(
        lines[2].contains(",easy,") && lines[2].contains(",true,"),
        "{csv}"
    );
}

/// A decade (see `clinician_decade`): the report still fits on two pages,
/// and its chart keeps every week.
#[test]
fn a_decade_of_history_still_fits_on_two_pages() {
    let mut data = Data::new();
    clinician_decade::build(
        Path::new(env!("CARGO_BIN_EXE_backstride")),
        &data.path("data"),
        &data.path("work"),
        &example("lower-back.toml"),
    );
    // A decade of daily pain logs holds rises that make the red-flag
    // questions due again: the runner answers them before the visit.
    let lower = example("lower-back.toml");
    data.cli(&["check", "--answers", lower.to_str().expect("utf-8")], 0);
    let pdf = data.path("decade.pdf");
    let html = data.path("decade.html");
    let started = std::time::Instant::now();
    data.cli(
        &[
            "report",
            "--pdf",
            pdf.to_str().expect("utf-8"),
            "--html",
            html.to_str().expect("utf-8"),
        ],
        0,
    );
    eprintln!(
        "report over a decade (debug build, reading included): {:?}",
        started.elapsed()
    );
    let (pages, _) = pdf_pages(&pdf);
    assert!(pages <= 2, "a decade takes {pages} pages");
    render_pages(&pdf, "decade", pages);
    let text = pdf_text(&pdf);
    assert!(text.contains("For the clinician to fill in"));
    assert!(
        text.contains("data from 2016-01-0"),
        "the whole decade is covered"
    );
    // Every week is a bar, in the PDF and in the HTML.
    let insights: serde_json::Value =
        serde_json::from_str(&data.cli(&["insights", "--json"], 0).stdout).expect("insights JSON");
    let weeks = insights["weeks"].as_array().expect("weeks").len();
    assert!(weeks > 500, "{weeks} weeks");
    let page = fs::read_to_string(&html).expect("html");
    let bars = page.matches("fill=\"#9ebede\"").count();
    let weeks_with_km = insights["weeks"]
        .as_array()
        .expect("weeks")
        .iter()
        .filter(|w| w["distance_km"].as_f64().is_some_and(|k| k > 0.0))
        .count();
    // One legend swatch, then one bar per week with running.
    assert_eq!(bars, weeks_with_km + 1);
}
