use std::time::Duration;

use http_policy::{Attempt, Executor, RequestCounter, Sent, ServerTime, Verdict};
use reqwest::{Method, Response};
use serde_json::{json, Value};

use crate::error::Capability;
use crate::schema::PropertySchema;
use crate::{BotUser, DataSourceRef, DataSourceSchema, Database, NotionError, Page, PageRef};

/// The API version this client speaks (the first with data sources).
pub const NOTION_VERSION: &str = "2025-09-03";

/// Notion's largest page for queries and search.
const PAGE_SIZE: u32 = 100;

#[derive(Debug, Clone)]
pub struct NotionApiConfig {
    /// e.g. `https://api.notion.com`; `/v1/…` is appended.
    pub base: String,
}

#[derive(Clone)]
pub struct NotionApi {
    config: NotionApiConfig,
    token: String,
    executor: Executor,
}

impl std::fmt::Debug for NotionApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotionApi")
            .field("base", &self.config.base)
            .field("token", &"***")
            .finish()
    }
}

impl NotionApi {
    pub fn new(config: NotionApiConfig, token: String, executor: Executor) -> Self {
        Self {
            config,
            token,
            executor,
        }
    }

    pub fn requests(&self) -> RequestCounter {
        self.executor.counter.clone()
    }

    /// The server's clock from the `Date` header of its latest answer (any status).
    pub fn server_time(&self) -> Option<ServerTime> {
        self.executor.server_clock.last()
    }

    /// Validates the token.
    pub async fn me(&self) -> Result<BotUser, NotionError> {
        let v = self.call(Method::GET, "/v1/users/me", None).await?;
        Ok(BotUser {
            id: str_at(&v, &["id"]).unwrap_or_default(),
            name: str_at(&v, &["name"]),
            workspace_name: str_at(&v, &["bot", "workspace_name"]),
        })
    }

