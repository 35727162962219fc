use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A row of a data source, as Notion returned it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub id: String,
    pub url: Option<String>,
    pub created_time: DateTime<Utc>,
    pub in_trash: bool,
    pub properties: Vec<PropertyValue>,
    /// The user (a connection's bot, or a person) who made it, and who changed it last.
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub last_edited_by: Option<String>,
}

/// One property's value on a page: the typed JSON under the type's key
/// (e.g. `{"start":"2026-11-24"}` for a date, `72.5` for a number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PropertyValue {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub value: Value,
    /// A relation (or other list) Notion cut short in a page object; read the rest with the
    /// page property endpoint.
    #[serde(default)]
    pub has_more: bool,
}

impl Page {
    pub(crate) fn from_json(json: &Value) -> Option<Self> {
        let properties = json
            .get("properties")
            .and_then(Value::as_object)
            .map(|props| {
                props
                    .iter()
                    .filter_map(|(name, v)| {
                        let kind = v.get("type")?.as_str()?.to_string();
                        Some(PropertyValue {
                            id: v.get("id")?.as_str()?.to_string(),
                            name: name.clone(),
                            value: v.get(&kind).cloned().unwrap_or(Value::Null),
                            has_more: v.get("has_more").and_then(Value::as_bool).unwrap_or(false),
                            kind,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Self {
            id: json.get("id")?.as_str()?.to_string(),
            url: json.get("url").and_then(Value::as_str).map(String::from),
            created_time: json.get("created_time")?.as_str()?.parse().ok()?,
            // `archived` was renamed `in_trash`; we never read the old name.
            in_trash: json
                .get("in_trash")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            properties,
            created_by: str_at(json, "created_by"),
            last_edited_by: str_at(json, "last_edited_by"),
        })
    }

    pub fn property(&self, id: &str) -> Option<&PropertyValue> {
        self.properties.iter().find(|p| p.id == id)
    }

    /// The pages a relation property links to (dashed ids, as Notion answers them). A page
    /// object lists at most 25; `relation_complete` says whether these are all of them.
    pub fn relation_ids(&self, property_id: &str) -> Vec<String> {
        self.property(property_id)
            .and_then(|p| p.value.as_array())
            .map(|links| {
                links
                    .iter()
                    .filter_map(|l| l.get("id").and_then(Value::as_str).map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `false` when Notion cut a relation's list short (`has_more`): more pages are linked
    /// than `relation_ids` shows, so "not linked yet" can't be concluded from it.
    pub fn relation_complete(&self, property_id: &str) -> bool {
        self.property(property_id).is_none_or(|p| !p.has_more)
    }

    /// The `start` of a date property, e.g. `2026-11-24` (a date-time keeps its time part).
    pub fn date_start(&self, property_id: &str) -> Option<&str> {
        self.property(property_id)?
            .value
            .get("start")
            .and_then(Value::as_str)
    }
}

/// `json[key].id`: a partial user.
fn str_at(json: &Value, key: &str) -> Option<String> {
    json.get(key)?.get("id")?.as_str().map(String::from)
}
