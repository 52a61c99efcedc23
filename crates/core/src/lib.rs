//! Backstride's domain: the knowledge base, assessment, red-flag triage and
//! planning, as pure functions. No file, clock, network or environment is
//! touched here: dates and data are arguments, and the same input always
//! gives the same output. `load`, `pain` and `insights` set training load
//! against back pain (issue 4); their permutation tests take a seeded
//! generator as an argument.
//!
//! ```
//! use backstride_core::knowledge::KnowledgeBase;
//!
//! let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
//! assert!(kb.exercise("warrior-pose").is_some());
//! ```

pub mod activity;
pub mod assessment;
pub mod evidence;
pub mod form;
pub mod history;
pub mod insights;
pub mod knowledge;
pub mod load;
pub mod local_day;
pub mod pain;
pub mod phrases;
pub mod plan;
pub mod profile;
pub mod safety;
pub mod signal;
pub mod stats;
pub mod units;

/// Shown wherever advice is shown.
pub const DISCLAIMER: &str = "Backstride is not a medical device and does not diagnose or treat any condition. Its advice is general information: if you are unsure, or your pain is severe or getting worse, see a doctor or physiotherapist.";
