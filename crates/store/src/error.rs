//! The one error type of the store: what went wrong, in words a user can act
//! on, with the database error kept as the source.

use std::path::PathBuf;

use crate::samples::BlobError;

/// Everything a store operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or created.
    #[error("cannot open the database at {path}: {}", reason(source))]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: sqlx::Error,
    },
    /// The schema migrations failed.
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A query failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A value given to the store is out of range or malformed.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// Which input.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A referenced row does not exist.
    #[error("no {what} with id {id}")]
    NotFound {
        /// What kind of row.
        what: &'static str,
        /// The id asked for.
        id: i64,
    },
    /// A stored row holds a value this version cannot read.
    #[error("stored {table} row {id} is unreadable: {reason}")]
    CorruptRow {
        /// The table.
        table: &'static str,
        /// The row id.
        id: i64,
        /// What is wrong.
        reason: String,
    },
    /// An activity's sample blob does not decode.
    #[error("samples of activity {activity_id} are unreadable: {source}")]
    CorruptSamples {
        /// The activity.
        activity_id: i64,
        /// Why.
        source: BlobError,
    },
    /// A write did not reach the database: nothing of it is stored. The
    /// reason is SQLite's (a full disk, a read-only file, an I/O error, a
    /// lock held by another program past the busy timeout).
    #[error("not saved: {}", reason(.0))]
    NotSaved(sqlx::Error),
    /// The database was written by a newer Backstride: it holds schema
    /// changes this binary does not know, so it is not touched.
    #[error(
        "the database {path} was written by a newer version of Backstride (schema change {version} is unknown to this one); upgrade backstride to use it. Nothing was changed"
    )]
    NewerDatabase {
        /// The database file.
        path: PathBuf,
        /// The highest schema change it holds.
        version: i64,
    },
    /// The database file is damaged (not a database, or its pages do not
    /// read back).
    #[error("the database {path} is damaged ({reason})")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        reason: String,
    },
    /// A backup target already exists; backups never overwrite.
    #[error("backup target {0} already exists; choose a new file name")]
    BackupTargetExists(PathBuf),
}

impl StoreError {
    /// An [`StoreError::Invalid`] with a formatted reason.
    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        StoreError::Invalid {
            field,
            reason: reason.into(),
        }
    }

    /// A write's failure as the caller should see it: a database error
    /// becomes [`StoreError::NotSaved`]; what the caller gave wrong
    /// (invalid values, a missing activity) stays as it is.
    pub(crate) fn into_not_saved(self) -> Self {
        match self {
            StoreError::Database(e) => StoreError::NotSaved(e),
            other => other,
        }
    }

    /// Whether the problem lies in what the caller asked for (an invalid
    /// value, a missing activity), not in the database or the machine.
    pub fn is_bad_request(&self) -> bool {
        matches!(
            self,
            StoreError::Invalid { .. }
                | StoreError::NotFound { .. }
                | StoreError::BackupTargetExists(_)
        )
    }

    /// Whether SQLite found the database file damaged (not a database, or
    /// pages that do not read back), whenever that showed.
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Corrupt { .. } => true,
            StoreError::Database(e)
            | StoreError::NotSaved(e)
            | StoreError::Open { source: e, .. } => is_corruption(e),
            _ => false,
        }
    }

    /// A [`StoreError::CorruptRow`] with a formatted reason.
    pub(crate) fn corrupt(table: &'static str, id: i64, reason: impl Into<String>) -> Self {
        StoreError::CorruptRow {
            table,
            id,
            reason: reason.into(),
        }
    }
}

/// SQLite's own words for a database error ("database or disk is full"),
/// else the driver's.
fn reason(err: &sqlx::Error) -> String {
    match err {
        sqlx::Error::Database(db) if db.message() == "disk I/O error" => {
            "disk I/O error (is the disk full?)".to_owned()
        }
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    }
}

/// Whether SQLite says the file is not a database or is damaged
/// (`SQLITE_NOTADB`, `SQLITE_CORRUPT`).
pub(crate) fn is_corruption(err: &sqlx::Error) -> bool {
    match err {
        // The primary code is the low byte of an extended one.
        sqlx::Error::Database(db) => db
            .code()
            .and_then(|code| code.parse::<i32>().ok())
            .is_some_and(|code| matches!(code & 0xff, 11 | 26)),
        _ => false,
    }
}

/// Turns a foreign-key violation into [`StoreError::NotFound`].
pub(crate) fn map_foreign_key(err: sqlx::Error, what: &'static str, id: i64) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::NotFound { what, id }
        }
        _ => StoreError::Database(err),
    }
}
