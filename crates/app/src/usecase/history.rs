//! Use case "history": what is stored, for `backstride history`, the web
//! app's History page and its API: activities filtered by local days and
//! sport (a page at a time), the log entries of the same days, one
//! activity whole; and taking back an entry or an activity by the rule
//! that a warning sign is never cleared by deleting the entry that raised
//! it (an entry whose note names a standing red flag, or a severe score
//! while severe pain stands, is kept until the red-flag questions are
//! answered). Deleting an activity takes its RPE logs, so their notes are
//! read the same way.

use std::collections::BTreeSet;

use anyhow::Result;
use backstride_core::activity::Sport;
use backstride_core::assessment::notes::flags_in_note;
use backstride_core::knowledge::KnowledgeBase;
use backstride_core::safety::SEVERE_PAIN;
use backstride_core::safety::pain::SEVERE_NRS;
use backstride_store::{ActivitySummary, EntryFacts, History, LogKind, StoredActivity, TimeRange};
use chrono::{NaiveDate, TimeZone, Utc};

use crate::commands::Clock;
use crate::commands::UserError;
use crate::days::Days;
use crate::storage::Opened;
use backstride_core::local_day::{day_in, day_of, start_of};

/// The instants from the start of local day `since` to the end of local
/// day `until` in `zone` (a day starting in a DST gap starts at its first
/// real instant).
pub fn range<Z: TimeZone>(
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    zone: &Z,
) -> Result<TimeRange, UserError> {
    let start = |d: NaiveDate| start_of(d, zone);
    let from = since.and_then(start);
    // `until` is inclusive: up to the start of the next day.
    let to = until.and_then(|d| d.succ_opt()).and_then(start);
    if let (Some(f), Some(t)) = (from, to)
        && f >= t
    {
        return Err(UserError(
            "the first day must be on or before the last day (--since, --until)".to_owned(),
        ));
    }
    Ok(match (from, to) {
        (Some(f), Some(t)) => TimeRange::between(f, t),
        (Some(f), None) => TimeRange::since(f),
        (None, Some(t)) => TimeRange::until(t),
        (None, None) => TimeRange::all(),
    })
}

/// Everything stored in `range`, each list oldest first.
pub fn everything(db: &Opened, range: TimeRange) -> Result<History> {
    Ok(db.run(db.store.history(range))?)
}

/// Everything stored on the local days `days`, each record on its day by
/// core's one rule (an activity's own recorded offset, else the zone's at
/// its instant), so history shows what insights analyses for the same
/// days. The store is read with a margin around the days, then kept by day.
pub fn on_days(db: &Opened, days: Days, zone: &chrono::Local) -> Result<History> {
    let mut h = everything(db, days.query(zone))?;
    let kept = |at: chrono::DateTime<Utc>| days.contains(day_in(at, zone));
    h.activities
        .retain(|a| days.contains(day_of(a.start, a.utc_offset_s, zone)));
    h.pain.retain(|p| kept(p.at));
    h.routines.retain(|r| kept(r.at));
    h.cross_training.retain(|c| kept(c.at));
    h.brace.retain(|b| kept(b.at));
    h.rpe.retain(|r| kept(r.at));
    h.form.retain(|f| kept(f.at));
    Ok(h)
}

/// Which activities a listing shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    /// Started in this range.
    pub range: TimeRange,
    /// Of this sport only.
    pub sport: Option<Sport>,
}

/// One page of a listing of activities, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityPage {
    /// The activities on this page.
    pub activities: Vec<ActivitySummary>,
    /// This page, from 1.
    pub page: usize,
    /// How many pages there are (at least 1).
    pub pages: usize,
    /// How many activities match the filter.
    pub total: usize,
}

/// Page `page` (from 1; past the end gives the last page) of the
/// activities matching `filter`, `per_page` a page, newest first. The store
/// reads only the page (and a count), so a decade lists as fast as a week.
pub fn activities(
    db: &Opened,
    filter: Filter,
    page: usize,
    per_page: usize,
) -> Result<ActivityPage> {
    let per_page = u32::try_from(per_page.max(1)).unwrap_or(u32::MAX);
    let read = |page: usize| {
        let offset = (page as u64 - 1).saturating_mul(u64::from(per_page));
        db.run(
            db.store
                .activity_page(filter.range, filter.sport, per_page, offset),
        )
    };
    let page = page.max(1);
    let (mut activities, total) = read(page)?;
    let total = usize::try_from(total).unwrap_or(usize::MAX);
    let pages = total.div_ceil(per_page as usize).max(1);
    let shown = page.min(pages);
    if shown != page {
        activities = read(shown)?.0;
    }
    Ok(ActivityPage {
        activities,
        page: shown,
        pages,
        total,
    })
}

