//! The standing red flag: one rule, used by every command, for what stops
//! the plan now and which questions would clear it. Pure: the shell reads
//! the store (saved answers, red-flag checks, log notes and pain scores
//! with the moment each was *told*) and passes "today" in.
//!
//! A flag stands
//!
//! - from the red-flag answers (the latest saved answers, with every later
//!   `check` answer applied: [`checks::effective_checklist`]);
//! - from any log note that may name a warning sign, told after the latest
//!   check that answered that sign's question ([`standing::standing`]);
//! - from severe pain (9-10/10) told after the latest check that asked
//!   about it ([`pain::severe_pain_flag`]);
//!
//! until a new check answers those questions "no". Apart from flags, the
//! red-flag questions are due again ([`pain::check_due`]) after pain at
//! 7/10 or more, after a region's pain rises two points in a week, and
//! every four weeks while a plan runs.

pub mod checks;
pub mod pain;
pub mod standing;

pub use checks::{Check, SEVERE_PAIN, effective_checklist};
pub use pain::{CheckDue, ToldPain};
pub use standing::{Inputs, Standing, ToldNote, standing};
