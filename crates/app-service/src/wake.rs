//! The OS's own wake signal, from the desktop ([`Desktop::watch_wakes`]). The scheduler also
//! notices a wake by the wall clock jumping ahead of the monotonic clock (on every OS), so
//! this only makes the catch-up start sooner. The signal only wakes the schedule, which
//! decides: a run of its own would check a wake twice (the clock jump finds it too) and ignore
//! a pause.
//!
//! [`Desktop::watch_wakes`]: crate::Desktop::watch_wakes

use std::sync::Arc;

use crate::service::AppService;

pub(crate) fn watch(service: &Arc<AppService>) {
    let (resumed, mut resumes) = tokio::sync::mpsc::unbounded_channel();
    if let Err(e) = service.desktop.watch_wakes(resumed) {
        log::info!("no wake signal from the OS here ({e}); the clock jump will do");
        return;
    }
    let service = service.clone();
    tokio::spawn(async move {
        while resumes.recv().await.is_some() {
            log::info!("the computer woke up");
            service.computer_woke();
        }
    });
}
