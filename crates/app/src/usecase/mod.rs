//! The use-case layer: one function per thing a runner does (assess, plan,
//! re-plan, import, log, edit or delete an entry, history, insights, form,
//! export, backup, delete everything, sources, the runner's profile), taking typed input and
//! returning typed results. The CLI (`commands.rs` and the command
//! modules) and the web app (`web/`) both call these and do nothing else
//! but parse input and render output, so the two never drift apart.
//!
//! Direction: `cli`/`web` -> `usecase` -> (`core`, `store`, `formats`).
//! A use case never prints, never reads the clock (the [`Clock`] is
//! passed in) and never asks questions; it runs synchronously, with store
//! calls driven by [`Opened::run`] (on the CLI's own runtime, or on the
//! server's from a blocking thread).
//!
//! [`Clock`]: crate::commands::Clock
//! [`Opened::run`]: crate::storage::Opened::run

pub mod assess;
pub mod check;
pub mod data;
pub mod edit;
pub mod form;
pub mod history;
pub mod import;
pub mod insights;
pub mod log;
pub mod plan;
pub mod profile;
pub mod replan;
pub mod sources;
pub mod today;
