//! Strava bulk export index: `activities.csv` maps each file under
//! `activities/` to its name, type and Strava's own moving time
//! ("Activity Name", "Activity Type", "Moving Time" in seconds, "Filename"
//! columns). A minimal RFC 4180 reader is enough: quoted fields
//! may hold commas, doubled quotes and newlines (descriptions do).

use std::collections::HashMap;

/// What `activities.csv` says about one file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IndexEntry {
    pub name: String,
    pub activity_type: String,
    /// Strava's moving time, seconds, when the column is there and valid.
    pub moving_time_s: Option<f64>,
}

/// Name and type per file name, as listed in a Strava `activities.csv`.
#[derive(Debug, Default)]
pub(crate) struct StravaIndex {
    by_file: HashMap<String, IndexEntry>,
}

impl StravaIndex {
    /// Builds the index; an unreadable or unexpected CSV gives an empty one.
    pub(crate) fn parse(text: &str) -> StravaIndex {
        let mut rows = parse_csv(text).into_iter();
        let Some(header) = rows.next() else {
            return StravaIndex::default();
        };
        let column = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let (Some(file_col), Some(name_col), Some(type_col)) = (
            column("Filename"),
            column("Activity Name"),
            column("Activity Type"),
        ) else {
            return StravaIndex::default();
        };
        let moving_col = column("Moving Time");
        let by_file = rows
            .filter_map(|row| {
                let file = row.get(file_col)?.trim();
                (!file.is_empty()).then(|| {
                    let entry = IndexEntry {
                        name: row.get(name_col).map_or("", |s| s.trim()).to_string(),
                        activity_type: row.get(type_col).map_or("", |s| s.trim()).to_string(),
                        moving_time_s: moving_col
                            .and_then(|c| row.get(c))
                            .and_then(|s| s.trim().parse::<f64>().ok())
                            .filter(|v| v.is_finite() && *v > 0.0),
                    };
                    (file.to_string(), entry)
                })
            })
            .collect();
        StravaIndex { by_file }
    }

    /// The entry for an archive member name (`activities/123.fit.gz`).
    pub(crate) fn get(&self, file: &str) -> Option<&IndexEntry> {
        self.by_file.get(file)
    }

    /// How many files the index lists.
    pub(crate) fn len(&self) -> usize {
        self.by_file.len()
    }
}

/// Splits CSV text into rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut chars = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .chars()
        .peekable();
    while let Some(c) = chars.next() {
        match (c, in_quotes) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => in_quotes = false,
            ('"', false) if field.is_empty() => in_quotes = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_fields_and_finds_files() {
        let csv = "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Filename,Moving Time\r\n\
                   1,\"Jan 1, 2024\",\"Morning \"\"easy\"\" run\",Run,\"two\nlines\",activities/1.fit.gz,1834.0\r\n\
                   2,\"Jan 2, 2024\",Ride home,Ride,,activities/2.gpx,\n";
        let index = StravaIndex::parse(csv);
        assert_eq!(index.len(), 2);
        let run = index.get("activities/1.fit.gz").expect("listed");
        assert_eq!(run.name, "Morning \"easy\" run");
        assert_eq!(run.activity_type, "Run");
        assert_eq!(
            index
                .get("activities/2.gpx")
                .map(|e| e.activity_type.as_str()),
            Some("Ride")
        );
        assert_eq!(run.moving_time_s, Some(1834.0));
        assert_eq!(
            index.get("activities/2.gpx").and_then(|e| e.moving_time_s),
            None
        );
    }
}
