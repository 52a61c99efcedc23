//! FIT writer, through rustyfit's encoder: `file_id`, `device_info`, a timer
//! start event, one `record` per second with a `lap` every ten minutes
//! (interleaved, as watches write them), a timer stop, then `session` and
//! `activity`: the messages a Garmin watch writes for a plain run or ride.

use embedded_io::{ErrorType, Seek, SeekFrom, Write};
use rustyfit::profile::mesgdef;
use rustyfit::profile::typedef::{
    self, DateTime, Event, EventType, File, Intensity, LapTrigger, LocalDateTime, Manufacturer,
    MessageIndex, SessionTrigger, SubSport,
};
use rustyfit::proto::{FIT, Message};
use rustyfit::{Encoder, HeaderOption};

use crate::track::{Sport, Totals, Track};

/// Lap length, seconds.
pub const LAP_SECONDS: usize = 600;

/// Garmin's product id for a Forerunner 245 (any plausible id would do).
const PRODUCT: u16 = 3076;

/// A growable in-memory buffer with the Write + Seek rustyfit needs.
#[derive(Default)]
struct VecWriter {
    bytes: Vec<u8>,
    pos: usize,
}

impl ErrorType for VecWriter {
    type Error = core::convert::Infallible;
}

impl Write for VecWriter {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        let end = self.pos + buf.len();
        if end > self.bytes.len() {
            self.bytes.resize(end, 0);
        }
        self.bytes[self.pos..end].copy_from_slice(buf);
        self.pos = end;
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl Seek for VecWriter {
    fn seek(&mut self, pos: SeekFrom) -> Result<u64, Self::Error> {
        let target = match pos {
            SeekFrom::Start(n) => n as i64,
            SeekFrom::End(n) => self.bytes.len() as i64 + n,
            SeekFrom::Current(n) => self.pos as i64 + n,
        };
        self.pos = target.max(0) as usize;
        Ok(self.pos as u64)
    }
}

fn fit_time(unix: i64) -> DateTime {
    DateTime::from_unix_timestamp(unix)
}

fn semicircles(degrees: f64) -> i32 {
    (degrees * (2f64.powi(31) / 180.0)).round() as i32
}

/// Scales a physical value to a FIT integer field, saturating.
fn scaled_u32(value: f64, scale: f64) -> u32 {
    (value * scale).round().clamp(0.0, f64::from(u32::MAX - 1)) as u32
}

fn scaled_u16(value: f64, scale: f64, offset: f64) -> u16 {
    ((value + offset) * scale)
        .round()
        .clamp(0.0, f64::from(u16::MAX - 1)) as u16
}

fn fit_sport(sport: Sport) -> (typedef::Sport, SubSport) {
    match sport {
        Sport::Running => (typedef::Sport::RUNNING, SubSport::GENERIC),
        Sport::Cycling => (typedef::Sport::CYCLING, SubSport::ROAD),
    }
}

fn lap_message(track: &Track, index: u16, range: std::ops::Range<usize>) -> Message {
    let t = track.totals(range.clone());
    let samples = &track.samples[range];
    let (first, last) = (samples[0], samples[samples.len() - 1]);
    let (sport, sub_sport) = fit_sport(track.spec.sport);
    let mut lap = mesgdef::Lap::new();
    lap.message_index = MessageIndex(index);
    lap.timestamp = fit_time(last.time + 1);
    lap.event = Event::LAP;
    lap.event_type = EventType::STOP;
    lap.start_time = fit_time(first.time);
    lap.start_position_lat = semicircles(first.lat);
    lap.start_position_long = semicircles(first.lon);
    lap.end_position_lat = semicircles(last.lat);
    lap.end_position_long = semicircles(last.lon);
    fill_totals_lap(&mut lap, &t);
    lap.intensity = Intensity::ACTIVE;
    lap.lap_trigger = LapTrigger::TIME;
    lap.sport = sport;
    lap.sub_sport = sub_sport;
    lap.into()
}

fn fill_totals_lap(lap: &mut mesgdef::Lap, t: &Totals) {
    lap.total_elapsed_time = scaled_u32(t.elapsed_s, 1000.0);
    lap.total_timer_time = scaled_u32(t.elapsed_s, 1000.0);
    lap.total_distance = scaled_u32(t.distance_m, 100.0);
    lap.total_calories = t.calories;
    lap.avg_speed = scaled_u16(t.avg_speed(), 1000.0, 0.0);
    lap.max_speed = scaled_u16(t.max_speed, 1000.0, 0.0);
    lap.avg_heart_rate = t.avg_hr.round() as u8;
    lap.max_heart_rate = t.max_hr;
    lap.avg_cadence = t.avg_cadence.round() as u8;
    lap.max_cadence = t.max_cadence;
    lap.total_ascent = t.ascent_m.round() as u16;
    lap.total_descent = t.descent_m.round() as u16;
}

fn session_message(track: &Track, laps: u16) -> Message {
    let samples = &track.samples;
    let t = track.totals(0..samples.len());
    let (first, last) = (samples[0], samples[samples.len() - 1]);
    let (sport, sub_sport) = fit_sport(track.spec.sport);
    let mut s = mesgdef::Session::new();
    s.message_index = MessageIndex(0);
    s.timestamp = fit_time(last.time + 1);
    s.event = Event::SESSION;
    s.event_type = EventType::STOP;
    s.start_time = fit_time(first.time);
    s.start_position_lat = semicircles(first.lat);
    s.start_position_long = semicircles(first.lon);
    s.sport = sport;
    s.sub_sport = sub_sport;
    s.total_elapsed_time = scaled_u32(t.elapsed_s, 1000.0);
    s.total_timer_time = scaled_u32(t.elapsed_s, 1000.0);
    s.total_distance = scaled_u32(t.distance_m, 100.0);
    s.total_calories = t.calories;
    s.avg_speed = scaled_u16(t.avg_speed(), 1000.0, 0.0);
    s.max_speed = scaled_u16(t.max_speed, 1000.0, 0.0);
    s.avg_heart_rate = t.avg_hr.round() as u8;
    s.max_heart_rate = t.max_hr;
    s.avg_cadence = t.avg_cadence.round() as u8;
    s.max_cadence = t.max_cadence;
    s.total_ascent = t.ascent_m.round() as u16;
    s.total_descent = t.descent_m.round() as u16;
    s.first_lap_index = 0;
    s.num_laps = laps;
    s.trigger = SessionTrigger::ACTIVITY_END;
    s.into()
}

fn event_message(unix: i64, event_type: EventType) -> Message {
    let mut e = mesgdef::Event::new();
    e.timestamp = fit_time(unix);
    e.event = Event::TIMER;
    e.event_type = event_type;
    e.event_group = 0;
    e.into()
}

fn record_message(s: &crate::track::Sample) -> Message {
    let mut r = mesgdef::Record::new();
    r.timestamp = fit_time(s.time);
    r.position_lat = semicircles(s.lat);
    r.position_long = semicircles(s.lon);
    r.altitude = scaled_u16(s.altitude, 5.0, 500.0);
    r.heart_rate = s.heart_rate;
    r.cadence = s.cadence;
    r.distance = scaled_u32(s.distance, 100.0);
    r.speed = scaled_u16(s.speed, 1000.0, 0.0);
    r.into()
}

/// The FIT messages of `track`, in file order.
pub fn messages(track: &Track) -> Vec<Message> {
    let samples = &track.samples;
    let (Some(first), Some(last)) = (samples.first(), samples.last()) else {
        return Vec::new();
    };
    let serial = (track.spec.seed as u32) | 0x1000_0000;
    let mut out = Vec::with_capacity(samples.len() + samples.len() / LAP_SECONDS + 8);

    let mut file_id = mesgdef::FileId::new();
    file_id.r#type = File::ACTIVITY;
    file_id.manufacturer = Manufacturer::GARMIN;
    file_id.product = PRODUCT;
    file_id.serial_number = serial;
    file_id.time_created = fit_time(first.time);
    out.push(file_id.into());

    let mut device = mesgdef::DeviceInfo::new();
    device.timestamp = fit_time(first.time);
    device.device_index = typedef::DeviceIndex::CREATOR;
    device.manufacturer = Manufacturer::GARMIN;
    device.product = PRODUCT;
    device.serial_number = serial;
    device.software_version = 1250;
    out.push(device.into());

    out.push(event_message(first.time, EventType::START));
    let mut laps = 0u16;
    for (i, sample) in samples.iter().enumerate() {
        out.push(record_message(sample));
        if (i + 1) % LAP_SECONDS == 0 || i + 1 == samples.len() {
            let start = i + 1 - ((i % LAP_SECONDS) + 1);
            out.push(lap_message(track, laps, start..i + 1));
            laps += 1;
        }
    }
    out.push(event_message(last.time + 1, EventType::STOP_ALL));
    out.push(session_message(track, laps));

    let mut activity = mesgdef::Activity::new();
    activity.timestamp = fit_time(last.time + 1);
    activity.total_timer_time = scaled_u32((last.time - first.time + 1) as f64, 1000.0);
    activity.num_sessions = 1;
    activity.r#type = typedef::Activity::MANUAL;
    activity.event = Event::ACTIVITY;
    activity.event_type = EventType::STOP;
    activity.local_timestamp = LocalDateTime(fit_time(last.time + 1).0);
    out.push(activity.into());
    out
}

/// The FIT file of `track`.
pub fn encode(track: &Track) -> Vec<u8> {
    let mut fit = FIT {
        messages: messages(track),
        ..FIT::default()
    };
    let mut encoder = Encoder::builder()
        .header_option(HeaderOption::Normal(15))
        .build();
    let mut writer = VecWriter::default();
    // Our own messages always validate and writing to memory cannot fail;
    // an empty track gives an empty file.
    match encoder.encode(&mut writer, &mut fit) {
        Ok(()) => writer.bytes,
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::Spec;

    #[test]
    fn encodes_a_fit_file_with_header_and_records() {
        let track = Track::generate(&Spec {
            start: crate::time::DECADE_START,
            seconds: 3600,
            sport: Sport::Running,
            home: (52.37, 4.90),
            seed: 1,
        });
        let bytes = encode(&track);
        assert_eq!(&bytes[8..12], b".FIT");
        let data_size = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
        assert_eq!(bytes.len(), 14 + data_size + 2);
        assert!(bytes.len() > 3600 * 20, "{}", bytes.len());
        assert_eq!(bytes, encode(&track));
    }
}
