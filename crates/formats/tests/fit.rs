//! FIT decoding against files written with rustyfit's encoder.

mod common;

use backstride_core::activity::Sport;
use backstride_formats::activity::{DecodeError, Format, decode};
use common::{FitSpec, START_UNIX, encode_fit, fit_messages, fit_run};
use rustyfit::profile::typedef;

#[test]
fn a_run_decodes_with_session_totals_samples_laps_and_device() {
    let bytes = fit_run(&FitSpec::default());
    let decoded = decode("run.fit", &bytes).expect("decodes");
    assert_eq!(decoded.format, Format::Fit);
    assert!(!decoded.gzipped && !decoded.mislabelled);
    assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
    let a = decoded.activity;
    assert_eq!(a.sport, Sport::Running);
    assert_eq!(a.sport_label, "trail_running");
    assert_eq!(a.start.timestamp(), START_UNIX);
    assert_eq!(a.utc_offset_s, Some(7200));
    assert_eq!(a.elapsed_s, 600.0);
    assert_eq!(a.moving_s, 600.0);
    assert!((a.distance_m - 1800.0).abs() < 0.01, "{}", a.distance_m);
    assert_eq!(a.ascent_m, Some(42.0));
    assert_eq!(a.avg_heart_rate, Some(150.0));
    assert_eq!(a.max_heart_rate, Some(160));
    // 85 strides/min + 64/128 fractional = 85.5 strides = 171 steps per minute.
    assert_eq!(a.avg_cadence_spm, Some(171.0));
    assert_eq!(a.device.as_deref(), Some("garmin fr945"));
    assert_eq!(a.samples.len(), 601);
    assert_eq!(a.laps.len(), 1);
    let pace = a.pace_s_per_km().expect("pace");
    assert!((pace - 600.0 / 1.8).abs() < 0.01, "{pace}");

    let s = a.samples[100];
    assert_eq!(s.t_s, 100.0);
    assert_eq!(s.heart_rate, Some(150));
    assert_eq!(s.cadence_spm, Some(171.0));
    assert!((s.speed_mps.expect("speed") - 3.0).abs() < 1e-3);
    assert!((s.distance_m.expect("distance") - 300.0).abs() < 0.01);
    assert!((s.lat.expect("lat") - (47.0 + 300.0 / 111_195.0)).abs() < 1e-6);
    assert!(
        (s.altitude_m.expect("altitude") - (400.0 + 20.0 * (100.0f64 / 120.0).sin())).abs() < 0.2
    );
}

#[test]
fn without_a_session_totals_come_from_laps_and_records() {
    let spec = FitSpec {
        with_session: false,
        ..FitSpec::default()
    };
    let a = decode("run.fit", &fit_run(&spec))
        .expect("decodes")
        .activity;
    assert_eq!(a.elapsed_s, 600.0);
    assert!((a.distance_m - 1800.0).abs() < 0.01);
    // Laps carry no heart rate here: the records' mean is used.
    assert_eq!(a.avg_heart_rate, Some(150.0));
    assert_eq!(a.avg_cadence_spm, Some(171.0));
    // Sport from the lap; no sub-sport there.
    assert_eq!(a.sport, Sport::Running);
    let ascent = a.ascent_m.expect("computed ascent");
    // The fixture climbs 20 m once; the 3 m dead band counts whole steps.
    assert!((17.0..=20.0).contains(&ascent), "{ascent}");
}

#[test]
fn cycling_cadence_stays_in_rpm() {
    let spec = FitSpec {
        sport: typedef::Sport::CYCLING,
        sub_sport: typedef::SubSport::INDOOR_CYCLING,
        cadence_rpm: 90,
        fractional_cadence: 0,
        ..FitSpec::default()
    };
    let a = decode("ride.fit", &fit_run(&spec))
        .expect("decodes")
        .activity;
    assert_eq!(a.sport, Sport::Cycling);
    assert!(a.sport.is_cross_training());
    assert_eq!(a.sport_label, "indoor_cycling");
    assert_eq!(a.avg_cadence_spm, Some(90.0));
    assert_eq!(a.samples[1].cadence_spm, Some(90.0));
}

#[test]
fn developer_fields_and_unknown_messages_do_not_break_a_file() {
    let plain = FitSpec {
        with_developer_fields: false,
        with_unknown_message: false,
        ..FitSpec::default()
    };
    let rich = FitSpec::default();
    let a = decode("a.fit", &fit_run(&plain)).expect("plain").activity;
    let b = decode("b.fit", &fit_run(&rich))
        .expect("with developer data")
        .activity;
    assert_eq!(a, b);
}

#[test]
fn chained_files_are_read_as_one_activity() {
    let first = FitSpec {
        seconds: 100,
        ..FitSpec::default()
    };
    let second = FitSpec {
        seconds: 50,
        start_unix: START_UNIX + 101,
        ..FitSpec::default()
    };
    let mut bytes = fit_run(&first);
    bytes.extend(fit_run(&second));
    let decoded = decode("chained.fit", &bytes).expect("decodes");
    let a = decoded.activity;
    assert_eq!(a.samples.len(), 101 + 51);
    assert_eq!(a.laps.len(), 2);
    assert_eq!(a.elapsed_s, 150.0);
    assert!(
        decoded.problems.iter().any(|p| p.contains("2 sessions")),
        "{:?}",
        decoded.problems
    );
}

