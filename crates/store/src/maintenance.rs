//! Keeping the data safe: a consistent backup while the store stays open,
//! and the checks that prove a database is whole (after a crash, or before
//! trusting a backup).
//!
//! The backup uses SQLite's `VACUUM INTO`, which reads one snapshot and
//! writes a compact, self-contained database (no WAL beside it). It is
//! written to a temporary file in the target's folder, flushed to disk, and
//! only then linked under the target's name, so a full disk or a crash
//! never leaves a half backup that looks whole. It never overwrites: an
//! existing target is refused before SQLite is asked, and the final link
//! fails if one appears in between.
//!
//! The target is passed as a `file:` URI with `mode=rwc`: sqlx opens every
//! connection with URI names enabled, and an in-memory store's flags would
//! otherwise be inherited by the target, writing the "backup" into memory.

use std::path::Path;

use crate::error::StoreError;
use crate::open::Store;

impl Store {
    /// Writes a consistent copy of the database to `target`, which must not
    /// exist yet. The copy opens with [`Store::open`] like any database.
    pub async fn backup_to(&self, target: impl AsRef<Path>) -> Result<(), StoreError> {
        let target = target.as_ref();
        if target.exists() {
            return Err(StoreError::BackupTargetExists(target.to_path_buf()));
        }
        let absolute = std::path::absolute(target).map_err(|e| {
            StoreError::invalid("backup target", format!("{}: {e}", target.display()))
        })?;
        let folder = absolute.parent().unwrap_or(Path::new("/"));
        let unwritable = |e: std::io::Error| {
            StoreError::invalid("backup target", format!("{}: {e}", target.display()))
        };
        // An empty file, which `VACUUM INTO` accepts as its target.
        let partial = tempfile::Builder::new()
            .prefix(".backstride-backup-")
            .suffix(".partial")
            .tempfile_in(folder)
            .map_err(unwritable)?;
        let partial_name = partial.path().to_str().ok_or_else(|| {
            StoreError::invalid(
                "backup target",
                format!("{} is not valid UTF-8", folder.display()),
            )
        })?;
        sqlx::query("VACUUM INTO $1")
            .bind(file_uri(partial_name))
            .execute(&self.pool)
            .await
            .map_err(StoreError::NotSaved)?;
        let not_saved = |e: std::io::Error| StoreError::NotSaved(sqlx::Error::Io(e));
        partial.as_file().sync_all().map_err(not_saved)?;
        partial
            .persist_noclobber(&absolute)
            .map_err(|e| match e.error.kind() {
                std::io::ErrorKind::AlreadyExists => {
                    StoreError::BackupTargetExists(target.to_path_buf())
                }
                _ => not_saved(e.error),
            })?;
        // The new name itself is durable once the folder is.
        if let Ok(dir) = std::fs::File::open(folder) {
            dir.sync_all().map_err(not_saved)?;
        }
        Ok(())
    }

    /// SQLite's own consistency check: `Ok(())` when `PRAGMA integrity_check`
    /// reports "ok", else the problems it lists.
    pub async fn integrity_check(&self) -> Result<Result<(), Vec<String>>, StoreError> {
        let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await?;
        Ok(if lines == ["ok"] { Ok(()) } else { Err(lines) })
    }

    /// Loads every activity and checks that its samples decode to the count
    /// its row promises; returns how many were checked. The first problem
    /// found is the error.
    pub async fn verify_activities(&self) -> Result<usize, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM activities ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        for &id in &ids {
            if self.load_activity(id).await?.is_none() {
                return Err(StoreError::corrupt("activities", id, "has no primary file"));
            }
        }
        Ok(ids.len())
    }
}

/// A `file:` URI for an absolute path, opened read-write-create on disk.
fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut uri = String::from("file://");
    if !path.starts_with('/') {
        uri.push('/');
    }
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?mode=rwc");
    uri
}

#[cfg(test)]
mod tests {
    use super::file_uri;

    #[test]
    fn paths_become_percent_encoded_file_uris() {
        assert_eq!(
            file_uri("/tmp/a b?#%.db"),
            "file:///tmp/a%20b%3F%23%25.db?mode=rwc"
        );
        assert_eq!(
            file_uri("C:\\Users\\ä.db"),
            "file:///C:/Users/%C3%A4.db?mode=rwc"
        );
    }
}
