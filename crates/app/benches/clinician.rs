//! `backstride report` over a decade of history, end to end through the
//! binary built for this bench (its profile's optimisation): reading the
//! store and computing the insights, then laying out and writing the PDF
//! (`report --pdf`) or the HTML page (`report --html`). `insights --json`
//! over the same store is the baseline, so the difference is what the
//! report itself costs. Run it short:
//!
//! ```text
//! cargo bench -p backstride --bench clinician -- --warm-up-time 1 --measurement-time 3
//! ```

#[path = "../tests/clinician_decade/mod.rs"]
mod clinician_decade;

use std::path::Path;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};

fn report(c: &mut Criterion) {
    let bin = Path::new(env!("CARGO_BIN_EXE_backstride"));
    let work = tempfile::tempdir().expect("temp dir");
    let data = work.path().join("data");
    let answers =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/answers/lower-back.toml");
    clinician_decade::build(bin, &data, work.path(), &answers);
    let run = |args: &[&str]| {
        let out = Command::new(bin)
            .args(args)
            .args(["--today", clinician_decade::TODAY])
            .env("BACKSTRIDE_DATA_DIR", &data)
            .env("TZ", "UTC")
            .output()
            .expect("the binary runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let pdf = work.path().join("decade.pdf");
    let html = work.path().join("decade.html");
    let pdf = pdf.to_str().expect("utf-8 path");
    let html = html.to_str().expect("utf-8 path");
    let mut group = c.benchmark_group("decade");
    group.sample_size(10);
    group.bench_function("insights --json (baseline)", |b| {
        b.iter(|| run(&["insights", "--json"]))
    });
    group.bench_function("report --pdf", |b| {
        b.iter(|| run(&["report", "--pdf", pdf]))
    });
    group.bench_function("report --html", |b| {
        b.iter(|| run(&["report", "--html", html]))
    });
    group.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
