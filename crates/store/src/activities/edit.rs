//! Corrections the runner makes to a stored activity: its sport (for a
//! file that named none, or named it wrongly). The runner's word then
//! outranks any copy of the activity imported later (see `dedupe`).
//!
//! And undoing an import: deleting an activity removes, in one
//! transaction, its samples, laps, files (so the same file can be imported
//! again), their import problems, its heart-rate row and the RPE logged for
//! it (all `ON DELETE CASCADE`); pain and brace entries that named it stay,
//! no longer linked (`ON DELETE SET NULL`). The legs of a multisport
//! recording share `multisport_sha256`: one leg goes alone unless the legs
//! are asked for too.

use backstride_core::activity::{Sport, SportSource};

use crate::error::StoreError;
use crate::open::Store;

impl Store {
    /// Sets activity `id`'s sport as the runner says it is. The label the
    /// file gave is kept. `false` when there is no such activity.
    pub async fn set_sport(&self, id: i64, sport: Sport) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE activities SET sport = $1, sport_source = $2 WHERE id = $3")
            .bind(sport.name())
            .bind(SportSource::Runner.name())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The ids activity `id` would take with it when deleted: itself, and
    /// with `with_legs` the other legs of its multisport recording. Empty
    /// when there is no such activity.
    pub async fn activity_and_legs(
        &self,
        id: i64,
        with_legs: bool,
    ) -> Result<Vec<i64>, StoreError> {
        let recording: Option<(Option<String>,)> =
            sqlx::query_as("SELECT multisport_sha256 FROM activities WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(match recording {
            None => Vec::new(),
            Some((Some(sha),)) if with_legs => {
                sqlx::query_scalar(
                    "SELECT id FROM activities WHERE multisport_sha256 = $1 ORDER BY id",
                )
                .bind(sha)
                .fetch_all(&self.pool)
                .await?
            }
            Some(_) => vec![id],
        })
    }

    /// Deletes activity `id` (with `with_legs`, every leg of its multisport
    /// recording) and everything that belongs to it, in one transaction;
    /// the ids deleted, empty when there is no such activity.
    pub async fn delete_activity(&self, id: i64, with_legs: bool) -> Result<Vec<i64>, StoreError> {
        self.write(async |tx| {
            let recording: Option<(Option<String>,)> =
                sqlx::query_as("SELECT multisport_sha256 FROM activities WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let ids: Vec<i64> = match recording {
                None => return Ok(Vec::new()),
                Some((Some(sha),)) if with_legs => {
                    sqlx::query_scalar(
                        "SELECT id FROM activities WHERE multisport_sha256 = $1 ORDER BY id",
                    )
                    .bind(sha)
                    .fetch_all(&mut *tx)
                    .await?
                }
                Some(_) => vec![id],
            };
            for one in &ids {
                sqlx::query("DELETE FROM activities WHERE id = $1")
                    .bind(one)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(ids)
        })
        .await
    }

    /// The id of the activity that started last (`--activity last`).
    pub async fn last_activity_id(&self) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM activities ORDER BY start_ms DESC, id DESC LIMIT 1")
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}
