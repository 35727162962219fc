//! The body of `POST /v1/databases` (2025-09-03): `parent` (a page), `title` (rich text) and
//! `initial_data_source.properties` (the schema), checked as Notion does and turned into a
//! `DatabaseSpec` for the store, plus the relations the store makes once the database exists.
//! Status properties can't be created through the API.

use serde_json::{Map, Value};

use super::errors::ApiError;
use super::ids;
use super::properties::rich_text::{parse_array, plain_text};
use super::property_config::{parse_config, PropertyConfig, RelationRequest};
use super::spec::{DataSourceSpec, DatabaseSpec, PropertyKind, PropertySpec};

pub struct CreateRequest {
    pub parent_page_id: String,
    pub spec: DatabaseSpec,
    /// Relation properties by name, in request order.
    pub relations: Vec<(String, RelationRequest)>,
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
    let (properties, relations) = match body.get("initial_data_source") {
        None | Some(Value::Null) => (Vec::new(), Vec::new()),
        Some(Value::Object(ds)) => match ds.get("properties") {
            None | Some(Value::Null) => (Vec::new(), Vec::new()),
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
        relations,
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

type ParsedProperties = (Vec<PropertySpec>, Vec<(String, RelationRequest)>);

fn parse_properties(props: &Map<String, Value>) -> Result<ParsedProperties, ApiError> {
    let mut out = Vec::new();
    let mut relations = Vec::new();
    for (name, config) in props {
        if name.trim().is_empty() {
            return Err(invalid(
                "body failed validation: property names in body.initial_data_source.properties should not be empty.",
            ));
        }
        let path = format!("body.initial_data_source.properties.{name}");
        match parse_config(name, config, &path)? {
            PropertyConfig::Kind(kind) => out.push(PropertySpec::new(name.clone(), kind)),
            PropertyConfig::Relation(r) => relations.push((name.clone(), r)),
        }
    }
    let titles = out.iter().filter(|p| p.kind == PropertyKind::Title).count();
    if titles > 1 {
        return Err(invalid(
            "body failed validation: body.initial_data_source.properties should have exactly one title property.",
        ));
    }
    Ok((out, relations))
}
