//! A small builder over the real `backstride` binary: each test runs it in
//! its own temporary data directory and inspects exit code and output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// An example answers file by name.
pub fn example(name: &str) -> PathBuf {
    repo().join("examples/answers").join(name)
}

/// One run of the binary.
pub struct Run {
    args: Vec<String>,
    dir: tempfile::TempDir,
    envs: Vec<(String, String)>,
}

/// What a run produced.
pub struct Done {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub dir: tempfile::TempDir,
}

impl Run {
    pub fn new(args: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        Run {
            args: args.iter().map(|s| (*s).to_owned()).collect(),
            dir,
            envs: Vec::new(),
        }
    }

    /// A path inside this run's temporary directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Adds arguments.
    pub fn arg(mut self, a: impl AsRef<std::ffi::OsStr>) -> Self {
        self.args.push(a.as_ref().to_string_lossy().into_owned());
        self
    }

    /// Sets an environment variable for the binary (e.g. `TZ`).
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.envs.push((key.to_owned(), value.to_owned()));
        self
    }

    /// This run's temporary directory, to hand to another run.
    pub fn into_dir(self) -> tempfile::TempDir {
        self.dir
    }

    /// Reuses another run's data directory.
    pub fn in_dir(mut self, dir: tempfile::TempDir) -> Self {
        self.dir = dir;
        self
    }

    pub fn run(self) -> Done {
        let out: Output = Command::new(env!("CARGO_BIN_EXE_backstride"))
            .args(&self.args)
            .arg("--today")
            .arg("2026-11-25")
            .env("BACKSTRIDE_DATA_DIR", self.dir.path().join("data"))
            .env_remove("NO_COLOR")
            .envs(self.envs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .output()
            .expect("binary runs");
        let done = Done {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            dir: self.dir,
        };
        assert!(
            !done.stderr.contains("panicked"),
            "the binary panicked: {}",
            done.stderr
        );
        done
    }
}

impl Done {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }

    pub fn data(&self, name: &str) -> PathBuf {
        self.dir.path().join("data").join(name)
    }
}

/// A Python with the given packages (and `icalendar`), in a virtual
/// environment under target/ that is made on first use (CI makes it ahead
/// of time).
pub fn python_with(packages: &[&str]) -> PathBuf {
    let venv = repo().join("target/py-venv");
    let python = venv.join("bin/python");
    let mut wanted = vec!["icalendar"];
    wanted.extend_from_slice(packages);
    let imports = wanted.join(", ");
    let ready = Command::new(&python)
        .args(["-c", &format!("import {imports}")])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ready {
        if !python.exists() {
            let made = Command::new("python3")
                .arg("-m")
                .arg("venv")
                .arg(&venv)
                .status()
                .expect("python3 runs");
            assert!(
                made.success(),
                "could not make a virtual environment at {}",
                venv.display()
            );
        }
        let pip = Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(&wanted)
            .status()
            .expect("pip runs");
        assert!(
            pip.success(),
            "could not install {imports} into {}",
            venv.display()
        );
    }
    python
}

/// Runs a Python script (with `packages` installed) over `args` and
/// returns its standard output, failing the test if the script fails.
pub fn run_python<I, A>(packages: &[&str], script: &str, args: I) -> String
where
    I: IntoIterator<Item = A>,
    A: AsRef<std::ffi::OsStr>,
{
    let out = Command::new(python_with(packages))
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
