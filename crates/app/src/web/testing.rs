//! Handler-test support: an app on a fresh database in a temporary
//! folder, driven in-process by `axum-test`, with this run's CSRF token at
//! hand.

use std::net::{Ipv4Addr, SocketAddr};

use axum_test::TestServer;
use backstride_core::knowledge::KnowledgeBase;
use backstride_store::Store;
use chrono::NaiveDate;

use crate::web::state::{AppState, Config, Secrets};

/// The CSRF token of every test app.
pub const CSRF: &str = "test-csrf-token";

/// A test app and what it stands on.
pub struct TestApp {
    /// The in-process server.
    pub server: TestServer,
    /// The state (for seeding the store).
    pub state: AppState,
    /// Kept alive for the database's lifetime.
    pub _dir: tempfile::TempDir,
}

/// A fresh app whose "today" is `today`.
pub async fn app(today: NaiveDate) -> TestApp {
    build(today, None).await
}

/// A fresh app started as with `--lan`, and its pairing token. Test
/// requests carry no peer address, so they count as from another device.
pub async fn app_on_lan(today: NaiveDate) -> (TestApp, String) {
    let token = "test-pairing-token".to_owned();
    (build(today, Some(token.clone())).await, token)
}

async fn build(today: NaiveDate, pairing: Option<String>) -> TestApp {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = Store::open(dir.path().join("backstride.db"))
        .await
        .expect("store");
    let config = Config {
        addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        lan: pairing.is_some(),
        demo: false,
        today: Some(today),
        data_dir: dir.path().to_path_buf(),
    };
    let secrets = Secrets {
        csrf: CSRF.to_owned(),
        pairing,
    };
    let state = AppState::new(
        store,
        KnowledgeBase::embedded().expect("knowledge base"),
        config,
        secrets,
    );
    let server = TestServer::new(crate::web::app(state.clone()));
    TestApp {
        server,
        state,
        _dir: dir,
    }
}