#[test]
fn a_broken_chained_tail_keeps_the_first_sequence_and_the_tails_whole_records() {
    let mut bytes = fit_run(&FitSpec {
        seconds: 60,
        ..FitSpec::default()
    });
    let tail = fit_run(&FitSpec {
        seconds: 60,
        start_unix: START_UNIX + 120,
        ..FitSpec::default()
    });
    bytes.extend_from_slice(&tail[..tail.len() / 2]);
    let decoded = decode("chained.fit", &bytes).expect("first sequence decodes");
    let kept_from_tail = decoded.activity.samples.len() - 61;
    assert!(
        kept_from_tail > 0 && kept_from_tail < 61,
        "{kept_from_tail}"
    );
    let note = decoded.problems.join("; ");
    assert!(
        note.contains(&format!(
            "truncated FIT file: the data ends at byte {} of the {} its header promises: kept the {kept_from_tail} whole records before it",
            bytes.len(),
            bytes.len() - tail.len() / 2 + tail.len()
        )),
        "{note}"
    );
}

#[test]
fn a_cut_file_keeps_its_whole_records_and_says_where_it_stops() {
    let bytes = fit_run(&FitSpec::default());
    // Three bytes short: only the CRC and part of the last message go.
    let decoded = decode("run.fit", &bytes[..bytes.len() - 3]).expect("salvaged");
    assert_eq!(decoded.activity.samples.len(), 601);
    let note = decoded.problems.join("; ");
    assert!(
        note.contains(&format!(
            "the data ends at byte {} of the {} its header promises: kept the 601 whole records",
            bytes.len() - 3,
            bytes.len()
        )),
        "{note}"
    );
}

