//! Fixtures built in code: FIT files written with rustyfit's encoder, GPX
//! and TCX written by hand, and gzip/zip wrappers, shared by the tests.

#![allow(dead_code, missing_docs, unused_imports)]

use std::io::{Cursor, Write};

use flate2::{Compression, write::GzEncoder};

mod exports;
mod fit;
pub use exports::*;
pub use fit::*;

/// 2024-05-01T05:00:00Z
pub const START_UNIX: i64 = 1_714_539_600;

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(bytes).expect("gzip write");
    enc.finish().expect("gzip finish")
}

/// A zip of (name, bytes) entries, deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, zip::CompressionMethod::Deflated)
}

/// A zip of (name, bytes) entries with the given compression.
pub fn zip_with(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("zip entry");
        writer.write_all(bytes).expect("zip write");
    }
    writer.finish().expect("zip finish").into_inner()
}

/// ISO time `offset_s` seconds after the start.
pub fn iso(offset_s: i64) -> String {
    chrono::DateTime::from_timestamp(START_UNIX + offset_s, 0)
        .expect("valid")
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// A Garmin-style GPX 1.1 run with TrackPointExtension hr/cad.
pub fn garmin_gpx(seconds: i64, sport: Option<&str>) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="Garmin Connect" version="1.1" xmlns="http://www.topografix.com/GPX/1/1"
  xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
  <metadata><time>2024-05-01T05:00:00.000Z</time></metadata>
  <trk>
    <name>Morning &amp; Run</name>
"#,
    );
    if let Some(sport) = sport {
        s.push_str(&format!("    <type>{sport}</type>\n"));
    }
    s.push_str("    <trkseg>\n");
    for i in 0..=seconds {
        let lat = 47.0 + 3.0 * i as f64 / 111_195.0;
        s.push_str(&format!(
            "      <trkpt lat=\"{lat:.7}\" lon=\"8.0\"><ele>{:.1}</ele><time>{}</time>\
             <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{}</gpxtpx:hr><gpxtpx:cad>85</gpxtpx:cad>\
             </gpxtpx:TrackPointExtension></extensions></trkpt>\n",
            400.0 + (i / 10) as f64,
            iso(i),
            140 + (i % 20)
        ));
    }
    s.push_str("    </trkseg>\n  </trk>\n</gpx>\n");
    s
}

/// A Garmin-style TCX run with `ns3:TPX` speed and run cadence, one lap
/// per `lap_s` seconds.
pub fn garmin_tcx(seconds: i64, lap_s: i64, prefix: &str) -> String {
    let p = prefix;
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:{p}="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
  <Activities>
    <Activity Sport="Running">
      <Id>{}</Id>
"#,
        iso(0)
    );
    let mut t = 0;
    while t < seconds {
        let end = (t + lap_s).min(seconds);
        s.push_str(&format!(
            "      <Lap StartTime=\"{}\">\n        <TotalTimeSeconds>{}</TotalTimeSeconds>\n        \
             <DistanceMeters>{}</DistanceMeters>\n        <AverageHeartRateBpm><Value>150</Value></AverageHeartRateBpm>\n        \
             <MaximumHeartRateBpm><Value>165</Value></MaximumHeartRateBpm>\n        <Track>\n",
            iso(t),
            end - t,
            3 * (end - t)
        ));
        for i in t..end {
            let lat = 47.0 + 3.0 * i as f64 / 111_195.0;
            s.push_str(&format!(
                "          <Trackpoint><Time>{}</Time><Position><LatitudeDegrees>{lat:.7}</LatitudeDegrees>\
                 <LongitudeDegrees>8.0</LongitudeDegrees></Position><AltitudeMeters>400.0</AltitudeMeters>\
                 <DistanceMeters>{}</DistanceMeters><HeartRateBpm><Value>150</Value></HeartRateBpm>\
                 <Extensions><{p}:TPX><{p}:Speed>3.0</{p}:Speed><{p}:RunCadence>86</{p}:RunCadence></{p}:TPX></Extensions>\
                 </Trackpoint>\n",
                iso(i),
                3 * i
            ));
        }
        s.push_str("        </Track>\n      </Lap>\n");
        t = end;
    }
    s.push_str(
        "      <Creator xsi:type=\"Device_t\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <Name>Forerunner 245</Name></Creator>\n    </Activity>\n  </Activities>\n</TrainingCenterDatabase>\n",
    );
    s
}
