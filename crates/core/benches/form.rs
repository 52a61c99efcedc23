//! Form analysis throughput (issue 5 target: a million frames per second on
//! one core, parsing measured separately in backstride-formats' benches).
//! A 30-minute synthetic side-view clip at 60 fps (108,000 frames) with
//! keypoint noise is analysed end to end: tracking, view, clean-up and
//! filtering, strides, metrics, drift and findings. Criterion reports
//! frames per second as "elements".

use std::hint::black_box;

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
    group.bench_function("analyse 108k frames", |b| {
        b.iter(|| analyse(black_box(&[&rec]), &settings, &rules).expect("analysis"))
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
