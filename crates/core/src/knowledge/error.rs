//! Errors from loading the knowledge base, each naming its file and item.

use std::fmt;

/// One problem in one item of one knowledge file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeError {
    /// The file, e.g. `exercises.toml`.
    pub file: String,
    /// The item's ID (or the TOML location for parse errors).
    pub item: String,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for KnowledgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "knowledge/{}: {}: {}",
            self.file, self.item, self.problem
        )
    }
}

/// Every problem found while loading.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct KnowledgeErrors(pub Vec<KnowledgeError>);

impl fmt::Display for KnowledgeErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the knowledge base has {} problem(s):", self.0.len())?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}
