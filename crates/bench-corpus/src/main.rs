//! `bench-corpus --out DIR [--count N] [--seed S] [--seconds T]`: writes
//! the synthetic benchmark corpus (see the library docs for its layout).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use backstride_bench_corpus::{Config, write_corpus};

const USAGE: &str =
    "usage: bench-corpus --out DIR [--count N (3000)] [--seed S (2016)] [--seconds T (3600)]";

fn parse(args: &[String]) -> Result<(PathBuf, Config), String> {
    let mut config = Config::default();
    let mut out = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        let number = |v: &String| {
            v.parse::<u64>()
                .map_err(|e| format!("{flag} {v:?}: {e}\n{USAGE}"))
        };
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(value()?)),
            "--count" => config.count = number(value()?)? as usize,
            "--seed" => config.seed = number(value()?)?,
            "--seconds" => {
                config.seconds = u32::try_from(number(value()?)?)
                    .map_err(|_| format!("--seconds is too large\n{USAGE}"))?;
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
    Ok((out, config))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, config) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match write_corpus(&out, &config) {
        Ok(s) => {
            println!(
                "wrote {} activities (FIT {}, GPX {}, TCX {}; {} rides; {} gzipped; {} in strava_export.zip) to {}",
                s.activities,
                s.by_format[0],
                s.by_format[1],
                s.by_format[2],
                s.rides,
                s.gzipped,
                s.in_zip,
                out.display()
            );
            println!(
                "{:.1} MB on disk, {:.1} MB uncompressed, in {:.1} s",
                s.bytes_on_disk as f64 / 1e6,
                s.bytes_plain as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("bench-corpus: writing {}: {err}", out.display());
            ExitCode::FAILURE
        }
    }
}
