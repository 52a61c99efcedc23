//! Fuzzes video input: the MP4/MOV box walk, the sample tables, the
//! AVCC-to-Annex B rewrite and the first few frames through OpenH264.
//! Any panic is a bug; an error is the expected answer to bad bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = backstride_video::open_bytes(data.to_vec()) else {
        return;
    };
    let _ = reader.info().frame_count;
    for frame in reader.take(3) {
        let Ok(frame) = frame else { break };
        let _ = frame.upright_size();
    }
});
