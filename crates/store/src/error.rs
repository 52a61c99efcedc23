//! The one error type of the store: what went wrong, in words a user can act
//! on, with the database error kept as the source.

use std::path::PathBuf;

use crate::samples::BlobError;

/// Everything a store operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or created.
    #[error("cannot open the database at {path}: {source}")]
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

    /// A [`StoreError::CorruptRow`] with a formatted reason.
    pub(crate) fn corrupt(table: &'static str, id: i64, reason: impl Into<String>) -> Self {
        StoreError::CorruptRow {
            table,
            id,
            reason: reason.into(),
        }
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
