//! The crate's integration tests, one binary (each file a module): one link instead of
//! 14, which is most of their build time on CI's two cores.

mod network_sign_in_page;
mod notion_auth_version;
mod notion_authors;
mod notion_create_database;
mod notion_discovery;
mod notion_faults;
mod notion_pages;
mod notion_query;
mod notion_rate_limit;
mod notion_relations;
mod notion_support;
mod notion_update_data_source;
mod sim_clock;
mod whoop_api;
mod whoop_generate;
mod whoop_mutations;
mod whoop_oauth;
mod whoop_openapi;
mod whoop_paging;
mod whoop_rate_limit;
mod whoop_support;
mod whoop_workout_routes;
mod whoop_workouts;
