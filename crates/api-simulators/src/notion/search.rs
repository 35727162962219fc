//! `POST /v1/search`: what the connection can see (shared databases' data sources and their
//! pages, and shared sidebar pages), matched by title, newest edit first. Since 2025-09-03 the object filter takes
//! `page` or `data_source`; the old `database` value is refused.

use serde_json::Value;

use super::errors::ApiError;
use super::properties::rich_text::plain_text;
use super::query::paginate;
use super::render::{render_data_source, render_page, render_workspace_page};
use super::store::Store;

enum Wanted {
    Pages,
    DataSources,
    Both,
}

fn parse_filter(body: &Value) -> Result<Wanted, ApiError> {
    let Some(f) = body.get("filter").filter(|f| !f.is_null()) else {
        return Ok(Wanted::Both);
    };
    if f.get("property").and_then(Value::as_str) != Some("object") {
        return Err(ApiError::validation(format!(
            "body failed validation: body.filter.property should be `\"object\"`, instead was `{}`.",
            f.get("property").unwrap_or(&Value::Null)
        )));
    }
    match f.get("value").and_then(Value::as_str) {
        Some("page") => Ok(Wanted::Pages),
        Some("data_source") => Ok(Wanted::DataSources),
        _ => Err(ApiError::validation(format!(
            "body failed validation: body.filter.value should be `\"page\"` or `\"data_source\"`, instead was `{}`.",
            f.get("value").unwrap_or(&Value::Null)
        ))),
    }
}

fn ascending(body: &Value) -> Result<bool, ApiError> {
    let Some(s) = body.get("sort").filter(|s| !s.is_null()) else {
        return Ok(false);
    };
    if s.get("timestamp").and_then(Value::as_str) != Some("last_edited_time") {
        return Err(ApiError::validation(
            "body failed validation: body.sort.timestamp should be `\"last_edited_time\"`.",
        ));
    }
    match s.get("direction").and_then(Value::as_str) {
        Some("ascending") => Ok(true),
        Some("descending") => Ok(false),
        _ => Err(ApiError::validation(
            "body failed validation: body.sort.direction should be `\"ascending\"` or `\"descending\"`.",
        )),
    }
}

pub fn run(store: &Store, body: &Value) -> Result<(Vec<Value>, Option<String>), ApiError> {
    let wanted = parse_filter(body)?;
    let asc = ascending(body)?;
    let size = paginate::page_size(body)?;
    let cursor = paginate::start_cursor(body)?;
    let query = match body.get("query") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(q)) => q.to_lowercase(),
        Some(v) => {
            return Err(ApiError::validation(format!(
                "body failed validation: body.query should be a string, instead was `{v}`."
            )))
        }
    };
    let matches = |title: &str| query.is_empty() || title.to_lowercase().contains(&query);

    // (last edited, tie-break id, rendered object)
    let mut hits: Vec<(chrono::DateTime<chrono::Utc>, String, Value)> = Vec::new();
    for ds in store.data_sources.values() {
        if store.visible_data_source(&ds.id).is_none() {
            continue;
        }
        if !matches!(wanted, Wanted::Pages) && matches(&ds.name) {
            hits.push((ds.last_edited, ds.id.clone(), render_data_source(store, ds)));
        }
        if matches!(wanted, Wanted::DataSources) {
            continue;
        }
        for page in store.pages_of(&ds.id).into_iter().filter(|p| !p.in_trash) {
            let rendered = render_page(ds, page, None);
            let title = rendered["properties"]
                .as_object()
                .and_then(|props| props.values().find(|p| p["type"] == "title"))
                .map(|p| plain_text(&p["title"]))
                .unwrap_or_default();
            if matches(&title) {
                hits.push((page.last_edited, page.id.clone(), rendered));
            }
        }
    }
    if !matches!(wanted, Wanted::DataSources) {
        for page in store.workspace_pages.values().filter(|p| p.shared) {
            if matches(&page.title) {
                let rendered = render_workspace_page(store, page);
                hits.push((page.last_edited, page.id.clone(), rendered));
            }
        }
    }
    hits.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    if !asc {
        hits.reverse();
    }
    let window = paginate::paginate(hits, |h| h.1.clone(), cursor.as_deref(), size)?;
    Ok((
        window.items.into_iter().map(|h| h.2).collect(),
        window.next_cursor,
    ))
}
