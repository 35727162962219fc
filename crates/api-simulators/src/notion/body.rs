//! Request bodies: Notion's size limits (500 KB overall, 100 items in any array) and JSON
//! parsing, done once in the pipeline so handlers get a checked `serde_json::Value`.

use serde_json::{Map, Value};

use super::errors::ApiError;

/// Documented overall payload limit.
pub const MAX_PAYLOAD: usize = 500 * 1024;
/// Documented limit for any array in a request.
pub const MAX_ARRAY: usize = 100;

/// The parsed body, put in request extensions by the pipeline (`{}` when there is none).
#[derive(Debug, Clone)]
pub struct JsonBody(pub Value);

/// Per-request facts handlers may need.
#[derive(Debug, Clone)]
pub struct ReqCtx {
    pub version: String,
    pub request_id: String,
    /// The bot user of the connection whose token the request presented.
    pub bot_id: String,
}

pub fn parse(bytes: &[u8]) -> Result<Value, ApiError> {
    if bytes.len() > MAX_PAYLOAD {
        return Err(ApiError::validation(format!(
            "Request body too large: {} bytes; the limit is {MAX_PAYLOAD} bytes (500KB).",
            bytes.len()
        )));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|_| ApiError::invalid_json())?;
    if !value.is_object() {
        return Err(ApiError::validation(format!(
            "body failed validation: body should be an object, instead was `{value}`."
        )));
    }
    check_arrays(&value, "body")?;
    Ok(value)
}

fn check_arrays(v: &Value, path: &str) -> Result<(), ApiError> {
    match v {
        Value::Array(items) => {
            if items.len() > MAX_ARRAY {
                return Err(ApiError::validation(format!(
                    "body failed validation: {path}.length should be ≤ `{MAX_ARRAY}`, instead was `{}`.",
                    items.len()
                )));
            }
            for (i, item) in items.iter().enumerate() {
                check_arrays(item, &format!("{path}[{i}]"))?;
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                check_arrays(item, &format!("{path}.{k}"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn limits() {
        assert_eq!(parse(b"").unwrap(), json!({}));
        assert_eq!(parse(b"{nope").unwrap_err().code, "invalid_json");
        assert_eq!(parse(b"[1]").unwrap_err().code, "validation_error");
        let many: Vec<u32> = (0..101).collect();
        let body = serde_json::to_vec(&json!({"a": {"b": many}})).unwrap();
        let err = parse(&body).unwrap_err();
        assert!(err.message.contains("body.a.b.length"), "{}", err.message);
        let big = serde_json::to_vec(&json!({"s": "x".repeat(MAX_PAYLOAD)})).unwrap();
        assert_eq!(parse(&big).unwrap_err().status, 400);
    }
}
