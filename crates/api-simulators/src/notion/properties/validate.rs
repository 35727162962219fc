//! Checks a request's `properties` object against a data source's schema, the way Notion
//! does: keys are names or ids, each value must have its property's type, read-only types
//! are refused, `null` clears, and nothing is applied unless everything is valid.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::dates::DateVal;
use super::rich_text::{self, MAX_ITEMS, MAX_TEXT};
use crate::notion::errors::ApiError;
use crate::notion::ids;
use crate::notion::spec::PropertyKind;
use crate::notion::store::{DataSource, Property, SelectOption};

/// Validated values by property id (`None` clears), plus the schema with any select options
/// the write created, to be committed together.
#[derive(Debug)]
pub struct Validated {
    pub values: Vec<(String, Option<Value>)>,
    pub properties: Vec<Property>,
}

impl Validated {
    pub fn apply_to(&self, values: &mut HashMap<String, Value>) {
        for (pid, v) in &self.values {
            match v {
                Some(v) => {
                    values.insert(pid.clone(), v.clone());
                }
                None => {
                    values.remove(pid);
                }
            }
        }
    }
}

pub fn validate(ds: &DataSource, input: &Value) -> Result<Validated, ApiError> {
    let obj = input.as_object().ok_or_else(|| {
        ApiError::validation(format!(
            "body failed validation: body.properties should be an object, instead was `{input}`."
        ))
    })?;
    let mut properties = ds.properties.clone();
    let mut values = Vec::new();
    for (key, value) in obj {
        let pid = ds
            .find(key)
            .map(|p| p.id.clone())
            .ok_or_else(|| ApiError::validation(format!("{key} is not a property that exists.")))?;
        let prop = properties
            .iter_mut()
            .find(|p| p.id == pid)
            .expect("property resolved from the same schema");
        values.push((pid, validate_value(prop, value)?));
    }
    Ok(Validated { values, properties })
}

fn validate_value(prop: &mut Property, value: &Value) -> Result<Option<Value>, ApiError> {
    let tname = prop.kind.type_name();
    let name = prop.name.clone();
    let expected = || ApiError::validation(format!("{name} is expected to be {tname}."));
    if prop.kind.is_read_only() {
        return Err(ApiError::validation(format!(
            "{name} is a {tname} property, which is computed by Notion and cannot be set through the API."
        )));
    }
    let obj = value.as_object().ok_or_else(expected)?;
    if let Some(t) = obj.get("type") {
        if t.as_str() != Some(tname) {
            return Err(expected());
        }
    }
    let inner = obj.get(tname).ok_or_else(expected)?;
    let path = format!("body.properties.{name}.{tname}");
    match &prop.kind {
        PropertyKind::Title | PropertyKind::RichText => {
            let expected_msg = format!("{name} is expected to be {tname}.");
            rich_text::parse_array(inner, &path, &expected_msg).map(Some)
        }
        PropertyKind::Number { .. } => match inner {
            Value::Null => Ok(None),
            Value::Number(n) if n.as_f64().is_some_and(f64::is_finite) => Ok(Some(inner.clone())),
            _ => Err(expected()),
        },
        PropertyKind::Checkbox => match inner {
            Value::Bool(_) => Ok(Some(inner.clone())),
            _ => Err(expected()),
        },
        PropertyKind::Date => parse_date(inner, &path, expected),
        PropertyKind::Url => parse_string(inner, MAX_TEXT, &name, tname),
        PropertyKind::Email | PropertyKind::PhoneNumber => parse_string(inner, 200, &name, tname),
        PropertyKind::Select { .. } => match inner {
            Value::Null => Ok(None),
            _ => pick_option(prop, inner, true, &path).map(Some),
        },
        PropertyKind::Status { .. } => match inner {
            Value::Null => Ok(None),
            _ => pick_option(prop, inner, false, &path).map(Some),
        },
        PropertyKind::MultiSelect { .. } => {
            let items = inner.as_array().ok_or_else(expected)?;
            if items.len() > MAX_ITEMS {
                return Err(ApiError::validation(format!(
                    "body failed validation: {path}.length should be ≤ `{MAX_ITEMS}`, instead was `{}`.",
                    items.len()
                )));
            }
            let picked = items
                .iter()
                .map(|i| pick_option(prop, i, true, &path))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(Value::Array(picked)))
        }
        PropertyKind::Relation { .. } => parse_relation(inner, &path),
        _ => Err(expected()),
    }
}

