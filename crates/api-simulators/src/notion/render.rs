//! Objects as the 2025-09-03 API returns them. Shapes follow Notion's reference (page,
//! database, data source, user); `archived` is never rendered (2026-03-11 dropped it and
//! clients must read `in_trash`).

use chrono::{DateTime, Timelike, Utc};
use serde_json::{json, Map, Value};

use super::ids;
use super::properties::rich_text::{plain_text, text_item};
use super::properties::values::render_property;
use super::spec::PropertyKind;
use super::store::{DataSource, Database, Page, Property, Store, WorkspacePage};

/// Notion stores object timestamps to the minute: `2026-11-24T07:31:00.000Z`. Clients that
/// detect changes by `last_edited_time` must live with that.
pub fn format_time(t: DateTime<Utc>) -> String {
    let t = t
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t);
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn user(id: &str) -> Value {
    json!({"object": "user", "id": id})
}

fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    words.join("-")
}

fn notion_url(title: &str, id: &str) -> String {
    let s = slug(title);
    if s.is_empty() {
        format!("https://www.notion.so/{}", ids::compact(id))
    } else {
        format!("https://www.notion.so/{s}-{}", ids::compact(id))
    }
}

pub fn render_page(ds: &DataSource, page: &Page, only: Option<&[String]>) -> Value {
    let mut props = Map::new();
    let mut title = String::new();
    for p in &ds.properties {
        let rendered = render_property(ds, page, p);
        if p.kind == PropertyKind::Title {
            title = plain_text(&rendered["title"]);
        }
        let wanted = only.is_none_or(|keys| {
            keys.iter()
                .any(|k| k == &p.name || ids::property_id_matches(&p.id, k))
        });
        if wanted {
            props.insert(p.name.clone(), rendered);
        }
    }
    json!({
        "object": "page",
        "id": page.id,
        "created_time": format_time(page.created),
        "last_edited_time": format_time(page.last_edited),
        "created_by": user(&page.created_by),
        "last_edited_by": user(&page.last_edited_by),
        "cover": null,
        "icon": null,
        "parent": {
            "type": "data_source_id",
            "data_source_id": ds.id,
            "database_id": ds.database_id,
        },
        "in_trash": page.in_trash,
        "is_locked": false,
        "properties": Value::Object(props),
        "url": notion_url(&title, &page.id),
        "public_url": null,
    })
}

/// A sidebar page: its only property is its title.
pub fn render_workspace_page(store: &Store, page: &WorkspacePage) -> Value {
    json!({
        "object": "page",
        "id": page.id,
        "created_time": format_time(page.created),
        "last_edited_time": format_time(page.last_edited),
        "created_by": user(&store.bot_id),
        "last_edited_by": user(&store.bot_id),
        "cover": null,
        "icon": null,
        "parent": {"type": "workspace", "workspace": true},
        "in_trash": false,
        "is_locked": false,
        "properties": {
            "title": {"id": "title", "type": "title", "title": [text_item(&page.title)]},
        },
        "url": notion_url(&page.title, &page.id),
        "public_url": null,
    })
}

fn schema_property(store: &Store, p: &Property) -> Value {
    let options = || -> Value {
        p.options
            .iter()
            .map(|o| json!({"id": o.id, "name": o.name, "color": o.color, "description": null}))
            .collect()
    };
    let config = match &p.kind {
        PropertyKind::Number { format } => json!({"format": format}),
        PropertyKind::Select { .. } | PropertyKind::MultiSelect { .. } => {
            json!({"options": options()})
        }
        PropertyKind::Status { .. } => json!({"options": options(), "groups": []}),
        PropertyKind::Formula { expression } => json!({"expression": expression}),
        PropertyKind::UniqueId => json!({"prefix": null}),
        PropertyKind::Relation {
            data_source_id,
            synced_property_id,
        } => relation_config(store, data_source_id, synced_property_id.as_deref()),
        PropertyKind::Rollup => json!({
            "function": "count",
            "relation_property_name": "",
            "relation_property_id": "",
            "rollup_property_name": "",
            "rollup_property_id": "",
        }),
        _ => json!({}),
    };
    let t = p.kind.type_name();
    let mut obj = Map::new();
    obj.insert("id".into(), json!(p.id));
    obj.insert("name".into(), json!(p.name));
    obj.insert("description".into(), Value::Null);
    obj.insert("type".into(), json!(t));
    obj.insert(t.into(), config);
    Value::Object(obj)
}

