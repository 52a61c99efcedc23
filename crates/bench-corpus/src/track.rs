//! The synthetic activity itself: a 1 Hz track around a plausible loop
//! (a wobbly circle near the athlete's home), with altitude, heart rate,
//! cadence, distance and speed that drift and vary like a real session.
//! Every format writer renders the same [`Track`], so the FIT, GPX and TCX
//! of one activity describe one and the same effort.

use crate::rng::Rng;

/// What kind of session it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sport {
    /// A run; cadence is per foot (strides per minute), as watches record it.
    Running,
    /// A ride; cadence is crank revolutions per minute.
    Cycling,
}

impl Sport {
    /// Lower-case name (`running`, `cycling`), as Garmin's GPX `<type>` writes it.
    pub fn name(self) -> &'static str {
        match self {
            Sport::Running => "running",
            Sport::Cycling => "cycling",
        }
    }
}

/// Everything that decides one activity: with equal specs the writers
/// produce byte-identical files.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Start, Unix seconds (UTC).
    pub start: i64,
    /// Recording length in seconds (one sample per second).
    pub seconds: u32,
    /// Run or ride.
    pub sport: Sport,
    /// Centre of the loop, degrees.
    pub home: (f64, f64),
    /// Seed of this activity's own random stream.
    pub seed: u64,
}

/// One 1 Hz sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Unix seconds (UTC).
    pub time: i64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Altitude, metres.
    pub altitude: f64,
    /// Heart rate, beats per minute.
    pub heart_rate: u8,
    /// Cadence: strides per minute (running) or rpm (cycling).
    pub cadence: u8,
    /// Distance from the start, metres.
    pub distance: f64,
    /// Speed, metres per second.
    pub speed: f64,
}

/// A whole activity: its spec and its samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    /// What it was generated from.
    pub spec: Spec,
    /// One sample per second.
    pub samples: Vec<Sample>,
}

/// Metres per degree of latitude (close enough on a loop a few km wide).
const M_PER_DEG: f64 = 111_320.0;

impl Track {
    /// Generates the samples of `spec`.
    pub fn generate(spec: &Spec) -> Track {
        let mut rng = Rng::new(spec.seed);
        let (base_speed, radius, rest_hr, work_hr, base_cad) = match spec.sport {
            Sport::Running => (
                rng.range(2.6, 3.5),
                rng.range(400.0, 1_500.0),
                rng.range(60.0, 75.0),
                rng.range(138.0, 162.0),
                rng.range(82.0, 92.0),
            ),
            Sport::Cycling => (
                rng.range(6.5, 9.0),
                rng.range(2_000.0, 5_000.0),
                rng.range(60.0, 75.0),
                rng.range(125.0, 150.0),
                rng.range(78.0, 95.0),
            ),
        };
        // The loop starts a little away from home, in any direction.
        let (home_lat, home_lon) = spec.home;
        let centre_lat = home_lat + rng.range(-0.02, 0.02);
        let centre_lon = home_lon + rng.range(-0.03, 0.03);
        let m_per_deg_lon = M_PER_DEG * centre_lat.to_radians().cos();
        let wobble_phase = rng.range(0.0, std::f64::consts::TAU);
        let hill_phase = rng.range(0.0, std::f64::consts::TAU);
        let pace_phase = rng.range(0.0, std::f64::consts::TAU);
        let base_altitude = rng.range(0.0, 400.0);
        let hill = rng.range(5.0, 30.0);
        let direction = if rng.chance(0.5) { 1.0 } else { -1.0 };

        let mut theta = rng.range(0.0, std::f64::consts::TAU);
        let mut distance = 0.0;
        let mut samples = Vec::with_capacity(spec.seconds as usize);
        for i in 0..spec.seconds {
            let t = f64::from(i);
            let warm = 1.0 - (-t / 150.0).exp();
            let speed = (base_speed * (0.85 + 0.15 * warm)
                + 0.25 * (t / 300.0 + pace_phase).sin()
                + rng.range(-0.08, 0.08))
            .max(0.5);
            let r = radius * (1.0 + 0.15 * (3.0 * theta + wobble_phase).sin());
            let (east, north) = (r * theta.cos(), r * theta.sin());
            let lat = centre_lat + (north + rng.range(-1.5, 1.5)) / M_PER_DEG;
            let lon = centre_lon + (east + rng.range(-1.5, 1.5)) / m_per_deg_lon;
            let altitude = base_altitude
                + hill * (2.0 * theta + hill_phase).sin()
                + 0.3 * hill * (5.0 * theta).sin()
                + rng.range(-0.2, 0.2);
            let heart_rate = rest_hr
                + (work_hr - rest_hr) * (1.0 - (-t / 120.0).exp())
                + 8.0 * t / 3600.0
                + 4.0 * (t / 200.0 + pace_phase).sin()
                + rng.range(-1.5, 1.5);
            let cadence = base_cad + 2.0 * (t / 240.0).sin() + rng.range(-1.5, 1.5);
            samples.push(Sample {
                time: spec.start + i64::from(i),
                lat,
                lon,
                altitude,
                heart_rate: heart_rate.round().clamp(40.0, 220.0) as u8,
                cadence: cadence.round().clamp(0.0, 200.0) as u8,
                distance,
                speed,
            });
            distance += speed;
            theta += direction * speed / r;
        }
        Track {
            spec: spec.clone(),
            samples,
        }
    }

