//! The commands the window invokes (docs/APP-API.md), by name with JSON arguments, as they
//! arrive over the window link. Each is a few lines over the engine; errors are the engine's
//! `SyncError`, serialized as `{code, message}` for the UI to act on, with the message in the
//! desktop's words (`app_core::wording`).

mod check;
mod connect;
mod mapping;
mod session;
mod settings;
mod sync;

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use sync_engine::SyncError;

use crate::service::AppService;

/// Arguments arrive with the UI's camelCase names; a missing object means none.
fn args<T: DeserializeOwned>(command: &str, args: Value) -> Result<T, SyncError> {
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    serde_json::from_value(args)
        .map_err(|e| SyncError::invalid(format!("{command}: bad arguments ({e})")))
}

fn answer<T: Serialize>(value: T) -> Result<Value, SyncError> {
    Ok(serde_json::to_value(value).expect("answers serialize"))
}

impl AppService {
    /// A command from the window. Its error is in the desktop's words (the engine's message,
    /// in the CLI's terms, goes to the log).
    pub async fn call(self: &Arc<Self>, command: &str, raw: Value) -> Result<Value, SyncError> {
        self.dispatch(command, raw).await.map_err(|error| {
            log::info!("{command}: {error} ({})", error.code);
            app_core::wording::for_desktop(&error)
        })
    }

    async fn dispatch(self: &Arc<Self>, command: &str, raw: Value) -> Result<Value, SyncError> {
        match command {
            "overview" => answer(self.current().await?.0),
            "start_demo" => answer(self.start_demo().await?),
            "stop_demo" => answer(self.stop_demo().await?),
            "open_url" => answer(self.open_url(args(command, raw)?)?),
            "open_logs" => answer(self.open_logs()?),
            "quit" => {
                // notify_one: remembered if the host isn't waiting yet.
                self.quit.notify_one();
                answer(())
            }
            "whoop_connect" => answer(self.whoop_connect(args(command, raw)?).await?),
            "whoop_finish" => answer(self.whoop_finish(args(command, raw)?).await?),
            "app_link" => answer(self.app_link(args(command, raw)?).await?),
            "whoop_disconnect" => answer(self.whoop_disconnect().await?),
            "notion_connect" => answer(self.notion_connect(args(command, raw)?).await?),
            "notion_databases" => answer(self.engine().await.notion_databases().await?),
            "notion_use" => answer(self.notion_use(args(command, raw)?).await?),
            "notion_pages" => answer(self.engine().await.notion_pages().await?),
            "notion_create_database" => {
                answer(self.notion_create_database(args(command, raw)?).await?)
            }
            "notion_disconnect" => answer(self.notion_disconnect().await?),
            "mapping_get" => answer(self.engine().await.mapping_show().await?),
            "mapping_set" => answer(self.mapping_set(args(command, raw)?).await?),
            "mapping_unset" => answer(self.mapping_unset(args(command, raw)?).await?),
            "mapping_auto" => answer(self.mapping_auto().await?),
            "mapping_preview" => answer(self.engine().await.mapping_preview().await?),
            "history" => answer(self.history(args(command, raw)?).await?),
            "history_days" => answer(self.history_days(args(command, raw)?).await?),
            "sync_now" => answer(self.run_sync(sync_engine::Trigger::Manual, None).await?),
            "backfill" => answer(self.backfill(args(command, raw)?).await?),
            "settings_set" => answer(self.settings_set(args(command, raw)?).await?),
            "check_setup" => answer(self.check_setup().await?),
            "pause" => {
                let settings::PauseArgs { until } = args(command, raw)?;
                answer(self.set_pause(&until).await?)
            }
            other => Err(SyncError::invalid(format!(
                "\"{other}\" is not a command of this app"
            ))),
        }
    }
}
