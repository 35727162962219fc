use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The bot user a connection token belongs to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BotUser {
    pub id: String,
    pub name: Option<String>,
    pub workspace_name: Option<String>,
}

/// A database (a container of data sources; it has no schema of its own since 2025-09-03).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Database {
    pub id: String,
    pub title: String,
    pub data_sources: Vec<DataSourceRef>,
    /// The page it is in, when it is in a page (not a workspace's top level or a block).
    #[serde(default)]
    pub parent_page_id: Option<String>,
}

/// A data source as listed by search or by its database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// camelCase for the window (app-service's wire.rs); snake_case in the CLI's JSON and on disk.
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct DataSourceRef {
    pub id: String,
    pub name: String,
    pub database_id: Option<String>,
}

/// A page the connection can see, as a place to create a database under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PageRef {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
}

/// A data source's schema: its properties by id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataSourceSchema {
    pub id: String,
    pub name: String,
    pub database_id: Option<String>,
    pub properties: Vec<PropertySchema>,
}

impl DataSourceSchema {
    pub fn by_id(&self, id: &str) -> Option<&PropertySchema> {
        self.properties.iter().find(|p| p.id == id)
    }

    pub fn by_name(&self, name: &str) -> Option<&PropertySchema> {
        self.properties.iter().find(|p| p.name == name)
    }

    pub fn title_property(&self) -> Option<&PropertySchema> {
        self.properties.iter().find(|p| p.kind == "title")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// camelCase for the window (app-service's wire.rs); snake_case in the CLI's JSON and on disk.
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct PropertySchema {
    pub id: String,
    pub name: String,
    /// Notion's type name: `number`, `date`, `rich_text`, `formula`, …
    pub kind: String,
    /// For numbers: `number`, `percent`, … (decides whether 78 % is written as 0.78).
    pub number_format: Option<String>,
    /// For selects: the option names.
    pub options: Vec<String>,
    /// For relations: the data source it links to.
    #[serde(default)]
    pub relation: Option<RelationTarget>,
}

/// Where a relation property points: its pages must be rows of `data_source_id`. `dual`: a
/// two-way relation, whose other side Notion keeps in step on the linked pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct RelationTarget {
    pub data_source_id: String,
    pub dual: bool,
}

impl RelationTarget {
    /// `{"data_source_id": …, "type": "dual_property", …}` as a data source renders it.
    fn from_json(config: &Value) -> Option<Self> {
        Some(Self {
            data_source_id: config.get("data_source_id")?.as_str()?.to_string(),
            dual: config.get("type").and_then(Value::as_str) == Some("dual_property"),
        })
    }
}

impl PropertySchema {
    pub(crate) fn from_json(name: &str, value: &Value) -> Option<Self> {
        let kind = value.get("type")?.as_str()?.to_string();
        let options = value
            .get(&kind)
            .and_then(|v| v.get("options"))
            .and_then(Value::as_array)
            .map(|opts| {
                opts.iter()
                    .filter_map(|o| o.get("name").and_then(Value::as_str).map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        Some(Self {
            id: value.get("id")?.as_str()?.to_string(),
            name: value
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(name)
                .to_string(),
            number_format: value
                .get("number")
                .and_then(|n| n.get("format"))
                .and_then(Value::as_str)
                .map(String::from),
            relation: value
                .get("relation")
                .filter(|_| kind == "relation")
                .and_then(RelationTarget::from_json),
            kind,
            options,
        })
    }

    /// Types Notion computes itself; writing them is refused.
    pub fn is_read_only(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "formula"
                | "rollup"
                | "created_time"
                | "created_by"
                | "last_edited_time"
                | "last_edited_by"
                | "unique_id"
                | "button"
                | "verification"
        )
    }
}

/// Accepts a bare id, a dashed id, or any Notion URL containing one, and returns the dashed
/// lowercase form. `None` when there is no 32-hex-digit id in the text.
pub fn normalize_id(text: &str) -> Option<String> {
    let text = text.trim();
    // In a URL the id is the last 32 hex digits of the path (after the title slug), before `?`.
    let path = text.split(['?', '#']).next().unwrap_or(text);
    let candidate = path.rsplit('/').next().unwrap_or(path);
    let hex: String = candidate.chars().filter(|c| *c != '-').collect();
    let tail = if hex.len() >= 32 {
        &hex[hex.len() - 32..]
    } else {
        return None;
    };
    if !tail.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let t = tail.to_ascii_lowercase();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &t[0..8],
        &t[8..12],
        &t[12..16],
        &t[16..20],
        &t[20..32]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_urls_and_plain_text() {
        let want = "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d";
        for input in [
            "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d",
            "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
            "https://www.notion.so/myspace/Daily-Tracking-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d?v=ffffffffffffffffffffffffffffffff",
            "https://www.notion.so/1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D",
            "  1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d\n",
        ] {
            assert_eq!(normalize_id(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(normalize_id("Daily Tracking"), None);
        assert_eq!(
            normalize_id("https://www.notion.so/zz2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"),
            None
        );
    }

    #[test]
    fn schema_reads_number_format_and_options() {
        let json: Value = serde_json::json!({"id":"a%3Ab","name":"Recovery","type":"number","number":{"format":"percent"}});
        let p = PropertySchema::from_json("Recovery", &json).unwrap();
        assert_eq!(p.number_format.as_deref(), Some("percent"));
        let json: Value = serde_json::json!({"id":"x","name":"Mood","type":"select","select":{"options":[{"name":"Good","id":"1","color":"green"}]}});
        assert_eq!(
            PropertySchema::from_json("Mood", &json).unwrap().options,
            vec!["Good"]
        );
    }

    #[test]
    fn schema_reads_a_relation_target() {
        let json = serde_json::json!({"id":"r%3A","name":"Day","type":"relation","relation":{
            "data_source_id":"ds-1","database_id":"db-1","type":"dual_property",
            "dual_property":{"synced_property_name":"Workouts","synced_property_id":"x"}}});
        let p = PropertySchema::from_json("Day", &json).unwrap();
        assert_eq!(
            p.relation,
            Some(RelationTarget {
                data_source_id: "ds-1".into(),
                dual: true
            })
        );
        let json = serde_json::json!({"id":"r","name":"Day","type":"relation","relation":{
            "data_source_id":"ds-1","type":"single_property","single_property":{}}});
        assert_eq!(
            PropertySchema::from_json("Day", &json)
                .unwrap()
                .relation
                .map(|r| r.dual),
            Some(false)
        );
        // Not a relation, or a relation without a target: no target.
        let json = serde_json::json!({"id":"n","name":"HRV","type":"number","number":{}});
        assert_eq!(
            PropertySchema::from_json("HRV", &json).unwrap().relation,
            None
        );
        let json = serde_json::json!({"id":"r","name":"Day","type":"relation","relation":{}});
        assert_eq!(
            PropertySchema::from_json("Day", &json).unwrap().relation,
            None
        );
    }
}
