//! Fuzzes the zip walker: archive structure, nested zips, the Strava
//! index and every entry's decoding. Any panic is a bug.

#![no_main]

use std::io::Cursor;
use std::ops::ControlFlow;

use backstride_formats::activity::{Limits, visit_archive_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_entry_bytes: 8 << 20,
        max_nesting: 2,
    };
    let _ = visit_archive_with(Cursor::new(data), &limits, |entry| {
        // Touch the result the way an importer would.
        if let Ok(decoded) = &entry.result {
            let _ = decoded.activity.pace_s_per_km();
        }
        ControlFlow::Continue(())
    });
});
