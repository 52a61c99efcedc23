//! Where Backstride keeps a runner's data on this machine: the last answers
//! and the last plan, in the XDG data directory (`$XDG_DATA_HOME/backstride`,
//! usually `~/.local/share/backstride`), or in `$BACKSTRIDE_DATA_DIR` when
//! set. Nothing leaves the machine.
//!
//! Files are written to a temporary name and renamed, so a crash never
//! leaves a half-written file behind.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The data directory.
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
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

    /// The saved answers file.
    pub fn answers(&self) -> PathBuf {
        self.root.join("answers.toml")
    }

    /// The last plan, as the JSON report.
    pub fn last_plan(&self) -> PathBuf {
        self.root.join("last-plan.json")
    }

    /// Writes `contents` to `path` atomically, creating the directory.
    pub fn write(&self, path: &Path, contents: &str) -> Result<()> {
        fs::create_dir_all(&self.root)
            .with_context(|| format!("cannot create {}", self.root.display()))?;
        let tmp = path.with_extension("tmp");
        let mut file =
            fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
        file.write_all(contents.as_bytes())
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        fs::rename(&tmp, path).with_context(|| format!("cannot replace {}", path.display()))?;
        Ok(())
    }
}
