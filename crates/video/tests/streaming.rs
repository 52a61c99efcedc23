//! Frames are streamed: opening a clip reads its index, and each frame's
//! bytes are read only when that frame is decoded, so memory does not
//! grow with the clip's length.

mod common;

use std::io::{Cursor, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use backstride_video::{encode_mp4, open_reader};
use common::square_frame;

/// A reader that counts the bytes read through it.
struct Counting {
    inner: Cursor<Vec<u8>>,
    read: Arc<AtomicU64>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Seek for Counting {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

#[test]
fn frames_are_read_from_the_file_only_as_they_are_decoded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("long.mp4");
    // Noisy frames so that each compressed frame has real size.
    let frames = (0..120u64).map(|i| {
        let mut f = square_frame(320, 240, (i as u32 * 2) % 300, 40, i, 60.0);
        for (k, px) in f.y.iter_mut().enumerate() {
            *px = px.wrapping_add(((k as u64 * 7919 + i * 104_729) % 61) as u8);
        }
        f
    });
    encode_mp4(&path, 60.0, frames).expect("encodes");
    let bytes = std::fs::read(&path).expect("reads");
    let total = bytes.len() as u64;
    let read = Arc::new(AtomicU64::new(0));
    let mut reader = open_reader(Counting {
        inner: Cursor::new(bytes),
        read: Arc::clone(&read),
    })
    .expect("opens");
    let after_open = read.load(Ordering::Relaxed);
    assert!(
        after_open * 10 < total,
        "opening read {after_open} of {total} bytes"
    );
    reader.next().expect("a frame").expect("decodes");
    let after_first = read.load(Ordering::Relaxed);
    assert!(
        after_first * 4 < total,
        "one frame read {after_first} of {total} bytes"
    );
    assert_eq!(reader.by_ref().count(), 119);
    let after_all = read.load(Ordering::Relaxed);
    assert!(
        after_all >= total * 9 / 10,
        "all frames read {after_all} of {total} bytes"
    );
}
