//! A property configuration as `POST /v1/databases` (`initial_data_source.properties`) and
//! `PATCH /v1/data_sources/{id}` (`properties`) take it: `{"number": {"format": "percent"}}`,
//! `{"relation": {"data_source_id": …, "dual_property": {}}}`, checked as Notion does.

use serde_json::{Map, Value};

use super::errors::ApiError;
use super::ids;
use super::spec::PropertyKind;

/// What a configuration asks for. A relation needs the store (its target must exist and be
/// shared; a dual one adds a property to the target), so it is kept apart.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyConfig {
    Kind(PropertyKind),
    Relation(RelationRequest),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RelationRequest {
    pub data_source_id: String,
    pub link: RelationLink,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RelationLink {
    Single,
    /// `synced_property_name`: the other side's name; Notion's default when absent is
    /// "Related to <database title> (<property name>)".
    Dual {
        synced_property_name: Option<String>,
    },
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::validation(message)
}

/// Notion's number formats.
const NUMBER_FORMATS: [&str; 41] = [
    "number",
    "number_with_commas",
    "percent",
    "dollar",
    "australian_dollar",
    "canadian_dollar",
    "singapore_dollar",
    "euro",
    "pound",
    "yen",
    "ruble",
    "rupee",
    "won",
    "yuan",
    "real",
    "lira",
    "rupiah",
    "franc",
    "hong_kong_dollar",
    "new_zealand_dollar",
    "krona",
    "norwegian_krone",
    "mexican_peso",
    "rand",
    "new_taiwan_dollar",
    "danish_krone",
    "zloty",
    "baht",
    "forint",
    "koruna",
    "shekel",
    "chilean_peso",
    "philippine_peso",
    "dirham",
    "colombian_peso",
    "riyal",
    "ringgit",
    "leu",
    "argentine_peso",
    "uruguayan_peso",
    "peruvian_sol",
];

/// Types a property configuration may name (Notion's list); the ones the simulator can't
/// hold (people, files, rollup...) are refused like unknown ones.
const CREATABLE: [&str; 17] = [
    "title",
    "rich_text",
    "number",
    "date",
    "checkbox",
    "select",
    "multi_select",
    "url",
    "email",
    "phone_number",
    "formula",
    "created_time",
    "last_edited_time",
    "created_by",
    "last_edited_by",
    "unique_id",
    "relation",
];

/// One property configuration: `{"number": {"format": "percent"}}`, optionally with `"type"`
/// (and `name` / `description`, which the caller reads). `path`: where it sits in the body,
/// for messages (`body.initial_data_source.properties.Recovery`).
pub fn parse_config(name: &str, config: &Value, path: &str) -> Result<PropertyConfig, ApiError> {
    let path = path.to_string();
    let obj = config.as_object().ok_or_else(|| {
        invalid(format!(
            "body failed validation: {path} should be an object, instead was `{config}`."
        ))
    })?;
    let declared = obj.get("type").and_then(Value::as_str);
    let type_keys: Vec<&str> = obj
        .keys()
        .map(String::as_str)
        .filter(|k| !matches!(*k, "type" | "name" | "description" | "id"))
        .collect();
    let tname = match (declared, type_keys.as_slice()) {
        (Some(t), []) => t,
        (Some(t), [k]) if t == *k => t,
        (None, [k]) => k,
        _ => {
            return Err(invalid(format!(
            "body failed validation: {path} should have exactly one property type configuration."
        )))
        }
    };
    if tname == "status" {
        return Err(invalid(format!(
            "Unsupported property type for {name}: creating status properties is not supported through the API."
        )));
    }
    if !CREATABLE.contains(&tname) {
        return Err(invalid(format!(
            "body failed validation: {path} has an unsupported property type `{tname}`."
        )));
    }
    let inner = match obj.get(tname) {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(v) => {
            return Err(invalid(format!(
                "body failed validation: {path}.{tname} should be an object, instead was `{v}`."
            )))
        }
    };
    if tname == "relation" {
        return parse_relation(&inner, &path).map(PropertyConfig::Relation);
    }
    Ok(PropertyConfig::Kind(match tname {
        "title" => PropertyKind::Title,
        "rich_text" => PropertyKind::RichText,
        "date" => PropertyKind::Date,
        "checkbox" => PropertyKind::Checkbox,
        "url" => PropertyKind::Url,
        "email" => PropertyKind::Email,
        "phone_number" => PropertyKind::PhoneNumber,
        "created_time" => PropertyKind::CreatedTime,
        "last_edited_time" => PropertyKind::LastEditedTime,
        "created_by" => PropertyKind::CreatedBy,
        "last_edited_by" => PropertyKind::LastEditedBy,
        "unique_id" => PropertyKind::UniqueId,
        "number" => PropertyKind::Number {
            format: number_format(&inner, &path)?,
        },
        "select" => PropertyKind::Select {
            options: option_names(&inner, &format!("{path}.select"))?,
        },
        "multi_select" => PropertyKind::MultiSelect {
            options: option_names(&inner, &format!("{path}.multi_select"))?,
        },
        "formula" => match inner.get("expression") {
            Some(Value::String(e)) => PropertyKind::Formula {
                expression: e.clone(),
            },
            _ => {
                return Err(invalid(format!(
                    "body failed validation: {path}.formula.expression should be a string."
                )))
            }
        },
        other => {
            return Err(invalid(format!(
                "body failed validation: {path} has an unsupported property type `{other}`."
            )))
        }
    }))
}

/// `{"data_source_id": …, "type": "dual_property", "dual_property": {}}` (or
/// `single_property`). The 2025-09-03 API names the target by data source; a `database_id`
/// alone is refused here rather than guessed at.
fn parse_relation(inner: &Map<String, Value>, path: &str) -> Result<RelationRequest, ApiError> {
    let path = format!("{path}.relation");
    let data_source_id = match inner.get("data_source_id") {
        Some(Value::String(raw)) => ids::normalize(raw).ok_or_else(|| {
            invalid(format!(
                "body failed validation: {path}.data_source_id should be a valid uuid, instead was `\"{raw}\"`."
            ))
        })?,
        None | Some(Value::Null) => {
            return Err(invalid(format!(
                "body failed validation: {path}.data_source_id should be defined, instead was `undefined`."
            )))
        }
        Some(v) => {
            return Err(invalid(format!(
                "body failed validation: {path}.data_source_id should be a string, instead was `{v}`."
            )))
        }
    };
    let declared = inner.get("type").and_then(Value::as_str);
    let kinds: Vec<&str> = ["single_property", "dual_property"]
        .into_iter()
        .filter(|k| inner.get(*k).is_some_and(|v| !v.is_null()))
        .collect();
    let kind = match (declared, kinds.as_slice()) {
        (None, [k]) => *k,
        (Some(t), [k]) if t == *k => t,
        _ => {
            return Err(invalid(format!(
                "body failed validation: {path} should have exactly one of `single_property` or `dual_property`, matching its `type`."
            )))
        }
    };
    let settings = inner[kind].as_object().ok_or_else(|| {
        invalid(format!(
            "body failed validation: {path}.{kind} should be an object, instead was `{}`.",
            inner[kind]
        ))
    })?;
    let link = if kind == "single_property" {
        RelationLink::Single
    } else {
        let synced_property_name = match settings.get("synced_property_name") {
            None | Some(Value::Null) => None,
            Some(Value::String(n)) if !n.trim().is_empty() => Some(n.clone()),
            Some(v) => {
                return Err(invalid(format!(
                    "body failed validation: {path}.dual_property.synced_property_name should be a non-empty string, instead was `{v}`."
                )))
            }
        };
        RelationLink::Dual {
            synced_property_name,
        }
    };
    Ok(RelationRequest {
        data_source_id,
        link,
    })
}

fn number_format(inner: &Map<String, Value>, path: &str) -> Result<String, ApiError> {
    match inner.get("format") {
        None | Some(Value::Null) => Ok("number".into()),
        Some(Value::String(f)) if NUMBER_FORMATS.contains(&f.as_str()) => Ok(f.clone()),
        Some(v) => Err(invalid(format!(
            "body failed validation: {path}.number.format should be a Notion number format (e.g. `\"number\"`, `\"percent\"`), instead was `{v}`."
        ))),
    }
}

fn option_names(inner: &Map<String, Value>, path: &str) -> Result<Vec<String>, ApiError> {
    let Some(options) = inner.get("options").filter(|o| !o.is_null()) else {
        return Ok(Vec::new());
    };
    let items = options.as_array().ok_or_else(|| {
        invalid(format!(
            "body failed validation: {path}.options should be an array."
        ))
    })?;
    items
        .iter()
        .map(|o| {
            o.get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.trim().is_empty() && !n.contains(','))
                .map(str::to_string)
                .ok_or_else(|| {
                    invalid(format!(
                        "body failed validation: {path}.options[].name should be a non-empty string without commas."
                    ))
                })
        })
        .collect()
}
