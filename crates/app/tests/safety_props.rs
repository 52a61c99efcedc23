//! The property through the real binary: no sequence of answers,
//! logs and notes with a standing red flag ever yields a plan, or an exit
//! code other than 3, from `plan`, `plan --adapt` or `insights` (also with
//! `--until` and another `--today`). Each case runs the binary a dozen
//! times, so the case count is modest; the same rule is tested over many
//! more histories, without the binary, in core's `tests/safety_props.rs`.

mod safety_common;

use proptest::prelude::*;
use safety_common::{Db, TODAY};

/// Notes that name a warning sign.
const FLAGGED: [&str; 4] = [
    "groin went numb on the long run",
    "can't pee since this morning",
    "fever and chills since Monday",
    "both legs numb after the run",
];

/// Notes that name none.
const CALM: [&str; 3] = ["felt fine", "easy run", "stiff in the morning, eased"];

/// Questions no flagged note above touches.
const OTHER: [&str; 3] = [
    "deformity-lump",
    "osteoporosis-steroids",
    "chest-or-tearing-pain",
];

/// Asked questions that may be answered "yes".
const ASKED: [&str; 4] = [
    "saddle-numbness",
    "fever-infection",
    "weight-loss",
    "cancer-history",
];

/// Something that happens without clearing anything.
#[derive(Debug, Clone)]
enum Step {
    /// A calm pain log, maybe with a calm note, on a November day.
    Calm {
        nrs: u8,
        day: u32,
        note: Option<usize>,
    },
    /// `check --no` for a question nothing raised.
    CheckOther(usize),
    /// `plan --answers` with the clean example: fresh answers, not a check.
    FreshPlan,
    /// `insights`.
    Insights,
}

/// What raises a flag.
#[derive(Debug, Clone)]
enum Raise {
    /// A flagged note, logged now about a November day.
    Note { which: usize, day: u32, nrs: u8 },
    /// Severe pain.
    Severe { nrs: u8, day: u32 },
    /// "Yes" in a check.
    Yes(usize),
    /// The red-flag example assessed.
    Assessed,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        ((0u8..=6), (1u32..=25), proptest::option::of(0..CALM.len()))
            .prop_map(|(nrs, day, note)| Step::Calm { nrs, day, note }),
        (0..OTHER.len()).prop_map(Step::CheckOther),
        Just(Step::FreshPlan),
        Just(Step::Insights),
    ]
}

fn raise() -> impl Strategy<Value = Raise> {
    prop_oneof![
        ((0..FLAGGED.len()), (1u32..=25), (0u8..=6)).prop_map(|(which, day, nrs)| Raise::Note {
            which,
            day,
            nrs
        }),
        ((9u8..=10), (1u32..=25)).prop_map(|(nrs, day)| Raise::Severe { nrs, day }),
        (0..ASKED.len()).prop_map(Raise::Yes),
        Just(Raise::Assessed),
    ]
}

fn pain(db: &Db, nrs: u8, day: u32, note: Option<&str>) -> i32 {
    let nrs = nrs.to_string();
    let at = format!("2026-11-{day:02}T18:00");
    let mut args = vec![
        "log",
        "pain",
        "--region",
        "lower-back",
        "--nrs",
        &nrs,
        "--when",
        "after",
        "--at",
        &at,
    ];
    if let Some(n) = note {
        args.extend(["--note", n]);
    }
    db.run(&args).code
}

fn apply(db: &Db, s: &Step) {
    let clean = Db::example_arg("lower-back.toml");
    match s {
        Step::Calm { nrs, day, note } => {
            pain(db, *nrs, *day, note.map(|i| CALM[i]));
        }
        Step::CheckOther(i) => {
            db.run(&["check", "--no", OTHER[*i]]);
        }
        Step::FreshPlan => {
            db.run(&["plan", "--save", "--answers", &clean]);
        }
        Step::Insights => {
            db.run(&["insights"]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn a_standing_flag_never_yields_a_plan_or_another_exit_code(
        before in proptest::collection::vec(step(), 0..3),
        raised in raise(),
        after in proptest::collection::vec(step(), 0..3),
        today in prop_oneof![Just("2026-01-05"), Just(TODAY), Just("2027-06-30")],
        until in 1u32..=25,
    ) {
        let db = Db::planned();
        for s in &before {
            apply(&db, s);
        }
        match &raised {
            Raise::Note { which, day, nrs } => {
                pain(&db, *nrs, *day, Some(FLAGGED[*which]));
            }
            Raise::Severe { nrs, day } => {
                pain(&db, *nrs, *day, None);
            }
            Raise::Yes(i) => {
                db.run(&["check", "--yes", ASKED[*i]]);
            }
            Raise::Assessed => {
                let red = Db::example_arg("red-flag.toml");
                db.run(&["assess", "--answers", &red]);
            }
        }
        for s in &after {
            apply(&db, s);
        }
        let plan = db.at(today, &["plan", "--save", "--format", "json"]);
        prop_assert_eq!(plan.code, 3, "plan: {}", plan.stdout);
        prop_assert_ne!(&plan.json()["plan"]["status"], "ready");
        let adapted = db.at(today, &["plan", "--save", "--adapt", "--format", "json"]);
        prop_assert_eq!(adapted.code, 3, "plan --adapt: {}", adapted.stdout);
        prop_assert_ne!(&adapted.json()["plan"]["status"], "ready");
        let insights = db.at(today, &["insights", "--json"]);
        prop_assert_eq!(insights.code, 3, "insights: {}", insights.stdout);
        prop_assert_eq!(&insights.json()["alerts"][0]["severity"], "stop");
        let until = format!("2026-11-{until:02}");
        let earlier = db.at(today, &["insights", "--until", &until]);
        prop_assert_eq!(earlier.code, 3, "insights --until {}: {}", until, earlier.stdout);
        prop_assert!(!earlier.stdout.contains("No alerts"), "{}", earlier.stdout);
    }
}
