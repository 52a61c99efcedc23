//! Opening the store for a command: the async runtime sqlx needs, and the
//! database in the data directory. Commands stay synchronous and call
//! `block_on` at the edge.
//!
//! Opening problems are said once, in words the runner can act on: a
//! database from a newer Backstride (upgrade; `backup` and `export` still
//! read it), a damaged database (how to put a backup in its place), a data
//! directory that is a file.

use std::any::Any;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use backstride_store::{Store, StoreError};
use tokio::runtime::{Handle, Runtime};

use crate::commands::UserError;
use crate::datadir::DataDir;

/// An open store with the runtime that drives it: the command's own
/// runtime (the CLI), or a handle on the server's (the web app, where use
/// cases run on blocking threads with `spawn_blocking`).
pub struct Opened {
    /// The runtime this command owns, if it owns one (dropped first).
    _owned: Option<Runtime>,
    /// The runtime store calls run on.
    pub rt: Handle,
    /// The store.
    pub store: Store,
    /// Where answers derived from the data may be kept, when the caller
    /// knows the data stays as it is while this handle is used.
    memo: Option<Arc<dyn Memo>>,
}

/// A place to keep answers derived from the stored data (the standing
/// red-flag rule over every log, say) for as long as the data stays the
/// same. The server lends one to each request that changes nothing, keyed
/// by the data's version; the CLI lends none and computes afresh.
pub trait Memo: Send + Sync {
    /// The answer kept under `key`, if any.
    fn get(&self, key: &str) -> Option<Arc<dyn Any + Send + Sync>>;
    /// Keeps `value` under `key`.
    fn put(&self, key: &str, value: Arc<dyn Any + Send + Sync>);
}

impl Opened {
    /// Wraps a store opened on a runtime someone else owns (the server's).
    /// Use it from a blocking thread only: [`Opened::run`] blocks.
    pub fn on(rt: Handle, store: Store) -> Self {
        Opened {
            _owned: None,
            rt,
            store,
            memo: None,
        }
    }

    /// The same handle, keeping derived answers in `memo`. Only for a use
    /// that changes nothing while the data cannot change underneath it
    /// (or where the memo's key follows every change).
    pub fn with_memo(mut self, memo: Arc<dyn Memo>) -> Self {
        self.memo = Some(memo);
        self
    }

    /// `compute()`'s answer, or the one kept under `key` when a memo was
    /// lent and holds one.
    pub fn memoised<T: Any + Send + Sync + Clone>(
        &self,
        key: &str,
        compute: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let Some(memo) = &self.memo else {
            return compute();
        };
        if let Some(kept) = memo.get(key).and_then(|v| v.downcast::<T>().ok()) {
            return Ok((*kept).clone());
        }
        let value = compute()?;
        memo.put(key, Arc::new(value.clone()));
        Ok(value)
    }

    /// Runs a store call to completion.
    pub fn run<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }
}

/// The runtime for store calls: small, since SQLite serialises writes.
pub fn runtime() -> Result<Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Opens (creating and migrating if needed) the runner's database.
pub fn open(data: &DataDir) -> Result<Opened> {
    data.ensure()?;
    let rt = runtime()?;
    let path = data.database();
    let store = rt
        .block_on(Store::open(&path))
        .map_err(|e| opening_error(e, &path))?;
    Ok(Opened {
        rt: rt.handle().clone(),
        _owned: Some(rt),
        store,
        memo: None,
    })
}

/// Opens the database for `backup` and `export`: as [`open`] does, or, for
/// a database written by a newer Backstride, read-only and as it is.
pub fn open_for_reading(data: &DataDir) -> Result<Opened> {
    data.ensure()?;
    let rt = runtime()?;
    let path = data.database();
    let store = match rt.block_on(Store::open(&path)) {
        Ok(store) => store,
        Err(StoreError::NewerDatabase { .. }) => {
            eprintln!(
                "Note: {} was written by a newer version of Backstride; reading it as it is, without changing it.",
                path.display()
            );
            rt.block_on(Store::open_read_only(&path))
                .map_err(|e| opening_error(e, &path))?
        }
        Err(e) => return Err(opening_error(e, &path)),
    };
    Ok(Opened {
        rt: rt.handle().clone(),
        _owned: Some(rt),
        store,
        memo: None,
    })
}

/// How to put a backup in place of a damaged database.
fn restore_advice(path: &Path) -> String {
    let shown = path.display();
    format!(
        "Backstride cannot read it. To restore a backup made with `backstride backup FILE`: move {shown} (and {shown}-wal, {shown}-shm if present) out of the way, then copy the backup file to {shown}."
    )
}

/// The one line for an error in which SQLite found the database damaged
/// after it opened (a page that does not read back), else `None`.
pub fn damage(e: &anyhow::Error) -> Option<String> {
    let store = e
        .chain()
        .filter_map(|cause| cause.downcast_ref::<StoreError>())
        .find(|s| s.is_damage())?;
    if matches!(store, StoreError::Corrupt { .. }) {
        // Already worded when it was opened.
        return None;
    }
    let path = DataDir::locate().ok()?.database();
    Some(format!(
        "the database {} is damaged (SQLite found pages it cannot read): {}",
        path.display(),
        restore_advice(&path)
    ))
}

/// The words for a database that cannot be opened.
pub fn opening_error(e: StoreError, path: &Path) -> anyhow::Error {
    match e {
        StoreError::NewerDatabase { .. } => UserError(format!(
            "{e}. `backstride backup FILE` and `backstride export --out DIR` still read it."
        ))
        .into(),
        StoreError::Corrupt { .. } => anyhow::anyhow!("{e}: {}", restore_advice(path)),
        // Said once: the store's words name the file and SQLite's reason.
        other @ StoreError::Open { .. } => anyhow::anyhow!("{other}"),
        other => anyhow::Error::new(other)
            .context(format!("cannot open the database {}", path.display())),
    }
}