/// `[{"id": page_id}, …]`, at most `MAX_ITEMS` (Notion's limit on related pages per write);
/// repeated ids count once, `[]` clears. Whether each page belongs to the relation's target
/// is the store's check (`Store::check_relation_values`).
fn parse_relation(inner: &Value, path: &str) -> Result<Option<Value>, ApiError> {
    let items = inner.as_array().ok_or_else(|| {
        ApiError::validation(format!(
            "body failed validation: {path} should be an array, instead was `{inner}`."
        ))
    })?;
    if items.len() > MAX_ITEMS {
        return Err(ApiError::validation(format!(
            "body failed validation: {path}.length should be ≤ `{MAX_ITEMS}`, instead was `{}`.",
            items.len()
        )));
    }
    let mut ids: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let id = match item.get("id") {
            _ if !item.is_object() => {
                return Err(ApiError::validation(format!(
                    "body failed validation: {path}[{i}] should be an object, instead was `{item}`."
                )))
            }
            Some(Value::String(raw)) => ids::normalize(raw).ok_or_else(|| {
                ApiError::validation(format!(
                    "body failed validation: {path}[{i}].id should be a valid uuid, instead was `\"{raw}\"`."
                ))
            })?,
            Some(v) => {
                return Err(ApiError::validation(format!(
                    "body failed validation: {path}[{i}].id should be a string, instead was `{v}`."
                )))
            }
            None => {
                return Err(ApiError::validation(format!(
                    "body failed validation: {path}[{i}].id should be defined, instead was `undefined`."
                )))
            }
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok((!ids.is_empty())
        .then(|| Value::Array(ids.into_iter().map(|id| json!({"id": id})).collect())))
}

fn parse_date(
    inner: &Value,
    path: &str,
    expected: impl Fn() -> ApiError,
) -> Result<Option<Value>, ApiError> {
    if inner.is_null() {
        return Ok(None);
    }
    let obj = inner.as_object().ok_or_else(&expected)?;
    let parse = |field: &str, v: &Value| -> Result<String, ApiError> {
        v.as_str()
            .and_then(DateVal::parse)
            .map(|d| d.render())
            .ok_or_else(|| {
                ApiError::validation(format!(
                    "body failed validation: {path}.{field} should be a valid ISO 8601 date string, instead was `{v}`."
                ))
            })
    };
    let start = parse("start", obj.get("start").unwrap_or(&Value::Null))?;
    let end = match obj.get("end") {
        None | Some(Value::Null) => Value::Null,
        Some(v) => Value::String(parse("end", v)?),
    };
    let time_zone = match obj.get("time_zone") {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(tz)) if !tz.is_empty() => Value::String(tz.clone()),
        Some(v) => {
            return Err(ApiError::validation(format!(
                "body failed validation: {path}.time_zone should be a time zone name, instead was `{v}`."
            )))
        }
    };
    Ok(Some(
        json!({"start": start, "end": end, "time_zone": time_zone}),
    ))
}

/// url / email / phone_number: a non-empty string within Notion's limit, or null to clear.
fn parse_string(
    inner: &Value,
    max: usize,
    name: &str,
    tname: &str,
) -> Result<Option<Value>, ApiError> {
    match inner {
        Value::Null => Ok(None),
        Value::String(s) if s.is_empty() => Err(ApiError::validation(format!(
            "{name} is expected to be {tname}: an empty string is not allowed; send null to clear it."
        ))),
        Value::String(s) if s.chars().count() > max => Err(ApiError::validation(format!(
            "body failed validation: body.properties.{name}.{tname}.length should be ≤ `{max}`, instead was `{}`.",
            s.chars().count()
        ))),
        Value::String(_) => Ok(Some(inner.clone())),
        _ => Err(ApiError::validation(format!("{name} is expected to be {tname}."))),
    }
}

/// Resolves `{"name": …}` or `{"id": …}` to an option, creating a new named option when
/// allowed (select, multi-select) as Notion does.
fn pick_option(
    prop: &mut Property,
    v: &Value,
    may_create: bool,
    path: &str,
) -> Result<Value, ApiError> {
    let render = |o: &SelectOption| json!({"id": o.id, "name": o.name, "color": o.color});
    let obj: &Map<String, Value> = v.as_object().ok_or_else(|| {
        ApiError::validation(format!(
            "body failed validation: {path} should be an object, instead was `{v}`."
        ))
    })?;
    if let Some(id) = obj.get("id").and_then(Value::as_str) {
        return prop
            .options
            .iter()
            .find(|o| o.id == id)
            .map(render)
            .ok_or_else(|| {
                ApiError::validation(format!("Invalid option id for {}: {id}", prop.name))
            });
    }
    let name = obj.get("name").and_then(Value::as_str).ok_or_else(|| {
        ApiError::validation(format!(
            "body failed validation: {path}.name should be defined, instead was `undefined`."
        ))
    })?;
    if name.trim().is_empty() || name.contains(',') || name.chars().count() > 100 {
        return Err(ApiError::validation(format!(
            "Invalid select option name {name:?} for {}: names must be non-empty, ≤ 100 characters and contain no commas.",
            prop.name
        )));
    }
    if let Some(o) = prop.options.iter().find(|o| o.name == name) {
        return Ok(render(o));
    }
    if !may_create {
        return Err(ApiError::validation(format!(
            "Invalid status option. Status option \"{name}\" does not exist for {}.",
            prop.name
        )));
    }
    let option = SelectOption::new(name, prop.options.len());
    let out = render(&option);
    prop.options.push(option);
    Ok(out)
}
