use std::sync::Arc;

use app_core::overview::Overview;
use sync_engine::{ErrorCode, SyncError};

use crate::contract::OpenUrlArgs;
use crate::service::AppService;
use crate::session::Session;

impl AppService {
    async fn switch(self: &Arc<Self>, next: Session) -> Result<Overview, SyncError> {
        {
            let mut session = self.session.write().await;
            session.stop();
            *session = next;
        }
        {
            // A new session's runs start afresh; the desktop (the panel) stays what it is.
            let mut live = self.live();
            let tray_hidden = live.tray_hidden;
            *live = Default::default();
            live.tray_hidden = tray_hidden;
        }
        crate::scheduler::restart(self);
        self.publish_overview().await
    }

    pub(super) async fn start_demo(self: &Arc<Self>) -> Result<Overview, SyncError> {
        let demo = Session::demo(self.data_dir.join("demo")).await?;
        self.switch(demo).await
    }

    pub(super) async fn stop_demo(self: &Arc<Self>) -> Result<Overview, SyncError> {
        self.switch(Session::real()?).await
    }

    pub(super) fn open_url(&self, OpenUrlArgs { url }: OpenUrlArgs) -> Result<(), SyncError> {
        self.open_web(&url)
    }

    pub(super) fn open_logs(&self) -> Result<(), SyncError> {
        let _ = private_fs::create_dir_all(&self.log_dir);
        self.desktop.open_path(&self.log_dir).map_err(|e| {
            SyncError::new(
                ErrorCode::Internal,
                format!("could not open the log folder: {e}"),
            )
        })
    }
}
