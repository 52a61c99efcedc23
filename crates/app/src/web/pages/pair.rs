//! `GET /pair?token=...`: pairs a device with a server started with
//! `--lan`. The link the server printed carries this run's pairing token;
//! opening it sets the pairing cookie (HttpOnly, SameSite=Strict) that
//! every later request from that device carries. A wrong or missing token
//! is refused, and a server without `--lan` has nothing to pair.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::web::error::WebError;
use crate::web::security::{PAIR_COOKIE, same};
use crate::web::state::AppState;

#[derive(Deserialize)]
struct PairQuery {
    token: Option<String>,
}

/// `GET /pair`.
async fn pair(
    State(state): State<AppState>,
    query: Result<Query<PairQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let Some(expected) = &state.secrets().pairing else {
        return Err(WebError::NotFound(
            "this server was not started with --lan: there is nothing to pair".to_owned(),
        ));
    };
    let given = query.ok().and_then(|Query(q)| q.token).unwrap_or_default();
    if !same(&given, expected) {
        return Err(WebError::Forbidden(
            "this pairing link is not the one the server printed (it changes at every start): open the link `backstride serve --lan` printed".to_owned(),
        ));
    }
    let cookie = format!("{PAIR_COOKIE}={expected}; Path=/; HttpOnly; SameSite=Strict");
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/today")).into_response())
}

/// The route.
pub fn routes() -> Router<AppState> {
    Router::new().route("/pair", get(pair))
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use chrono::NaiveDate;

    use crate::web::testing::{app, app_on_lan};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 4).expect("date")
    }

    #[tokio::test]
    async fn a_device_pairs_with_the_printed_link_and_only_with_it() {
        let (t, token) = app_on_lan(today()).await;
        // Unpaired: every page is refused, the pairing page is not.
        let res = t.server.get("/sources").expect_failure().await;
        res.assert_status(StatusCode::FORBIDDEN);
        assert!(res.text().contains("not paired"));
        let res = t.server.get("/pair?token=wrong").expect_failure().await;
        res.assert_status(StatusCode::FORBIDDEN);
        let res = t.server.get("/pair").expect_failure().await;
        res.assert_status(StatusCode::FORBIDDEN);
        // The right link sets the cookie and sends the device to Today.
        let res = t.server.get(&format!("/pair?token={token}")).await;
        res.assert_status(StatusCode::SEE_OTHER);
        let cookie = res.header("set-cookie");
        let cookie = cookie.to_str().expect("ascii");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        // With the cookie, pages answer.
        let res = t
            .server
            .get("/sources")
            .add_header("cookie", format!("backstride_pair={token}"))
            .await;
        res.assert_status_ok();
        // A wrong cookie does not.
        let res = t
            .server
            .get("/sources")
            .add_header("cookie", "backstride_pair=guess")
            .expect_failure()
            .await;
        res.assert_status(StatusCode::FORBIDDEN);
    }

    #[tokio::test]
    async fn without_lan_there_is_nothing_to_pair() {
        let t = app(today()).await;
        let res = t.server.get("/pair?token=x").expect_failure().await;
        res.assert_status(StatusCode::NOT_FOUND);
    }
}
