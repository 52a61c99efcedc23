//! Plans and assessments saved before typed records held the rendered
//! report JSON (`schema_version` 1 of the app's report). This module is a
//! frozen reader of that layout, used once per row: by the open-time
//! conversion and, for a database opened read-only, on the fly. It reads
//! what the records keep and ignores the rest (exercise guides, sources'
//! titles); distances are as the report rounded them (0.1 km), which is
//! what the readers of the report used before.
//!
//! A report it cannot read (another layout, a damaged text) is not
//! converted: the row keeps its text and reads as legacy.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Deserialize;

use super::assessment::{
    AssessmentRecord, CauseRecord, FlagRecord, ReasonRecord, RecommendationRecord, TriageRecord,
};
use super::plan::{
    ActionRecord, AppliedRecord, BlockedRecord, DayRecord, DoseRecord, EvidenceRecord,
    IntensityRecord, NoticeKindRecord, NoticeRecord, PlanOutcomeRecord, PlanRecord,
    PlanRequestRecord, ReadyPlanRecord, RunKindRecord, SessionRecord, SubstituteRecord, WeekRecord,
};

/// The largest distance a report's kilometres may say (the old reader's
/// bound).
const MAX_KM: f64 = 1000.0;

#[derive(Deserialize)]
struct Report {
    assessment: Option<Assessment>,
    adaptation: Option<Adaptation>,
    plan: Option<Plan>,
}

#[derive(Deserialize)]
struct Assessment {
    triage: Triage,
    #[serde(default)]
    causes: Vec<Cause>,
    #[serde(default)]
    recommendations: Vec<Recommendation>,
    #[serde(default)]
    signals: Vec<String>,
}

#[derive(Deserialize)]
struct Triage {
    tier: String,
    allows_plan: bool,
    instruction: Option<String>,
    #[serde(default)]
    flags: Vec<Flag>,
}

#[derive(Deserialize)]
struct Flag {
    id: String,
    suggests: String,
    because: String,
    asked: bool,
    #[serde(default)]
    from_note: bool,
    tier: String,
    #[serde(default)]
    combined: bool,
    action: String,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Deserialize)]
struct Evidence {
    level: String,
    verdict: String,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
struct Cause {
    id: String,
    name: String,
    score: u16,
    share_pct: u8,
    #[serde(default)]
    reasons: Vec<Reason>,
    #[serde(default)]
    sources: Vec<String>,
    evidence: Evidence,
}

#[derive(Deserialize)]
struct Reason {
    signal: String,
    weight: u8,
    why: String,
}

#[derive(Deserialize)]
struct Recommendation {
    id: String,
    name: String,
    #[serde(default)]
    because: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
    evidence: Evidence,
}

#[derive(Deserialize)]
struct Adaptation {
    applied: Option<Applied>,
}

#[derive(Deserialize)]
struct Applied {
    run_day: NaiveDate,
    action: ActionRecord,
}

#[derive(Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
enum Plan {
    Ready(Box<Ready>),
    Blocked { tier: String, instruction: String },
}

#[derive(Deserialize)]
struct Ready {
    start: NaiveDate,
    end: NaiveDate,
    cross_days_per_30: u8,
    #[serde(default)]
    routine_name: String,
    #[serde(default)]
    routine_when: String,
    #[serde(default)]
    notices: Vec<Notice>,
    weeks: Vec<Week>,
    days: Vec<Day>,
    running_evidence: Option<Evidence>,
    cross_training_evidence: Option<Evidence>,
}

#[derive(Deserialize)]
struct Notice {
    kind: NoticeKindRecord,
    text: String,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Deserialize)]
struct Week {
    number: u16,
    start: NaiveDate,
    target_km: f64,
    scheduled_km: f64,
    runs: u8,
    cross_sessions: u8,
    lighter: bool,
    capped: bool,
    routine_rounds: u8,
}