    /// Every data source the token can see.
    pub async fn search_data_sources(&self) -> Result<Vec<DataSourceRef>, NotionError> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        let mut read = 0u32;
        loop {
            let mut body = json!({
                "filter": {"property": "object", "value": "data_source"},
                "page_size": PAGE_SIZE,
            });
            if let Some(c) = &cursor {
                body["start_cursor"] = json!(c);
            }
            let v = self.call(Method::POST, "/v1/search", Some(&body)).await?;
            // Search finds what is in the trash too; nothing there is a place to sync into.
            for item in v["results"].as_array().into_iter().flatten() {
                if in_trash(item) {
                    continue;
                }
                if let Some(id) = item.get("id").and_then(Value::as_str) {
                    out.push(DataSourceRef {
                        id: id.to_string(),
                        name: title_of(item),
                        database_id: item
                            .get("parent")
                            .and_then(|p| p.get("database_id"))
                            .and_then(Value::as_str)
                            .map(String::from),
                    });
                }
            }
            read += 1;
            match next_cursor(&v, &cursor) {
                Some(_) if read >= MAX_PAGES => return Err(endless()),
                Some(c) => cursor = Some(c),
                None => return Ok(out),
            }
        }
    }

    /// The pages the token can see that are not rows of a database: the places a database
    /// can be created under.
    pub async fn search_pages(&self) -> Result<Vec<PageRef>, NotionError> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        let mut read = 0u32;
        loop {
            let mut body = json!({
                "filter": {"property": "object", "value": "page"},
                "page_size": PAGE_SIZE,
            });
            if let Some(c) = &cursor {
                body["start_cursor"] = json!(c);
            }
            let v = self.call(Method::POST, "/v1/search", Some(&body)).await?;
            for item in v["results"].as_array().into_iter().flatten() {
                let parent = item["parent"]["type"].as_str().unwrap_or("");
                if matches!(parent, "data_source_id" | "database_id") || in_trash(item) {
                    continue;
                }
                if let Some(id) = item.get("id").and_then(Value::as_str) {
                    out.push(PageRef {
                        id: id.to_string(),
                        title: page_title(item),
                        url: str_at(item, &["url"]),
                    });
                }
            }
            read += 1;
            match next_cursor(&v, &cursor) {
                Some(_) if read >= MAX_PAGES => return Err(endless()),
                Some(c) => cursor = Some(c),
                None => return Ok(out),
            }
        }
    }

    /// Creates a database under a page, with one data source whose schema is `properties`
    /// (`{"Name": {"title": {}}, "Date": {"date": {}}, …}`). Needs the connection's "Insert
    /// content" capability ([`NotionError::Restricted`] without it). Like a row, a create whose
    /// answer was lost is [`NotionError::Unconfirmed`]: it may exist.
    pub async fn create_database(
        &self,
        parent_page_id: &str,
        title: &str,
        properties: Value,
    ) -> Result<Database, NotionError> {
        let body = json!({
            "parent": {"type": "page_id", "page_id": parent_page_id},
            "title": [{"type": "text", "text": {"content": title}}],
            "initial_data_source": {"properties": properties},
        });
        let v = self
            .send(
                Method::POST,
                "/v1/databases",
                Some(&body),
                Attempt::NotIdempotent,
            )
            .await?;
        let id = str_at(&v, &["id"])
            .ok_or_else(|| NotionError::Decode("created database has no id".into()))?;
        Ok(database_from_json(&v, &id))
    }

    pub async fn database(&self, database_id: &str) -> Result<Database, NotionError> {
        let v = self
            .call(Method::GET, &format!("/v1/databases/{database_id}"), None)
            .await?;
        Ok(database_from_json(&v, database_id))
    }

    pub async fn data_source(&self, id: &str) -> Result<DataSourceSchema, NotionError> {
        let v = self
            .call(Method::GET, &format!("/v1/data_sources/{id}"), None)
            .await?;
        Ok(schema_from_json(&v, id))
    }

    /// Changes a data source's schema (`PATCH /v1/data_sources/{id}`): `properties` adds
    /// (`{"Day": {"relation": {"data_source_id": …, "dual_property": {}}}}`), renames
    /// (`{"HRV": {"name": "…"}}`) or removes (`{"HRV": null}`) properties, keyed by name or id.
    /// Needs the "Update content" capability. Returns the schema as it is afterwards. The same
    /// change applied twice is harmless except for adding, which the caller checks first.
    pub async fn update_data_source(
        &self,
        id: &str,
        properties: Value,
    ) -> Result<DataSourceSchema, NotionError> {
        let body = json!({ "properties": properties });
        let v = self
            .call(
                Method::PATCH,
                &format!("/v1/data_sources/{id}"),
                Some(&body),
            )
            .await?;
        Ok(schema_from_json(&v, id))
    }

    /// All rows matching `filter`, following cursors.
    pub async fn query(
        &self,
        data_source_id: &str,
        filter: Value,
        sorts: Value,
    ) -> Result<Vec<Page>, NotionError> {
        let path = format!("/v1/data_sources/{data_source_id}/query");
        let mut pages = Vec::new();
        let mut cursor: Option<String> = None;
        let mut read = 0u32;
        loop {
            let mut body = json!({"filter": filter, "sorts": sorts, "page_size": PAGE_SIZE});
            if let Some(c) = &cursor {
                body["start_cursor"] = json!(c);
            }
            let v = self.call(Method::POST, &path, Some(&body)).await?;
            for item in v["results"].as_array().into_iter().flatten() {
                let page = Page::from_json(item).ok_or_else(|| {
                    NotionError::Decode("a query result is not a page".to_string())
                })?;
                pages.push(page);
            }
            read += 1;
            match next_cursor(&v, &cursor) {
                Some(_) if read >= MAX_PAGES => return Err(endless()),
                Some(c) => cursor = Some(c),
                None => return Ok(pages),
            }
        }
    }

    /// Creates a row. [`NotionError::Unconfirmed`] means it may exist anyway: look before
    /// creating again.
    pub async fn create_page(
        &self,
        data_source_id: &str,
        properties: Value,
    ) -> Result<Page, NotionError> {
        let body = json!({
            "parent": {"type": "data_source_id", "data_source_id": data_source_id},
            "properties": properties,
        });
        let v = self
            .send(
                Method::POST,
                "/v1/pages",
                Some(&body),
                Attempt::NotIdempotent,
            )
            .await?;
        Page::from_json(&v).ok_or_else(|| NotionError::Decode("created page".into()))
    }

    /// Sets the named properties (absolute values, so resending is harmless).
    pub async fn update_page(&self, page_id: &str, properties: Value) -> Result<Page, NotionError> {
        let body = json!({ "properties": properties });
        let v = self
            .call(Method::PATCH, &format!("/v1/pages/{page_id}"), Some(&body))
            .await?;
        Page::from_json(&v).ok_or_else(|| NotionError::Decode("updated page".into()))
    }

    /// Whether the page has anything in its body (one block is enough to know).
    pub async fn has_body(&self, page_id: &str) -> Result<bool, NotionError> {
        let v = self
            .call(
                Method::GET,
                &format!("/v1/blocks/{page_id}/children?page_size=1"),
                None,
            )
            .await?;
        Ok(v["results"]
            .as_array()
            .is_some_and(|blocks| !blocks.is_empty()))
    }

    /// Moves a page to the trash (the user can restore it from there for 30 days).
    pub async fn trash_page(&self, page_id: &str) -> Result<(), NotionError> {
        let body = json!({ "in_trash": true });
        self.call(Method::PATCH, &format!("/v1/pages/{page_id}"), Some(&body))
            .await?;
        Ok(())
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, NotionError> {
        self.send(method, path, body, Attempt::Idempotent).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        attempt: Attempt,
    ) -> Result<Value, NotionError> {
        let url = format!("{}{}", self.config.base, path);
        let sent = self
            .executor
            .send(
                |http| {
                    let mut req = http
                        .request(method.clone(), &url)
                        .bearer_auth(&self.token)
                        .header("Notion-Version", NOTION_VERSION);
                    if let Some(body) = body {
                        req = req.json(body);
                    }
                    req
                },
                attempt,
                classify,
            )
            .await;
        let needs = Capability::for_request(method.as_str(), path);
        match sent {
            Sent::Response(response) => read(response, needs).await,
            Sent::GaveUp {
                status,
                body,
                may_have_applied,
            } => Err(gave_up(
                attempt,
                status.map(|s| s.as_u16()),
                body,
                may_have_applied,
                needs,
            )),
        }
    }
}

