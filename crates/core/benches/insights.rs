//! Insights over ten years: about 3,000 runs (one in ten with 1 Hz heart
//! rate), daily pain, routine, cross-training and brace logs. Everything:
//! load metrics, weeks, pain, adherence, 12 association tests (AR(1)
//! regressions), the adherence test with 999 permutations, alerts and the
//! plan decision. Target: under 100 ms.

use backstride_core::history::Settings;
use backstride_core::insights::assoc::associations;
use backstride_core::insights::{compute, first_day};
use backstride_core::load;
use backstride_core::stats::SplitMix64;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "../tests/insights_common/mod.rs"]
mod insights_common;

fn bench(c: &mut Criterion) {
    let (history, today) = insights_common::decade(42);
    let runs = history.activities.len();
    let settings = Settings::default();
    c.bench_function(&format!("insights_ten_years_{runs}_runs"), |b| {
        b.iter(|| {
            let mut rng = SplitMix64::new(7);
            compute(black_box(&history), &settings, today, &[], &mut rng)
        })
    });
    let start = first_day(&history, &settings, today);
    c.bench_function("load_series_ten_years", |b| {
        b.iter(|| load::series(black_box(&history), &settings, start, today))
    });
    let series = load::series(&history, &settings, start, today);
    c.bench_function("associations_ten_years", |b| {
        b.iter(|| {
            let mut rng = SplitMix64::new(7);
            associations(black_box(&history), &series, &settings, &mut rng)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
