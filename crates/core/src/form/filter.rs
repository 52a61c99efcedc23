//! Zero-lag low-pass filtering of keypoint trajectories: a second-order
//! Butterworth filter run forwards and then backwards (the "filtfilt"
//! scheme), so the filtered trajectory is not shifted in time and the
//! response is fourth order. Gait kinematics are commonly filtered at about
//! 6 Hz (WINTER-2009); ends are padded by odd reflection so they do not
//! ring.

/// Coefficients of one second-order section (normalised so a0 = 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Biquad {
    b0: f64,
    b1: f64,
    b2: f64,
    a1: f64,
    a2: f64,
}

impl Biquad {
    /// A Butterworth low-pass at `cutoff_hz` for samples at `fps`, or
    /// `None` when the cutoff is not below the Nyquist frequency (the
    /// caller then leaves the data unfiltered and says so).
    pub fn butterworth_low_pass(cutoff_hz: f64, fps: f64) -> Option<Self> {
        if !(cutoff_hz > 0.0 && fps > 0.0 && cutoff_hz < 0.45 * fps) {
            return None;
        }
        // Bilinear transform with frequency pre-warping.
        let k = (std::f64::consts::PI * cutoff_hz / fps).tan();
        let q = std::f64::consts::FRAC_1_SQRT_2;
        let norm = 1.0 / (1.0 + k / q + k * k);
        let b0 = k * k * norm;
        Some(Biquad {
            b0,
            b1: 2.0 * b0,
            b2: b0,
            a1: 2.0 * (k * k - 1.0) * norm,
            a2: (1.0 - k / q + k * k) * norm,
        })
    }

    /// Filters `data` in place, forwards then backwards. Runs shorter than
    /// [`MIN_RUN`] are left as they are.
    pub fn filtfilt(&self, data: &mut [f32]) {
        let mut buf = Vec::new();
        if let Some(pad) = load([data], &mut buf) {
            self.run(buf.iter_mut());
            self.run(buf.iter_mut().rev());
            store(&buf, pad, [data]);
        }
    }

    /// Filters a keypoint's x and y (slices of the same length) in place,
    /// each exactly as [`Biquad::filtfilt`] would, in one pass: the two
    /// recursions are independent, so the processor overlaps them. `buf`
    /// is scratch the caller reuses.
    ///
    /// # Panics
    /// If the lengths differ (a caller's bug, not an input's).
    pub fn filtfilt_pair_with(&self, x: &mut [f32], y: &mut [f32], buf: &mut Vec<[f64; 2]>) {
        assert_eq!(x.len(), y.len(), "filtfilt_pair_with: lengths differ");
        if let Some(pad) = load([&*x, &*y], buf) {
            self.run(buf.iter_mut());
            self.run(buf.iter_mut().rev());
            store(buf, pad, [x, y]);
        }
    }

    /// Filters two x-y pairs (two keypoints, or two stretches of one) at
    /// once, each exactly as [`Biquad::filtfilt_pair_with`] would: four
    /// independent recursions in one loop keep the processor busy where
    /// one would wait on the last result. The lengths may differ.
    ///
    /// # Panics
    /// If the x and y of a pair differ in length.
    pub fn filtfilt_two_pairs_with(
        &self,
        (ax, ay): (&mut [f32], &mut [f32]),
        (bx, by): (&mut [f32], &mut [f32]),
        (abuf, bbuf): (&mut Vec<[f64; 2]>, &mut Vec<[f64; 2]>),
    ) {
        assert_eq!(
            ax.len(),
            ay.len(),
            "filtfilt_two_pairs_with: lengths differ"
        );
        assert_eq!(
            bx.len(),
            by.len(),
            "filtfilt_two_pairs_with: lengths differ"
        );
        match (load([&*ax, &*ay], abuf), load([&*bx, &*by], bbuf)) {
            (Some(apad), Some(bpad)) => {
                self.run_two(abuf.iter_mut(), bbuf.iter_mut());
                self.run_two(abuf.iter_mut().rev(), bbuf.iter_mut().rev());
                store(abuf, apad, [ax, ay]);
                store(bbuf, bpad, [bx, by]);
            }
            (Some(apad), None) => {
                self.run(abuf.iter_mut());
                self.run(abuf.iter_mut().rev());
                store(abuf, apad, [ax, ay]);
            }
            (None, Some(bpad)) => {
                self.run(bbuf.iter_mut());
                self.run(bbuf.iter_mut().rev());
                store(bbuf, bpad, [bx, by]);
            }
            (None, None) => {}
        }
    }

