//! Killing an import half-way loses nothing already stored and leaves no
//! half-written activity; a re-run completes the rest.

mod common;

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Run;

const FILES: usize = 240;
const POINTS: u32 = 600;

fn gpx(n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"t\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>running</type><trkseg>\n",
    );
    let day = 1 + n % 28;
    let month = 1 + n / 28 % 12;
    let year = 2016 + n / 336;
    for i in 0..POINTS {
        s.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"{:.6}\"><ele>30</ele><time>{year}-{month:02}-{day:02}T06:{:02}:{:02}Z</time></trkpt>\n",
            48.0 + f64::from(i) * 0.00002,
            2.0 + n as f64 * 0.01,
            i / 60,
            i % 60
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

#[test]
fn killing_an_import_midway_loses_nothing_and_a_rerun_completes() {
    let run = Run::new(&["import"]);
    let dir = run.path("many");
    fs::create_dir_all(&dir).expect("dir");
    for n in 0..FILES {
        fs::write(dir.join(format!("run-{n:04}.gpx")), gpx(n)).expect("write");
    }
    let data = run.path("data");
    let mut child = Command::new(env!("CARGO_BIN_EXE_backstride"))
        .arg("import")
        .arg(&dir)
        .env("BACKSTRIDE_DATA_DIR", &data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    // Kill it once the write-ahead log shows real progress.
    let wal = data.join("backstride.db-wal");
    let deadline = Instant::now() + Duration::from_secs(60);
    while fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < 400_000 {
        assert!(Instant::now() < deadline, "the import made no progress");
        assert!(
            child.try_wait().expect("status").is_none(),
            "the import finished before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("killed");
    child.wait().expect("reaped");

    // The database opens after the kill, and holds only whole activities.
    let history = Run::new(&["history", "--json"])
        .in_dir(run.into_dir())
        .run();
    assert_eq!(history.code, 0, "{}", history.stderr);
    let stored = history.json()["activities"]
        .as_array()
        .map(Vec::len)
        .unwrap_or(0);
    assert!(
        stored > 0 && stored < FILES,
        "the kill should land mid-import, stored {stored}"
    );

    let rerun = Run::new(&["import", "--json"])
        .in_dir(history.dir)
        .arg(&dir)
        .run();
    assert_eq!(rerun.code, 0, "{}", rerun.stdout);
    let totals = rerun.json()["totals"].clone();
    assert_eq!(totals["duplicates"], stored as u64, "{totals}");
    assert_eq!(totals["imported_runs"], (FILES - stored) as u64, "{totals}");

    // Every activity is whole: all samples of all files are there.
    let out = rerun.dir.path().join("export");
    let export = Run::new(&["export", "--out"])
        .arg(&out)
        .in_dir(rerun.dir)
        .run();
    assert_eq!(export.code, 0, "{}", export.stderr);
    let rows = fs::read_to_string(out.join("samples.csv"))
        .expect("samples")
        .lines()
        .count()
        - 1;
    assert_eq!(rows, FILES * POINTS as usize);
}
