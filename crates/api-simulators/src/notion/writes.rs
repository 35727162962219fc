//! Row writes shared by the API handlers and the test handle (`insert_page`): validate all,
//! then commit schema changes (new select options) and values together, then bring the other
//! side of any dual relation written into step.

use std::collections::HashMap;

use serde_json::Value;

use super::errors::ApiError;
use super::properties::validate::validate;
use super::relations::linked_ids;
use super::store::Store;

/// `author`: the bot of the connection that asked, or the workspace's person.
pub fn create_page(
    store: &mut Store,
    ds_id: &str,
    properties: &Value,
    author: &str,
) -> Result<String, ApiError> {
    let ds = store
        .data_sources
        .get(ds_id)
        .ok_or_else(|| ApiError::not_found("data_source", ds_id))?;
    let validated = validate(ds, properties)?;
    store.check_relation_values(ds_id, &validated.values)?;
    let mut values = HashMap::new();
    validated.apply_to(&mut values);
    if let Some(ds) = store.data_sources.get_mut(ds_id) {
        ds.properties = validated.properties;
    }
    let page_id = store.insert_page(ds_id, values, author);
    for (pid, _) in &validated.values {
        store.sync_dual_relation(&page_id, pid, &[]);
    }
    Ok(page_id)
}

/// Updates only the named properties (and the trash flag) and bumps `last_edited_time`.
pub fn update_page(
    store: &mut Store,
    page_id: &str,
    properties: Option<&Value>,
    in_trash: Option<bool>,
    editor: &str,
) -> Result<(), ApiError> {
    let page = store
        .pages
        .get(page_id)
        .ok_or_else(|| ApiError::not_found("page", page_id))?;
    let ds_id = page.data_source_id.clone();
    if page.in_trash && in_trash != Some(false) {
        return Err(ApiError::validation(
            "Can't edit block that is archived. You must unarchive the block before editing.",
        ));
    }
    let validated = match properties {
        Some(p) => {
            let ds = store
                .data_sources
                .get(&ds_id)
                .ok_or_else(|| ApiError::not_found("data_source", &ds_id))?;
            let v = validate(ds, p)?;
            store.check_relation_values(&ds_id, &v.values)?;
            Some(v)
        }
        None => None,
    };
    let page = store.pages.get_mut(page_id).expect("checked above");
    let before: Vec<(String, Vec<String>)> = validated
        .iter()
        .flat_map(|v| &v.values)
        .map(|(pid, _)| (pid.clone(), linked_ids(page.values.get(pid))))
        .collect();
    if let Some(v) = &validated {
        v.apply_to(&mut page.values);
    }
    if let Some(t) = in_trash {
        page.in_trash = t;
    }
    page.last_edited = store.clock.now();
    page.last_edited_by = editor.to_string();
    if let (Some(v), Some(ds)) = (validated, store.data_sources.get_mut(&ds_id)) {
        ds.properties = v.properties;
    }
    for (pid, linked_before) in &before {
        store.sync_dual_relation(page_id, pid, linked_before);
    }
    Ok(())
}
