//! TCX writer in Garmin Connect's export style: one `Activity` with a `Lap`
//! every ten minutes, trackpoints with position, altitude, distance and
//! heart rate, cadence as `<Cadence>` for rides, and speed plus
//! `RunCadence` (runs) in Garmin's `ns3:TPX` extension; lap totals in
//! `ns3:LX`.

use std::fmt::Write as _;

use crate::fit::LAP_SECONDS;
use crate::time::{iso, push_iso};
use crate::track::{Sport, Track};

/// The TCX document of `track`.
pub fn encode(track: &Track) -> String {
    // About 560 bytes a point.
    let mut out = String::with_capacity(track.samples.len() * 580 + 2048);
    out.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<TrainingCenterDatabase\n",
        "  xsi:schemaLocation=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 ",
        "http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd\"\n",
        "  xmlns:ns5=\"http://www.garmin.com/xmlschemas/ActivityGoals/v1\"\n",
        "  xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\"\n",
        "  xmlns:ns2=\"http://www.garmin.com/xmlschemas/UserProfile/v2\"\n",
        "  xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"\n",
        "  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xmlns:ns4=\"http://www.garmin.com/xmlschemas/ProfileExtension/v1\">\n",
        "  <Activities>\n",
    ));
    let sport = match track.spec.sport {
        Sport::Running => "Running",
        Sport::Cycling => "Biking",
    };
    let start = track.samples.first().map_or(track.spec.start, |s| s.time);
    let _ = write!(
        out,
        "    <Activity Sport=\"{sport}\">\n      <Id>{}</Id>\n",
        iso(start)
    );
    let n = track.samples.len();
    let mut lap_start = 0;
    while lap_start < n {
        let lap_end = (lap_start + LAP_SECONDS).min(n);
        write_lap(&mut out, track, lap_start..lap_end);
        lap_start = lap_end;
    }
    out.push_str(concat!(
        "      <Creator xsi:type=\"Device_t\">\n",
        "        <Name>Forerunner 245</Name>\n",
        "        <UnitId>3996543210</UnitId>\n",
        "        <ProductID>3076</ProductID>\n",
        "        <Version>\n          <VersionMajor>12</VersionMajor>\n",
        "          <VersionMinor>50</VersionMinor>\n          <BuildMajor>0</BuildMajor>\n",
        "          <BuildMinor>0</BuildMinor>\n        </Version>\n",
        "      </Creator>\n    </Activity>\n  </Activities>\n",
        "  <Author xsi:type=\"Application_t\">\n    <Name>Connect Api</Name>\n",
        "    <Build>\n      <Version>\n        <VersionMajor>0</VersionMajor>\n",
        "        <VersionMinor>0</VersionMinor>\n        <BuildMajor>0</BuildMajor>\n",
        "        <BuildMinor>0</BuildMinor>\n      </Version>\n    </Build>\n",
        "    <LangID>en</LangID>\n    <PartNumber>006-D2449-00</PartNumber>\n",
        "  </Author>\n</TrainingCenterDatabase>\n",
    ));
    out
}

fn write_lap(out: &mut String, track: &Track, range: std::ops::Range<usize>) {
    let t = track.totals(range.clone());
    let samples = &track.samples[range];
    let running = track.spec.sport == Sport::Running;
    out.push_str("      <Lap StartTime=\"");
    if let Some(first) = samples.first() {
        push_iso(out, first.time);
    }
    let _ = write!(
        out,
        concat!(
            "\">\n        <TotalTimeSeconds>{:.1}</TotalTimeSeconds>\n",
            "        <DistanceMeters>{:.2}</DistanceMeters>\n",
            "        <MaximumSpeed>{:.3}</MaximumSpeed>\n",
            "        <Calories>{}</Calories>\n",
            "        <AverageHeartRateBpm>\n          <Value>{}</Value>\n        </AverageHeartRateBpm>\n",
            "        <MaximumHeartRateBpm>\n          <Value>{}</Value>\n        </MaximumHeartRateBpm>\n",
            "        <Intensity>Active</Intensity>\n",
        ),
        t.elapsed_s,
        t.distance_m,
        t.max_speed,
        t.calories,
        t.avg_hr.round(),
        t.max_hr,
    );
    if !running {
        let _ = writeln!(out, "        <Cadence>{}</Cadence>", t.avg_cadence.round());
    }
    out.push_str("        <TriggerMethod>Time</TriggerMethod>\n        <Track>\n");
    for s in samples {
        out.push_str("          <Trackpoint>\n            <Time>");
        push_iso(out, s.time);
        let _ = write!(
            out,
            concat!(
                "</Time>\n            <Position>\n",
                "              <LatitudeDegrees>{:.7}</LatitudeDegrees>\n",
                "              <LongitudeDegrees>{:.7}</LongitudeDegrees>\n",
                "            </Position>\n",
                "            <AltitudeMeters>{:.1}</AltitudeMeters>\n",
                "            <DistanceMeters>{:.2}</DistanceMeters>\n",
                "            <HeartRateBpm>\n              <Value>{}</Value>\n            </HeartRateBpm>\n",
            ),
            s.lat, s.lon, s.altitude, s.distance, s.heart_rate
        );
        if !running {
            let _ = writeln!(out, "            <Cadence>{}</Cadence>", s.cadence);
        }
        let _ = write!(
            out,
            "            <Extensions>\n              <ns3:TPX>\n                <ns3:Speed>{:.3}</ns3:Speed>\n",
            s.speed
        );
        if running {
            let _ = writeln!(
                out,
                "                <ns3:RunCadence>{}</ns3:RunCadence>",
                s.cadence
            );
        }
        out.push_str(
            "              </ns3:TPX>\n            </Extensions>\n          </Trackpoint>\n",
        );
    }
    let _ = write!(
        out,
        concat!(
            "        </Track>\n        <Extensions>\n          <ns3:LX>\n",
            "            <ns3:AvgSpeed>{:.3}</ns3:AvgSpeed>\n",
        ),
        t.avg_speed()
    );
    if running {
        let _ = writeln!(
            out,
            "            <ns3:AvgRunCadence>{}</ns3:AvgRunCadence>\n            <ns3:MaxRunCadence>{}</ns3:MaxRunCadence>",
            t.avg_cadence.round(),
            t.max_cadence
        );
    }
    out.push_str("          </ns3:LX>\n        </Extensions>\n      </Lap>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::Spec;

    fn track(sport: Sport) -> Track {
        Track::generate(&Spec {
            start: crate::time::DECADE_START,
            seconds: 1300,
            sport,
            home: (52.37, 4.90),
            seed: 5,
        })
    }

    #[test]
    fn laps_and_trackpoints() {
        let text = encode(&track(Sport::Running));
        assert_eq!(text.matches("<Lap StartTime=").count(), 3);
        assert_eq!(text.matches("<Trackpoint>").count(), 1300);
        assert_eq!(text.matches("<ns3:RunCadence>").count(), 1300);
        assert!(text.contains("<Activity Sport=\"Running\">"));
        let ride = encode(&track(Sport::Cycling));
        assert!(ride.contains("<Activity Sport=\"Biking\">"));
        assert_eq!(ride.matches("<Cadence>").count(), 1300 + 3);
    }
}
