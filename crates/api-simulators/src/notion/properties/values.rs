//! The value of one property on one page, in Notion's rendered inner form: stored values
//! for writable types, computed ones for timestamps, ids, formulas and rollups.

use serde_json::{json, Value};

use super::formula::{self, FVal};
use super::rich_text::plain_text;
use crate::notion::render::format_time;
use crate::notion::spec::PropertyKind;
use crate::notion::store::{DataSource, Page, Property};

/// What an empty property renders as.
fn empty(kind: &PropertyKind) -> Value {
    match kind {
        PropertyKind::Title
        | PropertyKind::RichText
        | PropertyKind::MultiSelect { .. }
        | PropertyKind::Relation { .. } => json!([]),
        PropertyKind::Checkbox => json!(false),
        _ => Value::Null,
    }
}

pub fn cell(ds: &DataSource, page: &Page, prop: &Property) -> Value {
    cell_at_depth(ds, page, prop, 0)
}

fn cell_at_depth(ds: &DataSource, page: &Page, prop: &Property, depth: u8) -> Value {
    match &prop.kind {
        PropertyKind::CreatedTime => json!(format_time(page.created)),
        PropertyKind::LastEditedTime => json!(format_time(page.last_edited)),
        PropertyKind::CreatedBy => json!({"object": "user", "id": page.created_by}),
        PropertyKind::LastEditedBy => json!({"object": "user", "id": page.last_edited_by}),
        PropertyKind::UniqueId => json!({"prefix": null, "number": page.unique_number}),
        PropertyKind::Rollup => json!({"type": "number", "number": 0, "function": "count"}),
        PropertyKind::Button => json!({}),
        PropertyKind::Formula { expression } => {
            let lookup = |name: &str| -> FVal {
                match ds.properties.iter().find(|p| p.name == name) {
                    Some(p) if depth < 8 => {
                        as_formula_value(&p.kind, &cell_at_depth(ds, page, p, depth + 1))
                    }
                    _ => FVal::Empty,
                }
            };
            match formula::eval(expression, &lookup) {
                Some(FVal::Num(n)) => json!({"type": "number", "number": n}),
                Some(FVal::Str(s)) => json!({"type": "string", "string": s}),
                Some(FVal::Empty) => json!({"type": "number", "number": null}),
                None => json!({"type": "string", "string": null}),
            }
        }
        kind => page
            .values
            .get(&prop.id)
            .cloned()
            .unwrap_or_else(|| empty(kind)),
    }
}

fn as_formula_value(kind: &PropertyKind, v: &Value) -> FVal {
    match kind {
        PropertyKind::Number { .. } => v.as_f64().map(FVal::Num).unwrap_or(FVal::Empty),
        PropertyKind::Title | PropertyKind::RichText => FVal::Str(plain_text(v)),
        PropertyKind::Checkbox => FVal::Num(if v.as_bool() == Some(true) { 1.0 } else { 0.0 }),
        PropertyKind::Select { .. } | PropertyKind::Status { .. } => v
            .get("name")
            .and_then(Value::as_str)
            .map(|s| FVal::Str(s.to_string()))
            .unwrap_or(FVal::Empty),
        PropertyKind::Formula { .. } => match v.get("type").and_then(Value::as_str) {
            Some("number") => v["number"].as_f64().map(FVal::Num).unwrap_or(FVal::Empty),
            _ => v["string"]
                .as_str()
                .map(|s| FVal::Str(s.into()))
                .unwrap_or(FVal::Empty),
        },
        _ => v
            .as_str()
            .map(|s| FVal::Str(s.into()))
            .unwrap_or(FVal::Empty),
    }
}

/// A page object lists at most this many related pages of a relation, with `has_more`
/// telling there are others (Notion: the page property item endpoint has them all).
pub const RELATIONS_SHOWN: usize = 25;

/// `{"id","type",<type>: value}` as in a page's `properties`; a relation adds `has_more`.
pub fn render_property(ds: &DataSource, page: &Page, prop: &Property) -> Value {
    let t = prop.kind.type_name();
    let mut obj = serde_json::Map::new();
    obj.insert("id".into(), json!(prop.id));
    obj.insert("type".into(), json!(t));
    let mut value = cell(ds, page, prop);
    if let (PropertyKind::Relation { .. }, Value::Array(items)) = (&prop.kind, &mut value) {
        let has_more = items.len() > RELATIONS_SHOWN;
        items.truncate(RELATIONS_SHOWN);
        obj.insert(t.into(), value);
        obj.insert("has_more".into(), json!(has_more));
    } else {
        obj.insert(t.into(), value);
    }
    Value::Object(obj)
}
