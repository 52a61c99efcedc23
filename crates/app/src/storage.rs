//! Opening the store for a command: the async runtime sqlx needs, and the
//! database in the data directory. Commands stay synchronous and call
//! `block_on` at the edge.

use anyhow::{Context, Result};
use backstride_store::Store;
use tokio::runtime::Runtime;

use crate::datadir::DataDir;

/// An open store with the runtime that drives it.
pub struct Opened {
    /// The runtime.
    pub rt: Runtime,
    /// The store.
    pub store: Store,
}

impl Opened {
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
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    Ok(Opened { rt, store })
}
