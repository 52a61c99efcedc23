//! The store's conformance suite: one `check` helper per area, each run
//! against every backend in `support::backends`, plus property tests of the
//! sample blob and the duplicate rule, the heart-rate column and its fill
//! on open, and the crash test that kills a bulk
//! import mid-way.

mod activities;
mod crash;
mod documents;
mod edits;
mod export_backup;
mod form;
mod heart_rate;
mod limits;
mod logs;
mod paging;
mod properties;
mod support;
mod told_checks;
mod upgrade_records;
mod wipe;
