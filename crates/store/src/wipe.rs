//! Deleting everything: every row of every table, in one transaction, for
//! a runner who asks for all their data to go ("delete everything" in the
//! web app). The schema stays (the database opens as a fresh one); the
//! migrations' own bookkeeping is kept, so nothing is re-run.
//!
//! The tables are read from SQLite's schema rather than listed here, so a
//! table a later migration adds is emptied too. Foreign keys are checked
//! at the commit (`defer_foreign_keys`), when every table is empty, so the
//! order of the deletes does not matter. Afterwards the file is compacted
//! (`VACUUM`) so the deleted rows do not linger in free pages.

use crate::error::StoreError;
use crate::open::Store;

/// The table holding sqlx's record of applied migrations: kept.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

impl Store {
    /// Deletes every row of every table in one transaction; each table
    /// with the number of rows it held, in schema order.
    pub async fn delete_everything(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let removed = self
            .write(async |tx| {
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> $1 ORDER BY rowid",
                )
                .bind(MIGRATIONS_TABLE)
                .fetch_all(&mut *tx)
                .await?;
                sqlx::query("PRAGMA defer_foreign_keys = ON")
                    .execute(&mut *tx)
                    .await?;
                // Counted first: a cascade (an activity's RPE logs) empties
                // some tables before their own turn comes.
                let mut removed = Vec::with_capacity(tables.len());
                for table in &tables {
                    let rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "SELECT COUNT(*) FROM {}",
                        quoted(table)
                    )))
                    .fetch_one(&mut *tx)
                    .await?;
                    removed.push((table.clone(), u64::try_from(rows).unwrap_or_default()));
                }
                for table in &tables {
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DELETE FROM {}",
                        quoted(table)
                    )))
                    .execute(&mut *tx)
                    .await?;
                }
                Ok(removed)
            })
            .await?;
        // The rows are gone whatever happens here; compacting only frees
        // their pages, so a busy database is left to compact another time.
        let _ = sqlx::query("VACUUM").execute(&self.pool).await;
        Ok(removed)
    }
}

/// A table name from the schema itself, quoted as an identifier.
fn quoted(table: &str) -> String {
    format!("\"{}\"", table.replace('"', "\"\""))
}