/// One page of the log entries of a range, newest first across every log.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryPage {
    /// The page's entries (its log lists only; each oldest first).
    pub entries: History,
    /// This page, from 1.
    pub page: usize,
    /// How many pages there are (at least 1).
    pub pages: usize,
    /// How many entries the range holds.
    pub total: usize,
}

/// Page `page` (from 1; past the end gives an empty page) of the log
/// entries in `range`, `per_page` a page, newest first.
pub fn entries(db: &Opened, range: TimeRange, page: usize, per_page: usize) -> Result<EntryPage> {
    let per_page = u32::try_from(per_page.max(1)).unwrap_or(u32::MAX);
    let page = page.max(1);
    let offset = (page as u64 - 1).saturating_mul(u64::from(per_page));
    let (entries, total) = db.run(db.store.entry_page(range, per_page, offset))?;
    let total = usize::try_from(total).unwrap_or(usize::MAX);
    Ok(EntryPage {
        entries,
        page,
        pages: total.div_ceil(per_page as usize).max(1),
        total,
    })
}

/// One activity whole (samples and laps), if it is stored.
pub fn activity(db: &Opened, id: i64) -> Result<Option<StoredActivity>> {
    Ok(db.run(db.store.load_activity(id))?)
}

/// A log's word in commands and addresses (`delete pain 3`,
/// `/history/entry/pain/3/delete`).
pub fn kind_word(kind: LogKind) -> &'static str {
    match kind {
        LogKind::Pain => "pain",
        LogKind::Routine => "routine",
        LogKind::CrossTraining => "cross-train",
        LogKind::Brace => "brace",
        LogKind::Rpe => "rpe",
    }
}

/// The log a word names (the words of [`kind_word`]).
pub fn kind_of_word(word: &str) -> Option<LogKind> {
    [
        LogKind::Pain,
        LogKind::Routine,
        LogKind::CrossTraining,
        LogKind::Brace,
        LogKind::Rpe,
    ]
    .into_iter()
    .find(|k| kind_word(*k) == word)
}

/// Whether something may be deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict<T> {
    /// It may: what would go.
    May(T),
    /// Nothing by that id is stored.
    NotFound,
    /// A warning sign that still stands rests on it: why, in words.
    Refused(String),
}

/// The warning signs that stand now and that `facts` carries: flags its
/// note names, and severe pain for a severe score.
pub fn standing_signs_in(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    facts: &EntryFacts,
) -> Result<Vec<String>> {
    let now = crate::safety::now(db, kb, None, clock.today, &clock.zone)?;
    let standing: BTreeSet<&str> = now
        .standing
        .from_logs
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    let mut signs: Vec<String> = facts
        .note
        .as_deref()
        .map(|note| flags_in_note(kb, note))
        .unwrap_or_default()
        .into_iter()
        .map(|m| m.flag.id.clone())
        .filter(|id| standing.contains(id.as_str()))
        .collect();
    if facts.nrs.is_some_and(|n| n >= SEVERE_NRS) && standing.contains(SEVERE_PAIN) {
        signs.push(SEVERE_PAIN.to_owned());
    }
    Ok(signs)
}

/// Why `what` may not be `verb` ("deleted", "edited") while `signs`
/// stand, or `None` when none does.
pub fn refusal(signs: &[String], what: &str, verb: &str) -> Option<String> {
    if signs.is_empty() {
        return None;
    }
    Some(format!(
        "not {verb}: {what} names a warning sign that still stands ({}); \
         answer the red-flag questions first (`backstride check`, or Check-in in the app): \
         a warning sign is never cleared by {verb_ing} the entry that raised it",
        signs.join(", "),
        verb_ing = if verb == "deleted" {
            "deleting"
        } else {
            "editing"
        }
    ))
}