fn classify(response: &Response) -> Verdict {
    match response.status().as_u16() {
        // Refused before doing anything: wait as told (never assume a fixed wait).
        429 | 529 => Verdict::RefusedWait(
            http_policy::retry_after_secs(response, "retry-after")
                .unwrap_or(Duration::from_secs(1))
                .max(Duration::from_millis(100)),
        ),
        // 409: a conflicting transaction; re-reading and retrying is what Notion asks for.
        409 | 500..=599 => Verdict::Transient,
        _ => Verdict::Final,
    }
}

fn gave_up(
    attempt: Attempt,
    status: Option<u16>,
    body: String,
    applied: bool,
    needs: Capability,
) -> NotionError {
    // 511 is the network's own answer (sign in to the Wi-Fi first): nothing reached Notion.
    if status == Some(511) {
        return NotionError::NetworkWebPage;
    }
    if attempt == Attempt::NotIdempotent && applied {
        let detail = match status {
            Some(s) => format!("HTTP {s}"),
            None => body,
        };
        return NotionError::Unconfirmed { detail };
    }
    match status {
        Some(429) | Some(529) => NotionError::RateLimited,
        Some(s) => error_from_body(s, &body, needs),
        None => NotionError::Transport(body),
    }
}

async fn read(response: Response, needs: Capability) -> Result<Value, NotionError> {
    let status = response.status().as_u16();
    let content_type = http_policy::content_type(&response);
    let text = http_policy::read_text(response, http_policy::MAX_BODY)
        .await
        .map_err(|e| match e {
            http_policy::BodyError::TooLarge { .. } => NotionError::Decode(e.to_string()),
            http_policy::BodyError::Transport(e) => NotionError::Transport(e),
        })?;
    if !(200..300).contains(&status) {
        return Err(error_from_body(status, &text, needs));
    }
    serde_json::from_str(&text).map_err(|e| {
        if http_policy::is_network_web_page(status, content_type.as_deref(), text.as_bytes()) {
            NotionError::NetworkWebPage
        } else {
            NotionError::Decode(e.to_string())
        }
    })
}

