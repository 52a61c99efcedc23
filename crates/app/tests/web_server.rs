//! The web app as a runner and a client meet it: a real `backstride
//! serve` on a free port with its own data directory, then
//!
//! - the OpenAPI document fuzzed with schemathesis (PyPI, installed by
//!   `.ci/run` into `target/py-venv`): no 5xx, every status, content type,
//!   header and body matching the document, bad input refused (every
//!   check but "schema-valid input is accepted", since valid input can
//!   still be refused for what is stored);
//! - a runner's day in Debian's chromium driven by playwright-core
//!   (`e2e/`, installed by `.ci/run` with `npm ci`): every page at phone
//!   and desktop size with axe-core (no serious or critical violation),
//!   screenshots kept under `target/e2e/`.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `backstride serve --port 0` on a fresh data directory (with a
/// fixed today when given), and reads its URL from the first line it
/// prints.
fn serve(today: Option<&str>) -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut args: Vec<&str> = Vec::new();
    if let Some(day) = today {
        args.extend(["--today", day]);
    }
    args.extend(["serve", "--port", "0"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_backstride"))
        .args(&args)
        .env("BACKSTRIDE_DATA_DIR", dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start backstride serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("read the server's first line");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .trim_end_matches('/')
        .to_owned();
    Server {
        child,
        url,
        _dir: dir,
    }
}

/// The body of a plain HTTP/1.1 GET (no client library needed).
fn get(server: &Server, path: &str) -> String {
    use std::io::{Read, Write};
    let host = server.url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let (head, body) = response.split_once("\r\n\r\n").expect("a response");
    assert!(head.starts_with("HTTP/1.1 200"), "GET {path}: {head}");
    body.to_owned()
}

fn target() -> PathBuf {
    common::repo().join("target")
}

#[test]
fn the_openapi_document_survives_schemathesis() {
    let server = serve(Some("2026-05-04"));
    let schemathesis = target().join("py-venv/bin/schemathesis");
    let doc: serde_json::Value =
        serde_json::from_str(&get(&server, "/api/v1/csrf")).expect("the CSRF token as JSON");
    let token = doc["token"].as_str().expect("a token").to_owned();
    let out = Command::new(&schemathesis)
        .args([
            "run",
            &format!("{}/api/openapi.json", server.url),
            "--url",
            &server.url,
            "--checks",
            "all",
            // A request the schema allows may still be refused for what the
            // store holds (a re-plan without a saved plan, a future date):
            // those are 4xx answers with a message, which every other check
            // still holds to the document.
            "--exclude-checks",
            "positive_data_acceptance",
            "--header",
            &format!("x-csrf-token: {token}"),
            "--max-examples",
            "25",
            "--seed",
            "20261203",
            "--generation-deterministic",
            "--no-color",
        ])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}): .ci/run installs it",
                schemathesis.display()
            )
        });
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found problems:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Warnings (operations only reachable with stored data) are not
    // failures; a failing check prints a FAILURES section.
    assert!(!text.contains("FAILURES"), "{text}");
    assert!(text.contains(" passed"), "{text}");
}

/// The files the walk uploads: a real device FIT file and a Strava-shaped
/// export zip from the synthetic corpus.
fn fixtures(dir: &std::path::Path) {
    std::fs::copy(
        common::repo().join("testdata/activities/real/2015-10-13-08-43-15.fit"),
        dir.join("run.fit"),
    )
    .expect("copy the FIT file");
    let corpus = dir.join("corpus");
    let written = backstride_bench_corpus::write_corpus(
        &corpus,
        &backstride_bench_corpus::Config {
            count: 12,
            seed: 11,
            seconds: 600,
        },
    )
    .expect("corpus");
    assert!(written.in_zip > 0, "the corpus has no Strava zip");
    std::fs::copy(
        corpus.join("strava_export.zip"),
        dir.join("strava_export.zip"),
    )
    .expect("copy the Strava zip");
}

#[test]
fn a_runners_day_in_chromium_with_axe_on_every_page() {
    // Today is the machine's: entries are logged now.
    let server = serve(None);
    let fixture_dir = tempfile::tempdir().expect("temp dir");
    fixtures(fixture_dir.path());
    let out = target().join("e2e");
    let _ = std::fs::remove_dir_all(&out);
    let walk = common::repo().join("e2e/walk.mjs");
    let result = Command::new("node")
        .arg(&walk)
        .arg(&server.url)
        .arg(&out)
        .arg(fixture_dir.path())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run node {} ({e}): .ci/run installs node and e2e/",
                walk.display()
            )
        });
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "the browser walk found problems (screenshots in {}):\n{stderr}\n{stdout}",
        out.display()
    );
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("report.json")).expect("the walk's report"),
    )
    .expect("the walk's report as JSON");
    let pages = report["pages"].as_array().expect("pages");
    // Nine pages empty at two sizes, then nine with the day's data at two.
    assert!(pages.len() >= 36, "only {} page views", pages.len());
    assert!(pages.iter().all(|p| p["serious"] == 0));
    let steps: Vec<&str> = report["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    for step in [
        "check-in",
        "plan",
        "routine",
        "after-run",
        "import",
        "insights",
        "warning-sign",
    ] {
        assert!(steps.contains(&step), "the walk skipped {step}: {steps:?}");
    }
    for size in ["phone", "desktop"] {
        assert!(
            out.join(format!("{size}-full-today.png")).exists(),
            "no {size} screenshot of Today"
        );
    }
}
