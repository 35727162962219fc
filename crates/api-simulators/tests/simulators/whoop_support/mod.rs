//! Helpers shared by the `whoop_*` test files: a simulator over a generated dataset, and a
//! plain reqwest client that drives it like a WHOOP client would.
#![allow(dead_code)] // each test file uses a different subset

use api_simulators::whoop::{
    Dataset, GenerateOptions, WhoopSim, WhoopSimConfig, WhoopSimHandle, ALL_SCOPES,
};
use chrono::NaiveDate;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;

pub const CLIENT_ID: &str = "sim-client-id";
pub const CLIENT_SECRET: &str = "sim-client-secret";
pub const REDIRECT_URI: &str = "http://127.0.0.1:53682/callback";
pub const STATE: &str = "state-0123456789";

/// A fixed date in the past, so the default `end=now` never hides generated records.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 20).unwrap()
}

pub fn options() -> GenerateOptions {
    GenerateOptions {
        pending_today: true,
        ..GenerateOptions::new(7, today(), 60)
    }
}

pub fn dataset() -> Dataset {
    Dataset::generate(&options())
}

pub fn config() -> WhoopSimConfig {
    WhoopSimConfig::new(CLIENT_ID, CLIENT_SECRET, dataset())
}

pub async fn start() -> WhoopSimHandle {
    WhoopSim::start(config()).await.expect("simulator starts")
}

/// For tests that page a lot: the per-minute limit lifted (the 429 path has its own tests).
pub async fn start_unlimited() -> WhoopSimHandle {
    let mut cfg = config();
    cfg.rate_limit_per_minute = 10_000;
    WhoopSim::start(cfg).await.expect("simulator starts")
}

/// A client that does not follow redirects: the test reads the `Location` itself.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// `GET /auth` with the given extra query pairs; returns the raw answer.
pub async fn authorize_raw(h: &WhoopSimHandle, query: &[(&str, &str)]) -> reqwest::Response {
    client()
        .get(format!("{}/auth", h.oauth_url()))
        .query(query)
        .send()
        .await
        .unwrap()
}

/// The query pairs of a redirect's `Location`.
pub fn location_query(r: &reqwest::Response) -> Vec<(String, String)> {
    let loc = r
        .headers()
        .get("location")
        .expect("a Location header")
        .to_str()
        .unwrap();
    let url = url::Url::parse(loc).unwrap();
    url.query_pairs().into_owned().collect()
}

pub fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Runs the consent step and returns the authorization code.
pub async fn authorize(h: &WhoopSimHandle, scope: &str, extra: &[(&str, &str)]) -> String {
    let mut q = vec![
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT_URI),
        ("scope", scope),
        ("state", STATE),
    ];
    q.extend_from_slice(extra);
    let r = authorize_raw(h, &q).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    let pairs = location_query(&r);
    assert_eq!(param(&pairs, "state"), Some(STATE));
    param(&pairs, "code").expect("a code").to_string()
}

/// `POST /token` with a form body (client credentials added unless `creds` is false).
pub async fn token_request(
    h: &WhoopSimHandle,
    form: &[(&str, &str)],
    creds: bool,
) -> (StatusCode, Value) {
    let mut f: Vec<(&str, &str)> = form.to_vec();
    if creds {
        f.push(("client_id", CLIENT_ID));
        f.push(("client_secret", CLIENT_SECRET));
    }
    let r = client()
        .post(format!("{}/token", h.oauth_url()))
        .form(&f)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub async fn exchange(h: &WhoopSimHandle, code: &str) -> (StatusCode, Value) {
    token_request(
        h,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT_URI),
        ],
        true,
    )
    .await
}

pub async fn refresh(h: &WhoopSimHandle, refresh_token: &str) -> (StatusCode, Value) {
    token_request(
        h,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("scope", "offline"),
        ],
        true,
    )
    .await
}

#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: String,
    pub refresh: Option<String>,
}

impl Tokens {
    pub fn from_json(v: &Value) -> Tokens {
        Tokens {
            access: v["access_token"]
                .as_str()
                .expect("access_token")
                .to_string(),
            refresh: v["refresh_token"].as_str().map(str::to_string),
        }
    }
}

/// The whole browser flow with every scope.
pub async fn login(h: &WhoopSimHandle) -> Tokens {
    login_with(h, ALL_SCOPES).await
}

pub async fn login_with(h: &WhoopSimHandle, scope: &str) -> Tokens {
    let code = authorize(h, scope, &[]).await;
    let (status, body) = exchange(h, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    Tokens::from_json(&body)
}

/// `GET {api_url}{path}` with a bearer token: status, headers, JSON body (Null if none).
pub async fn api_get(
    h: &WhoopSimHandle,
    access: &str,
    path: &str,
    query: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Value) {
    let r = client()
        .get(format!("{}{}", h.api_url(), path))
        .bearer_auth(access)
        .query(query)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    (
        status,
        headers,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

/// Every page of a collection: the page bodies, in order. Fails on a non-200 or a loop.
pub async fn all_pages(
    h: &WhoopSimHandle,
    access: &str,
    path: &str,
    limit: u32,
    window: &[(&str, &str)],
) -> Vec<Value> {
    let limit = limit.to_string();
    let mut pages = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let mut q: Vec<(&str, &str)> = vec![("limit", limit.as_str())];
        q.extend_from_slice(window);
        if let Some(t) = &next {
            q.push(("nextToken", t.as_str()));
        }
        let (status, _, body) = api_get(h, access, path, &q).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        next = body
            .get("next_token")
            .and_then(Value::as_str)
            .map(String::from);
        pages.push(body);
        assert!(pages.len() < 1000, "paging does not end");
        if next.is_none() {
            return pages;
        }
    }
}

/// All records of the pages, in order.
pub fn records(pages: &[Value]) -> Vec<Value> {
    pages
        .iter()
        .flat_map(|p| p["records"].as_array().unwrap().clone())
        .collect()
}
