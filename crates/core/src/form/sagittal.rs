//! Three-dimensional markers (TRC files) onto the runner's sagittal plane.
//!
//! TRC files follow OpenSim's convention: Y is up. The runner's
//! mediolateral axis is the mean left-minus-right direction of the shoulders
//! and hips, flattened onto the ground plane; the forward axis is
//! perpendicular to it on the ground. Each marker becomes (forward, up). A
//! file whose depth coordinate is zero throughout (Sports2D writes 2D
//! results this way) is already a side view and keeps its X and Y. Which
//! way the runner faces is decided later, from the skeleton itself.

use super::pose::{EMPTY_SKELETON, Joint, Keypoint, Skeleton};

/// One frame of 3D markers, indexed by [`Joint::index`]: `[x, y (up), z]`.
pub type Skeleton3 = [Option<[f64; 3]>; Joint::COUNT];

/// Projects every frame onto the sagittal plane; markers get a score of 1.
pub fn project(frames: &[Skeleton3]) -> Vec<Skeleton> {
    let axis = forward_axis(frames);
    frames
        .iter()
        .map(|frame| {
            let mut out = EMPTY_SKELETON;
            for (slot, marker) in out.iter_mut().zip(frame) {
                *slot = marker.and_then(|[x, y, z]| {
                    let forward = match axis {
                        Some((fx, fz)) => x * fx + z * fz,
                        None => x,
                    };
                    (forward.is_finite() && y.is_finite()).then_some(Keypoint {
                        x: forward as f32,
                        y: y as f32,
                        score: 1.0,
                    })
                });
            }
            out
        })
        .collect()
}

/// The forward axis on the ground plane as (x, z) components, or `None`
/// when the data is planar (no depth) or the body's sides cannot be told
/// apart.
fn forward_axis(frames: &[Skeleton3]) -> Option<(f64, f64)> {
    let has_depth = frames
        .iter()
        .flat_map(|f| f.iter().flatten())
        .any(|[_, _, z]| z.is_finite() && z.abs() > 1e-9);
    if !has_depth {
        return None;
    }
    let pairs = [
        (Joint::LeftShoulder, Joint::RightShoulder),
        (Joint::LeftHip, Joint::RightHip),
    ];
    let (mut sx, mut sz) = (0.0, 0.0);
    for frame in frames {
        for (left, right) in pairs {
            if let (Some(l), Some(r)) = (frame[left.index()], frame[right.index()]) {
                let (dx, dz) = (l[0] - r[0], l[2] - r[2]);
                if dx.is_finite() && dz.is_finite() {
                    sx += dx;
                    sz += dz;
                }
            }
        }
    }
    let norm = (sx * sx + sz * sz).sqrt();
    if norm < 1e-12 {
        return None;
    }
    let (mx, mz) = (sx / norm, sz / norm);
    // Perpendicular to the mediolateral axis on the ground plane.
    Some((-mz, mx))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(points: &[(Joint, [f64; 3])]) -> Skeleton3 {
        let mut f = [None; Joint::COUNT];
        for (j, p) in points {
            f[j.index()] = Some(*p);
        }
        f
    }

    #[test]
    fn a_runner_moving_along_z_is_seen_from_the_side() {
        // Shoulders apart along x (the mediolateral axis); the nose is
        // 0.1 ahead along z.
        let f = frame(&[
            (Joint::LeftShoulder, [0.2, 1.4, 0.0]),
            (Joint::RightShoulder, [-0.2, 1.4, 0.0]),
            (Joint::Nose, [0.0, 1.6, 0.1]),
        ]);
        let out = project(&[f]);
        let nose = out[0][Joint::Nose.index()].expect("nose kept");
        let left = out[0][Joint::LeftShoulder.index()].expect("shoulder kept");
        assert!((nose.x.abs() - 0.1).abs() < 1e-6, "{nose:?}");
        assert!(left.x.abs() < 1e-6, "the shoulders overlap in a side view");
        assert!((nose.y - 1.6).abs() < 1e-6);
    }

    #[test]
    fn planar_files_keep_x_and_y() {
        let f = frame(&[
            (Joint::Nose, [3.0, 1.5, 0.0]),
            (Joint::LeftHip, [2.9, 0.9, 0.0]),
        ]);
        let out = project(&[f]);
        let nose = out[0][Joint::Nose.index()].expect("nose kept");
        assert_eq!((nose.x, nose.y), (3.0, 1.5));
    }

    #[test]
    fn non_finite_markers_are_dropped() {
        let f = frame(&[(Joint::Nose, [f64::NAN, 1.5, 0.0])]);
        assert!(project(&[f])[0][Joint::Nose.index()].is_none());
    }
}
