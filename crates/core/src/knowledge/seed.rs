//! The IDs of the founding article's claims, as listed in SEED-MODEL.md.
//!
//! Loading fails if any of them is missing from `sources.toml` or cited by no
//! item, so the product can never silently drop a claim it was founded on.

/// Every claim ID of the founding article.
pub const SEED_IDS: &[&str] = &[
    "SEED-DOCTOR",
    "SEED-BRACE-DOCTOR",
    "SEED-BACK-WORKLOAD",
    "SEED-LOWER-CORE",
    "SEED-CORE-COMPENSATION",
    "SEED-UPPER-HEAD",
    "SEED-UPPER-ARMS",
    "SEED-BRACE-POSTURE",
    "SEED-CROSS-TRAIN",
    "SEED-CROSS-TRAIN-DOSE",
    "SEED-CROSS-TRAIN-JOINTS",
    "SEED-ROUTINE",
    "SEED-EX-WARRIOR",
    "SEED-EX-BICYCLE",
    "SEED-EX-BALL-PIKE",
    "SEED-DILIGENCE",
];
