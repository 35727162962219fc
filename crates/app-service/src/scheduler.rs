//! The background schedule (catch-up at start and on wake, morning polling) for the current
//! session; restarted when the session changes (demo mode on or off).

use std::sync::Arc;

use sync_engine::Trigger;

use crate::service::AppService;

pub(crate) fn restart(service: &Arc<AppService>) {
    let mut slot = service.scheduler.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(old) = slot.take() {
        old.abort();
    }
    let service = service.clone();
    *slot = Some(tokio::spawn(async move {
        let engine = service.engine().await;
        let sync = |trigger: Trigger| {
            let service = service.clone();
            async move { service.run_sync(trigger, None).await }
        };
        engine.run_schedule(sync, || true, &service.woken).await;
    }));
}
