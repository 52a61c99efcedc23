//! Opening the store: the connection settings every SQLite connection gets
//! (WAL journal, foreign keys, a busy timeout, `synchronous = NORMAL`, which
//! is durable at each checkpoint and never corrupts under WAL), and the
//! embedded migrations, run on every open so a new binary upgrades an old
//! database before its first query. After them, data a migration added
//! room for but SQL cannot compute is filled in Rust: each activity's
//! heart-rate time from its sample blob (once; see
//! `activities::heart_rate`).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::pool::PoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};

use crate::backend::{Db, Pool};
use crate::error::StoreError;

/// The schema, embedded at compile time.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a connection waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The Backstride database: every use case is a method on this type.
///
/// Cloning is cheap and shares the connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: Pool,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) the database file at `path` and brings its
    /// schema up to date.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal);
        let pool = PoolOptions::<Db>::new()
            .max_connections(4)
            .connect_with(with_common_settings(options))
            .await
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        Self::migrate(pool, Some(path)).await
    }

    /// A fresh database in memory, for tests and dry runs. It lives as long
    /// as the store (one connection that is never recycled).
    pub async fn open_in_memory() -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?;
        let pool = PoolOptions::<Db>::new()
            .min_connections(1)
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(with_common_settings(options))
            .await?;
        Self::migrate(pool, None).await
    }

    async fn migrate(pool: Pool, path: Option<PathBuf>) -> Result<Self, StoreError> {
        MIGRATOR.run(&pool).await?;
        crate::activities::heart_rate::backfill(&pool).await?;
        Ok(Store { pool, path })
    }

    /// The database file, or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Closes every connection, checkpointing the WAL into the main file.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

fn with_common_settings(options: SqliteConnectOptions) -> SqliteConnectOptions {
    options.foreign_keys(true).busy_timeout(BUSY_TIMEOUT)
}
