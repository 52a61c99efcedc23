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
        self.filtfilt_with(data, &mut Vec::new());
    }

    /// [`Biquad::filtfilt`] with a scratch buffer the caller reuses.
    pub fn filtfilt_with(&self, data: &mut [f32], buf: &mut Vec<f64>) {
        let n = data.len();
        if n < MIN_RUN {
            return;
        }
        let pad = PAD.min(n - 1);
        buf.clear();
        buf.resize(n + 2 * pad, 0.0);
        // Odd reflection about the end points keeps value and slope.
        let (first, last) = (f64::from(data[0]), f64::from(data[n - 1]));
        for i in 1..=pad {
            buf[pad - i] = 2.0 * first - f64::from(data[i]);
            buf[pad + n - 1 + i] = 2.0 * last - f64::from(data[n - 1 - i]);
        }
        for (b, &v) in buf[pad..pad + n].iter_mut().zip(data.iter()) {
            *b = f64::from(v);
        }
        self.run(buf.iter_mut());
        self.run(buf.iter_mut().rev());
        for (out, v) in data.iter_mut().zip(&buf[pad..pad + n]) {
            *out = *v as f32;
        }
    }

    /// One pass in direct form II transposed, starting from the steady
    /// state of the first sample so the pass does not begin with a jump.
    fn run<'a>(&self, samples: impl Iterator<Item = &'a mut f64>) {
        let mut samples = samples.peekable();
        let Some(&&mut x0) = samples.peek() else {
            return;
        };
        // Steady state for a constant input x0 (unity DC gain).
        let mut z1 = x0 - self.b0 * x0;
        let mut z2 = self.b2 * x0 - self.a2 * x0;
        for s in samples {
            let x = *s;
            let y = self.b0 * x + z1;
            z1 = self.b1 * x - self.a1 * y + z2;
            z2 = self.b2 * x - self.a2 * y;
            *s = y;
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
    fn a_cutoff_at_or_above_nyquist_is_refused() {
        assert!(Biquad::butterworth_low_pass(6.0, 12.0).is_none());
        assert!(Biquad::butterworth_low_pass(0.0, 60.0).is_none());
    }
}
