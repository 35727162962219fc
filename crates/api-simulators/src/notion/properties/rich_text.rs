//! Rich text: what clients send (`{"text":{"content":…}}`) and what Notion answers (with
//! `type`, `annotations`, `plain_text`, `href`).

use serde_json::{json, Map, Value};

use crate::notion::errors::ApiError;

/// Notion's limit on one text piece (and on a link URL).
pub const MAX_TEXT: usize = 2000;
/// Notion's limit on any array in a request.
pub const MAX_ITEMS: usize = 100;

const COLORS: [&str; 20] = [
    "default",
    "gray",
    "brown",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "pink",
    "red",
    "default_background",
    "gray_background",
    "brown_background",
    "orange_background",
    "yellow_background",
    "green_background",
    "blue_background",
    "purple_background",
    "pink_background",
    "red_background",
];

/// A plain text piece as Notion renders it.
pub fn text_item(content: &str) -> Value {
    json!({
        "type": "text",
        "text": {"content": content, "link": null},
        "annotations": default_annotations(),
        "plain_text": content,
        "href": null,
    })
}

fn default_annotations() -> Value {
    json!({"bold": false, "italic": false, "strikethrough": false, "underline": false, "code": false, "color": "default"})
}

/// The concatenated `plain_text` of a rendered rich text array.
pub fn plain_text(items: &Value) -> String {
    items
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|i| i.get("plain_text").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default()
}

/// Validates a request rich text array (at `path`, for messages) and renders it.
pub fn parse_array(value: &Value, path: &str, expected: &str) -> Result<Value, ApiError> {
    let items = value
        .as_array()
        .ok_or_else(|| ApiError::validation(expected.to_string()))?;
    if items.len() > MAX_ITEMS {
        return Err(ApiError::validation(format!(
            "body failed validation: {path}.length should be ≤ `{MAX_ITEMS}`, instead was `{}`.",
            items.len()
        )));
    }
    let rendered = items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_item(item, &format!("{path}[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Value::Array(rendered))
}

fn parse_item(item: &Value, path: &str) -> Result<Value, ApiError> {
    let obj = item.as_object().ok_or_else(|| {
        ApiError::validation(format!(
            "body failed validation: {path} should be an object, instead was `{item}`."
        ))
    })?;
    let annotations = parse_annotations(obj.get("annotations"), path)?;
    if let Some(text) = obj.get("text") {
        if let Some(t) = obj.get("type").and_then(Value::as_str) {
            if t != "text" {
                return Err(ApiError::validation(format!(
                    "body failed validation: {path}.type should be `text` when `text` is given, instead was `{t}`."
                )));
            }
        }
        let content = text.get("content").and_then(Value::as_str).ok_or_else(|| {
            ApiError::validation(format!(
                "body failed validation: {path}.text.content should be a string, instead was `{}`.",
                text.get("content").cloned().unwrap_or(Value::Null)
            ))
        })?;
        check_len(content, &format!("{path}.text.content"))?;
        let link = match text.get("link") {
            None | Some(Value::Null) => Value::Null,
            Some(l) => {
                let url = l.get("url").and_then(Value::as_str).ok_or_else(|| {
                    ApiError::validation(format!(
                        "body failed validation: {path}.text.link.url should be a string."
                    ))
                })?;
                check_len(url, &format!("{path}.text.link.url"))?;
                json!({"url": url})
            }
        };
        let href = link.get("url").cloned().unwrap_or(Value::Null);
        return Ok(json!({
            "type": "text",
            "text": {"content": content, "link": link},
            "annotations": annotations,
            "plain_text": content,
            "href": href,
        }));
    }
    if let Some(eq) = obj.get("equation") {
        let expr = eq
            .get("expression")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                ApiError::validation(format!(
                    "body failed validation: {path}.equation.expression should be a string."
                ))
            })?;
        if expr.chars().count() > 1000 {
            return Err(ApiError::validation(format!(
                "body failed validation: {path}.equation.expression.length should be ≤ `1000`."
            )));
        }
        return Ok(json!({
            "type": "equation",
            "equation": {"expression": expr},
            "annotations": annotations,
            "plain_text": expr,
            "href": null,
        }));
    }
    Err(ApiError::validation(format!(
        "body failed validation: {path}.text should be defined, instead was `undefined`."
    )))
}

fn check_len(s: &str, path: &str) -> Result<(), ApiError> {
    let n = s.chars().count();
    if n > MAX_TEXT {
        return Err(ApiError::validation(format!(
            "body failed validation: {path}.length should be ≤ `{MAX_TEXT}`, instead was `{n}`."
        )));
    }
    Ok(())
}

fn parse_annotations(value: Option<&Value>, path: &str) -> Result<Value, ApiError> {
    let mut out: Map<String, Value> = default_annotations()
        .as_object()
        .cloned()
        .unwrap_or_default();
    let Some(v) = value else {
        return Ok(Value::Object(out));
    };
    let obj = v.as_object().ok_or_else(|| {
        ApiError::validation(format!(
            "body failed validation: {path}.annotations should be an object."
        ))
    })?;
    for (k, val) in obj {
        let ok = match k.as_str() {
            "bold" | "italic" | "strikethrough" | "underline" | "code" => val.is_boolean(),
            "color" => val.as_str().is_some_and(|c| COLORS.contains(&c)),
            _ => false,
        };
        if !ok {
            return Err(ApiError::validation(format!(
                "body failed validation: {path}.annotations.{k} is not valid, instead was `{val}`."
            )));
        }
        out.insert(k.clone(), val.clone());
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_text_with_defaults() {
        let v = parse_array(&json!([{"text": {"content": "hi"}}]), "p", "e").unwrap();
        assert_eq!(v[0]["plain_text"], "hi");
        assert_eq!(v[0]["type"], "text");
        assert_eq!(v[0]["annotations"]["bold"], false);
        assert_eq!(v[0]["href"], Value::Null);
        assert_eq!(plain_text(&v), "hi");
    }

    #[test]
    fn refuses_long_pieces_and_bad_shapes() {
        let long = "x".repeat(2001);
        assert!(parse_array(&json!([{"text": {"content": long}}]), "p", "e").is_err());
        assert!(parse_array(&json!([{"text": {"content": "x".repeat(2000)}}]), "p", "e").is_ok());
        assert!(parse_array(&json!("hi"), "p", "e").is_err());
        assert!(parse_array(&json!([{"content": "hi"}]), "p", "e").is_err());
        assert!(parse_array(
            &json!([{"text": {"content": "a"}, "annotations": {"bold": "yes"}}]),
            "p",
            "e"
        )
        .is_err());
    }
}
