//! Backstride storage (work in progress: see issue 3).
