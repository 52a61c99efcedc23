//! How long the tracker takes a frame once it follows the runner (one
//! model run plus the crop sampled from the YUV planes), for a 720p
//! landscape frame and a 1080x1920 portrait phone frame stored turned by 90
//! degrees; and the crop sampling alone, to show it is not what costs.
//!
//! Run briefly: `cargo bench -p backstride-pose --bench track --
//! --warm-up-time 1 --measurement-time 3`

#[path = "../tests/common/mod.rs"]
mod common;

use backstride_pose::Tracker;
use backstride_pose::crop::{Crop, INPUT_SIDE, sample_rgb};
use backstride_video::{Frame, Rotation};
use common::{REAL_FRAME, on_canvas, read_ppm, stored_rotated};
use criterion::{Criterion, criterion_group, criterion_main};

fn frames() -> Vec<(&'static str, Frame)> {
    let (w, h, rgb) = read_ppm(REAL_FRAME);
    // 720p: the 216x384 person scaled to 720 pixels tall, grey either side.
    let hd = on_canvas(w, h, &rgb, 2, 1280, 720);
    let hd = Frame::from_rgb(1280, 720, &hd, 0, 0.0).expect("sizes match");
    // A phone's portrait 1080x1920, stored as 1920x1080 turned 90 degrees.
    let phone = on_canvas(w, h, &rgb, 5, 1080, 1920);
    let phone = stored_rotated(1080, 1920, &phone, Rotation::Cw90);
    vec![("720p", hd), ("1080x1920 rotated", phone)]
}

fn bench(c: &mut Criterion) {
    for (name, frame) in frames() {
        let mut tracker = Tracker::new().expect("the embedded model loads");
        // Settle on the first frame so every measured call tracks.
        tracker.track(&frame).expect("a pose");
        c.bench_function(&format!("track {name}"), |b| {
            b.iter(|| tracker.track(&frame).expect("a pose"))
        });
        let (uw, uh) = frame.upright_size();
        let crop = Crop::centred(uw as f32 / 2.0, uh as f32 / 2.0, uh as f32 * 0.8);
        let mut input = vec![0; INPUT_SIDE * INPUT_SIDE * 3];
        c.bench_function(&format!("crop {name}"), |b| {
            b.iter(|| sample_rgb(&frame, &crop, &mut input))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