    /// The filter's state after a long constant input `x0` (unity DC
    /// gain), so a pass does not begin with a jump.
    #[inline(always)]
    fn settled<const L: usize>(&self, x0: &[f64; L]) -> State<L> {
        State {
            z1: x0.map(|x| x - self.b0 * x),
            z2: x0.map(|x| self.b2 * x - self.a2 * x),
        }
    }

    /// One sample through the filter, direct form II transposed.
    #[inline(always)]
    fn step<const L: usize>(&self, st: &mut State<L>, s: &mut [f64; L]) {
        for ((v, z1), z2) in s.iter_mut().zip(&mut st.z1).zip(&mut st.z2) {
            let x = *v;
            let y = self.b0 * x + *z1;
            *z1 = self.b1 * x - self.a1 * y + *z2;
            *z2 = self.b2 * x - self.a2 * y;
            *v = y;
        }
    }

    /// One pass over every lane.
    fn run<'a, const L: usize>(&self, samples: impl Iterator<Item = &'a mut [f64; L]>) {
        let mut samples = samples.peekable();
        let Some(first) = samples.peek() else {
            return;
        };
        let mut st = self.settled(first);
        for s in samples {
            self.step(&mut st, s);
        }
    }

    /// One pass over two buffers at once, in lockstep while both last.
    fn run_two<'a, const L: usize>(
        &self,
        a: impl Iterator<Item = &'a mut [f64; L]>,
        b: impl Iterator<Item = &'a mut [f64; L]>,
    ) {
        let (mut a, mut b) = (a.peekable(), b.peekable());
        let (Some(a0), Some(b0)) = (a.peek(), b.peek()) else {
            self.run(a);
            self.run(b);
            return;
        };
        let (mut sa, mut sb) = (self.settled(a0), self.settled(b0));
        loop {
            match (a.next(), b.next()) {
                (Some(x), Some(y)) => {
                    self.step(&mut sa, x);
                    self.step(&mut sb, y);
                }
                (Some(x), None) => {
                    self.step(&mut sa, x);
                    a.for_each(|x| self.step(&mut sa, x));
                    return;
                }
                (None, Some(y)) => {
                    self.step(&mut sb, y);
                    b.for_each(|y| self.step(&mut sb, y));
                    return;
                }
                (None, None) => return,
            }
        }
    }
}

/// A filter's memory, one value a lane.
#[derive(Debug, Clone, Copy)]
struct State<const L: usize> {
    z1: [f64; L],
    z2: [f64; L],
}

/// Copies equal-length series into `buf` as lanes, in f64, padded at both
/// ends by odd reflection about the end points (which keeps value and
/// slope). Returns the padding, or `None` when the series are too short to
/// filter.
fn load<const L: usize>(data: [&[f32]; L], buf: &mut Vec<[f64; L]>) -> Option<usize> {
    let n = data[0].len();
    if n < MIN_RUN {
        return None;
    }
    let pad = PAD.min(n - 1);
    buf.clear();
    buf.resize(n + 2 * pad, [0.0; L]);
    for (lane, d) in data.iter().enumerate() {
        let (first, last) = (f64::from(d[0]), f64::from(d[n - 1]));
        for i in 1..=pad {
            buf[pad - i][lane] = 2.0 * first - f64::from(d[i]);
            buf[pad + n - 1 + i][lane] = 2.0 * last - f64::from(d[n - 1 - i]);
        }
        for (b, &v) in buf[pad..pad + n].iter_mut().zip(d.iter()) {
            b[lane] = f64::from(v);
        }
    }
    Some(pad)
}

/// Copies the filtered lanes back, without the padding.
fn store<const L: usize>(buf: &[[f64; L]], pad: usize, data: [&mut [f32]; L]) {
    for (lane, d) in data.into_iter().enumerate() {
        let n = d.len();
        for (out, v) in d.iter_mut().zip(&buf[pad..pad + n]) {
            *out = v[lane] as f32;
        }
    }
}

