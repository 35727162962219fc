//! The body of `PATCH /v1/data_sources/{id}` ("Update a data source"), checked against the
//! data source as it is, all before anything changes. `properties` keys are a property's name
//! or id: `null` removes it, `{"name": …}` renames it, a configuration changes its type (with
//! an optional new `name`), and a key naming no property adds one (named by `name`, else the
//! key). The title property can't be removed nor change type; status can't be created.
//! `title` renames the data source. The rest of the endpoint (description, icon, trash,
//! moving to another database) is not simulated and refused as such.

use serde_json::{Map, Value};

use super::errors::ApiError;
use super::properties::rich_text::{parse_array, plain_text};
use super::property_config::{parse_config, PropertyConfig};
use super::spec::PropertyKind;
use super::store::DataSource;

#[derive(Debug, Clone, PartialEq)]
pub enum SchemaChange {
    Remove {
        id: String,
    },
    Rename {
        id: String,
        name: String,
    },
    /// A new type for an existing property, and maybe a new name.
    Retype {
        id: String,
        name: Option<String>,
        config: PropertyConfig,
    },
    Add {
        name: String,
        config: PropertyConfig,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct UpdateRequest {
    pub title: Option<String>,
    pub changes: Vec<SchemaChange>,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::validation(message)
}

const UNSIMULATED: [&str; 6] = [
    "description",
    "icon",
    "in_trash",
    "archived",
    "parent",
    "cover",
];

pub fn parse_update(ds: &DataSource, body: &Value) -> Result<UpdateRequest, ApiError> {
    let obj = body.as_object().ok_or_else(|| {
        invalid(format!(
            "body failed validation: body should be an object, instead was `{body}`."
        ))
    })?;
    if let Some(key) = UNSIMULATED.iter().find(|k| obj.contains_key(**k)) {
        return Err(invalid(format!(
            "The simulator does not support updating a data source's `{key}`; only `title` and `properties`."
        )));
    }
    let title = match obj.get("title") {
        None | Some(Value::Null) => None,
        Some(v) => Some(plain_text(&parse_array(
            v,
            "body.title",
            "body failed validation: body.title should be an array.",
        )?)),
    };
    let changes = match obj.get("properties") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(props)) => parse_changes(ds, props)?,
        Some(v) => {
            return Err(invalid(format!(
                "body failed validation: body.properties should be an object, instead was `{v}`."
            )))
        }
    };
    check_names(ds, &changes)?;
    Ok(UpdateRequest { title, changes })
}

fn parse_changes(
    ds: &DataSource,
    props: &Map<String, Value>,
) -> Result<Vec<SchemaChange>, ApiError> {
    let mut changes = Vec::new();
    for (key, value) in props {
        let path = format!("body.properties.{key}");
        let existing = ds.find(key);
        let Some(obj) = value.as_object() else {
            if !value.is_null() {
                return Err(invalid(format!(
                    "body failed validation: {path} should be an object or `null`, instead was `{value}`."
                )));
            }
            let prop = existing.ok_or_else(|| not_a_property(key))?;
            if prop.kind == PropertyKind::Title {
                return Err(invalid(
                    "Cannot delete the title property of a data source.",
                ));
            }
            changes.push(SchemaChange::Remove {
                id: prop.id.clone(),
            });
            continue;
        };
        let name = match obj.get("name") {
            None | Some(Value::Null) => None,
            Some(Value::String(n)) if !n.trim().is_empty() => Some(n.clone()),
            Some(v) => {
                return Err(invalid(format!(
                    "body failed validation: {path}.name should be a non-empty string, instead was `{v}`."
                )))
            }
        };
        let has_type = obj
            .keys()
            .any(|k| !matches!(k.as_str(), "name" | "description" | "id"));
        let change = match (existing, has_type, name) {
            (Some(prop), false, Some(name)) => SchemaChange::Rename {
                id: prop.id.clone(),
                name,
            },
            (_, false, _) => {
                return Err(invalid(format!(
                    "body failed validation: {path} should have a `name` or a property type configuration."
                )))
            }
            (Some(prop), true, name) => {
                let config = parse_config(key, value, &path)?;
                let retitled = matches!(&config, PropertyConfig::Kind(PropertyKind::Title));
                if (prop.kind == PropertyKind::Title) != retitled {
                    return Err(invalid(format!(
                        "Cannot change the type of {} to or from title: a data source has exactly one title property.",
                        prop.name
                    )));
                }
                SchemaChange::Retype {
                    id: prop.id.clone(),
                    name,
                    config,
                }
            }
            (None, true, name) => {
                let config = parse_config(key, value, &path)?;
                if matches!(&config, PropertyConfig::Kind(PropertyKind::Title)) {
                    return Err(invalid(
                        "A data source has exactly one title property; it can't get another.",
                    ));
                }
                SchemaChange::Add {
                    name: name.unwrap_or_else(|| key.clone()),
                    config,
                }
            }
        };
        changes.push(change);
    }
    Ok(changes)
}

fn not_a_property(key: &str) -> ApiError {
    invalid(format!("{key} is not a property that exists."))
}

/// Property names stay unique once every change is made.
fn check_names(ds: &DataSource, changes: &[SchemaChange]) -> Result<(), ApiError> {
    let mut names: Vec<(Option<String>, String)> = ds
        .properties
        .iter()
        .map(|p| (Some(p.id.clone()), p.name.clone()))
        .collect();
    for change in changes {
        let (id, new_name) = match change {
            SchemaChange::Remove { id } => {
                names.retain(|(i, _)| i.as_deref() != Some(id.as_str()));
                continue;
            }
            SchemaChange::Rename { id, name }
            | SchemaChange::Retype {
                id,
                name: Some(name),
                ..
            } => (Some(id.clone()), name.clone()),
            SchemaChange::Retype { name: None, .. } => continue,
            SchemaChange::Add { name, .. } => (None, name.clone()),
        };
        let clash = names
            .iter()
            .any(|(i, n)| n == &new_name && (id.is_none() || i != &id));
        if clash {
            return Err(invalid(format!(
                "A property named {new_name:?} already exists in this data source."
            )));
        }
        match names.iter_mut().find(|(i, _)| id.is_some() && i == &id) {
            Some(entry) => entry.1 = new_name,
            None => names.push((id, new_name)),
        }
    }
    Ok(())
}
