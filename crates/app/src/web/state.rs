//! What every request handler shares: the store, the knowledge base, the
//! server's secrets (CSRF token, pairing token, calendar token) and how it
//! was started. Handlers run use cases on blocking threads through
//! [`AppState::run`], so the synchronous use-case layer (the same one the
//! CLI calls) serves the web unchanged.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use backstride_core::knowledge::KnowledgeBase;
use backstride_store::Store;
use chrono::NaiveDate;
use tokio::runtime::Handle;

use crate::commands::Clock;
use crate::storage::Opened;
use crate::web::cache::{Cache, ReadMemo};
use crate::web::error::WebError;

tokio::task_local! {
    /// Whether the request being served changes nothing (GET, HEAD,
    /// OPTIONS): set by the security middleware around every handler.
    pub static READ_ONLY: bool;
}

/// How the server was started.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Whether other machines on the network may connect (`--lan`).
    pub lan: bool,
    /// Whether it serves the made-up demo runner (`--demo`).
    pub demo: bool,
    /// A fixed "today" (the hidden global `--today`, for tests).
    pub today: Option<NaiveDate>,
    /// The data directory (the database lives there).
    pub data_dir: PathBuf,
}

/// The secrets of one server run. Random per start, never stored.
#[derive(Debug, Clone)]
pub struct Secrets {
    /// The anti-CSRF token every state-changing request carries.
    pub csrf: String,
    /// The pairing token other devices must present once (`--lan` only).
    pub pairing: Option<String>,
}

/// Shared state: cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    cache: Arc<Cache>,
    kb: KnowledgeBase,
    config: Config,
    secrets: Secrets,
}

impl AppState {
    /// Builds the state.
    pub fn new(store: Store, kb: KnowledgeBase, config: Config, secrets: Secrets) -> Self {
        AppState {
            inner: Arc::new(Inner {
                cache: Arc::new(Cache::new(&config.data_dir.join("backstride.db"))),
                store,
                kb,
                config,
                secrets,
            }),
        }
    }

    /// The store (for async handlers that only read).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Answers computed once per version of the data (`cache.rs`).
    pub fn cache(&self) -> &Cache {
        &self.inner.cache
    }

    /// The knowledge base.
    pub fn kb(&self) -> &KnowledgeBase {
        &self.inner.kb
    }

    /// How the server was started.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// This run's secrets.
    pub fn secrets(&self) -> &Secrets {
        &self.inner.secrets
    }

    /// The moment of this request, read at the edge: today (fixed by
    /// `--today` when given) and now.
    pub fn clock(&self) -> Clock {
        let now = chrono::Utc::now();
        let today = self
            .inner
            .config
            .today
            .unwrap_or_else(|| backstride_core::local_day::day_in(now, &chrono::Local));
        Clock {
            today,
            now,
            zone: chrono::Local,
        }
    }

    /// Runs a synchronous use case on a blocking thread with the store,
    /// the knowledge base and the request's clock. Its errors become 4xx
    /// (the input) or 500 (ours) in [`WebError`].
    pub async fn run<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx<'_>) -> anyhow::Result<T> + Send + 'static,
    {
        let state = self.clone();
        let clock = self.clock();
        let handle = Handle::current();
        // A request that changes nothing keeps derived answers (the
        // standing red-flag rule) for the next one while the data stays.
        let memo = READ_ONLY
            .try_with(|read| *read)
            .unwrap_or(false)
            .then(|| ReadMemo::new(self.inner.cache.clone(), clock.today));
        tokio::task::spawn_blocking(move || {
            let mut db = Opened::on(handle, state.inner.store.clone());
            if let Some(memo) = memo {
                db = db.with_memo(Arc::new(memo));
            }
            let ctx = Ctx {
                db: &db,
                kb: &state.inner.kb,
                clock: &clock,
            };
            f(&ctx)
        })
        .await
        .map_err(|e| WebError::Internal(anyhow::anyhow!("a request's task failed: {e}")))?
        .map_err(WebError::from)
    }
}

/// What a use case run from the web gets.
pub struct Ctx<'a> {
    /// The store, on the server's runtime.
    pub db: &'a Opened,
    /// The knowledge base.
    pub kb: &'a KnowledgeBase,
    /// This request's moment.
    pub clock: &'a Clock,
}
