//! The one way the store writes: every write is ONE `BEGIN IMMEDIATE`
//! transaction whose `COMMIT` result is read, so a write either is stored
//! whole or fails with [`StoreError::NotSaved`] (full disk, read-only file,
//! I/O error, a lock held past the busy timeout).
//!
//! Why this exists: an `INSERT ... RETURNING` read with `fetch_one` outside
//! a transaction hands back the new id after the first step, and SQLite's
//! implicit commit happens later, when the statement is reset; its error
//! (`SQLITE_FULL`) was never read, so "saved" was printed for rows that
//! were never stored.
//!
//! After a failure the connection is made usable again: the dropped
//! transaction's rollback is run at once, and a connection that is still
//! inside a transaction afterwards (SQLite may roll back by itself on a full
//! disk, and the driver then cannot count the transaction as closed) is
//! closed instead of going back to the pool, so the next write never meets
//! "attempted to call begin_with at non-zero transaction depth".

use sqlx::Connection;
use sqlx::pool::PoolConnection;

use crate::backend::{BEGIN_WRITE, Db};
use crate::error::StoreError;
use crate::open::Store;

/// A database connection of [`Db`], as a write's body sees it.
pub(crate) type Conn = <Db as sqlx::Database>::Connection;

impl Store {
    /// Runs `body` in one write transaction on a connection of the pool and
    /// commits it; see the module doc.
    pub(crate) async fn write<T>(
        &self,
        body: impl AsyncFnOnce(&mut Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(StoreError::NotSaved)?;
        write_on(&mut conn, body).await.map_err(|(e, _)| e)
    }
}

/// Runs `body` in one write transaction on `conn` and commits it. On
/// failure the error says whether `conn` is still usable (`false`: it is
/// closed when dropped; take another).
pub(crate) async fn write_on<T>(
    conn: &mut PoolConnection<Db>,
    body: impl AsyncFnOnce(&mut Conn) -> Result<T, StoreError>,
) -> Result<T, (StoreError, bool)> {
    let result = transaction(conn, body).await;
    match result {
        Ok(value) => Ok(value),
        Err(e) => {
            let usable = settle(conn).await;
            Err((e.into_not_saved(), usable))
        }
    }
}

async fn transaction<T>(
    conn: &mut Conn,
    body: impl AsyncFnOnce(&mut Conn) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut tx = conn.begin_with(BEGIN_WRITE).await?;
    let value = body(&mut tx).await?;
    // The commit's own result: on a full disk this is where SQLite says so.
    tx.commit().await?;
    Ok(value)
}

/// Brings a connection back to "no transaction" after a failed write;
/// whether it can be used again.
async fn settle(conn: &mut PoolConnection<Db>) -> bool {
    // The dropped transaction queued its ROLLBACK; a round trip runs it.
    let alive = conn.ping().await.is_ok();
    if alive && !conn.is_in_transaction() {
        return true;
    }
    conn.close_on_drop();
    false
}
