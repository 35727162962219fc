//! Settings → Workouts: the Workouts database chosen or created, its mapping, the link to the
//! days (only on the user's click: it adds a column to their databases) and turning it off.
//! Each change is a setup change, so a run's stale mapping trouble isn't told after a fix.

use app_core::setup_change::SetupChange;
use sync_engine::workouts_setup::WorkoutsDatabase;
use sync_engine::SyncError;

use crate::contract::{WorkoutsCreateDatabaseArgs, WorkoutsMapArgs, WorkoutsUseArgs};
use crate::service::AppService;

impl AppService {
    pub(super) async fn workouts_create_database(
        &self,
        a: WorkoutsCreateDatabaseArgs,
    ) -> Result<WorkoutsDatabase, SyncError> {
        let chosen = self
            .engine()
            .await
            .workouts_create_database(a.parent.as_deref(), a.title.as_deref(), a.energy)
            .await?;
        self.workouts_changed().await;
        Ok(chosen)
    }

    pub(super) async fn workouts_use(
        &self,
        a: WorkoutsUseArgs,
    ) -> Result<WorkoutsDatabase, SyncError> {
        let chosen = self.engine().await.workouts_use(&a.database, None).await?;
        self.workouts_changed().await;
        Ok(chosen)
    }

    pub(super) async fn workouts_map(
        &self,
        a: WorkoutsMapArgs,
    ) -> Result<WorkoutsDatabase, SyncError> {
        let chosen = self
            .engine()
            .await
            .workouts_map(
                a.field.as_str(),
                a.property.as_deref(),
                a.unit.map(|u| u.as_str()),
            )
            .await?;
        self.workouts_changed().await;
        Ok(chosen)
    }

    pub(super) async fn workouts_add_day_link(&self) -> Result<WorkoutsDatabase, SyncError> {
        let chosen = self.engine().await.workouts_add_day_link().await?;
        self.workouts_changed().await;
        Ok(chosen)
    }

    pub(super) async fn workouts_off(&self) -> Result<(), SyncError> {
        self.engine().await.workouts_off()?;
        self.workouts_changed().await;
        Ok(())
    }

    async fn workouts_changed(&self) {
        self.setup_changed(SetupChange::Mapping);
        self.publish().await;
    }
}