/// Runs shorter than this are not filtered (too short to settle).
pub const MIN_RUN: usize = 12;
/// Samples of reflection padding at each end.
const PAD: usize = 24;

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(freq: f64, fps: f64, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| (2.0 * std::f64::consts::PI * freq * i as f64 / fps).sin() as f32)
            .collect()
    }

    fn amplitude(v: &[f32]) -> f32 {
        let mid = &v[v.len() / 4..3 * v.len() / 4];
        mid.iter().fold(0.0f32, |m, x| m.max(x.abs()))
    }

    #[test]
    fn a_slow_movement_passes_and_jitter_is_removed() {
        let f = Biquad::butterworth_low_pass(6.0, 60.0).expect("valid cutoff");
        let mut slow = sine(1.5, 60.0, 600);
        f.filtfilt(&mut slow);
        assert!(
            (amplitude(&slow) - 1.0).abs() < 0.02,
            "{}",
            amplitude(&slow)
        );
        let mut fast = sine(20.0, 60.0, 600);
        f.filtfilt(&mut fast);
        assert!(amplitude(&fast) < 0.05, "{}", amplitude(&fast));
    }

    #[test]
    fn filtering_does_not_shift_a_peak() {
        let f = Biquad::butterworth_low_pass(6.0, 50.0).expect("valid cutoff");
        let mut v: Vec<f32> = (0..200)
            .map(|i| (-((i as f32 - 100.0) / 8.0).powi(2)).exp())
            .collect();
        f.filtfilt(&mut v);
        let peak = v
            .iter()
            .enumerate()
            .fold((0, f32::MIN), |b, (i, &x)| if x > b.1 { (i, x) } else { b });
        assert_eq!(peak.0, 100);
    }

    #[test]
    fn a_constant_stays_constant_to_the_ends() {
        let f = Biquad::butterworth_low_pass(6.0, 30.0).expect("valid cutoff");
        let mut v = vec![3.5f32; 40];
        f.filtfilt(&mut v);
        assert!(v.iter().all(|x| (x - 3.5).abs() < 1e-4), "{v:?}");
    }

    #[test]
    fn a_pair_is_filtered_exactly_as_each_alone() {
        let f = Biquad::butterworth_low_pass(6.0, 60.0).expect("valid cutoff");
        for n in [5, 12, 13, 30, 301] {
            let x: Vec<f32> = (0..n).map(|i| ((i * 37) % 11) as f32 - 3.0).collect();
            let y: Vec<f32> = sine(2.5, 60.0, n);
            let (mut x1, mut y1) = (x.clone(), y.clone());
            f.filtfilt(&mut x1);
            f.filtfilt(&mut y1);
            let (mut x2, mut y2) = (x, y);
            f.filtfilt_pair_with(&mut x2, &mut y2, &mut Vec::new());
            assert_eq!((x1, y1), (x2, y2), "n = {n}");
        }
    }

    #[test]
    fn two_pairs_are_filtered_exactly_as_each_alone() {
        let f = Biquad::butterworth_low_pass(6.0, 60.0).expect("valid cutoff");
        let series = |n: usize, k: usize| -> Vec<f32> {
            (0..n)
                .map(|i| ((i * 37 + k * 11) % 13) as f32 - 5.0)
                .collect()
        };
        for (na, nb) in [(40, 40), (40, 13), (5, 50), (12, 11), (3, 4), (301, 77)] {
            let (ax, ay, bx, by) = (series(na, 1), series(na, 2), series(nb, 3), series(nb, 4));
            let mut alone = [ax.clone(), ay.clone(), bx.clone(), by.clone()];
            for v in &mut alone {
                f.filtfilt(v);
            }
            let (mut ax, mut ay, mut bx, mut by) = (ax, ay, bx, by);
            f.filtfilt_two_pairs_with(
                (&mut ax, &mut ay),
                (&mut bx, &mut by),
                (&mut Vec::new(), &mut Vec::new()),
            );
            assert_eq!(alone, [ax, ay, bx, by], "lengths {na} and {nb}");
        }
    }

    #[test]
    fn a_cutoff_at_or_above_nyquist_is_refused() {
        assert!(Biquad::butterworth_low_pass(6.0, 12.0).is_none());
        assert!(Biquad::butterworth_low_pass(0.0, 60.0).is_none());
    }
}