/// `{"data_source_id", "database_id", "type", <type>: {…}}`; a dual relation names its synced
/// property as it is now (a rename on the other side shows here).
fn relation_config(store: &Store, target_id: &str, synced_id: Option<&str>) -> Value {
    let target = store.data_sources.get(target_id);
    let database_id = target.map(|ds| ds.database_id.clone());
    match synced_id {
        None => json!({
            "data_source_id": target_id,
            "database_id": database_id,
            "type": "single_property",
            "single_property": {},
        }),
        Some(synced_id) => json!({
            "data_source_id": target_id,
            "database_id": database_id,
            "type": "dual_property",
            "dual_property": {
                "synced_property_name": target.and_then(|ds| ds.by_id(synced_id)).map(|p| p.name.clone()),
                "synced_property_id": synced_id,
            },
        }),
    }
}

pub fn render_data_source(store: &Store, ds: &DataSource) -> Value {
    let properties: Map<String, Value> = ds
        .properties
        .iter()
        .map(|p| (p.name.clone(), schema_property(store, p)))
        .collect();
    json!({
        "object": "data_source",
        "id": ds.id,
        "created_time": format_time(ds.created),
        "last_edited_time": format_time(ds.last_edited),
        "created_by": user(&store.bot_id),
        "last_edited_by": user(&store.bot_id),
        "title": [text_item(&ds.name)],
        "description": [],
        "icon": null,
        "cover": null,
        "parent": {"type": "database_id", "database_id": ds.database_id},
        "database_parent": {"type": "workspace", "workspace": true},
        "is_inline": false,
        "in_trash": store.data_source_in_trash(&ds.id),
        "properties": Value::Object(properties),
        "url": notion_url(&ds.name, &ds.id),
        "public_url": null,
    })
}

pub fn render_database(store: &Store, db: &Database) -> Value {
    let sources: Vec<Value> = db
        .data_source_ids
        .iter()
        .filter_map(|id| store.data_sources.get(id))
        .map(|ds| json!({"id": ds.id, "name": ds.name}))
        .collect();
    json!({
        "object": "database",
        "id": db.id,
        "created_time": format_time(db.created),
        "last_edited_time": format_time(db.last_edited),
        "title": [text_item(&db.title)],
        "description": [],
        "icon": null,
        "cover": null,
        "parent": match &db.parent_page_id {
            Some(page_id) => json!({"type": "page_id", "page_id": page_id}),
            None => json!({"type": "workspace", "workspace": true}),
        },
        "is_inline": false,
        "in_trash": db.in_trash,
        "is_locked": false,
        "data_sources": sources,
        "url": notion_url(&db.title, &db.id),
        "public_url": null,
    })
}

pub fn render_bot_user(store: &Store, bot_id: &str, workspace_name: &str) -> Value {
    json!({
        "object": "user",
        "id": bot_id,
        "name": "WHOOP Sync",
        "avatar_url": null,
        "type": "bot",
        "bot": {
            "owner": {"type": "workspace", "workspace": true},
            "workspace_id": store.workspace_id,
            "workspace_limits": {"max_file_upload_size_in_bytes": 5_242_880},
            "workspace_name": workspace_name,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_are_minute_precision() {
        let t = Utc.with_ymd_and_hms(2026, 11, 24, 7, 31, 42).unwrap();
        assert_eq!(format_time(t), "2026-11-24T07:31:00.000Z");
    }

    #[test]
    fn urls_use_title_slug_and_compact_id() {
        let id = "59833787-2cf9-4fdf-8782-e53db20768a5";
        assert_eq!(
            notion_url("Tuscan kale", id),
            "https://www.notion.so/Tuscan-kale-598337872cf94fdf8782e53db20768a5"
        );
    }
}
