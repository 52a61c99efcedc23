//! Apple Health export index: `apple_health_export/export.xml` lists each
//! `<Workout workoutActivityType="HKWorkoutActivityTypeRunning" ...>` and,
//! inside it, the route it recorded
//! (`<WorkoutRoute><FileReference path="/workout-routes/route_....gpx"/>`).
//! The routes are GPX files without a sport; this index gives them the
//! workout's. `export.xml` is often hundreds of megabytes: it is streamed
//! through quick-xml straight out of the zip, never held in memory, and
//! only the two elements above are looked at.

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

/// Workout type (without Apple's `HKWorkoutActivityType` prefix) per route
/// file name (`route_2024-05-01_7.00am.gpx`).
#[derive(Debug, Default)]
pub(crate) struct AppleIndex {
    by_route: HashMap<String, String>,
}

/// The prefix of every Apple workout type.
const TYPE_PREFIX: &str = "HKWorkoutActivityType";

impl AppleIndex {
    /// Streams `export.xml`; a broken document gives what was read before
    /// the damage.
    pub(crate) fn read(source: impl BufRead) -> AppleIndex {
        let mut reader = quick_xml::Reader::from_reader(source);
        let mut buf = Vec::new();
        let mut index = AppleIndex::default();
        let mut workout: Option<String> = None;
        loop {
            let event = reader.read_event_into(&mut buf);
            match event {
                Ok(Event::Start(e)) if e.local_name().as_ref() == "Workout" => {
                    workout = attribute(&e, "workoutActivityType");
                }
                Ok(Event::Empty(e)) if e.local_name().as_ref() == "FileReference" => {
                    if let (Some(kind), Some(path)) = (&workout, attribute(&e, "path")) {
                        let file = path.rsplit('/').next().unwrap_or(&path).to_string();
                        index.by_route.insert(file, kind.clone());
                    }
                }
                Ok(Event::End(e)) if e.local_name().as_ref() == "Workout" => workout = None,
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
            buf.clear();
        }
        index
    }

    /// The workout type of a route, by its path in the archive.
    pub(crate) fn get(&self, entry: &str) -> Option<&str> {
        let file = entry.rsplit('/').next().unwrap_or(entry);
        self.by_route.get(file).map(String::as_str)
    }

    /// How many routes the index knows.
    pub(crate) fn len(&self) -> usize {
        self.by_route.len()
    }
}

fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    let [value] = crate::activity::xml::attrs(element, [name]);
    let value = value?;
    Some(
        value
            .strip_prefix(TYPE_PREFIX)
            .unwrap_or(&value)
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_get_their_workouts_type() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_GB">
 <Record type="HKQuantityTypeIdentifierStepCount" value="12"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="31.2" startDate="2024-05-01 07:00:00 +0200">
  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="5.1" unit="km"/>
  <WorkoutRoute sourceName="Watch"><FileReference path="/workout-routes/route_2024-05-01_7.00am.gpx"/></WorkoutRoute>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeTraditionalStrengthTraining" duration="20"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeCycling" duration="60">
  <WorkoutRoute><FileReference path="/workout-routes/route_2024-05-02_6.00pm.gpx"/></WorkoutRoute>
 </Workout>
</HealthData>"#;
        let index = AppleIndex::read(xml.as_bytes());
        assert_eq!(index.len(), 2);
        assert_eq!(
            index.get("apple_health_export/workout-routes/route_2024-05-01_7.00am.gpx"),
            Some("Running")
        );
        assert_eq!(index.get("route_2024-05-02_6.00pm.gpx"), Some("Cycling"));
        assert_eq!(index.get("route_other.gpx"), None);
    }
}
