use app_core::setup_change::SetupChange;
use sync_engine::{MappingView, SyncError};

use crate::contract::{MappingSetArgs, MappingUnsetArgs};
use crate::service::AppService;

impl AppService {
    pub(super) async fn mapping_set(&self, a: MappingSetArgs) -> Result<MappingView, SyncError> {
        let view = self
            .engine()
            .await
            .mapping_set(&[(
                a.key,
                a.property,
                a.unit
                    .map(|u| u.as_str())
                    .or(a.temperature.map(|t| t.as_str()))
                    .or(a.weight.map(|w| w.as_str()))
                    .or(a.height.map(|h| h.as_str()))
                    .map(String::from),
            )])
            .await?;
        self.setup_changed(SetupChange::Mapping);
        self.publish().await;
        Ok(view)
    }

    pub(super) async fn mapping_unset(
        &self,
        a: MappingUnsetArgs,
    ) -> Result<MappingView, SyncError> {
        let view = self.engine().await.mapping_unset(&[a.key]).await?;
        self.setup_changed(SetupChange::Mapping);
        self.publish().await;
        Ok(view)
    }

    pub(super) async fn mapping_auto(&self) -> Result<MappingView, SyncError> {
        let view = self.engine().await.mapping_auto().await?;
        self.setup_changed(SetupChange::Mapping);
        self.publish().await;
        Ok(view)
    }
}
