//! Query sorts: by property (name or id) or by `created_time` / `last_edited_time`
//! timestamp. Empty values sort last in either direction, as in Notion's UI. Without sorts
//! the order is newest created first (Notion documents no default; this is what the
//! simulator promises, and clients must not depend on it).

use std::cmp::Ordering;

use serde_json::Value;

use super::filter::Ctx;
use crate::notion::errors::ApiError;
use crate::notion::properties::dates::DateVal;
use crate::notion::properties::rich_text::plain_text;
use crate::notion::properties::values::cell;
use crate::notion::spec::PropertyKind;
use crate::notion::store::{DataSource, Page};

enum Target {
    Property(String),
    Created,
    LastEdited,
}

pub struct SortKey {
    target: Target,
    descending: bool,
}

#[derive(PartialEq, PartialOrd)]
enum Key {
    Num(f64),
    Text(String),
    Date((chrono::NaiveDate, i64)),
}

pub fn parse(ds: &DataSource, sorts: Option<&Value>) -> Result<Vec<SortKey>, ApiError> {
    let Some(sorts) = sorts.filter(|s| !s.is_null()) else {
        return Ok(vec![]);
    };
    let items = sorts.as_array().ok_or_else(|| {
        ApiError::validation(format!(
            "body failed validation: body.sorts should be an array, instead was `{sorts}`."
        ))
    })?;
    items
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let path = format!("body.sorts[{i}]");
            let direction = s.get("direction").and_then(Value::as_str);
            let descending = match direction {
                Some("ascending") => false,
                Some("descending") => true,
                _ => {
                    return Err(ApiError::validation(format!(
                        "body failed validation: {path}.direction should be `ascending` or `descending`, instead was `{}`.",
                        s.get("direction").unwrap_or(&Value::Null)
                    )))
                }
            };
            let target = match (s.get("property"), s.get("timestamp")) {
                (Some(Value::String(key)), None) => {
                    let prop = ds.find(key).ok_or_else(|| {
                        ApiError::validation(format!("Could not find sort property with name or id: {key}"))
                    })?;
                    Target::Property(prop.id.clone())
                }
                (None, Some(Value::String(ts))) if ts == "created_time" => Target::Created,
                (None, Some(Value::String(ts))) if ts == "last_edited_time" => Target::LastEdited,
                _ => {
                    return Err(ApiError::validation(format!(
                        "body failed validation: {path} should have either `property` or `timestamp` (`created_time` or `last_edited_time`)."
                    )))
                }
            };
            Ok(SortKey { target, descending })
        })
        .collect()
}

fn key_of(ctx: &Ctx, page: &Page, target: &Target) -> Option<Key> {
    let ts = |t: chrono::DateTime<chrono::Utc>| Some(Key::Num(t.timestamp_micros() as f64));
    let pid = match target {
        Target::Created => return ts(page.created),
        Target::LastEdited => return ts(page.last_edited),
        Target::Property(pid) => pid,
    };
    let prop = ctx.ds.by_id(pid)?;
    let v = cell(ctx.ds, page, prop);
    let text = |s: String| (!s.is_empty()).then(|| Key::Text(s.to_lowercase()));
    match &prop.kind {
        PropertyKind::Number { .. } => v.as_f64().map(Key::Num),
        PropertyKind::Title | PropertyKind::RichText => text(plain_text(&v)),
        PropertyKind::Date => v["start"]
            .as_str()
            .and_then(DateVal::parse)
            .map(|d| Key::Date(d.sort_key())),
        PropertyKind::CreatedTime => ts(page.created),
        PropertyKind::LastEditedTime => ts(page.last_edited),
        PropertyKind::Checkbox => Some(Key::Num(if v.as_bool() == Some(true) { 1.0 } else { 0.0 })),
        PropertyKind::Select { .. } | PropertyKind::Status { .. } => {
            let id = v["id"].as_str()?;
            prop.options
                .iter()
                .position(|o| o.id == id)
                .map(|i| Key::Num(i as f64))
        }
        PropertyKind::UniqueId => v["number"].as_f64().map(Key::Num),
        PropertyKind::Formula { .. } => v["number"]
            .as_f64()
            .map(Key::Num)
            .or_else(|| v["string"].as_str().and_then(|s| text(s.to_string()))),
        _ => match v {
            Value::String(s) => text(s),
            Value::Null => None,
            other => text(other.to_string()),
        },
    }
}

/// Sorts in place; ties (and the no-sorts case) fall back to newest created first.
pub fn apply(ctx: &Ctx, pages: &mut [&Page], keys: &[SortKey]) {
    pages.sort_by(|a, b| {
        for k in keys {
            let (ka, kb) = (key_of(ctx, a, &k.target), key_of(ctx, b, &k.target));
            let ord = match (ka, kb) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(x), Some(y)) => {
                    let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                    if k.descending {
                        o.reverse()
                    } else {
                        o
                    }
                }
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        (b.created, b.seq).cmp(&(a.created, a.seq))
    });
}
