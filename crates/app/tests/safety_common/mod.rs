//! A data directory shared by the runs of one safety test, with `--today`
//! chosen per run (the general test builder fixes it), and the few steps
//! the safety tests repeat.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Stdio};

use tempfile::TempDir;

/// An example answers file by name.
pub fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/answers")
        .join(name)
}

/// The day the tests run on, unless a test says otherwise.
pub const TODAY: &str = "2026-11-25";

/// A data directory shared by the runs of one test.
pub struct Db {
    pub dir: TempDir,
}

/// What a run produced.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

impl Db {
    pub fn new() -> Self {
        Db {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs the binary with `--today today`.
    pub fn at(&self, today: &str, args: &[&str]) -> Out {
        let out = Command::new(env!("CARGO_BIN_EXE_backstride"))
            .args(args)
            .args(["--today", today])
            .env("BACKSTRIDE_DATA_DIR", self.data())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .expect("binary runs");
        let done = Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(!done.stderr.contains("panicked"), "{}", done.stderr);
        done
    }

    pub fn run(&self, args: &[&str]) -> Out {
        self.at(TODAY, args)
    }

    pub fn example_arg(name: &str) -> String {
        example(name).to_string_lossy().into_owned()
    }

    /// The lower-back example assessed (a complete check) and planned from
    /// Monday 2 Nov 2026.
    pub fn planned() -> Db {
        let db = Db::new();
        let answers = Db::example_arg("lower-back.toml");
        let assessed = db.run(&["assess", "--answers", &answers, "--format", "json"]);
        assert_eq!(assessed.code, 0, "{}", assessed.stderr);
        let planned = db.run(&[
            "plan",
            "--save",
            "--start",
            "2026-11-02",
            "--format",
            "json",
        ]);
        assert_eq!(planned.code, 0, "{}", planned.stderr);
        db
    }

    pub fn pain(&self, nrs: &str, at: &str, note: Option<&str>) -> Out {
        let mut args = vec![
            "log",
            "pain",
            "--region",
            "lower-back",
            "--nrs",
            nrs,
            "--when",
            "after",
            "--at",
            at,
        ];
        if let Some(n) = note {
            args.extend(["--note", n]);
        }
        self.run(&args)
    }

    /// Exit codes of `plan`, `plan --adapt` and `insights`.
    pub fn stops(&self, today: &str) -> [i32; 3] {
        [
            self.at(today, &["plan", "--save", "--format", "json"]).code,
            self.at(today, &["plan", "--save", "--adapt", "--format", "json"])
                .code,
            self.at(today, &["insights", "--json"]).code,
        ]
    }
}
