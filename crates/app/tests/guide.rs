//! The routine explained: every output that prescribes an exercise says how
//! to do it, with the knowledge base's steps and source IDs (issue 14,
//! item 1), and the HTML page draws each exercise.

mod common;

use std::collections::BTreeSet;
use std::fs;

use backstride_core::knowledge::KnowledgeBase;
use common::{Done, Run, example};
use serde_json::Value;

fn plan(format: &str, extra: &[&str]) -> (Done, String) {
    let run = Run::new(&[
        "plan",
        "--format",
        format,
        "--start",
        "2026-12-07",
        "--weeks",
        "3",
        "--no-save",
    ])
    .arg("--answers")
    .arg(example("lower-back.toml"));
    let mut run = run;
    for a in extra {
        run = run.arg(a);
    }
    let done = run.run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let out = done.stdout.clone();
    (done, out)
}

/// The exercise IDs the plan's days prescribe.
fn prescribed(json: &Value) -> BTreeSet<String> {
    json["plan"]["days"]
        .as_array()
        .expect("days")
        .iter()
        .flat_map(|d| {
            d["session"]["routine"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|i| i["exercise_id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn json_carries_the_steps_of_every_prescribed_exercise_from_the_knowledge_base() {
    let kb = KnowledgeBase::embedded().expect("valid knowledge base");
    let (done, _) = plan("json", &[]);
    let json = done.json();
    let ids = prescribed(&json);
    assert!(
        ids.contains("plank-knee-tuck"),
        "the substitute is prescribed"
    );
    let guide = json["plan"]["exercises"].as_array().expect("exercises");
    let listed: BTreeSet<String> = guide
        .iter()
        .map(|e| e["exercise_id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(listed, ids, "one guide entry per prescribed exercise");
    assert_eq!(listed.len(), guide.len(), "each exercise listed once");
    for e in guide {
        let id = e["exercise_id"].as_str().expect("id");
        let known = kb.exercise(id).expect("known exercise");
        let steps: Vec<&str> = e["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .map(|s| s.as_str().expect("step"))
            .collect();
        assert_eq!(steps, known.how, "{id}'s steps");
        let sources: Vec<&str> = e["sources"]
            .as_array()
            .expect("sources")
            .iter()
            .map(|s| s.as_str().expect("id"))
            .collect();
        let expected: Vec<&str> = known.sources.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(sources, expected, "{id}'s sources");
        // Every cited source is in the report's source list.
        let cited: BTreeSet<&str> = json["sources"]
            .as_array()
            .expect("sources")
            .iter()
            .filter_map(|s| s["id"].as_str())
            .collect();
        assert!(expected.iter().all(|s| cited.contains(s)), "{id}");
    }
}

#[test]
fn text_and_markdown_give_each_step_once_per_report() {
    let kb = KnowledgeBase::embedded().expect("valid knowledge base");
    let (done, _) = plan("json", &[]);
    let ids = prescribed(&done.json());
    let (_, text) = plan("text", &[]);
    let (_, markdown) = plan("markdown", &[]);
    assert!(text.contains("HOW TO DO THE ROUTINE"), "{text}");
    assert!(markdown.contains("## How to do the routine"), "{markdown}");
    for id in &ids {
        let e = kb.exercise(id).expect("known exercise");
        for step in &e.how {
            assert_eq!(text.matches(step.as_str()).count(), 1, "{id}: {step}");
            // Markdown escapes `*`, `_` and `|`; the steps have none of them.
            assert_eq!(markdown.matches(step.as_str()).count(), 1, "{id}: {step}");
        }
    }
}

#[test]
fn html_draws_and_explains_each_prescribed_exercise() {
    let kb = KnowledgeBase::embedded().expect("valid knowledge base");
    let (done, _) = plan("json", &[]);
    let ids = prescribed(&done.json());
    let (_, html) = plan("html", &[]);
    assert_eq!(html.matches("<svg").count(), ids.len(), "one drawing each");
    for id in &ids {
        let e = kb.exercise(id).expect("known exercise");
        assert!(
            html.contains(&format!("<title>{}: ", e.name)),
            "{id} has a labelled drawing"
        );
        assert!(html.contains(&format!("aria-label=\"{}: ", e.name)), "{id}");
        for step in &e.how {
            let escaped = step.replace('\'', "&#39;");
            assert!(
                html.contains(step.as_str()) || html.contains(&escaped),
                "{id}: {step}"
            );
        }
    }
    // Drawn in the text colour, so dark themes and print both show them.
    assert!(html.contains("stroke=\"currentColor\""));
    assert!(!html.contains("&lt;svg"), "the drawing is markup, not text");
}

/// RFC 5545 text: lines unfolded and escapes undone.
fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "")
        .replace("\\n", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

#[test]
fn every_calendar_event_with_a_routine_says_how_to_do_it() {
    let kb = KnowledgeBase::embedded().expect("valid knowledge base");
    let run = Run::new(&[
        "plan",
        "--format",
        "json",
        "--start",
        "2026-12-07",
        "--weeks",
        "3",
        "--no-save",
    ])
    .arg("--answers")
    .arg(example("lower-back.toml"));
    let ics_path = run.path("plan.ics");
    let done = run.arg("--ics").arg(&ics_path).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json = done.json();
    let ics = unfold(&fs::read_to_string(&ics_path).expect("calendar written"));
    let events: Vec<&str> = ics.split("BEGIN:VEVENT").skip(1).collect();
    let days = json["plan"]["days"].as_array().expect("days");
    assert_eq!(events.len(), days.len());
    for (event, day) in events.iter().zip(days) {
        for item in day["session"]["routine"].as_array().expect("routine") {
            let id = item["exercise_id"].as_str().expect("id");
            let e = kb.exercise(id).expect("known exercise");
            for step in &e.how {
                assert!(event.contains(step.as_str()), "{id}: {step} in {event}");
            }
            assert!(event.contains(&e.sources[0].0), "{id}'s sources");
        }
    }
}
