//! Shared by the `notion_*` tests: a started simulator and a tiny raw HTTP client that
//! sends exactly what a real Notion client would (so the tests check the wire, not a wrapper).
#![allow(dead_code)]

use api_simulators::notion::{NotionSim, NotionSimConfig, NotionSimHandle};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::{json, Value};

pub const TOKEN: &str = "ntn_test_token_123";
pub const VERSION: &str = "2025-09-03";

pub struct Resp {
    pub status: u16,
    pub body: Value,
    pub headers: HeaderMap,
}

impl Resp {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    /// Asserts a Notion error body with this status and code.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "body: {}", self.body);
        assert_eq!(self.body["object"], "error", "body: {}", self.body);
        assert_eq!(self.body["status"], status, "body: {}", self.body);
        assert_eq!(self.code(), code, "body: {}", self.body);
        assert!(self.body["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(self.body["request_id"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }

    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or("")
    }
}

#[derive(Clone)]
pub struct Api {
    pub client: reqwest::Client,
    pub base: String,
    pub token: String,
    pub version: String,
}

/// A simulator with the rate limit out of the way (tests of the limiter set their own).
pub async fn start() -> (NotionSimHandle, Api) {
    let mut config = NotionSimConfig::new(TOKEN);
    config.rate_per_second = 10_000.0;
    config.burst = 10_000;
    start_with(config).await
}

pub async fn start_with(config: NotionSimConfig) -> (NotionSimHandle, Api) {
    let sim = NotionSim::start(config).await.expect("simulator starts");
    let api = Api {
        client: reqwest::Client::new(),
        base: sim.base_url(),
        token: TOKEN.to_string(),
        version: VERSION.to_string(),
    };
    (sim, api)
}

impl Api {
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{}", self.base, path))
            .header("Authorization", format!("Bearer {}", self.token))
            .header("Notion-Version", &self.version)
    }

    pub async fn send(builder: reqwest::RequestBuilder) -> Resp {
        let r = builder.send().await.expect("HTTP exchange");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Resp {
            status,
            body,
            headers,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        Self::send(self.request(Method::GET, path)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Resp {
        Self::send(self.request(Method::POST, path).json(&body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Resp {
        Self::send(self.request(Method::PATCH, path).json(&body)).await
    }

    pub async fn query(&self, ds: &str, body: Value) -> Resp {
        self.post(&format!("/v1/data_sources/{ds}/query"), body)
            .await
    }

    pub async fn create(&self, ds: &str, properties: Value) -> Resp {
        self.post(
            "/v1/pages",
            json!({"parent": {"type": "data_source_id", "data_source_id": ds}, "properties": properties}),
        )
        .await
    }

    /// Every page of a query, following cursors; panics on an error.
    pub async fn query_all(&self, ds: &str, mut body: Value, page_size: u32) -> Vec<Value> {
        let mut out = Vec::new();
        body["page_size"] = json!(page_size);
        loop {
            let r = self.query(ds, body.clone()).await;
            assert_eq!(r.status, 200, "{}", r.body);
            out.extend(r.body["results"].as_array().unwrap().iter().cloned());
            if r.body["has_more"] == true {
                body["start_cursor"] = r.body["next_cursor"].clone();
            } else {
                assert!(r.body["next_cursor"].is_null());
                return out;
            }
        }
    }
}

/// Property values for a Daily Tracking row.
pub fn day_row(date: &str, recovery: f64) -> Value {
    json!({
        "Name": {"title": [{"text": {"content": date}}]},
        "Date": {"date": {"start": date}},
        "Recovery": {"number": recovery},
    })
}

pub fn title_of(page: &Value) -> String {
    page["properties"]["Name"]["title"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| t["plain_text"].as_str()).collect())
        .unwrap_or_default()
}
