//! Notion's REST API, data-source edition (`Notion-Version: 2025-09-03`): who am I, what can
//! this token see, a database's data sources and their schema, paged queries, page writes, and
//! creating a database under a page.
//! Errors keep Notion's `code`; a create whose answer was lost is reported as such, because
//! Notion has no idempotency key and the caller must look before creating again.

mod api;
mod error;
#[cfg(test)]
mod hostile_tests;
mod page;
mod schema;

pub use api::{NotionApi, NotionApiConfig, NOTION_VERSION};
pub use error::{Capability, NotionError};
pub use page::{Page, PropertyValue};
pub use schema::{
    normalize_id, BotUser, DataSourceRef, DataSourceSchema, Database, PageRef, PropertySchema,
    RelationTarget,
};