/// Whether entry `id` of `kind` may be deleted today.
pub fn entry_deletable(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    kind: LogKind,
    id: i64,
) -> Result<Verdict<EntryFacts>> {
    let Some(facts) = db.run(db.store.log_entry_facts(kind, id))? else {
        return Ok(Verdict::NotFound);
    };
    let signs = standing_signs_in(db, kb, clock, &facts)?;
    Ok(
        match refusal(
            &signs,
            &format!("{} entry {id}'s note", kind.name()),
            "deleted",
        ) {
            Some(why) => Verdict::Refused(why),
            None => Verdict::May(facts),
        },
    )
}

/// Deletes entry `id` of `kind` unless a standing warning sign rests on
/// it (checked again here, at the moment of deleting).
pub fn delete_entry(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    kind: LogKind,
    id: i64,
) -> Result<Verdict<()>> {
    match entry_deletable(db, kb, clock, kind, id)? {
        Verdict::May(_) => Ok(if db.run(db.store.delete_log_entry(kind, id))? {
            Verdict::May(())
        } else {
            Verdict::NotFound
        }),
        Verdict::NotFound => Ok(Verdict::NotFound),
        Verdict::Refused(why) => Ok(Verdict::Refused(why)),
    }
}

/// Whether activity `id` (with every leg of its recording when
/// `with_legs`) may be deleted today: the ids that would go.
pub fn activity_deletable(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    id: i64,
    with_legs: bool,
) -> Result<Verdict<Vec<i64>>> {
    let ids = db.run(db.store.activity_and_legs(id, with_legs))?;
    if ids.is_empty() {
        return Ok(Verdict::NotFound);
    }
    for one in &ids {
        for rpe in db.run(db.store.rpe_ids_of(*one))? {
            if let Some(facts) = db.run(db.store.log_entry_facts(LogKind::Rpe, rpe))? {
                let signs = standing_signs_in(db, kb, clock, &facts)?;
                let what = format!("activity {one}'s RPE entry {rpe} (deleted with it)");
                if let Some(why) = refusal(&signs, &what, "deleted") {
                    return Ok(Verdict::Refused(why));
                }
            }
        }
    }
    Ok(Verdict::May(ids))
}

/// Deletes activity `id` (and its legs when `with_legs`) with its samples,
/// files and RPE logs, unless a standing warning sign rests on one of
/// those logs; the ids deleted.
pub fn delete_activity(
    db: &Opened,
    kb: &KnowledgeBase,
    clock: &Clock,
    id: i64,
    with_legs: bool,
) -> Result<Verdict<Vec<i64>>> {
    match activity_deletable(db, kb, clock, id, with_legs)? {
        Verdict::May(_) => {
            let deleted = db.run(db.store.delete_activity(id, with_legs))?;
            Ok(if deleted.is_empty() {
                Verdict::NotFound
            } else {
                Verdict::May(deleted)
            })
        }
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn days_are_local_days() {
        let plus13 = FixedOffset::east_opt(13 * 3600).expect("offset");
        let r = range(Some(day(2026, 11, 25)), Some(day(2026, 11, 25)), &plus13).expect("valid");
        let at = |s: &str| s.parse::<chrono::DateTime<Utc>>().expect("instant");
        assert_eq!(r.from, Some(at("2026-11-24T11:00:00Z")));
        assert_eq!(r.to, Some(at("2026-11-25T11:00:00Z")));
        let minus5 = FixedOffset::west_opt(5 * 3600).expect("offset");
        let r = range(Some(day(2026, 11, 25)), None, &minus5).expect("valid");
        assert_eq!(r.from, Some(at("2026-11-25T05:00:00Z")));
        assert!(range(Some(day(2026, 11, 26)), Some(day(2026, 11, 25)), &Utc).is_err());
    }

    #[test]
    fn every_kind_word_names_its_kind_back() {
        for kind in [
            LogKind::Pain,
            LogKind::Routine,
            LogKind::CrossTraining,
            LogKind::Brace,
            LogKind::Rpe,
        ] {
            assert_eq!(kind_of_word(kind_word(kind)), Some(kind));
        }
        assert_eq!(kind_of_word("activity"), None);
    }
}
