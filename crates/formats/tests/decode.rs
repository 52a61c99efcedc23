//! The entry point: detection by content, gzip, mislabelled and bad files.

mod common;

use backstride_formats::activity::{DecodeError, Format, Limits, decode, decode_with};
use common::{FitSpec, fit_run, garmin_gpx, garmin_tcx, gzip, zip_of};

#[test]
fn gzipped_files_decode_like_plain_ones() {
    let fit = fit_run(&FitSpec {
        seconds: 60,
        ..FitSpec::default()
    });
    let gpx = garmin_gpx(60, Some("running")).into_bytes();
    let tcx = garmin_tcx(60, 60, "ns3").into_bytes();
    for (name, plain) in [("a.fit.gz", &fit), ("a.gpx.gz", &gpx), ("a.tcx.gz", &tcx)] {
        let expected = decode(name.trim_end_matches(".gz"), plain).expect("plain");
        let packed = decode(name, &gzip(plain)).expect("gzipped");
        assert!(packed.gzipped && !packed.mislabelled, "{name}");
        assert_eq!(packed.activity, expected.activity, "{name}");
    }
}

#[test]
fn content_decides_and_a_wrong_name_is_flagged() {
    let gpx = garmin_gpx(10, Some("running"));
    let decoded = decode("run.fit", gpx.as_bytes()).expect("still decodes");
    assert_eq!(decoded.format, Format::Gpx);
    assert!(decoded.mislabelled);
    assert_eq!(
        decoded.problems[0],
        "the content is GPX but the name \"run.fit\" says FIT"
    );

    let gz = decode("run.gpx", &gzip(gpx.as_bytes())).expect("gzip without .gz");
    assert!(gz.gzipped && gz.mislabelled);
    assert!(
        gz.problems[0].contains("gzip-compressed"),
        "{:?}",
        gz.problems
    );

    let fit = fit_run(&FitSpec {
        seconds: 10,
        ..FitSpec::default()
    });
    let unnamed = decode("download", &fit).expect("no extension is fine");
    assert!(!unnamed.mislabelled);
}

#[test]
fn empty_garbage_and_archives_get_clear_errors() {
    assert_eq!(decode("a.gpx", b""), Err(DecodeError::Empty));
    assert_eq!(decode("a.gpx", b"  \n "), Err(DecodeError::Empty));
    let err = decode("notes.txt", b"hello world").expect_err("garbage");
    assert_eq!(
        err.to_string(),
        "not an activity file: unknown content starting with bytes 68 65 6c 6c"
    );
    let err = decode("a.xml", b"<kml></kml>").expect_err("kml");
    assert!(err.to_string().contains("<kml>"), "{err}");
    // Named .gpx, content not XML: the GPX parser says where it failed.
    let err = decode("a.gpx", b"hello").expect_err("garbage gpx");
    assert!(
        matches!(
            err,
            DecodeError::Xml { .. } | DecodeError::NoTrackpoints { .. }
        ),
        "{err}"
    );
    let zip = zip_of(&[("a.txt", b"x")]);
    assert!(
        decode("a.zip", &zip)
            .expect_err("zip")
            .to_string()
            .contains("archive")
    );
}

#[test]
fn corrupt_and_oversized_gzip_are_errors() {
    let packed = gzip(garmin_gpx(100, Some("running")).as_bytes());
    let err = decode("a.gpx.gz", &packed[..packed.len() / 2]).expect_err("truncated gzip");
    assert!(err.to_string().contains("truncated"), "{err}");
    let limits = Limits {
        max_entry_bytes: 1000,
        ..Limits::default()
    };
    assert_eq!(
        decode_with("a.gpx.gz", &packed, &limits),
        Err(DecodeError::TooLarge { limit: 1000 })
    );
    let gz_in_gz = gzip(&packed);
    assert!(decode("a.gz", &gz_in_gz).is_err());
}