/// In the trash: `in_trash`, or `archived` as API versions before 2026-03-11 call it.
fn in_trash(item: &Value) -> bool {
    item["in_trash"].as_bool() == Some(true) || item["archived"].as_bool() == Some(true)
}

fn error_from_body(status: u16, body: &str, needs: Capability) -> NotionError {
    let parsed: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let code = parsed["code"].as_str().unwrap_or("").to_string();
    let message = parsed["message"]
        .as_str()
        .map(String::from)
        .unwrap_or_else(|| body.chars().take(300).collect());
    match (status, code.as_str()) {
        (401, _) | (_, "unauthorized") => NotionError::Unauthorized { message },
        (404, _) | (_, "object_not_found") => NotionError::NotFound { message },
        (403, _) | (_, "restricted_resource") => NotionError::Restricted { needs, message },
        (429, _) | (529, _) => NotionError::RateLimited,
        (500..=599, _) => NotionError::Server { status, message },
        _ => NotionError::Rejected {
            status,
            code: if code.is_empty() {
                format!("http_{status}")
            } else {
                code
            },
            message,
        },
    }
}

/// A database object: its id, title and data sources (`[{id, name}]`).
/// A data source object (`GET` or `PATCH /v1/data_sources/{id}`) as its schema.
fn schema_from_json(v: &Value, id: &str) -> DataSourceSchema {
    let properties = v["properties"]
        .as_object()
        .map(|props| {
            props
                .iter()
                .filter_map(|(name, p)| PropertySchema::from_json(name, p))
                .collect()
        })
        .unwrap_or_default();
    DataSourceSchema {
        id: str_at(v, &["id"]).unwrap_or_else(|| id.to_string()),
        name: title_of(v),
        database_id: str_at(v, &["parent", "database_id"]),
        properties,
    }
}

fn database_from_json(v: &Value, database_id: &str) -> Database {
    let data_sources = v["data_sources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|ds| {
            Some(DataSourceRef {
                id: ds.get("id")?.as_str()?.to_string(),
                name: ds
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                database_id: Some(database_id.to_string()),
            })
        })
        .collect();
    Database {
        id: str_at(v, &["id"]).unwrap_or_else(|| database_id.to_string()),
        title: title_of(v),
        data_sources,
        parent_page_id: str_at(v, &["parent", "page_id"]),
    }
}

/// The most pages one list is read in (100 results each): far beyond any database this app
/// writes (a row a day), so a server that keeps saying "more" with a new cursor ends here
/// instead of reading for ever.
const MAX_PAGES: u32 = 1000;

fn endless() -> NotionError {
    NotionError::Decode(format!(
        "Notion kept answering with more pages after {MAX_PAGES}; stopped reading"
    ))
}

