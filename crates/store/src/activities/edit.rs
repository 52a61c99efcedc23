//! Corrections the runner makes to a stored activity: its sport (for a
//! file that named none, or named it wrongly). The runner's word then
//! outranks any copy of the activity imported later (see `dedupe`).

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
}
