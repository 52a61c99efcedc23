//! Decoding speed of pose keypoint files, 10,000 frames each (about 5.5
//! minutes of 30 fps video), through the public `pose::decode`: COCO-17 as
//! MMPose's inferencer writes it (two people a frame), MediaPipe wide CSV
//! and JSON Lines (all 33 landmarks), and a TRC with 26 markers. Criterion
//! reports throughput in elements per second, an element being a frame.
//!
//! Run: `cargo bench -p backstride-formats --bench pose`
//! (quick check: append `-- --warm-up-time 1 --measurement-time 3`).

use std::fmt::Write;
use std::hint::black_box;

use backstride_formats::pose::{PoseOptions, decode};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const FRAMES: usize = 10_000;

/// A smooth, deterministic wobble so numbers are not all alike.
fn wobble(frame: usize, point: usize) -> f64 {
    ((frame * 7 + point * 13) % 97) as f64 / 97.0
}

fn coco17_json() -> String {
    let mut s = String::from("[");
    for f in 0..FRAMES {
        if f > 0 {
            s.push(',');
        }
        let _ = write!(s, r#"{{"frame_id":{f},"instances":["#);
        for person in 0..2 {
            if person > 0 {
                s.push(',');
            }
            s.push_str(r#"{"keypoints":["#);
            for k in 0..17 {
                if k > 0 {
                    s.push(',');
                }
                let x = 300.0 + 600.0 * person as f64 + 40.0 * wobble(f, k);
                let y = 100.0 + 30.0 * k as f64 + 5.0 * wobble(k, f);
                let _ = write!(s, "[{x:.3},{y:.3}]");
            }
            s.push_str(r#"],"keypoint_scores":["#);
            for k in 0..17 {
                if k > 0 {
                    s.push(',');
                }
                let _ = write!(s, "{:.4}", 0.5 + 0.5 * wobble(f, k));
            }
            let _ = write!(
                s,
                r#"],"bbox":[[{:.1},80.0,{:.1},650.0]],"bbox_score":0.93}}"#,
                250.0 + 600.0 * person as f64,
                400.0 + 600.0 * person as f64
            );
        }
        s.push_str("]}");
    }
    s.push(']');
    s
}

/// MediaPipe's landmark names, as the CSV layout uses them.
const NAMES: [&str; 33] = backstride_formats::pose::mediapipe::LANDMARK_NAMES;

fn mediapipe_csv() -> String {
    let mut s = String::from("# image_width=1920 image_height=1080\nframe,time_s");
    for n in NAMES {
        let _ = write!(s, ",{n}_x,{n}_y,{n}_z,{n}_visibility");
    }
    s.push('\n');
    for f in 0..FRAMES {
        let _ = write!(s, "{f},{:.6}", f as f64 / 30.0);
        for k in 0..NAMES.len() {
            let _ = write!(
                s,
                ",{:.5},{:.5},{:.5},{:.5}",
                0.4 + 0.1 * wobble(f, k),
                0.1 + 0.025 * k as f64,
                -0.2 + 0.1 * wobble(k, f),
                0.9 + 0.1 * wobble(f, k)
            );
        }
        s.push('\n');
    }
    s
}

fn mediapipe_jsonl() -> String {
    let mut s = String::new();
    for f in 0..FRAMES {
        let _ = write!(
            s,
            r#"{{"frame":{f},"time_s":{:.6},"image_width":1920,"image_height":1080,"landmarks":["#,
            f as f64 / 30.0
        );
        for k in 0..NAMES.len() {
            if k > 0 {
                s.push(',');
            }
            let _ = write!(
                s,
                r#"{{"x":{:.5},"y":{:.5},"z":{:.5},"visibility":{:.5}}}"#,
                0.4 + 0.1 * wobble(f, k),
                0.1 + 0.025 * k as f64,
                -0.2 + 0.1 * wobble(k, f),
                0.9 + 0.1 * wobble(f, k)
            );
        }
        s.push_str("]}\n");
    }
    s
}

fn trc() -> String {
    let markers = [
        "Hip",
        "RHip",
        "RKnee",
        "RAnkle",
        "RBigToe",
        "RSmallToe",
        "RHeel",
        "LHip",
        "LKnee",
        "LAnkle",
        "LBigToe",
        "LSmallToe",
        "LHeel",
        "Neck",
        "Head",
        "Nose",
        "RShoulder",
        "RElbow",
        "RWrist",
        "LShoulder",
        "LElbow",
        "LWrist",
        "REye",
        "LEye",
        "REar",
        "LEar",
    ];
    let mut s = String::from("PathFileType\t4\t(X/Y/Z)\tbench.trc\n");
    s.push_str("DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n");
    let _ = writeln!(s, "60\t60\t{FRAMES}\t{}\tm\t60\t1\t{FRAMES}", markers.len());
    let _ = writeln!(s, "Frame#\tTime\t{}\t\t", markers.join("\t\t\t"));
    s.push_str("\t\t");
    for i in 1..=markers.len() {
        let _ = write!(s, "X{i}\tY{i}\tZ{i}\t");
    }
    s.push('\n');
    for f in 0..FRAMES {
        let _ = write!(s, "{}\t{:.6}", f + 1, f as f64 / 60.0);
        for k in 0..markers.len() {
            let side = if k % 2 == 0 { 0.15 } else { -0.15 };
            let _ = write!(
                s,
                "\t{:.6}\t{:.6}\t{:.6}",
                side + 0.01 * wobble(f, k),
                0.05 * k as f64 + 0.02 * wobble(k, f),
                0.002 * f as f64 + 0.1 * wobble(f, k)
            );
        }
        s.push('\n');
    }
    s
}

fn decode_10k_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("pose_decode_10k_frames");
    group.sample_size(20);
    group.throughput(Throughput::Elements(FRAMES as u64));
    let opts = PoseOptions::default();
    let inputs = [
        ("coco17_mmpose.json", coco17_json()),
        ("mediapipe_wide.csv", mediapipe_csv()),
        ("mediapipe.jsonl", mediapipe_jsonl()),
        ("markers.trc", trc()),
    ];
    for (name, text) in &inputs {
        // Check once, outside the timing, that the file decodes fully.
        let rec = decode(name, text.as_bytes(), &opts).expect("the synthetic file decodes");
        assert_eq!(rec.frames.len(), FRAMES, "{name}");
        eprintln!("{name}: {:.1} MB", text.len() as f64 / 1e6);
        group.bench_function(*name, |b| {
            b.iter(|| decode(name, black_box(text.as_bytes()), &opts))
        });
    }
    group.finish();
}

criterion_group!(benches, decode_10k_frames);
criterion_main!(benches);
