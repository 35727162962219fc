//! The commands the window invokes (docs/APP-API.md). Each is a few lines over the engine;
//! errors are the engine's `SyncError`, serialized as `{code, message}` for the UI to act on.

mod connect;
mod mapping;
mod session;
mod settings;
mod sync;

pub use settings::set_pause;

pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        session::overview,
        session::start_demo,
        session::stop_demo,
        session::open_url,
        session::open_logs,
        connect::whoop_connect,
        connect::whoop_finish,
        connect::whoop_disconnect,
        connect::notion_connect,
        connect::notion_databases,
        connect::notion_use,
        connect::notion_disconnect,
        mapping::mapping_get,
        mapping::mapping_set,
        mapping::mapping_unset,
        mapping::mapping_auto,
        mapping::mapping_preview,
        sync::history,
        sync::history_days,
        sync::sync_now,
        sync::backfill,
        settings::settings_set,
        settings::pause,
    ]
}
