use app_core::setup_change::SetupChange;
use serde::Deserialize;
use sync_engine::{MappingView, SyncError};

use crate::service::AppService;

#[derive(Deserialize)]
pub(super) struct MappingSetArgs {
    key: String,
    property: String,
    unit: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct MappingUnsetArgs {
    key: String,
}

impl AppService {
    pub(super) async fn mapping_set(&self, a: MappingSetArgs) -> Result<MappingView, SyncError> {
        let view = self
            .engine()
            .await
            .mapping_set(&[(a.key, a.property, a.unit)])
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
