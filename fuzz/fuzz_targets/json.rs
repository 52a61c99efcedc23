//! Fuzzes the JSON activity readers: the first byte picks the name hint
//! (a Polar Flow `training-session-*.json`, known by its name, or a plain
//! `.json`, where the content must show a Suunto log, or a Polar session
//! CSV by its first header) and the rest is the
//! file. Any panic is a bug: decoding must return an activity or a
//! `DecodeError`.

#![no_main]

use backstride_formats::activity::{Limits, decode_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = if pick & 1 == 0 {
        "training-session-2024-05-01-1-fuzz.json"
    } else {
        "suunto-log.json"
    };
    let limits = Limits {
        max_entry_bytes: 8 << 20,
        max_nesting: 2,
    };
    let _ = decode_with(name, rest, &limits);
});
