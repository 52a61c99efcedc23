//! `backstride serve`: the local web app, from the same binary and on the
//! same data directory as the CLI (both can run at once: SQLite in WAL
//! mode, every write one transaction).
//!
//! - `state.rs`: what handlers share, and [`state::AppState::run`], which
//!   runs a synchronous use case (`crate::usecase`) on a blocking thread;
//! - `security.rs`: host allow-list, pairing, CSRF, security headers;
//! - `page.rs`: the frame of every page (askama, `templates/web/`);
//! - `pages/`: the HTML pages; `api/`: the JSON API and its OpenAPI
//!   document; `assets.rs`: the embedded stylesheet and script;
//! - `error.rs`: 4xx for the runner's input, 500 for ours.
//!
//! Bound to 127.0.0.1 unless `--lan`, which binds every interface and
//! requires pairing. Nothing is fetched from anywhere: every asset is in
//! the binary.

pub mod api;
pub mod assets;
pub mod cache;
pub mod demo;
pub mod error;
#[cfg(test)]
mod insights_form_tests;
pub mod page;
pub mod pages;
pub mod security;
pub mod state;
#[cfg(test)]
pub mod testing;
#[cfg(test)]
mod tests;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::Redirect;
use axum::routing::get;
use backstride_core::knowledge::KnowledgeBase;

use crate::cli::ServeArgs;
use crate::commands::{Clock, Outcome};
use crate::datadir::DataDir;
use crate::web::state::{AppState, Config, Secrets};

/// The body size of any request but an upload (uploads set their own).
const BODY_BYTES: usize = 2 << 20;

/// The whole app: pages, API, the OpenAPI document, assets, behind the
/// security middleware.
pub fn app(state: AppState) -> Router {
    let (api, doc) = api::routes().split_for_parts();
    let doc_json = doc.to_pretty_json().unwrap_or_else(|_| "{}".to_owned());
    Router::new()
        .route("/", get(|| async { Redirect::to("/today") }))
        .route("/assets/{name}", get(assets::serve))
        .route(
            "/api/openapi.json",
            get(move || {
                let body = doc_json.clone();
                async move {
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        body,
                    )
                }
            }),
        )
        .merge(pages::routes())
        .merge(api)
        .fallback(|| async { error::WebError::NotFound("There is no such page here.".to_owned()) })
        .layer(DefaultBodyLimit::max(BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .with_state(state)
}

/// Runs `backstride serve` until Ctrl-C.
pub fn command(
    kb: KnowledgeBase,
    args: &ServeArgs,
    clock: &Clock,
    fixed_today: bool,
) -> Result<Outcome> {
    // The demo lives in a fresh temporary folder, removed at the end:
    // the runner's own data directory is never read or written.
    let demo_dir = if args.demo {
        Some(
            tempfile::Builder::new()
                .prefix("backstride-demo-")
                .tempdir()
                .context("cannot make a temporary folder for the demo")?,
        )
    } else {
        None
    };
    let data = match &demo_dir {
        Some(dir) => DataDir::at(dir.path().to_path_buf()),
        None => DataDir::locate()?,
    };
    data.ensure()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(serve(kb, args, clock, fixed_today, data))
}

async fn serve(
    kb: KnowledgeBase,
    args: &ServeArgs,
    clock: &Clock,
    fixed_today: bool,
    data: DataDir,
) -> Result<Outcome> {
    let path = data.database();
    let store = backstride_store::Store::open(&path)
        .await
        .map_err(|e| crate::storage::opening_error(e, &path))?;
    let ip = if args.lan {
        IpAddr::V4(Ipv4Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    };
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, args.port))
        .await
        .map_err(|e| {
            crate::commands::UserError(format!(
                "cannot listen on port {}: {e} (is another `backstride serve` running? try --port)",
                args.port
            ))
        })?;
    let addr = listener.local_addr()?;
    let secrets = Secrets {
        csrf: security::random_token()?,
        pairing: if args.lan {
            Some(security::random_token()?)
        } else {
            None
        },
    };
    let config = Config {
        addr,
        lan: args.lan,
        demo: args.demo,
        today: fixed_today.then_some(clock.today),
        data_dir: path.parent().map(|p| p.to_path_buf()).unwrap_or_default(),
    };
    let state = AppState::new(store, kb, config, secrets);
    if args.demo {
        let seeded = state
            .run(|ctx| {
                // The demo runner lives in this machine's zone, at today's offset.
                let offset_s = chrono::TimeZone::offset_from_utc_datetime(
                    &ctx.clock.zone,
                    &ctx.clock.now.naive_utc(),
                );
                let offset_s = chrono::Offset::fix(&offset_s).local_minus_utc();
                demo::seed(ctx.db, ctx.kb, ctx.clock, offset_s)
            })
            .await
            .map_err(|e| anyhow::anyhow!("the demo data could not be written: {e}"))?;
        eprintln!(
            "Demo: a made-up runner with {} runs, {} pain scores, {} routines and {} cross-training sessions over six months.",
            seeded.runs, seeded.pain, seeded.routines, seeded.cross_training
        );
    }
    announce(state.config(), state.secrets(), &path);
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .context("the web server stopped")?;
    Ok(Outcome::Done)
}

/// Says where the app is, what it reads, and (with `--lan`) what it
/// exposes and how to pair a phone.
fn announce(config: &Config, secrets: &Secrets, db: &std::path::Path) {
    let port = config.addr.port();
    // Tests and scripts read this first line for the URL.
    println!("Backstride is open at http://127.0.0.1:{port}/");
    eprintln!("Data: {} (the same as the command line's).", db.display());
    if let Some(token) = &secrets.pairing {
        let lan =
            lan_address().map_or_else(|| "THIS-MACHINE'S-ADDRESS".to_owned(), |ip| ip.to_string());
        eprintln!(
            "--lan: every device on your network can reach this server, and so your health data, once paired.\n\
             Pair a phone by opening this link on it (keep it private):\n  http://{lan}:{port}/pair?token={token}"
        );
    } else {
        eprintln!("Only this machine can open it. Nothing leaves this machine.");
    }
    eprintln!("Press Ctrl-C to stop.");
}

/// This machine's address on the local network: the source address the
/// system would use to reach a documentation-range address (no packet is
/// sent).
fn lan_address() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    socket.local_addr().ok().map(|a| a.ip())
}
