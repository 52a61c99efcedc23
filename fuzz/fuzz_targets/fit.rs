//! Fuzzes activity decoding with a `.fit` name hint (gzip and the other
//! formats are still reached by content). Any panic is a bug: decoding
//! must return an activity or a `DecodeError`.

#![no_main]

use backstride_formats::activity::{Limits, decode_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A small cap keeps gzip bombs from slowing the run down.
    let limits = Limits {
        max_entry_bytes: 8 << 20,
        max_nesting: 2,
    };
    let _ = decode_with("input.fit", data, &limits);
});
