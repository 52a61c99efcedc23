//! Fuzzes pose keypoint decoding. The first byte picks the name hint (so the
//! JSON, JSON Lines, CSV, TRC and OpenPose frame paths are all reached by
//! name as well as by content) and whether a frame size and rate are
//! passed; the rest is the file. Any panic is a bug: decoding must return a
//! recording or a `PoseError`.

#![no_main]

use backstride_formats::pose::{PoseOptions, decode_with_limit, openpose};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = [
    "run.json",
    "run.jsonl",
    "run.csv",
    "run.trc",
    "run",
    "video_000000000012_keypoints.json",
    "run.json.gz",
    "cam01.0007.json",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let opts = if pick & 0x80 != 0 {
        PoseOptions {
            frame_size: Some((1920, 1080)),
            fps: Some(30.0),
        }
    } else {
        PoseOptions::default()
    };
    // A small cap keeps gzip bombs from slowing the run down.
    let _ = decode_with_limit(name, body, &opts, 8 << 20);
    if pick & 0x40 != 0 {
        let _ = openpose::decode_frame(body, 3);
    }
});
