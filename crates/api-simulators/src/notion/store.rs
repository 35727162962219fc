//! The simulated workspace: databases → data sources (schema) → pages (rows).
//!
//! Page values are kept keyed by property *id*, in their rendered inner form (what follows
//! `"number":` or `"rich_text":` in a response), so a rename keeps the values and a
//! response is a straight copy.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::ids;
use super::spec::{CreatedDatabase, DatabaseSpec, PropertyKind};

#[derive(Debug, Clone, PartialEq)]
pub struct SelectOption {
    pub id: String,
    pub name: String,
    pub color: &'static str,
}

const COLORS: [&str; 10] = [
    "default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red",
];

impl SelectOption {
    /// A new option; colours cycle like Notion's picker so they differ between options.
    pub fn new(name: &str, index: usize) -> Self {
        SelectOption {
            id: ids::new_uuid(),
            name: name.to_string(),
            color: COLORS[index % COLORS.len()],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub id: String,
    pub name: String,
    pub kind: PropertyKind,
    /// Live options of select / multi-select / status (writes may add select options).
    pub options: Vec<SelectOption>,
}

impl Property {
    pub(super) fn new(id: String, name: String, kind: PropertyKind) -> Self {
        let options = kind
            .option_names()
            .iter()
            .enumerate()
            .map(|(i, n)| SelectOption::new(n, i))
            .collect();
        Property {
            id,
            name,
            kind,
            options,
        }
    }
}

#[derive(Debug, Clone)]
pub struct DataSource {
    pub id: String,
    pub database_id: String,
    pub name: String,
    pub properties: Vec<Property>,
    pub created: DateTime<Utc>,
    pub last_edited: DateTime<Utc>,
    /// Next value of the data source's `unique_id` counter.
    pub next_unique: u64,
}

impl DataSource {
    /// A property by name first, then by id (encoded or not), as Notion resolves keys in
    /// `properties`, filters and sorts.
    pub fn find(&self, key: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == key).or_else(|| {
            self.properties
                .iter()
                .find(|p| ids::property_id_matches(&p.id, key))
        })
    }

    pub fn by_id(&self, id: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.id == id)
    }

    fn by_name_mut(&mut self, name: &str) -> &mut Property {
        let ds = self.id.clone();
        self.properties
            .iter_mut()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("data source {ds} has no property named {name:?}"))
    }
}

#[derive(Debug, Clone)]
pub struct Database {
    pub id: String,
    pub title: String,
    /// The page it was created under (`POST /v1/databases`); `None`: a top-level database.
    pub parent_page_id: Option<String>,
    pub data_source_ids: Vec<String>,
    pub shared: bool,
    /// Deleted in Notion's sidebar: in the trash, still found by search (marked `in_trash`),
    /// as the real API does, until it is emptied.
    pub in_trash: bool,
    pub created: DateTime<Utc>,
    pub last_edited: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub data_source_id: String,
    /// Creation order, to break ties between equal timestamps.
    pub seq: u64,
    pub unique_number: u64,
    pub created: DateTime<Utc>,
    pub last_edited: DateTime<Utc>,
    pub in_trash: bool,
    pub values: HashMap<String, Value>,
    /// Who made it and who changed it last: a connection's bot, or the workspace's person.
    pub created_by: String,
    pub last_edited_by: String,
    /// Its body: each paragraph block's id and text, in order (the app never writes one).
    pub blocks: Vec<(String, String)>,
}

/// A plain page that is not a row of any data source (a page in the sidebar): only a title.
/// Databases can be created under it.
#[derive(Debug, Clone)]
pub struct WorkspacePage {
    pub id: String,
    pub title: String,
    /// Shared with the connection (••• → Connections); unshared pages answer 404.
    pub shared: bool,
    pub created: DateTime<Utc>,
    pub last_edited: DateTime<Utc>,
}

