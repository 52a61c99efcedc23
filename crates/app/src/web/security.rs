//! The server's defences, applied to every request before any handler:
//!
//! - **Host allow-list** (DNS rebinding): the `Host` header must name this
//!   machine by `localhost` or an IP address; a page on another site that
//!   resolves its own name to 127.0.0.1 is refused.
//! - **Pairing** (`--lan` only): a request from another machine needs the
//!   pairing cookie, set once by opening the pairing link the server
//!   printed (`/pair?token=...`). The calendar feed has its own token.
//! - **CSRF**: every request that changes something (any method but GET,
//!   HEAD, OPTIONS) carries this run's token, as the `x-csrf-token` header
//!   (scripts, the API), a `_csrf` field of a form, or a `_csrf` query
//!   parameter (file-upload forms); and a browser's `Origin`, when sent,
//!   must be this server.
//! - **Headers** on every answer: a strict Content-Security-Policy (our own
//!   scripts and styles only, nothing inline, no frames), `nosniff`, no
//!   referrer to other sites, and `no-store` caching (health data stays
//!   out of caches).

use std::net::{IpAddr, SocketAddr};

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::web::error::{ApiError, WebError};
use crate::web::state::AppState;

/// The pairing cookie's name.
pub const PAIR_COOKIE: &str = "backstride_pair";

/// The largest form body read to find its `_csrf` field.
const FORM_BYTES: usize = 1 << 20;

/// The Content-Security-Policy of every answer.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The middleware: host, pairing, CSRF, then the handler, then headers.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    match check(&state, req).await {
        Ok(req) => {
            let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
            let mut res = crate::web::state::READ_ONLY
                .scope(!changes, next.run(req))
                .await;
            if changes {
                state.cache().changed();
            }
            secure_headers(res.headers_mut());
            res
        }
        Err(e) => {
            let mut res = if api {
                ApiError(e).into_response()
            } else {
                e.into_response()
            };
            secure_headers(res.headers_mut());
            res
        }
    }
}

async fn check(state: &AppState, req: Request) -> Result<Request, WebError> {
    let config = state.config();
    host_allowed(req.headers(), config.lan)?;
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let path = req.uri().path().to_owned();
    if let Some(token) = &state.secrets().pairing
        && !peer.is_some_and(|ip| ip.is_loopback())
        && path != "/pair"
        && !path.starts_with("/calendar/")
        && !path.starts_with("/assets/")
        && cookie(req.headers(), PAIR_COOKIE).is_none_or(|c| !same(c, token))
    {
        return Err(WebError::Forbidden(
            "This device is not paired: open the pairing link that `backstride serve --lan` printed."
                .to_owned(),
        ));
    }
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(req);
    }
    origin_allowed(req.headers())?;
    csrf(&state.secrets().csrf, req).await
}

/// Refuses a `Host` that is not `localhost` or an IP address (with
/// `--lan`; without it, a loopback address).
pub fn host_allowed(headers: &HeaderMap, lan: bool) -> Result<(), WebError> {
    let refuse = |host: &str| {
        WebError::Forbidden(format!(
            "this server answers only to its own address (http://127.0.0.1 or http://localhost), not to \"{host}\""
        ))
    };
    if headers.get_all(header::HOST).iter().count() > 1 {
        return Err(WebError::BadRequest(
            "the request has more than one Host header".to_owned(),
        ));
    }
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return Err(WebError::BadRequest(
            "the request has no Host header".to_owned(),
        ));
    };
    let name = host_name(host);
    if name.eq_ignore_ascii_case("localhost") {
        return Ok(());
    }
    match name.parse::<IpAddr>() {
        Ok(ip) if ip.is_loopback() || lan => Ok(()),
        _ => Err(refuse(host)),
    }
}

/// The host part of a `Host` header (`[::1]:8080` -> `::1`).
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// A browser's `Origin` (when sent) and `Sec-Fetch-Site` must say the
/// request comes from this server's own pages.
fn origin_allowed(headers: &HeaderMap) -> Result<(), WebError> {
    let cross = || {
        WebError::Forbidden(
            "a change sent from another site was refused (cross-site request)".to_owned(),
        )
    };
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return Err(cross());
    }
    let same_site = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"same-origin");
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
        // A browser that hides the origin says "null"; its own
        // `Sec-Fetch-Site` then tells where the request comes from.
        && !(origin == "null" && same_site)
    {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        let own = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        if own != Some(host) {
            return Err(cross());
        }
    }
    Ok(())
}

/// Finds this run's CSRF token in the header, the query or a urlencoded
/// form body (which is read, then put back for the handler).
async fn csrf(token: &str, req: Request) -> Result<Request, WebError> {
    let missing = || {
        WebError::Forbidden(
            "this change came without the page's security token: reload the page and try again"
                .to_owned(),
        )
    };
    if let Some(h) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return if same(h, token) {
            Ok(req)
        } else {
            Err(missing())
        };
    }
    if let Some(q) = req.uri().query()
        && let Some(value) = field(q, "_csrf")
    {
        return if same(&value, token) {
            Ok(req)
        } else {
            Err(missing())
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(missing());
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, FORM_BYTES)
        .await
        .map_err(|_| WebError::TooLarge("the form is larger than 1 MiB".to_owned()))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| WebError::BadRequest("the form is not UTF-8 text".to_owned()))?;
    match field(text, "_csrf") {
        Some(value) if same(&value, token) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(missing()),
    }
}

/// One field of an `application/x-www-form-urlencoded` string.
fn field(encoded: &str, name: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(encoded)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// A named cookie's value.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Compares secrets in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The headers every answer carries.
pub fn secure_headers(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(headers, "content-security-policy", CSP);
    set(headers, "x-content-type-options", "nosniff");
    // Same-origin requests keep their referrer (and so a real `Origin`
    // on form posts: with `no-referrer` browsers send `Origin: null`);
    // nothing is sent to any other site.
    set(headers, "referrer-policy", "same-origin");
    set(headers, "x-frame-options", "DENY");
    set(headers, "cross-origin-opener-policy", "same-origin");
    set(headers, "cross-origin-resource-policy", "same-origin");
    set(
        headers,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    );
    set(headers, "cache-control", "no-store");
}

/// A random token: 32 bytes as hex.
pub fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no random numbers: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_host(host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).expect("header"));
        h
    }

    #[test]
    fn loopback_names_pass_and_other_names_do_not() {
        for ok in ["127.0.0.1:8080", "localhost:1", "[::1]:80", "LOCALHOST"] {
            assert!(host_allowed(&with_host(ok), false).is_ok(), "{ok}");
        }
        for bad in ["evil.example:8080", "192.168.1.4:8080", "127.0.0.1.nip.io"] {
            assert!(host_allowed(&with_host(bad), false).is_err(), "{bad}");
        }
        // On the LAN an address is fine, a name still is not (rebinding).
        assert!(host_allowed(&with_host("192.168.1.4:8080"), true).is_ok());
        assert!(host_allowed(&with_host("attacker.example"), true).is_err());
    }

    #[test]
    fn a_form_field_is_found_decoded() {
        assert_eq!(field("a=1&_csrf=ab%20c", "_csrf").as_deref(), Some("ab c"));
        assert_eq!(field("a=1", "_csrf"), None);
    }

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let a = random_token().expect("token");
        let b = random_token().expect("token");
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &a[..63]));
    }
}
