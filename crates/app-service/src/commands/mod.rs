//! The commands the window invokes (docs/APP-API.md), parsed into the contract's [`Command`]
//! as they arrive over the window link, and answered by one exhaustive `match`: a new command
//! is a line in `contract.rs` and an arm here, and the compiler holds the arm to the result type
//! the contract declares. Each is a few lines over the engine; errors are the engine's
//! `SyncError`, serialized as `{code, message}` for the UI to act on, with the message in the
//! desktop's words (`app_core::wording`).

mod check;
mod connect;
mod diagnostics;
mod export;
mod forget;
mod mapping;
mod session;
mod settings;
mod sync;
mod trends;
mod workouts;

use std::sync::Arc;

use serde_json::Value;
use sync_engine::SyncError;

use crate::contract::{Answer, Command};
use crate::service::AppService;

impl AppService {
    /// A command from the window, by name with JSON arguments; the answer is the result's JSON.
    /// Its error is in the desktop's words (the engine's message, in the CLI's terms, goes to
    /// the log).
    pub async fn call(self: &Arc<Self>, command: &str, args: Value) -> Result<Value, SyncError> {
        let answer = match Command::parse(command, args) {
            Ok(parsed) => self.run(parsed).await,
            Err(error) => Err(error),
        };
        answer.map(Answer::into_result).map_err(|error| {
            log::info!("{command}: {error} ({})", error.code);
            app_core::wording::for_desktop(&error)
        })
    }

    /// A parsed command, answered with its result.
    pub async fn run(self: &Arc<Self>, command: Command) -> Result<Answer, SyncError> {
        let name = command.name();
        let answer = self.dispatch(command).await?;
        debug_assert_eq!(answer.name(), name, "a command answers as itself");
        Ok(answer)
    }

    async fn dispatch(self: &Arc<Self>, command: Command) -> Result<Answer, SyncError> {
        use Command as C;
        Ok(match command {
            C::Overview => Answer::Overview(self.current().await?.0),
            C::StartDemo => Answer::StartDemo(self.start_demo().await?),
            C::StopDemo => Answer::StopDemo(self.stop_demo().await?),
            C::OpenUrl(a) => Answer::OpenUrl(self.open_url(a)?),
            C::OpenLogs => Answer::OpenLogs(self.open_logs()?),
            C::Quit => {
                // notify_one: remembered if the host isn't waiting yet.
                self.quit.notify_one();
                Answer::Quit(())
            }
            C::ForgetEverything => Answer::ForgetEverything(self.forget_everything().await?),
            C::ForgetPreview => Answer::ForgetPreview(self.forget_preview()?),
            C::WhoopConnect(a) => Answer::WhoopConnect(self.whoop_connect(a).await?),
            C::WhoopFinish(a) => Answer::WhoopFinish(self.whoop_finish(a).await?),
            C::AppLink(a) => Answer::AppLink(self.app_link(a).await?),
            C::WhoopDisconnect => Answer::WhoopDisconnect(self.whoop_disconnect().await?),
            C::NotionConnect(a) => Answer::NotionConnect(self.notion_connect(a).await?),
            C::NotionDatabases => {
                Answer::NotionDatabases(self.engine().await.notion_databases().await?)
            }
            C::NotionUse(a) => Answer::NotionUse(self.notion_use(a).await?),
            C::NotionPages => Answer::NotionPages(self.engine().await.notion_pages().await?),
            C::NotionCreateDatabase(a) => {
                Answer::NotionCreateDatabase(self.notion_create_database(a).await?)
            }
            C::NotionDisconnect => Answer::NotionDisconnect(self.notion_disconnect().await?),
            C::MappingGet => Answer::MappingGet(self.engine().await.mapping_show().await?),
            C::MappingSet(a) => Answer::MappingSet(self.mapping_set(a).await?),
            C::MappingUnset(a) => Answer::MappingUnset(self.mapping_unset(a).await?),
            C::MappingAuto => Answer::MappingAuto(self.mapping_auto().await?),
            C::MappingPreview => {
                Answer::MappingPreview(self.engine().await.mapping_preview().await?)
            }
            C::WorkoutsShow => Answer::WorkoutsShow(self.engine().await.workouts().await?),
            C::WorkoutsPreview => {
                Answer::WorkoutsPreview(self.engine().await.workouts_preview().await?)
            }
            C::WorkoutsCreateDatabase(a) => {
                Answer::WorkoutsCreateDatabase(self.workouts_create_database(a).await?)
            }
            C::WorkoutsUse(a) => Answer::WorkoutsUse(self.workouts_use(a).await?),
            C::WorkoutsMap(a) => Answer::WorkoutsMap(self.workouts_map(a).await?),
            C::WorkoutsAddDayLink => {
                Answer::WorkoutsAddDayLink(self.workouts_add_day_link().await?)
            }
            C::WorkoutsOff => Answer::WorkoutsOff(self.workouts_off().await?),
            C::History(a) => Answer::History(self.history(a).await?),
            C::HistoryDays(a) => Answer::HistoryDays(self.history_days(a).await?),
            C::ExportHistory(a) => Answer::ExportHistory(self.export_history(a).await?),
            C::Trends(a) => Answer::Trends(self.trends(a).await?),
            C::SyncNow => Answer::SyncNow(self.run_sync(sync_engine::Trigger::Manual, None).await?),
            C::Backfill(a) => Answer::Backfill(self.backfill(a).await?),
            C::SettingsSet(a) => Answer::SettingsSet(self.settings_set(a).await?),
            C::Pause(a) => Answer::Pause(self.set_pause(a.until).await?),
            C::CheckSetup => Answer::CheckSetup(self.check_setup().await?),
            C::Diagnostics => Answer::Diagnostics(self.diagnostics().await?),
        })
    }
}
