//! Cursor pagination shared by query and search: `page_size` ≤ 100 (default 100), the cursor
//! is the id of the first item of the next page (as Notion's cursors are), and a list body
//! with `has_more` / `next_cursor`.

use serde_json::{json, Value};

use crate::notion::errors::ApiError;

pub const MAX_PAGE_SIZE: u64 = 100;

/// The requested page size, or 100.
pub fn page_size(body: &Value) -> Result<u32, ApiError> {
    match body.get("page_size") {
        None | Some(Value::Null) => Ok(MAX_PAGE_SIZE as u32),
        Some(v) => match v.as_u64() {
            Some(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n as u32),
            Some(n) if n > MAX_PAGE_SIZE => Err(ApiError::validation(format!(
                "body failed validation: body.page_size should be ≤ `{MAX_PAGE_SIZE}`, instead was `{n}`."
            ))),
            _ => Err(ApiError::validation(format!(
                "body failed validation: body.page_size should be a positive integer, instead was `{v}`."
            ))),
        },
    }
}

/// The raw `page_size` a client asked for, for stats (even when it is refused).
pub fn requested_page_size(body: &Value) -> u32 {
    body.get("page_size")
        .and_then(Value::as_u64)
        .map(|n| n.min(u64::from(u32::MAX)) as u32)
        .unwrap_or(MAX_PAGE_SIZE as u32)
}

pub fn start_cursor(body: &Value) -> Result<Option<String>, ApiError> {
    match body.get("start_cursor") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v) => Err(ApiError::validation(format!(
            "body failed validation: body.start_cursor should be a string, instead was `{v}`."
        ))),
    }
}

pub struct Window<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

pub fn paginate<T>(
    items: Vec<T>,
    id_of: impl Fn(&T) -> String,
    cursor: Option<&str>,
    size: u32,
) -> Result<Window<T>, ApiError> {
    let start = match cursor {
        None => 0,
        Some(c) => items.iter().position(|i| id_of(i) == c).ok_or_else(|| {
            ApiError::validation(format!("The start_cursor provided is invalid: {c}"))
        })?,
    };
    let mut rest: Vec<T> = items.into_iter().skip(start).collect();
    let next_cursor = rest.get(size as usize).map(&id_of);
    rest.truncate(size as usize);
    Ok(Window {
        items: rest,
        next_cursor,
    })
}

/// Notion's list envelope.
pub fn list_body(results: Vec<Value>, next_cursor: Option<String>, request_id: &str) -> Value {
    json!({
        "object": "list",
        "results": results,
        "has_more": next_cursor.is_some(),
        "next_cursor": next_cursor,
        "type": "page_or_data_source",
        "page_or_data_source": {},
        "request_id": request_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_without_gaps_or_duplicates() {
        let items: Vec<u32> = (0..250).collect();
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let w = paginate(items.clone(), |i| i.to_string(), cursor.as_deref(), 100).unwrap();
            seen.extend(w.items);
            match w.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen, items);
    }

    #[test]
    fn validates_size_and_cursor() {
        assert_eq!(page_size(&json!({})).unwrap(), 100);
        assert_eq!(page_size(&json!({"page_size": 7})).unwrap(), 7);
        assert!(page_size(&json!({"page_size": 101})).is_err());
        assert!(page_size(&json!({"page_size": 0})).is_err());
        assert!(page_size(&json!({"page_size": "5"})).is_err());
        assert!(paginate(vec![1], |i| i.to_string(), Some("nope"), 10).is_err());
    }
}
