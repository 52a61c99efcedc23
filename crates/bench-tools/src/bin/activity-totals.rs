//! `activity-totals FILE...`: what Backstride makes of each activity file,
//! one tab-separated line an activity (a multisport file gives one a leg),
//! for `scripts/cross-check.sh` to compare with independent readers.
//!
//! Columns: file, leg (from 0), outcome (`ok`, `skipped` or `failed`),
//! sport, start (RFC 3339), elapsed s, moving s, distance m, samples, and
//! the reason for a file that gave no activity.

use std::process::ExitCode;

use backstride_formats::activity::decode;

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::FAILURE;
                continue;
            }
        };
        let name = std::path::Path::new(&path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        match decode(name, &bytes) {
            Ok(decoded) => {
                let legs = std::iter::once(&decoded.activity).chain(&decoded.legs);
                for (leg, a) in legs.enumerate() {
                    println!(
                        "{path}\t{leg}\tok\t{}\t{}\t{:.3}\t{:.3}\t{:.3}\t{}\t",
                        a.sport.name(),
                        a.start.to_rfc3339(),
                        a.elapsed_s,
                        a.moving_s,
                        a.distance_m,
                        a.samples.len()
                    );
                }
            }
            Err(err) => {
                let outcome = if err.is_not_an_activity() {
                    "skipped"
                } else {
                    "failed"
                };
                println!("{path}\t0\t{outcome}\t\t\t\t\t\t\t{err}");
            }
        }
    }
    status
}