    /// Totals over `samples[range]`, for laps and sessions.
    pub fn totals(&self, range: std::ops::Range<usize>) -> Totals {
        let part = self.samples.get(range).unwrap_or(&[]);
        let mut totals = Totals::default();
        let (Some(first), Some(last)) = (part.first(), part.last()) else {
            return totals;
        };
        totals.elapsed_s = (last.time - first.time + 1) as f64;
        totals.distance_m = last.distance - first.distance + last.speed;
        let n = part.len() as f64;
        totals.avg_hr = part.iter().map(|s| f64::from(s.heart_rate)).sum::<f64>() / n;
        totals.avg_cadence = part.iter().map(|s| f64::from(s.cadence)).sum::<f64>() / n;
        totals.max_hr = part.iter().map(|s| s.heart_rate).max().unwrap_or(0);
        totals.max_cadence = part.iter().map(|s| s.cadence).max().unwrap_or(0);
        totals.max_speed = part.iter().map(|s| s.speed).fold(0.0, f64::max);
        totals.ascent_m = part
            .windows(2)
            .map(|w| (w[1].altitude - w[0].altitude).max(0.0))
            .sum();
        totals.descent_m = part
            .windows(2)
            .map(|w| (w[0].altitude - w[1].altitude).max(0.0))
            .sum();
        totals.calories = (totals.distance_m / 1000.0
            * match self.spec.sport {
                Sport::Running => 65.0,
                Sport::Cycling => 25.0,
            }) as u16;
        totals
    }
}

/// Summary values for a lap or a whole session.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    /// Elapsed seconds.
    pub elapsed_s: f64,
    /// Metres covered.
    pub distance_m: f64,
    /// Mean heart rate.
    pub avg_hr: f64,
    /// Highest heart rate.
    pub max_hr: u8,
    /// Mean cadence (same unit as the samples).
    pub avg_cadence: f64,
    /// Highest cadence.
    pub max_cadence: u8,
    /// Highest speed, m/s.
    pub max_speed: f64,
    /// Raw (unsmoothed) climbing, metres.
    pub ascent_m: f64,
    /// Raw descending, metres.
    pub descent_m: f64,
    /// A rough energy estimate, kcal.
    pub calories: u16,
}

impl Totals {
    /// Mean speed, m/s.
    pub fn avg_speed(&self) -> f64 {
        if self.elapsed_s > 0.0 {
            self.distance_m / self.elapsed_s
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(sport: Sport) -> Spec {
        Spec {
            start: crate::time::DECADE_START,
            seconds: 3600,
            sport,
            home: (52.37, 4.90),
            seed: 42,
        }
    }

    #[test]
    fn an_hour_run_looks_like_a_run() {
        let track = Track::generate(&spec(Sport::Running));
        assert_eq!(track.samples.len(), 3600);
        let totals = track.totals(0..3600);
        assert!(
            (8_000.0..13_000.0).contains(&totals.distance_m),
            "{totals:?}"
        );
        assert!((120.0..175.0).contains(&totals.avg_hr), "{totals:?}");
        assert!((75.0..95.0).contains(&totals.avg_cadence), "{totals:?}");
        // The loop stays within a few km of home.
        for s in &track.samples {
            assert!((s.lat - 52.37).abs() < 0.05 && (s.lon - 4.90).abs() < 0.08);
        }
        assert_eq!(track, Track::generate(&spec(Sport::Running)));
    }

    #[test]
    fn a_ride_is_faster() {
        let ride = Track::generate(&spec(Sport::Cycling)).totals(0..3600);
        assert!(ride.distance_m > 20_000.0, "{ride:?}");
    }
}