fn next_cursor(v: &Value, previous: &Option<String>) -> Option<String> {
    if !v["has_more"].as_bool().unwrap_or(false) {
        return None;
    }
    let next = v["next_cursor"].as_str()?.to_string();
    // A cursor that doesn't move would loop forever.
    (previous.as_deref() != Some(next.as_str())).then_some(next)
}

fn str_at(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for key in path {
        cur = cur.get(key)?;
    }
    cur.as_str().map(String::from)
}

/// A page's title: the plain text of its one `title` property.
fn page_title(page: &Value) -> String {
    let text: String = page["properties"]
        .as_object()
        .and_then(|props| props.values().find(|p| p["type"] == "title"))
        .and_then(|p| p["title"].as_array())
        .map(|parts| {
            parts
                .iter()
                .filter_map(|p| p.get("plain_text").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    if text.is_empty() {
        "Untitled".to_string()
    } else {
        text
    }
}

/// The plain text of an object's `title` (or its `name`, as data sources under a database have).
fn title_of(v: &Value) -> String {
    if let Some(parts) = v.get("title").and_then(Value::as_array) {
        let text: String = parts
            .iter()
            .filter_map(|p| {
                p.get("plain_text")
                    .or_else(|| p.get("text").and_then(|t| t.get("content")))
                    .and_then(Value::as_str)
            })
            .collect();
        if !text.is_empty() {
            return text;
        }
    }
    v.get("name")
        .and_then(Value::as_str)
        .unwrap_or("Untitled")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_notions_codes() {
        let e = error_from_body(
            400,
            r#"{"object":"error","status":400,"code":"validation_error","message":"Recovery is expected to be number."}"#,
            Capability::ReadContent,
        );
        assert_eq!(e.notion_code(), Some("validation_error"));
        assert!(e.to_string().contains("expected to be number"));
        let e = error_from_body(
            404,
            r#"{"object":"error","status":404,"code":"object_not_found","message":"x"}"#,
            Capability::ReadContent,
        );
        assert!(matches!(e, NotionError::NotFound { .. }), "{e:?}");
        let e = error_from_body(
            403,
            r#"{"object":"error","status":403,"code":"restricted_resource","message":"Insufficient permissions for this endpoint."}"#,
            Capability::ReadContent,
        );
        assert!(matches!(e, NotionError::Restricted { .. }), "{e:?}");
        assert_eq!(e.notion_code(), Some("restricted_resource"));
        // Worded for the request that got it: a read needs "Read content", not "Insert".
        assert!(e.to_string().contains("\"Read content\""), "{e}");
        assert!(!e.to_string().contains("Insert"), "{e}");
        let e = error_from_body(502, "<html>bad gateway</html>", Capability::ReadContent);
        assert!(
            matches!(e, NotionError::Server { status: 502, .. }),
            "{e:?}"
        );
    }

    #[test]
    fn lost_creates_are_unconfirmed_not_failed() {
        let e = gave_up(
            Attempt::NotIdempotent,
            Some(504),
            String::new(),
            true,
            Capability::InsertContent,
        );
        assert!(matches!(e, NotionError::Unconfirmed { .. }), "{e:?}");
        let e = gave_up(
            Attempt::NotIdempotent,
            Some(429),
            String::new(),
            false,
            Capability::InsertContent,
        );
        assert!(matches!(e, NotionError::RateLimited), "{e:?}");
        let e = gave_up(
            Attempt::Idempotent,
            None,
            "could not connect".into(),
            false,
            Capability::InsertContent,
        );
        assert!(matches!(e, NotionError::Transport(_)), "{e:?}");
    }

    #[test]
    fn cursors_stop_when_done_or_stuck() {
        let more = json!({"has_more": true, "next_cursor": "c2"});
        assert_eq!(next_cursor(&more, &None).as_deref(), Some("c2"));
        assert_eq!(next_cursor(&more, &Some("c2".into())), None);
        assert_eq!(
            next_cursor(&json!({"has_more": false, "next_cursor": null}), &None),
            None
        );
    }
}
