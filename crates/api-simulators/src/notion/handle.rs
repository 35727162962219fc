//! Starting the simulator, and the handle tests use to arrange data, break things and read
//! counters.

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::Value;
use tokio::net::TcpListener;

use super::config::NotionSimConfig;
use super::faults::NotionFault;
use super::property_config::{RelationLink, RelationRequest};
use super::render::render_page;
use super::routes::router;
use super::server::serve;
use super::shared::{lock, Shared};
use super::spec::{daily_tracking_spec, CreatedDatabase, DatabaseSpec, PropertyKind};
use super::stats::NotionStats;
use super::writes;

pub struct NotionSim;

impl NotionSim {
    /// Binds `127.0.0.1:0`.
    pub async fn start(config: NotionSimConfig) -> std::io::Result<NotionSimHandle> {
        Self::start_on(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    pub async fn start_on(
        config: NotionSimConfig,
        addr: SocketAddr,
    ) -> std::io::Result<NotionSimHandle> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(config));
        let app = router(shared.clone());
        tokio::spawn(serve(listener, app, shared.shutdown.subscribe()));
        Ok(NotionSimHandle { shared, addr })
    }
}

#[derive(Clone)]
pub struct NotionSimHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
}

impl NotionSimHandle {
    /// `http://127.0.0.1:PORT`; routes live under `/v1/...`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn add_database(&self, spec: DatabaseSpec) -> CreatedDatabase {
        self.shared.store().add_database(spec)
    }

    /// The "Daily Tracking" database (see `spec::daily_tracking_spec`), shared.
    pub fn daily_tracking_database(&self) -> CreatedDatabase {
        self.add_database(daily_tracking_spec())
    }

    /// A page in the sidebar (not a row), shared with the connection or not; returns its id.
    /// A database can be created under a shared one (`POST /v1/databases`).
    pub fn add_page(&self, title: &str, shared: bool) -> String {
        self.shared.store().add_workspace_page(title, shared)
    }

    /// Shares a sidebar page with the connection (••• → Connections), or stops sharing it.
    pub fn set_page_shared(&self, page_id: &str, shared: bool) {
        self.shared.store().set_page_shared(page_id, shared);
    }

    /// The connection's "insert content" capability (on by default).
    pub fn set_insert_content(&self, allowed: bool) {
        lock(&self.shared.config).insert_content = allowed;
    }

    /// The connection's "read content" capability (on by default).
    pub fn set_read_content(&self, allowed: bool) {
        lock(&self.shared.config).read_content = allowed;
    }

    /// The connection's "update content" capability (on by default).
    pub fn set_update_content(&self, allowed: bool) {
        lock(&self.shared.config).update_content = allowed;
    }

    /// The page a database was created under (`None`: top level).
    pub fn database_parent(&self, database_id: &str) -> Option<String> {
        let store = self.shared.store();
        store
            .databases
            .get(database_id)
            .unwrap_or_else(|| panic!("unknown database {database_id}"))
            .parent_page_id
            .clone()
    }

    /// The data source's rows as `GET /v1/pages/{id}` renders them, oldest first, not trashed.
    pub fn pages(&self, data_source_id: &str) -> Vec<Value> {
        let store = self.shared.store();
        let Some(ds) = store.data_sources.get(data_source_id) else {
            panic!("unknown data source {data_source_id}");
        };
        store
            .pages_of(data_source_id)
            .into_iter()
            .filter(|p| !p.in_trash)
            .map(|p| render_page(ds, p, None))
            .collect()
    }

    /// A row "typed by the user": same validation as the API, no rate limit, no counters.
    /// Panics on invalid properties (it is a test helper).
    pub fn insert_page(&self, data_source_id: &str, properties: Value) -> String {
        let mut store = self.shared.store();
        let person = store.person_id.clone();
        writes::create_page(&mut store, data_source_id, &properties, &person)
            .unwrap_or_else(|e| panic!("insert_page: {} {}", e.code, e.message))
    }

    /// Changes properties of a row as the user would, typing in Notion.
    pub fn edit_page_as_user(&self, page_id: &str, properties: Value) {
        let mut store = self.shared.store();
        let person = store.person_id.clone();
        writes::update_page(&mut store, page_id, Some(&properties), None, &person)
            .unwrap_or_else(|e| panic!("edit_page_as_user: {} {}", e.code, e.message));
    }

    /// Writes a paragraph in a row's body as the user would (`GET /v1/blocks/{id}/children`
    /// lists it).
    pub fn add_paragraph_as_user(&self, page_id: &str, text: &str) {
        let mut store = self.shared.store();
        let now = store.clock.now();
        let person = store.person_id.clone();
        let page = store
            .pages
            .get_mut(page_id)
            .unwrap_or_else(|| panic!("unknown page {page_id}"));
        page.blocks
            .push((crate::notion::ids::new_uuid(), text.to_string()));
        page.last_edited = now;
        page.last_edited_by = person;
    }

    /// Moves a row to the trash as a user would (queries stop returning it).
    pub fn trash_page(&self, page_id: &str) {
        let mut store = self.shared.store();
        let person = store.person_id.clone();
        writes::update_page(&mut store, page_id, None, Some(true), &person)
            .unwrap_or_else(|e| panic!("trash_page: {} {}", e.code, e.message));
    }

    /// A row as the store keeps it, trashed or not: who made it, who changed it last.
    pub fn page_authors(&self, page_id: &str) -> Option<(String, String, bool)> {
        let store = self.shared.store();
        store
            .pages
            .get(page_id)
            .map(|p| (p.created_by.clone(), p.last_edited_by.clone(), p.in_trash))
    }

    /// The bot user of the simulator's own connection (its token in the config).
    pub fn bot_id(&self) -> String {
        self.shared.store().bot_id.clone()
    }

    /// The workspace's person: the user who types in Notion.
    pub fn person_id(&self) -> String {
        self.shared.store().person_id.clone()
    }

    /// Another connection to the same workspace (as another computer's own integration would
    /// be), seeing what the simulator's own connection sees; returns its bot user's id.
    pub fn add_connection(&self, token: &str) -> String {
        let bot = crate::notion::ids::new_uuid();
        self.shared
            .store()
            .other_bots
            .insert(token.to_string(), bot.clone());
        bot
    }

    /// How long a new page takes to appear in queries (Notion's search index lags its
    /// writes): a page created less than `lag` ago (the server's clock) is not found yet,
    /// though `GET /v1/pages/{id}` finds it at once.
    pub fn set_query_lag(&self, lag: std::time::Duration) {
        lock(&self.shared.config).query_lag = lag;
    }

    pub fn rename_property(&self, data_source_id: &str, old_name: &str, new_name: &str) {
        self.shared
            .store()
            .rename_property(data_source_id, old_name, new_name);
    }

    pub fn change_property_type(&self, data_source_id: &str, name: &str, kind: PropertyKind) {
        self.shared
            .store()
            .change_property_type(data_source_id, name, kind);
    }

    /// The user adds relation `name` on one data source to another; `dual` is Notion's "Show
    /// on <other>" (a synced property there, with Notion's default name). Returns the new
    /// property's id. Panics on an unknown target or a taken name (it is a test helper).
    pub fn add_relation(
        &self,
        data_source_id: &str,
        name: &str,
        target_data_source_id: &str,
        dual: bool,
    ) -> String {
        let request = RelationRequest {
            data_source_id: target_data_source_id.to_string(),
            link: if dual {
                RelationLink::Dual {
                    synced_property_name: None,
                }
            } else {
                RelationLink::Single
            },
        };
        let mut store = self.shared.store();
        let title = store
            .data_sources
            .get(data_source_id)
            .and_then(|ds| store.databases.get(&ds.database_id))
            .map(|db| db.title.clone())
            .unwrap_or_else(|| panic!("unknown data source {data_source_id}"));
        let synced = store
            .check_relation(data_source_id, name, &title, &request)
            .unwrap_or_else(|e| panic!("add_relation: {} {}", e.code, e.message));
        store.add_relation(data_source_id, name, None, &request, synced)
    }

    pub fn remove_property(&self, data_source_id: &str, name: &str) {
        self.shared.store().remove_property(data_source_id, name);
    }

    /// The user deletes the database in Notion (it goes to the trash), or restores it.
    pub fn set_database_in_trash(&self, database_id: &str, in_trash: bool) {
        self.shared
            .store()
            .set_database_in_trash(database_id, in_trash);
    }

    pub fn set_shared(&self, database_id: &str, shared: bool) {
        self.shared.store().set_shared(database_id, shared);
    }

    pub fn inject_fault(&self, fault: NotionFault) {
        lock(&self.shared.faults).push(fault);
    }

    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    pub fn stats(&self) -> NotionStats {
        self.shared.stats().clone()
    }

    pub fn reset_stats(&self) {
        *self.shared.stats() = NotionStats::default();
    }

    /// New limits, starting from a full bucket.
    pub fn set_rate(&self, per_second: f64, burst: u32) {
        {
            let mut c = lock(&self.shared.config);
            c.rate_per_second = per_second;
            c.burst = burst;
        }
        lock(&self.shared.limits).reset();
    }

    /// Closes the listener and every open connection.
    pub fn stop(&self) {
        self.shared.shutdown.send_replace(true);
    }
}
