//! Decoding speed of the built-in H.264 path (demux, AVCC rewrite,
//! OpenH264, copy into a `Frame`): frames a second for a 720p30 clip and
//! a 1080p60 clip made with `encode_mp4`, and for the real 1080x1920
//! 60 fps phone-style clip with B-frames in testdata/video.
//!
//! Run: `cargo bench -p backstride-video --bench decode`.

use std::path::{Path, PathBuf};

use backstride_video::{Frame, Rotation, encode_mp4, open};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A moving, textured picture: something for the encoder to spend bits on.
fn frame(width: u32, height: u32, i: u64, fps: f64) -> Frame {
    let (w, h) = (width as usize, height as usize);
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let shift = i as usize * 4;
    let y = (0..w * h)
        .map(|k| {
            let (x, r) = (k % w + shift, k / w);
            (((x / 16 + r / 16) % 2) as u8 * 120 + ((x * 3 + r * 5) % 50) as u8) + 40
        })
        .collect();
    Frame {
        index: i,
        time_s: i as f64 / fps,
        width,
        height,
        rotation: Rotation::None,
        y,
        y_stride: w,
        u: vec![110; cw * ch],
        v: vec![150; cw * ch],
        uv_stride: cw,
    }
}

fn make_clip(dir: &Path, name: &str, width: u32, height: u32, fps: f64, n: u64) -> PathBuf {
    let path = dir.join(name);
    encode_mp4(&path, fps, (0..n).map(|i| frame(width, height, i, fps))).expect("encodes");
    path
}

fn decode_all(path: &Path) -> u64 {
    let mut n = 0;
    for f in open(path).expect("opens") {
        let f = f.expect("decodes");
        n += u64::from(f.y[0] > 0);
    }
    n
}

fn bench(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("backstride-video-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let clips = [
        (
            "720p30",
            make_clip(&dir, "720p30.mp4", 1280, 720, 30.0, 60),
            60u64,
        ),
        (
            "1080p60",
            make_clip(&dir, "1080p60.mp4", 1920, 1080, 60.0, 60),
            60,
        ),
        (
            "phone 1080x1920 60fps B-frames",
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../testdata/video/pose2sim-cam01-h264.mp4"),
            100,
        ),
    ];
    let mut group = c.benchmark_group("decode");
    group.sample_size(10);
    for (name, path, frames) in &clips {
        group.throughput(Throughput::Elements(*frames));
        group.bench_function(*name, |b| b.iter(|| decode_all(path)));
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
