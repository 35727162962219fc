//! Relation properties in the store: making one (and, for a `dual_property` relation, its
//! synced property on the target data source), checking that linked pages belong to the
//! target, and keeping the two sides of a dual relation in step when a page is written.
//!
//! A relation value is kept like any other in its rendered inner form: `[{"id": page_id}]`.

use serde_json::{json, Value};

use super::errors::ApiError;
use super::ids;
use super::property_config::{RelationLink, RelationRequest};
use super::spec::PropertyKind;
use super::store::{Property, Store};

/// Notion's name for the synced side of a dual relation when the request doesn't give one,
/// e.g. "Related to Workouts (Day)" on Daily Tracking for Workouts' "Day".
pub fn default_synced_name(database_title: &str, property_name: &str) -> String {
    format!("Related to {database_title} ({property_name})")
}

/// The page ids of a stored relation value.
pub fn linked_ids(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.get("id").and_then(Value::as_str).map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn relation_value(ids: &[String]) -> Value {
    Value::Array(ids.iter().map(|id| json!({"id": id})).collect())
}

impl Store {
    /// The name the synced property of a relation from `ds_id` named `name` would get, or
    /// `None` for a single-property relation. Refuses a target the connection can't see (as
    /// Notion does: the related database must be shared too) and a synced name the target
    /// already uses.
    pub fn check_relation(
        &self,
        ds_id: &str,
        name: &str,
        database_title: &str,
        request: &RelationRequest,
    ) -> Result<Option<String>, ApiError> {
        let target = self
            .visible_data_source(&request.data_source_id)
            .ok_or_else(|| ApiError::not_found("data_source", &request.data_source_id))?;
        let RelationLink::Dual {
            synced_property_name,
        } = &request.link
        else {
            return Ok(None);
        };
        let synced = synced_property_name
            .clone()
            .unwrap_or_else(|| default_synced_name(database_title, name));
        let same_source = target.id == ds_id;
        if target.properties.iter().any(|p| p.name == synced) || (same_source && synced == name) {
            return Err(ApiError::validation(format!(
                "Cannot create the synced property {synced:?} on data source {}: a property with that name already exists.",
                target.id
            )));
        }
        Ok(Some(synced))
    }

    /// Makes relation property `name` on `ds_id` (with id `id`, or a new one) and, for a dual
    /// relation, the synced property on the target. Call `check_relation` first; returns the
    /// relation's property id.
    pub fn add_relation(
        &mut self,
        ds_id: &str,
        name: &str,
        id: Option<String>,
        request: &RelationRequest,
        synced_name: Option<String>,
    ) -> String {
        let now = self.clock.now();
        let target_id = request.data_source_id.clone();
        let pid = id.unwrap_or_else(|| self.fresh_property_id(ds_id, &[]));
        let synced_id = synced_name
            .as_ref()
            .map(|_| self.fresh_property_id(&target_id, std::slice::from_ref(&pid)));
        let relation = Property::new(
            pid.clone(),
            name.to_string(),
            PropertyKind::Relation {
                data_source_id: target_id.clone(),
                synced_property_id: synced_id.clone(),
            },
        );
        let ds = self.data_source_mut(ds_id);
        match ds.properties.iter_mut().find(|p| p.id == pid) {
            Some(existing) => *existing = relation,
            None => ds.properties.push(relation),
        }
        ds.last_edited = now;
        if let (Some(synced_name), Some(synced_id)) = (synced_name, synced_id) {
            let target = self.data_source_mut(&target_id);
            target.properties.push(Property::new(
                synced_id,
                synced_name,
                PropertyKind::Relation {
                    data_source_id: ds_id.to_string(),
                    synced_property_id: Some(pid.clone()),
                },
            ));
            target.last_edited = now;
        }
        pid
    }

    /// A property id unused on `ds_id` (nor in `also_taken`, for a self-relation's two sides).
    fn fresh_property_id(&self, ds_id: &str, also_taken: &[String]) -> String {
        let mut taken: Vec<String> = self
            .data_sources
            .get(ds_id)
            .map(|ds| ds.properties.iter().map(|p| p.id.clone()).collect())
            .unwrap_or_default();
        taken.extend_from_slice(also_taken);
        ids::new_property_id(&taken)
    }

    /// Removes a dual relation's synced property from its data source, with its values (as
    /// deleting one side of a two-way relation deletes the other in Notion).
    pub fn remove_synced_side(&mut self, kind: &PropertyKind) {
        let PropertyKind::Relation {
            data_source_id,
            synced_property_id: Some(synced_id),
        } = kind
        else {
            return;
        };
        let now = self.clock.now();
        let Some(target) = self.data_sources.get_mut(data_source_id) else {
            return;
        };
        target.properties.retain(|p| &p.id != synced_id);
        target.last_edited = now;
        for page in self.pages.values_mut() {
            if &page.data_source_id == data_source_id {
                page.values.remove(synced_id);
            }
        }
    }

    /// Refuses relation values naming pages that aren't (visible) rows of the relation's
    /// target data source. `values`: validated values by property id on `ds_id`.
    pub fn check_relation_values(
        &self,
        ds_id: &str,
        values: &[(String, Option<Value>)],
    ) -> Result<(), ApiError> {
        let Some(ds) = self.data_sources.get(ds_id) else {
            return Err(ApiError::not_found("data_source", ds_id));
        };
        for (pid, value) in values {
            let Some(prop) = ds.by_id(pid) else { continue };
            let PropertyKind::Relation { data_source_id, .. } = &prop.kind else {
                continue;
            };
            for page_id in linked_ids(value.as_ref()) {
                let in_target = self
                    .visible_page(&page_id)
                    .is_some_and(|p| &p.data_source_id == data_source_id);
                if !in_target {
                    return Err(ApiError::validation(format!(
                        "{} is a relation to data source {data_source_id}; page {page_id} is not in it or is not shared with the integration.",
                        prop.name
                    )));
                }
            }
        }
        Ok(())
    }

    /// After page `page_id`'s dual relation `prop_id` went from `before` to its current
    /// value, adds or removes `page_id` on the synced property of the pages linked or
    /// unlinked, as Notion shows a two-way relation on both pages.
    pub fn sync_dual_relation(&mut self, page_id: &str, prop_id: &str, before: &[String]) {
        let Some(page) = self.pages.get(page_id) else {
            return;
        };
        let Some(PropertyKind::Relation {
            synced_property_id: Some(synced_id),
            ..
        }) = self
            .data_sources
            .get(&page.data_source_id)
            .and_then(|ds| ds.by_id(prop_id))
            .map(|p| p.kind.clone())
        else {
            return;
        };
        let after = linked_ids(page.values.get(prop_id));
        let now = self.clock.now();
        for other_id in after.iter().filter(|id| !before.contains(id)) {
            self.edit_links(other_id, &synced_id, now, |ids| {
                if !ids.iter().any(|i| i == page_id) {
                    ids.push(page_id.to_string());
                }
            });
        }
        for other_id in before.iter().filter(|id| !after.contains(id)) {
            self.edit_links(other_id, &synced_id, now, |ids| {
                ids.retain(|i| i != page_id);
            });
        }
    }

    fn edit_links(
        &mut self,
        page_id: &str,
        prop_id: &str,
        now: chrono::DateTime<chrono::Utc>,
        edit: impl FnOnce(&mut Vec<String>),
    ) {
        let Some(page) = self.pages.get_mut(page_id) else {
            return;
        };
        let mut ids = linked_ids(page.values.get(prop_id));
        edit(&mut ids);
        if ids.is_empty() {
            page.values.remove(prop_id);
        } else {
            page.values
                .insert(prop_id.to_string(), relation_value(&ids));
        }
        page.last_edited = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_synced_name_follows_notion() {
        assert_eq!(
            default_synced_name("Workouts", "Day"),
            "Related to Workouts (Day)"
        );
    }

    #[test]
    fn linked_ids_reads_stored_values() {
        let v = json!([{"id": "a"}, {"id": "b"}]);
        assert_eq!(linked_ids(Some(&v)), ["a", "b"]);
        assert!(linked_ids(None).is_empty());
        assert!(linked_ids(Some(&json!(null))).is_empty());
    }
}
