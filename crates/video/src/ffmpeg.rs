//! Decoding through an `ffmpeg` executable, for the codecs OpenH264 cannot
//! read (HEVC, VP9, AV1, ...). ffmpeg writes raw I420 pictures of the
//! stored size to a pipe, one after another, without turning them
//! (`-noautorotate`) and without dropping or repeating any
//! (`-vsync passthrough`, edit lists ignored), so that the n-th picture
//! takes the container's n-th presentation time and rotation, exactly as
//! on the built-in path.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::thread::JoinHandle;

use crate::container::read_up_to;
use crate::error::VideoError;
use crate::frame::{Frame, Rotation};

/// Where to find ffmpeg for codecs the built-in decoder cannot read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum FfmpegChoice {
    /// The program named by `BACKSTRIDE_FFMPEG` if that is set (an empty
    /// value turns ffmpeg off), else `ffmpeg` on `PATH`.
    #[default]
    Auto,
    /// Never use ffmpeg: codecs other than H.264 are an error.
    Never,
    /// This program.
    Program(PathBuf),
}

impl FfmpegChoice {
    /// The executable to run, if any.
    pub fn resolve(&self) -> Option<PathBuf> {
        match self {
            FfmpegChoice::Never => None,
            FfmpegChoice::Program(p) => Some(p.clone()),
            FfmpegChoice::Auto => match std::env::var_os("BACKSTRIDE_FFMPEG") {
                Some(v) if v.is_empty() => None,
                Some(v) => Some(PathBuf::from(v)),
                None => find_on_path(&std::env::var_os("PATH").unwrap_or_default()),
            },
        }
    }
}

/// The first `ffmpeg` file in the `PATH` list.
fn find_on_path(path: &OsString) -> Option<PathBuf> {
    let name = if cfg!(windows) {
        "ffmpeg.exe"
    } else {
        "ffmpeg"
    };
    std::env::split_paths(path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

pub(crate) struct FfmpegFrames {
    child: Child,
    /// Drains ffmpeg's messages on its own thread (so a chatty ffmpeg
    /// cannot block on a full pipe) and hands back their last lines.
    stderr: Option<JoinHandle<String>>,
    stdout: ChildStdout,
    width: u32,
    height: u32,
    rotation: Rotation,
    times: Vec<f64>,
    next: u64,
    done: bool,
}

impl FfmpegFrames {
    pub(crate) fn spawn(
        program: &Path,
        input: &Path,
        width: u32,
        height: u32,
        rotation: Rotation,
        times: Vec<f64>,
    ) -> Result<FfmpegFrames, VideoError> {
        let mut child = Command::new(program)
            .args(["-hide_banner", "-nostdin", "-loglevel", "error"])
            .args(["-noautorotate", "-ignore_editlist", "1", "-i"])
            .arg(input)
            .args([
                "-map",
                "0:v:0",
                "-an",
                "-sn",
                "-dn",
                "-vsync",
                "passthrough",
            ])
            .args(["-s", &format!("{width}x{height}")])
            .args(["-pix_fmt", "yuv420p", "-f", "rawvideo", "pipe:1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                VideoError::Ffmpeg(format!("could not start {}: {e}", program.display()))
            })?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            return Err(VideoError::Ffmpeg("its output could not be read".into()));
        };
        let stderr = child.stderr.take().map(|mut pipe| {
            std::thread::spawn(move || {
                let mut all = Vec::new();
                let _ = pipe.read_to_end(&mut all);
                let text = String::from_utf8_lossy(&all);
                let start = text.len().saturating_sub(2000);
                text.get(start..).unwrap_or("").to_string()
            })
        });
        Ok(FfmpegFrames {
            child,
            stderr,
            stdout,
            width,
            height,
            rotation,
            times,
            next: 0,
            done: false,
        })
    }

    /// Waits for ffmpeg and turns a failure into an error with its words.
    fn finish(&mut self) -> Result<(), VideoError> {
        let status = self.child.wait()?;
        let err = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        if !status.success() {
            let words = err
                .lines()
                .last()
                .unwrap_or("no message")
                .trim()
                .to_string();
            return Err(VideoError::Ffmpeg(format!(
                "ffmpeg stopped with {status}: {words}"
            )));
        }
        if self.next == 0 {
            return Err(VideoError::Ffmpeg("ffmpeg gave no pictures".into()));
        }
        Ok(())
    }

    fn step(&mut self) -> Result<Option<Frame>, VideoError> {
        if self.done {
            return Ok(None);
        }
        let (w, h) = (self.width as usize, self.height as usize);
        let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
        let mut y = vec![0u8; w * h];
        let got = read_up_to(&mut self.stdout, &mut y)?;
        if got == 0 {
            self.done = true;
            self.finish()?;
            return Ok(None);
        }
        let mut u = vec![0u8; cw * ch];
        let mut v = vec![0u8; cw * ch];
        let complete = got == y.len()
            && read_up_to(&mut self.stdout, &mut u)? == u.len()
            && read_up_to(&mut self.stdout, &mut v)? == v.len();
        if !complete {
            self.done = true;
            self.finish()?;
            return Err(VideoError::Ffmpeg(format!(
                "picture {} came out cut short",
                self.next
            )));
        }
        let index = self.next;
        self.next += 1;
        let time_s = match self.times.get(index as usize) {
            Some(&t) => t,
            None => {
                // More pictures than samples: carry on at the average pace.
                let last = self.times.last().copied().unwrap_or(0.0);
                let n = self.times.len().max(2) as f64;
                last + last / (n - 1.0) * (index as f64 - n + 1.0)
            }
        };
        Ok(Some(Frame {
            index,
            time_s,
            width: self.width,
            height: self.height,
            rotation: self.rotation,
            y,
            y_stride: w,
            u,
            v,
            uv_stride: cw,
        }))
    }
}

impl Iterator for FfmpegFrames {
    type Item = Result<Frame, VideoError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.step().transpose()
    }
}

impl Drop for FfmpegFrames {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_and_a_named_program_bypass_the_search() {
        assert_eq!(FfmpegChoice::Never.resolve(), None);
        let p = PathBuf::from("/opt/x/ffmpeg");
        assert_eq!(FfmpegChoice::Program(p.clone()).resolve(), Some(p));
    }

    #[test]
    fn the_path_search_finds_only_an_existing_ffmpeg() {
        let dir = tempfile::tempdir().expect("temp dir");
        let list = std::env::join_paths([dir.path()]).expect("a path list");
        assert_eq!(find_on_path(&list), None);
        std::fs::write(dir.path().join("ffmpeg"), b"").expect("write");
        assert_eq!(find_on_path(&list), Some(dir.path().join("ffmpeg")));
    }
}
