//! What the fuzz target (fuzz/fuzz_targets/video.rs) does, over mutants of
//! real clips, in a normal test run: open the bytes, decode a few frames.
//! No mutant may panic; each either decodes or is an error.

mod common;

use backstride_video::open_bytes;
use common::{encoded, square_frame, testdata};
use proptest::prelude::*;

/// The fuzz target's body.
fn open_and_decode(bytes: Vec<u8>) -> usize {
    let Ok(reader) = open_bytes(bytes) else {
        return 0;
    };
    let _ = reader.info().frame_count;
    let mut decoded = 0;
    for frame in reader.take(3) {
        let Ok(frame) = frame else { break };
        // Touch the picture the way the pose model will.
        decoded += usize::from(frame.upright_size().0 > 0);
    }
    decoded
}

/// A small xorshift generator: the same mutants on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn small_clip() -> Vec<u8> {
    encoded(
        30.0,
        (0..5).map(|i| square_frame(64, 48, 4 + 3 * i as u32, 6, i, 30.0)),
    )
}

/// Where the `moov` box starts (the index is where mutations hurt most).
fn moov_at(bytes: &[u8]) -> usize {
    bytes
        .windows(4)
        .position(|w| w == b"moov")
        .map_or(0, |p| p.saturating_sub(4))
}

fn mutate(rng: &mut Rng, clip: &[u8]) -> Vec<u8> {
    let mut m = clip.to_vec();
    let moov = moov_at(clip);
    match rng.below(5) {
        // Cut anywhere.
        0 => m.truncate(rng.below(clip.len())),
        // Flip bytes in the index.
        1 => {
            for _ in 0..1 + rng.below(8) {
                let i = moov + rng.below(clip.len() - moov);
                m[i] ^= 1 << rng.below(8);
            }
        }
        // Write an extreme 32-bit number into the index.
        2 => {
            let i = moov + rng.below(clip.len() - moov - 4);
            let v: u32 = [0, 1, 0x7FFF_FFFF, 0xFFFF_FFFF, 8][rng.below(5)];
            m[i..i + 4].copy_from_slice(&v.to_be_bytes());
        }
        // Scribble over frame data.
        3 => {
            for _ in 0..1 + rng.below(32) {
                let i = rng.below(moov.max(1));
                m[i] = rng.next() as u8;
            }
        }
        // Repeat a stretch of the file inside itself.
        _ => {
            let a = rng.below(clip.len());
            let b = (a + rng.below(64)).min(clip.len());
            let at = rng.below(clip.len());
            let piece = clip[a..b].to_vec();
            m.splice(at..at, piece);
        }
    }
    m
}

#[test]
fn the_unmutated_clips_decode_through_the_fuzz_body() {
    assert_eq!(open_and_decode(small_clip()), 3);
    let real = std::fs::read(testdata("pose2sim-cam01-h264.mp4")).expect("reads");
    assert_eq!(open_and_decode(real), 3);
}

#[test]
fn mutants_of_a_small_clip_never_panic() {
    let clip = small_clip();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut decoded = 0;
    for _ in 0..600 {
        decoded += open_and_decode(mutate(&mut rng, &clip));
    }
    // Some mutants still decode: the mutations reach the decoder too.
    assert!(decoded > 0);
}

#[test]
fn mutants_of_a_real_phone_clip_never_panic() {
    let clip = std::fs::read(testdata("pose2sim-cam01-h264.mp4")).expect("reads");
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for _ in 0..60 {
        let _ = open_and_decode(mutate(&mut rng, &clip));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_bytes_after_a_file_type_box_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = vec![0, 0, 0, 16, b'f', b't', b'y', b'p', b'i', b's', b'o', b'm', 0, 0, 2, 0];
        bytes.extend_from_slice(&tail);
        let _ = open_and_decode(bytes);
    }
}
