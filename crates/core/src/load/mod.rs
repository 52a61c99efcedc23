//! Training load from recorded activities (issue 4, part 1): session load
//! and intensity zones (`session`), the daily series with the EWMA
//! acute:chronic ratio and fitness/fatigue/form (`daily`), and ISO-week
//! summaries with weekly change, monotony and strain (`weekly`), from each
//! activity's time at each heart rate (`crate::activity::hr`). Cycling and
//! every other sport count toward load; cycling and swimming also count
//! toward the cross-training dose.

pub mod daily;
pub mod session;
pub mod weekly;

pub use daily::{DayLoad, LoadSeries, SourceCounts, series};
pub use session::{HrZones, LoadSource, SessionLoad, ZoneBasis};
pub use weekly::{Monotony, WeekLoad, weeks};
