//! Form analysis throughput (issue 5 target: a million frames per second on
//! one core, parsing measured separately in backstride-formats' benches).
//! Criterion reports frames per second as "elements". Synthetic side-view
//! clips at 60 fps with keypoint noise:
//!
//! - `metrics 108k frames` (30 minutes): from the cleaned keypoint series
//!   to the report: foot contacts and strides, per-stride posture metrics,
//!   summaries with confidence, early-late drift and findings;
//! - `analyse ...`: the whole pipeline from the decoded frames: following
//!   the runner, reading the view, gathering, clean-up and filtering, then
//!   the metrics; on the 30-minute clip, on one minute, and on five
//!   minutes with a second person in every frame. It reads the decoded
//!   frames (about 350 bytes a person) once and, for 30 minutes, writes
//!   ~25 MB of channels, so memory sets its pace; the synthetic frames lie
//!   in memory in order, as a parser leaves them.

use std::hint::black_box;

use backstride_core::form::clean::{CleanSettings, clean, gather};
use backstride_core::form::findings::find;
use backstride_core::form::gait::detect;
use backstride_core::form::measure::strides;
use backstride_core::form::summary::{drifts, split, summarise};
use backstride_core::form::view::read;
use backstride_core::form::{FormRules, FormSettings, analyse};
use backstride_core::knowledge::KnowledgeBase;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "../tests/form_synth/mod.rs"]
mod form_synth;

fn bench(c: &mut Criterion) {
    let kb = KnowledgeBase::embedded().expect("knowledge base");
    let rules = FormRules::embedded(&kb).expect("form rules");
    let runner = form_synth::Runner {
        seconds: 1800.0,
        noise_px: 3.0,
        drop_points: 0.02,
        ..form_synth::Runner::default()
    };
    let rec = form_synth::record(&runner);
    let settings = FormSettings::default();
    let mut group = c.benchmark_group("form");
    group.throughput(Throughput::Elements(rec.frames.len() as u64));
    group.sample_size(20);

    // The cleaned series, once, for the metrics stage.
    let skeletons: Vec<_> = rec
        .frames
        .iter()
        .map(|f| f.people.first().map(|d| &d.skeleton))
        .collect();
    let gathered = gather(&skeletons, CleanSettings::default().min_score);
    let view = read(&gathered).expect("a torso");
    let fps = rec.fps.expect("the synthetic clip has a frame rate");
    let series = clean(gathered, fps, view.torso, &CleanSettings::default());
    group.bench_function("metrics 108k frames", |b| {
        b.iter(|| {
            let gait = detect(black_box(&series), &view);
            let all = strides(&series, &view, &gait, 0, 0.0);
            let metrics = summarise(&all, std::slice::from_ref(&view), None, None);
            let (early, late) = split(&all, 1);
            let drift = drifts(&all, &early, &late, &metrics, &rules);
            find(&rules, &metrics, &drift)
        })
    });
    group.bench_function("analyse 108k frames", |b| {
        b.iter(|| analyse(black_box(&[&rec]), &settings, &rules).expect("analysis"))
    });
    // A typical clip: one minute of running (fits in the processor's cache).
    let minute = form_synth::record(&form_synth::Runner {
        seconds: 60.0,
        noise_px: 3.0,
        drop_points: 0.02,
        ..form_synth::Runner::default()
    });
    group.throughput(Throughput::Elements(minute.frames.len() as u64));
    group.bench_function("analyse 3.6k frames (one minute)", |b| {
        b.iter(|| analyse(black_box(&[&minute]), &settings, &rules).expect("analysis"))
    });
    let crowded = form_synth::record(&form_synth::Runner {
        seconds: 300.0,
        bystander: true,
        noise_px: 3.0,
        ..form_synth::Runner::default()
    });
    group.throughput(Throughput::Elements(crowded.frames.len() as u64));
    group.bench_function("analyse 18k frames, two people", |b| {
        b.iter(|| analyse(black_box(&[&crowded]), &settings, &rules).expect("analysis"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
