//! Applying a checked `PATCH /v1/data_sources/{id}` to the store. Every change is by property
//! id, in request order; relations are checked (target shared, synced name free) before the
//! first change, so a refused request changes nothing.

use super::errors::ApiError;
use super::property_config::{PropertyConfig, RelationLink};
use super::spec::PropertyKind;
use super::store::{Property, Store};
use super::update_data_source::{SchemaChange, UpdateRequest};

impl Store {
    pub fn update_data_source(
        &mut self,
        ds_id: &str,
        request: UpdateRequest,
    ) -> Result<(), ApiError> {
        let database_title = self
            .data_sources
            .get(ds_id)
            .and_then(|ds| self.databases.get(&ds.database_id))
            .map(|db| db.title.clone())
            .ok_or_else(|| ApiError::not_found("data_source", ds_id))?;
        let mut synced_names = Vec::new();
        for change in &request.changes {
            let (name, config) = match change {
                SchemaChange::Add { name, config } => (name.clone(), config),
                SchemaChange::Retype { id, .. } if self.relation_unchanged(ds_id, id, change) => {
                    continue
                }
                SchemaChange::Retype { id, name, config } => {
                    let current = self.property_name(ds_id, id);
                    (name.clone().unwrap_or(current), config)
                }
                _ => continue,
            };
            if let PropertyConfig::Relation(r) = config {
                synced_names.push(self.check_relation(ds_id, &name, &database_title, r)?);
            }
        }
        let mut synced_names = synced_names.into_iter();
        let now = self.clock.now();
        for change in request.changes {
            match change {
                SchemaChange::Remove { id } => self.remove_property_by_id(ds_id, &id),
                SchemaChange::Rename { id, name } => self.rename_property_by_id(ds_id, &id, name),
                SchemaChange::Add { name, config } => match config {
                    PropertyConfig::Kind(kind) => {
                        let ds = self.data_source_mut(ds_id);
                        let taken: Vec<String> =
                            ds.properties.iter().map(|p| p.id.clone()).collect();
                        let id = super::ids::new_property_id(&taken);
                        ds.properties.push(Property::new(id, name, kind));
                    }
                    PropertyConfig::Relation(r) => {
                        let synced = synced_names.next().flatten();
                        self.add_relation(ds_id, &name, None, &r, synced);
                    }
                },
                SchemaChange::Retype {
                    ref id, ref name, ..
                } if self.relation_unchanged(ds_id, id, &change) => {
                    if let Some(name) = name.clone() {
                        self.rename_property_by_id(ds_id, id, name);
                    }
                }
                SchemaChange::Retype { id, name, config } => {
                    let old_kind = self
                        .data_source_mut(ds_id)
                        .by_id(&id)
                        .map(|p| p.kind.clone());
                    if let Some(old) = &old_kind {
                        self.remove_synced_side(old);
                    }
                    let current = self.property_name(ds_id, &id);
                    match config {
                        PropertyConfig::Kind(kind) => {
                            self.change_property_type(ds_id, &current, kind)
                        }
                        PropertyConfig::Relation(r) => {
                            self.clear_values(ds_id, &id);
                            let synced = synced_names.next().flatten();
                            self.add_relation(ds_id, &current, Some(id.clone()), &r, synced);
                        }
                    }
                    if let Some(name) = name {
                        self.rename_property_by_id(ds_id, &id, name);
                    }
                }
            }
        }
        let ds = self.data_source_mut(ds_id);
        if let Some(title) = request.title {
            ds.name = title;
        }
        ds.last_edited = now;
        Ok(())
    }

    /// A relation configured again as it already is (same target, same one- or two-way):
    /// nothing to change, so resending a schema update is harmless.
    fn relation_unchanged(&self, ds_id: &str, id: &str, change: &SchemaChange) -> bool {
        let SchemaChange::Retype {
            config: PropertyConfig::Relation(r),
            ..
        } = change
        else {
            return false;
        };
        let current = self.data_sources.get(ds_id).and_then(|ds| ds.by_id(id));
        matches!(
            current.map(|p| &p.kind),
            Some(PropertyKind::Relation { data_source_id, synced_property_id })
                if data_source_id == &r.data_source_id
                    && synced_property_id.is_some() == matches!(r.link, RelationLink::Dual { .. })
        )
    }

    fn property_name(&self, ds_id: &str, id: &str) -> String {
        self.data_sources
            .get(ds_id)
            .and_then(|ds| ds.by_id(id))
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }

    fn rename_property_by_id(&mut self, ds_id: &str, id: &str, name: String) {
        if let Some(p) = self
            .data_source_mut(ds_id)
            .properties
            .iter_mut()
            .find(|p| p.id == id)
        {
            p.name = name;
        }
    }

    /// Removes a property and its values; a dual relation takes its synced side with it.
    fn remove_property_by_id(&mut self, ds_id: &str, id: &str) {
        let ds = self.data_source_mut(ds_id);
        let kind = ds.by_id(id).map(|p| p.kind.clone());
        ds.properties.retain(|p| p.id != id);
        self.clear_values(ds_id, id);
        if let Some(kind) = kind {
            self.remove_synced_side(&kind);
        }
    }

    fn clear_values(&mut self, ds_id: &str, id: &str) {
        for page in self.pages.values_mut() {
            if page.data_source_id == ds_id {
                page.values.remove(id);
            }
        }
    }
}
