//! FIT fixtures written with rustyfit's encoder: a run (or ride) at 1 Hz
//! with records, a lap, a session, device info, developer fields and a
//! manufacturer-specific message.

use embedded_io::{ErrorType, Seek, SeekFrom};
use rustyfit::{
    Encoder,
    profile::{
        mesgdef,
        typedef::{self, FitBaseType, MesgNum},
    },
    proto::{DeveloperField, FIT, Field, Message, ProtocolVersion, Value},
};

use super::START_UNIX;

/// An in-memory `Write + Seek` for rustyfit's encoder.
#[derive(Default)]
pub struct VecWriter {
    pub buf: Vec<u8>,
    pos: usize,
}

impl ErrorType for VecWriter {
    type Error = core::convert::Infallible;
}

impl embedded_io::Write for VecWriter {
    fn write(&mut self, data: &[u8]) -> Result<usize, Self::Error> {
        let end = self.pos + data.len();
        if self.buf.len() < end {
            self.buf.resize(end, 0);
        }
        self.buf[self.pos..end].copy_from_slice(data);
        self.pos = end;
        Ok(data.len())
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl Seek for VecWriter {
    fn seek(&mut self, pos: SeekFrom) -> Result<u64, Self::Error> {
        let next = match pos {
            SeekFrom::Start(n) => n as i64,
            SeekFrom::End(n) => self.buf.len() as i64 + n,
            SeekFrom::Current(n) => self.pos as i64 + n,
        };
        self.pos = next.max(0) as usize;
        Ok(self.pos as u64)
    }
}

/// What a synthetic FIT run looks like.
#[derive(Debug, Clone)]
pub struct FitSpec {
    pub seconds: u32,
    pub speed_mps: f64,
    pub heart_rate: u8,
    /// Strides per minute, as FIT stores running cadence.
    pub cadence_rpm: u8,
    /// 1/128 strides per minute.
    pub fractional_cadence: u8,
    pub sport: typedef::Sport,
    pub sub_sport: typedef::SubSport,
    pub with_session: bool,
    pub with_developer_fields: bool,
    pub with_unknown_message: bool,
    /// Local time offset written into the activity message, seconds.
    pub local_offset_s: Option<i64>,
    pub start_unix: i64,
}

impl Default for FitSpec {
    fn default() -> Self {
        FitSpec {
            seconds: 600,
            speed_mps: 3.0,
            heart_rate: 150,
            cadence_rpm: 85,
            fractional_cadence: 64,
            sport: typedef::Sport::RUNNING,
            sub_sport: typedef::SubSport::TRAIL,
            with_session: true,
            with_developer_fields: true,
            with_unknown_message: true,
            local_offset_s: Some(7200),
            start_unix: START_UNIX,
        }
    }
}

fn ts(unix: i64) -> typedef::DateTime {
    typedef::DateTime::from_unix_timestamp(unix)
}

/// The messages of a FIT run (without the file header).
pub fn fit_messages(spec: &FitSpec) -> Vec<Message> {
    let mut messages = Vec::new();
    let mut file_id = mesgdef::FileId::new();
    file_id.r#type = typedef::File::ACTIVITY;
    file_id.manufacturer = typedef::Manufacturer::GARMIN;
    file_id.product = typedef::GarminProduct::FR945.0;
    file_id.time_created = ts(spec.start_unix);
    messages.push(Message::from(file_id));

    let mut device = mesgdef::DeviceInfo::new();
    device.device_index = typedef::DeviceIndex::CREATOR;
    device.manufacturer = typedef::Manufacturer::GARMIN;
    device.product = typedef::GarminProduct::FR945.0;
    device.timestamp = ts(spec.start_unix);
    messages.push(Message::from(device));

    if spec.with_developer_fields {
        let mut dev = mesgdef::DeveloperDataId::new();
        dev.developer_data_index = 0;
        dev.application_id = vec![1u8; 16].into_boxed_slice();
        messages.push(Message::from(dev));
        let mut desc = mesgdef::FieldDescription::new();
        desc.developer_data_index = 0;
        desc.field_definition_number = 0;
        desc.fit_base_type_id = FitBaseType::UINT16;
        desc.field_name = vec![Box::from("Form Power")].into_boxed_slice();
        desc.units = vec![Box::from("watts")].into_boxed_slice();
        messages.push(Message::from(desc));
    }
    if spec.with_unknown_message {
        messages.push(Message {
            num: MesgNum(0xFF10),
            fields: vec![Field {
                num: 3,
                base_type: FitBaseType::UINT32,
                value: Value::Uint32(42),
                is_expanded: false,
            }],
            ..Default::default()
        });
    }

    let lat0 = 47.0_f64;
    let lon0 = 8.0_f64;
    for i in 0..=spec.seconds {
        let mut r = mesgdef::Record::new();
        r.timestamp = ts(spec.start_unix + i64::from(i));
        let d = spec.speed_mps * f64::from(i);
        r.position_lat =
            rustyfit::semconv::to_semicircles(lat0 + d / 111_195.0).unwrap_or(i32::MAX);
        r.position_long = rustyfit::semconv::to_semicircles(lon0).unwrap_or(i32::MAX);
        r.set_enhanced_altitude_scaled(400.0 + 20.0 * (f64::from(i) / 120.0).sin());
        r.set_distance_scaled(d);
        r.set_enhanced_speed_scaled(spec.speed_mps);
        r.heart_rate = spec.heart_rate;
        r.cadence = spec.cadence_rpm;
        r.fractional_cadence = spec.fractional_cadence;
        let mut mesg = Message::from(r);
        if spec.with_developer_fields {
            mesg.developer_fields.push(DeveloperField {
                num: 0,
                developer_data_index: 0,
                value: Value::Uint16(250),
            });
        }
        messages.push(mesg);
    }

    let elapsed = f64::from(spec.seconds);
    let distance = spec.speed_mps * elapsed;
    let mut lap = mesgdef::Lap::new();
    lap.timestamp = ts(spec.start_unix + i64::from(spec.seconds));
    lap.start_time = ts(spec.start_unix);
    lap.set_total_elapsed_time_scaled(elapsed);
    lap.set_total_timer_time_scaled(elapsed);
    lap.set_total_distance_scaled(distance);
    lap.sport = spec.sport;
    messages.push(Message::from(lap));

    if spec.with_session {
        let mut s = mesgdef::Session::new();
        s.timestamp = ts(spec.start_unix + i64::from(spec.seconds));
        s.start_time = ts(spec.start_unix);
        s.sport = spec.sport;
        s.sub_sport = spec.sub_sport;
        s.set_total_elapsed_time_scaled(elapsed);
        s.set_total_timer_time_scaled(elapsed);
        s.set_total_distance_scaled(distance);
        s.avg_heart_rate = spec.heart_rate;
        s.max_heart_rate = spec.heart_rate.saturating_add(10);
        s.avg_cadence = spec.cadence_rpm;
        s.avg_fractional_cadence = spec.fractional_cadence;
        s.total_ascent = 42;
        messages.push(Message::from(s));
    }

    let mut activity = mesgdef::Activity::new();
    activity.timestamp = ts(spec.start_unix + i64::from(spec.seconds));
    if let Some(offset) = spec.local_offset_s {
        activity.local_timestamp =
            typedef::LocalDateTime((activity.timestamp.0 as i64 + offset) as u32);
    }
    activity.num_sessions = 1;
    messages.push(Message::from(activity));
    messages
}

/// Encodes messages as one FIT sequence (protocol 2, for developer data).
pub fn encode_fit(messages: Vec<Message>) -> Vec<u8> {
    let mut fit = FIT {
        messages,
        ..Default::default()
    };
    let mut writer = VecWriter::default();
    let mut enc = Encoder::builder()
        .protocol_version(ProtocolVersion::V2)
        .build();
    enc.encode(&mut writer, &mut fit).expect("fixture encodes");
    writer.buf
}

/// A whole synthetic FIT run.
pub fn fit_run(spec: &FitSpec) -> Vec<u8> {
    encode_fit(fit_messages(spec))
}
