//! GPX 1.1 writer in Garmin Connect's export style: one track, one segment,
//! `<ele>` and `<time>` per point, heart rate and cadence in Garmin's
//! `gpxtpx:TrackPointExtension` (v1). Plain string building: the layout is
//! fixed and we control every value, so nothing needs escaping but the name.

use std::fmt::Write as _;

use crate::time::push_iso;
use crate::track::Track;

/// XML-escapes text content.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The GPX document of `track`, titled `name`.
pub fn encode(track: &Track, name: &str) -> String {
    // About 300 bytes a point.
    let mut out = String::with_capacity(track.samples.len() * 310 + 1024);
    out.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<gpx creator=\"Garmin Connect\" version=\"1.1\"\n",
        "  xsi:schemaLocation=\"http://www.topografix.com/GPX/1/1 ",
        "http://www.topografix.com/GPX/11.xsd\"\n",
        "  xmlns:ns3=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"\n",
        "  xmlns=\"http://www.topografix.com/GPX/1/1\"\n",
        "  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xmlns:ns2=\"http://www.garmin.com/xmlschemas/GpxExtensions/v3\">\n",
        "  <metadata>\n",
        "    <link href=\"connect.garmin.com\">\n",
        "      <text>Garmin Connect</text>\n",
        "    </link>\n",
        "    <time>",
    ));
    if let Some(first) = track.samples.first() {
        push_iso(&mut out, first.time);
    }
    let _ = write!(
        out,
        "</time>\n  </metadata>\n  <trk>\n    <name>{}</name>\n    <type>{}</type>\n    <trkseg>\n",
        escape(name),
        track.spec.sport.name()
    );
    for s in &track.samples {
        let _ = write!(
            out,
            "      <trkpt lat=\"{:.7}\" lon=\"{:.7}\">\n        <ele>{:.1}</ele>\n        <time>",
            s.lat, s.lon, s.altitude
        );
        push_iso(&mut out, s.time);
        let _ = write!(
            out,
            concat!(
                "</time>\n        <extensions>\n          <ns3:TrackPointExtension>\n",
                "            <ns3:hr>{}</ns3:hr>\n            <ns3:cad>{}</ns3:cad>\n",
                "          </ns3:TrackPointExtension>\n        </extensions>\n      </trkpt>\n"
            ),
            s.heart_rate, s.cadence
        );
    }
    out.push_str("    </trkseg>\n  </trk>\n</gpx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::{Spec, Sport};

    #[test]
    fn one_trkpt_per_sample() {
        let track = Track::generate(&Spec {
            start: crate::time::DECADE_START,
            seconds: 60,
            sport: Sport::Running,
            home: (52.37, 4.90),
            seed: 3,
        });
        let text = encode(&track, "Tom & Jerry's <run>");
        assert_eq!(text.matches("<trkpt ").count(), 60);
        assert_eq!(text.matches("<ns3:hr>").count(), 60);
        assert!(text.contains("<name>Tom &amp; Jerry's &lt;run&gt;</name>"));
        assert!(text.contains("<time>2016-01-01T00:00:59Z</time>"));
        assert!(text.ends_with("</gpx>\n"));
    }
}