#[derive(Debug)]
pub struct Store {
    pub databases: HashMap<String, Database>,
    pub workspace_pages: HashMap<String, WorkspacePage>,
    pub data_sources: HashMap<String, DataSource>,
    pub pages: HashMap<String, Page>,
    /// The connection's bot user: `created_by` of what the workspace starts with and of what
    /// the connection writes.
    pub bot_id: String,
    /// Further connections to the same workspace (another computer's own connection): token →
    /// its bot user.
    pub other_bots: HashMap<String, String>,
    /// The workspace's person, who types in Notion itself.
    pub person_id: String,
    pub workspace_id: String,
    next_seq: u64,
    /// The server's clock: `created_time` and `last_edited_time` come from it.
    pub clock: crate::SimClock,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            databases: HashMap::new(),
            workspace_pages: HashMap::new(),
            data_sources: HashMap::new(),
            pages: HashMap::new(),
            bot_id: ids::new_uuid(),
            other_bots: HashMap::new(),
            person_id: ids::new_uuid(),
            workspace_id: ids::new_uuid(),
            next_seq: 0,
            clock: crate::SimClock::default(),
        }
    }
}

impl Store {
    /// An empty workspace whose timestamps come from `clock`.
    pub fn with_clock(clock: crate::SimClock) -> Self {
        Store {
            clock,
            ..Store::default()
        }
    }

    pub fn add_database(&mut self, spec: DatabaseSpec) -> CreatedDatabase {
        self.add_database_in(spec, None)
    }

    /// A database under a page (or at the top level with `None`).
    pub fn add_database_in(
        &mut self,
        spec: DatabaseSpec,
        parent_page_id: Option<String>,
    ) -> CreatedDatabase {
        let now = self.clock.now();
        let database_id = ids::new_uuid();
        let mut data_source_ids = Vec::new();
        for ds_spec in spec.data_sources {
            let id = ids::new_uuid();
            let mut properties: Vec<Property> = Vec::new();
            if !ds_spec
                .properties
                .iter()
                .any(|p| p.kind == PropertyKind::Title)
            {
                properties.push(Property::new(
                    "title".into(),
                    "Name".into(),
                    PropertyKind::Title,
                ));
            }
            for p in ds_spec.properties {
                let taken: Vec<String> = properties.iter().map(|p| p.id.clone()).collect();
                let pid = if p.kind == PropertyKind::Title {
                    "title".to_string()
                } else {
                    ids::new_property_id(&taken)
                };
                properties.push(Property::new(pid, p.name, p.kind));
            }
            self.data_sources.insert(
                id.clone(),
                DataSource {
                    id: id.clone(),
                    database_id: database_id.clone(),
                    name: ds_spec.name,
                    properties,
                    created: now,
                    last_edited: now,
                    next_unique: 1,
                },
            );
            data_source_ids.push(id);
        }
        self.databases.insert(
            database_id.clone(),
            Database {
                id: database_id.clone(),
                title: spec.title,
                parent_page_id,
                data_source_ids: data_source_ids.clone(),
                shared: spec.shared,
                in_trash: false,
                created: now,
                last_edited: now,
            },
        );
        CreatedDatabase {
            database_id,
            data_source_ids,
        }
    }

    /// A data source the connection can see (its database is shared).
    pub fn visible_data_source(&self, id: &str) -> Option<&DataSource> {
        let ds = self.data_sources.get(id)?;
        self.databases
            .get(&ds.database_id)
            .filter(|db| db.shared)
            .map(|_| ds)
    }

    pub fn visible_database(&self, id: &str) -> Option<&Database> {
        self.databases.get(id).filter(|db| db.shared)
    }

    pub fn visible_page(&self, id: &str) -> Option<&Page> {
        let page = self.pages.get(id)?;
        self.visible_data_source(&page.data_source_id).map(|_| page)
    }

    /// A page in the sidebar (not a row), shared with the connection or not; returns its id.
    pub fn add_workspace_page(&mut self, title: &str, shared: bool) -> String {
        let now = self.clock.now();
        let id = ids::new_uuid();
        self.workspace_pages.insert(
            id.clone(),
            WorkspacePage {
                id: id.clone(),
                title: title.to_string(),
                shared,
                created: now,
                last_edited: now,
            },
        );
        id
    }

    pub fn visible_workspace_page(&self, id: &str) -> Option<&WorkspacePage> {
        self.workspace_pages.get(id).filter(|p| p.shared)
    }

    /// Whether `id` is a page (sidebar page or row) the connection can see.
    pub fn is_visible_page(&self, id: &str) -> bool {
        self.visible_workspace_page(id).is_some() || self.visible_page(id).is_some()
    }

    /// Shares a database or a sidebar page with the connection, or stops sharing it.
    pub fn set_page_shared(&mut self, page_id: &str, shared: bool) {
        self.workspace_pages
            .get_mut(page_id)
            .unwrap_or_else(|| panic!("unknown page {page_id}"))
            .shared = shared;
    }

