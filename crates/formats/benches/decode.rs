//! Decoding speed of one synthetic 1-hour activity at 1 Hz (3,600 samples
//! with position, altitude, heart rate, cadence, distance, speed) in each
//! format, plain and gzipped, through the public `decode` entry point. The
//! files come from `backstride-bench-corpus`, the generator of the
//! benchmark corpus, so they match what `scripts/compare-parsers.sh` times.
//!
//! Run: `cargo bench -p backstride-formats --bench decode`
//! (quick check: append `-- --warm-up-time 1 --measurement-time 3`).

use std::hint::black_box;

use backstride_bench_corpus::{Format, Sport, gzip, one_hour};
use backstride_formats::activity::decode;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn decode_one_hour(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_1h_run");
    for (format, name) in [
        (Format::Fit, "run.fit"),
        (Format::Gpx, "run.gpx"),
        (Format::Tcx, "run.tcx"),
    ] {
        let plain = one_hour(format, Sport::Running, 7);
        let gzipped = gzip(&plain);
        let gz_name = format!("{name}.gz");
        // Check once that the file decodes, outside the timing.
        let decoded = decode(name, &plain).expect("the synthetic file decodes");
        assert_eq!(decoded.activity.samples.len(), 3600);

        group.throughput(Throughput::Bytes(plain.len() as u64));
        group.bench_function(name, |b| b.iter(|| decode(name, black_box(&plain))));
        group.bench_function(&gz_name, |b| {
            b.iter(|| decode(&gz_name, black_box(&gzipped)))
        });
    }
    group.finish();
}

criterion_group!(benches, decode_one_hour);
criterion_main!(benches);
