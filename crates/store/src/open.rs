//! Opening the store: the connection settings every SQLite connection gets
//! (WAL journal, foreign keys, a busy timeout, `synchronous = NORMAL`, which
//! is durable at each checkpoint and never corrupts under WAL), and the
//! embedded migrations, run on open so a new binary upgrades an old
//! database before its first query. After them, data a migration added
//! room for but SQL cannot compute is filled in Rust: each activity's
//! heart-rate time from its sample blob (once; see
//! `activities::heart_rate`), and plans and assessments saved as report
//! JSON into typed records (once; see `saved`).
//!
//! Several processes may open a new database at the same moment (two
//! terminals, a script logging in parallel). Migrations therefore run under
//! an exclusive lock on a file beside the database (`<db>.lock`, an OS
//! advisory lock released when the process ends, even when it is killed),
//! and the applied migrations are read again inside the lock: the first
//! process migrates, the others wait, find the schema current and go on.
//! A database that is already current is opened without taking the lock.
//!
//! A database holding a schema change this binary does not know was written
//! by a newer Backstride: it is refused with [`StoreError::NewerDatabase`]
//! and left untouched; [`Store::open_read_only`] still reads it (backup,
//! export). A file that is not a database, or is damaged, is
//! [`StoreError::Corrupt`].

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::{MigrateError, Migrator};
use sqlx::pool::PoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};

use crate::backend::{Db, Pool};
use crate::error::{StoreError, is_corruption};

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

/// Where the schema of a database stands against this binary.
enum Schema {
    /// Every migration this binary knows is applied, and no other.
    Current,
    /// Some are missing: migrate.
    Behind,
    /// It holds a migration this binary does not know (the highest).
    Newer(i64),
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
        // A new (or empty) file: its creation, with the switch to WAL that
        // needs the file to itself, and its first migration happen under
        // the lock, so processes opening it at once queue instead of
        // meeting "database is locked".
        let fresh = std::fs::metadata(&path).map_or(true, |m| m.len() == 0);
        let held = if fresh { Some(take_lock(&path)?) } else { None };
        let pool = connect(options, &path).await?;
        match schema(&pool).await.map_err(|e| opening(e, &path))? {
            Schema::Current => {}
            Schema::Newer(version) => return Err(newer(&pool, path, version).await),
            Schema::Behind if held.is_some() => migrate(&pool, &path).await?,
            Schema::Behind => migrate_locked(&pool, &path).await?,
        }
        drop(held);
        crate::activities::heart_rate::backfill(&pool).await?;
        // Plans and assessments saved as report JSON become typed records.
        // Not converting them now loses nothing: a reader converts a row
        // on the fly, and the next open tries again (a full disk must not
        // keep the runner from reading their data).
        let _converted = crate::saved::backfill(&pool).await;
        Ok(Store {
            pool,
            path: Some(path),
        })
    }

    /// Opens an existing database for reading only, without touching its
    /// schema: for a backup or an export of a database written by a newer
    /// Backstride. Writes fail.
    pub async fn open_read_only(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let options = SqliteConnectOptions::new().filename(&path).read_only(true);
        let pool = connect(options, &path).await?;
        // A first query proves the file is a database.
        schema(&pool).await.map_err(|e| opening(e, &path))?;
        Ok(Store {
            pool,
            path: Some(path),
        })
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
        MIGRATOR.run(&pool).await?;
        crate::activities::heart_rate::backfill(&pool).await?;
        crate::saved::backfill(&pool).await?;
        Ok(Store { pool, path: None })
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

async fn connect(options: SqliteConnectOptions, path: &Path) -> Result<Pool, StoreError> {
    PoolOptions::<Db>::new()
        .max_connections(4)
        .connect_with(with_common_settings(options))
        .await
        .map_err(|source| opening(source, path))
}

/// An error met while opening: damage is named as such.
fn opening(source: sqlx::Error, path: &Path) -> StoreError {
    if is_corruption(&source) {
        let reason = match &source {
            sqlx::Error::Database(db) => db.message().to_owned(),
            other => other.to_string(),
        };
        return StoreError::Corrupt {
            path: path.to_path_buf(),
            reason,
        };
    }
    StoreError::Open {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads the applied migrations (none when the table does not exist yet).
async fn schema(pool: &Pool) -> Result<Schema, sqlx::Error> {
    let table: Option<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(pool)
    .await?;
    if table.is_none() {
        return Ok(Schema::Behind);
    }
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await?;
    if let Some(&unknown) = applied
        .iter()
        .rev()
        .find(|&&v| !MIGRATOR.iter().any(|m| m.version == v))
    {
        return Ok(Schema::Newer(unknown));
    }
    let current = MIGRATOR
        .iter()
        .all(|m| applied.binary_search(&m.version).is_ok());
    Ok(if current {
        Schema::Current
    } else {
        Schema::Behind
    })
}

/// The refusal of a newer database; its connections are closed first.
async fn newer(pool: &Pool, path: PathBuf, version: i64) -> StoreError {
    pool.close().await;
    StoreError::NewerDatabase { path, version }
}

/// Takes the exclusive lock beside the database, blocking (this thread:
/// opening is all it does meanwhile) while another process holds it; the
/// OS releases it when the returned file is dropped, or when that process
/// ends.
fn take_lock(path: &Path) -> Result<std::fs::File, StoreError> {
    let lock = lock_path(path);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|e| lock_error(&lock, e))?;
    file.lock().map_err(|e| lock_error(&lock, e))?;
    Ok(file)
}

/// Runs the migrations under the exclusive lock beside the database.
async fn migrate_locked(pool: &Pool, path: &Path) -> Result<(), StoreError> {
    let file = take_lock(path)?;
    let result = migrate(pool, path).await;
    drop(file);
    result
}

/// Runs the migrations still missing; the caller holds the lock, and the
/// applied ones are read again under it.
async fn migrate(pool: &Pool, path: &Path) -> Result<(), StoreError> {
    match schema(pool).await.map_err(|e| opening(e, path))? {
        Schema::Current => Ok(()),
        Schema::Newer(version) => Err(StoreError::NewerDatabase {
            path: path.to_path_buf(),
            version,
        }),
        Schema::Behind => MIGRATOR.run(pool).await.map_err(|e| match e {
            MigrateError::VersionMissing(version) => StoreError::NewerDatabase {
                path: path.to_path_buf(),
                version,
            },
            other => StoreError::Migrate(other),
        }),
    }
}

fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn lock_error(lock: &Path, e: std::io::Error) -> StoreError {
    StoreError::invalid("database lock", format!("{}: {e}", lock.display()))
}

fn with_common_settings(options: SqliteConnectOptions) -> SqliteConnectOptions {
    options.foreign_keys(true).busy_timeout(BUSY_TIMEOUT)
}