    /// Stores a new row with already validated values; returns its id.
    pub fn insert_page(
        &mut self,
        data_source_id: &str,
        values: HashMap<String, Value>,
        author: &str,
    ) -> String {
        let now = self.clock.now();
        let ds = self
            .data_sources
            .get_mut(data_source_id)
            .unwrap_or_else(|| panic!("unknown data source {data_source_id}"));
        let unique_number = ds.next_unique;
        ds.next_unique += 1;
        self.next_seq += 1;
        let id = ids::new_uuid();
        self.pages.insert(
            id.clone(),
            Page {
                id: id.clone(),
                data_source_id: data_source_id.to_string(),
                seq: self.next_seq,
                unique_number,
                created: now,
                last_edited: now,
                in_trash: false,
                values,
                created_by: author.to_string(),
                last_edited_by: author.to_string(),
                blocks: Vec::new(),
            },
        );
        id
    }

    /// Pages of a data source, oldest first.
    pub fn pages_of(&self, data_source_id: &str) -> Vec<&Page> {
        let mut pages: Vec<&Page> = self
            .pages
            .values()
            .filter(|p| p.data_source_id == data_source_id)
            .collect();
        pages.sort_by_key(|p| p.seq);
        pages
    }

    pub(super) fn data_source_mut(&mut self, id: &str) -> &mut DataSource {
        self.data_sources
            .get_mut(id)
            .unwrap_or_else(|| panic!("unknown data source {id}"))
    }

    /// The id survives, as in Notion; that is why clients should key mappings by id.
    pub fn rename_property(&mut self, ds: &str, old: &str, new: &str) {
        let now = self.clock.now();
        let ds = self.data_source_mut(ds);
        ds.by_name_mut(old).name = new.to_string();
        ds.last_edited = now;
    }

    /// Changes the type in place (same id). Values survive only where Notion would keep
    /// them meaningfully: same type, or text ↔ title; everything else is cleared.
    pub fn change_property_type(&mut self, ds_id: &str, name: &str, kind: PropertyKind) {
        let now = self.clock.now();
        let ds = self.data_source_mut(ds_id);
        let prop = ds.by_name_mut(name);
        let old_type = prop.kind.type_name();
        let keep = old_type == kind.type_name()
            || matches!(
                (old_type, kind.type_name()),
                ("title", "rich_text") | ("rich_text", "title")
            );
        let changed = Property::new(prop.id.clone(), prop.name.clone(), kind);
        let pid = prop.id.clone();
        let same_options = old_type == changed.kind.type_name();
        let old_options = std::mem::take(&mut prop.options);
        *prop = changed;
        if same_options && prop.options.is_empty() {
            prop.options = old_options;
        }
        ds.last_edited = now;
        if !keep {
            for page in self.pages.values_mut() {
                if page.data_source_id == ds_id {
                    page.values.remove(&pid);
                }
            }
        }
    }

    /// A dual relation takes its synced side on the other data source with it.
    pub fn remove_property(&mut self, ds_id: &str, name: &str) {
        let now = self.clock.now();
        let ds = self.data_source_mut(ds_id);
        let removed = ds.by_name_mut(name);
        let (pid, kind) = (removed.id.clone(), removed.kind.clone());
        assert!(
            pid != "title",
            "a data source always keeps its title property"
        );
        ds.properties.retain(|p| p.id != pid);
        ds.last_edited = now;
        for page in self.pages.values_mut() {
            if page.data_source_id == ds_id {
                page.values.remove(&pid);
            }
        }
        self.remove_synced_side(&kind);
    }

    /// Moves a database (and so its data sources) to the trash, or back.
    pub fn set_database_in_trash(&mut self, database_id: &str, in_trash: bool) {
        self.databases
            .get_mut(database_id)
            .unwrap_or_else(|| panic!("unknown database {database_id}"))
            .in_trash = in_trash;
    }

    /// Whether the database holding `data_source_id` is in the trash.
    pub fn data_source_in_trash(&self, data_source_id: &str) -> bool {
        self.data_sources
            .get(data_source_id)
            .and_then(|ds| self.databases.get(&ds.database_id))
            .is_some_and(|db| db.in_trash)
    }

    pub fn set_shared(&mut self, database_id: &str, shared: bool) {
        self.databases
            .get_mut(database_id)
            .unwrap_or_else(|| panic!("unknown database {database_id}"))
            .shared = shared;
    }
}
