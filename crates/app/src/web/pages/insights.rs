//! The Insights page (`GET /insights?since=&until=`): weekly load and its
//! acute:chronic spikes, fitness/fatigue/form, pain in each region against
//! the load, the routine calendar, the runner's own n-of-1 findings in
//! their careful wording, and next week's decision, as inline SVG charts
//! (use case [`crate::usecase::insights`]). A standing red flag comes
//! first, and the decision is then "stop".
//!
//! Ten years of history take a while to analyse, so each analysis is kept
//! ([`computed`]) until the database changes: the key holds the size and
//! modification time of the database file and of its write-ahead log,
//! which every commit (this server's, or the command line's) changes. A
//! request whose data did not change is served without reading the store.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::insights::dto::InsightsReport;
use crate::insights::{html, svg};
use crate::usecase::insights::{self, Request};
use crate::web::error::WebError;
use crate::web::page::{Chrome, Nav, render};
use crate::web::state::AppState;

/// The query of the page and of `GET /api/v1/insights`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// First day analysed (YYYY-MM-DD); the earliest record when absent.
    pub since: Option<String>,
    /// Last day analysed, inclusive (YYYY-MM-DD); today when absent.
    pub until: Option<String>,
}

fn day(name: &str, value: Option<&str>) -> Result<Option<NaiveDate>, WebError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => crate::cli::parse_date(v)
            .map(Some)
            .map_err(|e| WebError::BadRequest(format!("{name}: {e}"))),
    }
}

impl RangeQuery {
    /// Reads the raw query string (the first `since` and `until`; other
    /// parameters are ignored), so a strange query is our 400, not the
    /// framework's.
    pub fn from_raw(raw: Option<&str>) -> Self {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or_default()).unwrap_or_default();
        let first = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        RangeQuery {
            since: first("since"),
            until: first("until"),
        }
    }

    /// The use case's request; a malformed date is a 400 naming the
    /// parameter.
    pub fn request(&self) -> Result<Request, WebError> {
        Ok(Request {
            since: day("since", self.since.as_deref())?,
            until: day("until", self.until.as_deref())?,
            ..Request::default()
        })
    }
}

/// One analysis with what the page shows of it.
pub struct Entry {
    /// The report (the `--json` document).
    pub report: InsightsReport,
    /// Whether anything stops the plan.
    pub stops: bool,
    /// The standing banner's lines.
    pub banner: Vec<String>,
    /// The report's sections as HTML (charts included).
    pub body: String,
    /// Next week's decision as HTML.
    pub decision: String,
    /// The report as JSON, written once on the API's first request.
    pub json: std::sync::OnceLock<String>,
}

impl Entry {
    /// The report as JSON (`backstride insights --json`), serialised once.
    pub fn json(&self) -> Result<&str, WebError> {
        if let Some(done) = self.json.get() {
            return Ok(done);
        }
        let text = serde_json::to_string(&self.report)
            .map_err(|e| WebError::Internal(anyhow::anyhow!("the report is no JSON: {e}")))?;
        Ok(self.json.get_or_init(|| text))
    }
}

/// The analysis for `req`: kept from an earlier request when the data did
/// not change since, else computed (one read of the store) and kept.
pub async fn computed(state: &AppState, req: Request) -> Result<Arc<Entry>, WebError> {
    // The version is read before the store: a write while computing
    // changes it, and so the next request computes again.
    let version = state.cache().version(state.clock().today);
    let key = format!("insights:{:?}:{:?}", req.since, req.until);
    if let Some(entry) = state.cache().get::<Entry>(&key, &version) {
        return Ok(entry);
    }
    let entry = state
        .run(move |ctx| {
            let c = insights::compute(ctx.db, ctx.kb, &req, ctx.clock)?;
            let now = crate::safety::now(ctx.db, ctx.kb, None, ctx.clock.today, &ctx.clock.zone)?;
            let regions = insights::weekly_pain_by_region(&c.gathered.history, &c.report.weeks);
            let series: Vec<(&str, &[Option<f64>])> = regions
                .iter()
                .map(|r| (r.region, r.weekly.as_slice()))
                .collect();
            let chart = (!series.is_empty() && !c.report.weeks.is_empty())
                .then(|| svg::region_pain(&c.report.weeks, &series, c.report.unit()));
            Ok(Entry {
                body: html::sections(&c.report, chart.as_deref(), false),
                decision: html::decision(&c.report),
                banner: crate::safety::show::app_banner_lines(&now.standing),
                stops: c.stops,
                report: c.report,
                json: std::sync::OnceLock::new(),
            })
        })
        .await?;
    let entry = Arc::new(entry);
    state.cache().put(&key, version, entry.clone());
    Ok(entry)
}

#[derive(Template)]
#[template(path = "web/insights.html")]
struct InsightsPage {
    chrome: Chrome,
    since: String,
    until: String,
    first: NaiveDate,
    last: NaiveDate,
    stop: bool,
    stop_lines: Vec<String>,
    action: String,
    decision: String,
    body: String,
    disclaimer: String,
}

/// `GET /insights`.
async fn page(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let req = RangeQuery::from_raw(raw.as_deref()).request()?;
    let entry = computed(&state, req.clone()).await?;
    let r = &entry.report;
    let stop_lines: Vec<String> = r
        .alerts
        .iter()
        .filter(|a| a.severity == "stop")
        .map(|a| {
            if a.sources.is_empty() {
                a.message.clone()
            } else {
                format!("{} (sources: {})", a.message, a.sources.join(", "))
            }
        })
        .collect();
    let chrome = Chrome::new(&state, Nav::Insights, "Insights", entry.banner.clone());
    render(&InsightsPage {
        chrome,
        since: req.since.map(|d| d.to_string()).unwrap_or_default(),
        until: req.until.map(|d| d.to_string()).unwrap_or_default(),
        first: r.since,
        last: r.today,
        stop: entry.stops,
        stop_lines,
        action: r
            .decision
            .as_ref()
            .map_or_else(|| "none yet".to_owned(), |d| d.action.clone()),
        decision: entry.decision.clone(),
        body: entry.body.clone(),
        disclaimer: r.disclaimer.clone(),
    })
}

/// The page's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/insights", get(page))
}
