//! The body of `POST /v1/databases` (2025-09-03): `parent` (a page), `title` (rich text) and
//! `initial_data_source.properties` (the schema), checked as Notion does and turned into a
//! `DatabaseSpec` for the store. Status properties can't be created through the API.

use serde_json::{Map, Value};

use super::errors::ApiError;
use super::ids;
use super::properties::rich_text::{parse_array, plain_text};
use super::spec::{DataSourceSpec, DatabaseSpec, PropertyKind, PropertySpec};

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
/// hold (people, files, relation, rollup...) are refused like unknown ones.
const CREATABLE: [&str; 16] = [
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
];

pub struct CreateRequest {
    pub parent_page_id: String,
    pub spec: DatabaseSpec,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::validation(message)
}

pub fn parse_request(body: &Value) -> Result<CreateRequest, ApiError> {
    let parent_page_id = parse_parent(body.get("parent"))?;
    let title = match body.get("title") {
        None | Some(Value::Null) => String::new(),
        Some(v) => plain_text(&parse_array(
            v,
            "body.title",
            "body failed validation: body.title should be an array.",
        )?),
    };
    let properties = match body.get("initial_data_source") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(ds)) => match ds.get("properties") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(props)) => parse_properties(props)?,
            Some(v) => {
                return Err(invalid(format!(
                "body failed validation: body.initial_data_source.properties should be an object, instead was `{v}`."
            )))
            }
        },
        Some(v) => {
            return Err(invalid(format!(
                "body failed validation: body.initial_data_source should be an object, instead was `{v}`."
            )))
        }
    };
    Ok(CreateRequest {
        parent_page_id,
        spec: DatabaseSpec {
            title: title.clone(),
            data_sources: vec![DataSourceSpec {
                name: title,
                properties,
            }],
            // Created under a page the connection can see, so the connection can see it.
            shared: true,
        },
    })
}

/// Only a page parent: the API can't create databases at the workspace's top level for an
/// internal connection, nor inside a data source.
fn parse_parent(parent: Option<&Value>) -> Result<String, ApiError> {
    let parent = parent.filter(|p| !p.is_null()).ok_or_else(|| {
        invalid("body failed validation: body.parent should be defined, instead was `undefined`.")
    })?;
    let obj = parent.as_object().ok_or_else(|| {
        invalid(format!(
            "body failed validation: body.parent should be an object, instead was `{parent}`."
        ))
    })?;
    if let Some(t) = obj.get("type") {
        if t.as_str() != Some("page_id") {
            return Err(invalid(format!(
                "body failed validation: body.parent.type should be `\"page_id\"`, instead was `{t}`."
            )));
        }
    }
    match obj.get("page_id") {
        Some(Value::String(raw)) => ids::normalize(raw).ok_or_else(|| {
            invalid(format!(
                "body failed validation: body.parent.page_id should be a valid uuid, instead was `\"{raw}\"`."
            ))
        }),
        Some(v) => Err(invalid(format!(
            "body failed validation: body.parent.page_id should be a string, instead was `{v}`."
        ))),
        None => Err(invalid(
            "body failed validation: body.parent.page_id should be defined, instead was `undefined`.",
        )),
    }
}

fn parse_properties(props: &Map<String, Value>) -> Result<Vec<PropertySpec>, ApiError> {
    let mut out = Vec::new();
    for (name, config) in props {
        if name.trim().is_empty() {
            return Err(invalid(
                "body failed validation: property names in body.initial_data_source.properties should not be empty.",
            ));
        }
        out.push(PropertySpec::new(
            name.clone(),
            parse_property(name, config)?,
        ));
    }
    let titles = out.iter().filter(|p| p.kind == PropertyKind::Title).count();
    if titles > 1 {
        return Err(invalid(
            "body failed validation: body.initial_data_source.properties should have exactly one title property.",
        ));
    }
    Ok(out)
}

/// One property configuration: `{"number": {"format": "percent"}}`, optionally with `"type"`.
fn parse_property(name: &str, config: &Value) -> Result<PropertyKind, ApiError> {
    let path = format!("body.initial_data_source.properties.{name}");
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
    Ok(match tname {
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
        _ => unreachable!("CREATABLE is matched above"),
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