#[test]
fn too_little_before_the_damage_is_refused_with_a_true_message() {
    let bytes = fit_run(&FitSpec::default());
    let err = decode("run.fit", &bytes[..1000]).expect_err("too little");
    assert!(matches!(err, DecodeError::TooLittle { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "truncated FIT file: the data ends at byte 1000 of the {} its header promises; the ",
            bytes.len()
        )),
        "{text}"
    );
    assert!(text.ends_with("too little to be an activity"), "{text}");
    // Cut inside the header: nothing to keep, the plain truncation.
    let err = decode("run.fit", &bytes[..13]).expect_err("header cut");
    assert!(
        matches!(
            err,
            DecodeError::Truncated { .. } | DecodeError::NotFit { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn an_unterminated_file_is_not_called_short_of_its_own_length() {
    // The header promises exactly the bytes there are, but the last
    // message runs on into where the CRC should be (a recording that was
    // never closed): the message must not contradict itself.
    let mut bytes = fit_run(&FitSpec::default());
    let n = bytes.len();
    bytes.truncate(n - 2);
    // Header 14 + data + CRC 2 = the n - 2 bytes there are.
    let data_size = u32::try_from(n - 2 - 14 - 2).unwrap_or(0);
    bytes[4..8].copy_from_slice(&data_size.to_le_bytes());
    let arc = crc::Crc::<u16>::new(&crc::CRC_16_ARC);
    let header_crc = arc.checksum(&bytes[..12]);
    // With a header CRC (rustyfit checks) and with 0x0000 (we check).
    for header_crc in [header_crc, 0] {
        bytes[12..14].copy_from_slice(&header_crc.to_le_bytes());
        let decoded = decode("unterminated.fit", &bytes).expect("salvaged");
        let note = decoded.problems.join("; ");
        assert!(!note.contains("promises"), "{note}");
        assert!(note.contains("runs past the end of the data"), "{note}");
        assert!(
            decoded.activity.samples.len() > 590,
            "{}",
            decoded.activity.samples.len()
        );
    }
}

#[test]
fn a_flipped_bit_is_a_bad_crc() {
    let mut bytes = fit_run(&FitSpec::default());
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    match decode("run.fit", &bytes) {
        Err(DecodeError::BadCrc { part: "data", .. }) => {}
        // A flip may also land in a record header and break the structure.
        Err(DecodeError::CorruptFit { .. } | DecodeError::Truncated { .. }) => {}
        other => panic!("expected a CRC or structure error, got {other:?}"),
    }
    let mut header_flip = fit_run(&FitSpec::default());
    header_flip[2] ^= 0x40; // profile version: only the header CRC notices
    assert!(matches!(
        decode("run.fit", &header_flip),
        Err(DecodeError::BadCrc { part: "header", .. })
    ));
}

#[test]
fn files_without_an_activity_are_refused() {
    let only_file_id: Vec<_> = fit_messages(&FitSpec::default())
        .into_iter()
        .take(2)
        .collect();
    let err = decode("settings.fit", &encode_fit(only_file_id)).expect_err("no activity");
    assert!(matches!(err, DecodeError::NoActivity { .. }), "{err}");
    assert!(err.to_string().contains("activity"), "{err}");
}

#[test]
fn not_a_fit_file_says_why() {
    let mut bytes = fit_run(&FitSpec::default());
    bytes[0] = 13;
    let err = decode("run.fit", &bytes).expect_err("bad header");
    assert!(err.to_string().contains("header size byte is 13"), "{err}");
    assert_eq!(decode("run.fit", b""), Err(DecodeError::Empty));
    let err = decode("run.fit", &bytes[..5]).expect_err("short");
    assert!(
        matches!(
            err,
            DecodeError::NotFit { .. } | DecodeError::Truncated { .. }
        ),
        "{err}"
    );
}

#[test]
fn trailing_zero_padding_is_a_problem_not_an_error() {
    let mut bytes = fit_run(&FitSpec {
        seconds: 30,
        ..FitSpec::default()
    });
    bytes.extend_from_slice(&[0; 16]);
    let decoded = decode("run.fit", &bytes).expect("decodes");
    assert!(
        decoded.problems.iter().any(|p| p.contains("padding")),
        "{:?}",
        decoded.problems
    );
}

#[test]
fn a_zero_data_crc_is_read_unchecked_with_a_problem() {
    let mut bytes = fit_run(&FitSpec {
        seconds: 30,
        ..FitSpec::default()
    });
    let n = bytes.len();
    bytes[n - 2..].copy_from_slice(&[0, 0]);
    let decoded = decode("old.fit", &bytes).expect("decodes unchecked");
    assert_eq!(decoded.activity.samples.len(), 31);
    assert!(
        decoded.problems[0].contains("no data CRC"),
        "{:?}",
        decoded.problems
    );
}

#[test]
fn records_without_any_timestamp_are_refused_clearly() {
    let mut messages = fit_messages(&FitSpec {
        seconds: 3,
        with_session: false,
        ..FitSpec::default()
    });
    messages.retain(|m| m.num != typedef::MesgNum::LAP);
    for m in &mut messages {
        if m.num == typedef::MesgNum::RECORD {
            m.fields.retain(|f| f.num != 253);
        }
    }
    let err = decode("dev.fit", &encode_fit(messages)).expect_err("no start");
    assert_eq!(
        err,
        DecodeError::NoStartTime {
            format: Format::Fit
        }
    );
}

#[test]
fn a_course_is_not_an_activity_even_with_records_and_laps() {
    let mut messages = fit_messages(&FitSpec::default());
    for m in &mut messages {
        if m.num == typedef::MesgNum::FILE_ID {
            for f in &mut m.fields {
                if f.num == 0 {
                    f.value = rustyfit::proto::Value::Uint8(typedef::File::COURSE.0);
                }
            }
        }
    }
    let err = decode("course.fit", &encode_fit(messages)).expect_err("a course");
    assert!(err.is_not_an_activity(), "{err}");
    assert_eq!(err.to_string(), "not an activity: a FIT course file");
}

/// A run from a device without a clock: its times are seconds since it
/// was switched on (FIT `date_time` below 0x10000000), 1990 as dates.
fn clockless(extra: Option<rustyfit::proto::Message>) -> Vec<u8> {
    let fit_epoch_unix = 631_065_600;
    let mut messages = fit_messages(&FitSpec {
        seconds: 60,
        start_unix: fit_epoch_unix + 17_000_000,
        local_offset_s: None,
        ..FitSpec::default()
    });
    if let Some(extra) = extra {
        messages.insert(1, extra);
    }
    encode_fit(messages)
}

#[test]
fn a_device_without_a_clock_is_flagged_and_dated_by_a_timestamp_correlation() {
    let plain = decode("fr70.fit", &clockless(None)).expect("decodes");
    assert_eq!(
        plain.activity.start.to_rfc3339(),
        "1990-07-15T18:13:20+00:00"
    );
    assert!(
        plain
            .problems
            .iter()
            .any(|p| p.contains("no clock") && p.contains("nothing in the file says")),
        "{:?}",
        plain.problems
    );

    let mut correlation = rustyfit::profile::mesgdef::TimestampCorrelation::new();
    // UTC 2024-05-01T05:00:00Z was system time 17,000,000.
    correlation.timestamp = typedef::DateTime::from_unix_timestamp(START_UNIX);
    correlation.system_timestamp = typedef::DateTime(17_000_000);
    let dated = decode(
        "fr70.fit",
        &clockless(Some(rustyfit::proto::Message::from(correlation))),
    )
    .expect("decodes");
    assert_eq!(dated.activity.start.timestamp(), START_UNIX);
    assert_eq!(dated.activity.elapsed_s, plain.activity.elapsed_s);
    assert!(
        dated
            .problems
            .iter()
            .any(|p| p.contains("timestamp correlation")),
        "{:?}",
        dated.problems
    );
}