#[derive(Deserialize)]
struct Day {
    date: NaiveDate,
    week: u16,
    #[serde(default)]
    title: String,
    session: Session,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum Session {
    Run {
        kind: RunKindRecord,
        intensity: IntensityRecord,
        distance_km: f64,
        est_minutes: Option<u16>,
        #[serde(default)]
        brace: bool,
        #[serde(default)]
        routine: Vec<Item>,
    },
    CrossTrain {
        activity: String,
        minutes: u16,
        #[serde(default)]
        routine: Vec<Item>,
    },
}

#[derive(Deserialize)]
struct Item {
    exercise_id: String,
    name: String,
    sets: u8,
    reps: u8,
    #[serde(default)]
    per_side: bool,
    hold_s: Option<u8>,
    #[serde(default)]
    at_least: bool,
    #[serde(default)]
    dose: String,
    replaces: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
}

fn parse(body: &str) -> Result<Report, String> {
    serde_json::from_str(body).map_err(|e| format!("not a report this version reads: {e}"))
}

/// Metres from a report's kilometres (rounded to 0.1 km there).
fn metres(km: f64, what: &str) -> Result<u32, String> {
    if !(km.is_finite() && (0.0..=MAX_KM).contains(&km)) {
        return Err(format!("{what} of {km} km is out of range"));
    }
    // In range: at most 1,000,000 m.
    Ok((km * 1000.0).round() as u32)
}

fn evidence(e: Evidence) -> EvidenceRecord {
    EvidenceRecord {
        level: e.level,
        verdict: e.verdict,
        note: e.note,
    }
}

fn flag(f: Flag) -> FlagRecord {
    FlagRecord {
        id: f.id,
        suggests: f.suggests,
        because: f.because,
        asked: f.asked,
        from_note: f.from_note,
        tier: f.tier,
        combined: f.combined,
        action: f.action,
        sources: f.sources,
    }
}

fn assessment(a: Assessment) -> AssessmentRecord {
    AssessmentRecord {
        triage: TriageRecord {
            tier: a.triage.tier,
            allows_plan: a.triage.allows_plan,
            instruction: a.triage.instruction,
            flags: a.triage.flags.into_iter().map(flag).collect(),
        },
        causes: a
            .causes
            .into_iter()
            .map(|c| CauseRecord {
                id: c.id,
                name: c.name,
                score: c.score,
                share_pct: c.share_pct,
                reasons: c
                    .reasons
                    .into_iter()
                    .map(|r| ReasonRecord {
                        signal: r.signal,
                        weight: r.weight,
                        why: r.why,
                    })
                    .collect(),
                sources: c.sources,
                evidence: evidence(c.evidence),
            })
            .collect(),
        recommendations: a
            .recommendations
            .into_iter()
            .map(|r| RecommendationRecord {
                id: r.id,
                name: r.name,
                because: r.because,
                sources: r.sources,
                evidence: evidence(r.evidence),
            })
            .collect(),
        signals: a.signals,
        from_report: true,
    }
}

/// An assessment report (from `assess`) as a record.
pub fn assessment_from_report(body: &str) -> Result<AssessmentRecord, String> {
    let report = parse(body)?;
    let a = report
        .assessment
        .ok_or_else(|| "the report holds no assessment".to_owned())?;
    Ok(assessment(a))
}

fn doses(items: Vec<Item>, cited: &mut BTreeSet<String>) -> Vec<DoseRecord> {
    items
        .into_iter()
        .map(|i| {
            cited.extend(i.sources.iter().cloned());
            DoseRecord {
                exercise_id: i.exercise_id,
                name: i.name,
                sets: i.sets,
                reps: i.reps,
                per_side: i.per_side,
                hold_s: i.hold_s,
                at_least: i.at_least,
                dose: i.dose,
                substitutes: i.replaces.map(|name| SubstituteRecord {
                    exercise_id: None,
                    name,
                    missing: Vec::new(),
                }),
                sources: i.sources,
                evidence: None,
            }
        })
        .collect()
}

fn ready(r: Ready) -> Result<ReadyPlanRecord, String> {
    let mut cited = BTreeSet::new();
    let notices = r
        .notices
        .into_iter()
        .map(|n| {
            cited.extend(n.sources.iter().cloned());
            NoticeRecord {
                kind: n.kind,
                text: n.text,
                sources: n.sources,
            }
        })
        .collect();
    let weeks = r
        .weeks
        .into_iter()
        .map(|w| {
            Ok(WeekRecord {
                number: w.number,
                start: w.start,
                target_m: metres(w.target_km, "a week's target")?,
                scheduled_m: metres(w.scheduled_km, "a week's schedule")?,
                runs: w.runs,
                cross_sessions: w.cross_sessions,
                lighter: w.lighter,
                capped: w.capped,
                routine_rounds: w.routine_rounds,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let days = r
        .days
        .into_iter()
        .map(|d| {
            let session = match d.session {
                Session::Run {
                    kind,
                    intensity,
                    distance_km,
                    est_minutes,
                    brace,
                    routine,
                } => SessionRecord::Run {
                    kind,
                    intensity,
                    distance_m: metres(distance_km, "a run")?,
                    est_minutes,
                    brace,
                    routine: doses(routine, &mut cited),
                },
                Session::CrossTrain {
                    activity,
                    minutes,
                    routine,
                } => SessionRecord::CrossTrain {
                    activity,
                    minutes,
                    routine: doses(routine, &mut cited),
                },
            };
            Ok(DayRecord {
                date: d.date,
                week: d.week,
                title: d.title,
                session,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(ReadyPlanRecord {
        start: r.start,
        end: r.end,
        goal_m: None,
        cross_days_per_30: r.cross_days_per_30,
        routine_name: r.routine_name,
        routine_when: r.routine_when,
        notices,
        weeks,
        days,
        sources: cited.into_iter().collect(),
        running_evidence: r.running_evidence.map(evidence),
        cross_training_evidence: r.cross_training_evidence.map(evidence),
    })
}

/// A plan report (from `plan` or `plan --adapt`) as a record; `start` and
/// `weeks` are the row's own columns (the request).
pub fn plan_from_report(body: &str, start: NaiveDate, weeks: u16) -> Result<PlanRecord, String> {
    let report = parse(body)?;
    let plan = report
        .plan
        .ok_or_else(|| "the report holds no plan".to_owned())?;
    let applied = report
        .adaptation
        .and_then(|a| a.applied)
        .map(|a| AppliedRecord {
            run_day: a.run_day,
            action: a.action,
        });
    let (outcome, cross) = match plan {
        Plan::Ready(r) => {
            let cross = r.cross_days_per_30;
            (PlanOutcomeRecord::Ready(Box::new(ready(*r)?)), Some(cross))
        }
        Plan::Blocked { tier, instruction } => (
            PlanOutcomeRecord::Blocked(BlockedRecord {
                tier,
                instruction,
                flags: report
                    .assessment
                    .map(|a| a.triage.flags.into_iter().map(flag).collect())
                    .unwrap_or_default(),
            }),
            None,
        ),
    };
    Ok(PlanRecord {
        request: PlanRequestRecord {
            start,
            weeks,
            cross_days_per_30: cross,
            caps: None,
        },
        applied,
        outcome,
        from_report: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn reads_a_ready_plan_report_with_its_weeks_days_doses_and_replan() {
        let body = r#"{"schema_version":1,"adaptation":{"action":"hold","applied":{"run_day":"2026-11-24","action":"step-back"}},
            "plan":{"status":"ready","start":"2026-11-02","end":"2026-11-08","cross_days_per_30":5,
            "routine_name":"Core","routine_when":"before","exercises":[],
            "notices":[{"kind":"cap","text":"Capped.","sources":["S1"]}],
            "weeks":[{"number":1,"start":"2026-11-02","target_km":14.4,"scheduled_km":14.0,"runs":3,
                "cross_sessions":1,"lighter":false,"capped":true,"routine_rounds":2}],
            "days":[{"date":"2026-11-03","week":1,"title":"Easy run 4.0 km","session":{"type":"run",
                "kind":"easy","intensity":"easy","distance_km":4.0,"est_minutes":null,"brace":true,
                "routine":[{"exercise_id":"side-plank","name":"Side plank","sets":2,"reps":8,"per_side":true,
                    "hold_s":15,"at_least":false,"dose":"2 rounds of 8 reps","replaces":"Ball pike","sources":["S2"]}]}},
              {"date":"2026-11-04","week":1,"title":"Cycling 30 min (easy)","session":{"type":"cross-train",
                "activity":"cycling","minutes":30,"routine":[]}}]}}"#;
        let record = plan_from_report(body, day(2026, 11, 2), 1).expect("readable");
        assert!(record.from_report);
        assert_eq!(record.request.cross_days_per_30, Some(5));
        assert_eq!(
            record.applied,
            Some(AppliedRecord {
                run_day: day(2026, 11, 24),
                action: ActionRecord::StepBack
            })
        );
        let plan = record.ready().expect("ready");
        assert_eq!(plan.weeks[0].target_m, 14_400);
        assert_eq!(plan.weeks[0].scheduled_m, 14_000);
        assert_eq!(plan.notices[0].kind, NoticeKindRecord::Cap);
        assert_eq!(plan.sources, ["S1", "S2"]);
        match &plan.days[0].session {
            SessionRecord::Run {
                distance_m,
                brace,
                routine,
                ..
            } => {
                assert_eq!(*distance_m, 4_000);
                assert!(brace);
                assert_eq!(routine[0].dose, "2 rounds of 8 reps");
                assert_eq!(
                    routine[0].substitutes.as_ref().map(|s| s.name.as_str()),
                    Some("Ball pike")
                );
            }
            other => panic!("a run, not {other:?}"),
        }
        assert!(matches!(
            plan.days[1].session,
            SessionRecord::CrossTrain { minutes: 30, .. }
        ));
    }

    #[test]
    fn a_blocked_plan_keeps_its_tier_instruction_and_flags() {
        let body = r#"{"assessment":{"triage":{"tier":"urgent","allows_plan":false,"instruction":"See a GP today.",
            "flags":[{"id":"fever","suggests":"infection","because":"yes","asked":true,"from_note":false,
            "tier":"urgent","combined":false,"action":"today","sources":["NICE"]}]},"causes":[],"recommendations":[],"signals":[]},
            "plan":{"status":"blocked","tier":"urgent","instruction":"See a GP today."}}"#;
        let record = plan_from_report(body, day(2026, 1, 5), 4).expect("readable");
        match record.outcome {
            PlanOutcomeRecord::Blocked(b) => {
                assert_eq!(b.tier, "urgent");
                assert_eq!(b.flags.len(), 1);
                assert_eq!(b.flags[0].id, "fever");
            }
            PlanOutcomeRecord::Ready(_) => panic!("blocked"),
        }
        assert_eq!(record.request.cross_days_per_30, None);
        let a = assessment_from_report(body).expect("readable");
        assert_eq!(a.triage.tier, "urgent");
        assert!(!a.triage.allows_plan);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let start = day(2026, 1, 5);
        assert!(plan_from_report("not json", start, 1).is_err());
        assert!(plan_from_report("{}", start, 1).is_err());
        let check_due =
            r#"{"plan":{"status":"check-due","instruction":"x","reasons":[],"to_ask":[]}}"#;
        assert!(plan_from_report(check_due, start, 1).is_err());
        let negative = r#"{"plan":{"status":"ready","start":"2026-01-05","end":"2026-01-11","cross_days_per_30":3,
            "weeks":[{"number":1,"start":"2026-01-05","target_km":-3,"scheduled_km":0,"runs":0,
            "cross_sessions":0,"lighter":false,"capped":false,"routine_rounds":1}],"days":[]}}"#;
        let err = plan_from_report(negative, start, 1).expect_err("negative km");
        assert!(err.contains("out of range"), "{err}");
        assert!(assessment_from_report(r#"{"plan":null}"#).is_err());
    }
}
