//! Where Backstride keeps a runner's data on this machine: the database
//! (`backstride.db`) in the XDG data directory (`$XDG_DATA_HOME/backstride`,
//! usually `~/.local/share/backstride`), or in `$BACKSTRIDE_DATA_DIR` when
//! set. Nothing leaves the machine.
//!
//! Files the app writes elsewhere (exports, calendars, reports) go through
//! `crate::atomic`: a temporary name, then a rename, so a crash or a full
//! disk never leaves a half-written file behind.

use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::commands::UserError;

/// The data directory.
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// A data directory at `root` (the demo's temporary folder).
    pub fn at(root: PathBuf) -> Self {
        DataDir { root }
    }

    /// Finds the data directory (it is created on first write).
    pub fn locate() -> Result<Self> {
        if let Some(dir) = std::env::var_os("BACKSTRIDE_DATA_DIR").filter(|d| !d.is_empty()) {
            return Ok(DataDir {
                root: PathBuf::from(dir),
            });
        }
        let dirs = directories::ProjectDirs::from("", "", "backstride").context(
            "cannot find a home directory for Backstride's data; set BACKSTRIDE_DATA_DIR",
        )?;
        Ok(DataDir {
            root: dirs.data_dir().to_path_buf(),
        })
    }

    /// The database.
    pub fn database(&self) -> PathBuf {
        self.root.join("backstride.db")
    }

    /// Creates the directory if needed. A file in its place is the
    /// runner's to move (exit 2), said in those words.
    pub fn ensure(&self) -> Result<()> {
        if self.root.exists() && !self.root.is_dir() {
            return Err(UserError(format!(
                "the data directory {} is a file, not a folder: move that file away, or set BACKSTRIDE_DATA_DIR to a folder",
                self.root.display()
            ))
            .into());
        }
        fs::create_dir_all(&self.root)
            .with_context(|| format!("cannot create the data directory {}", self.root.display()))
    }
}
