//! The OS's own wake signal, where it is cheap: on Linux, logind's `PrepareForSleep(false)` on
//! the system bus. The scheduler also notices a wake by the wall clock jumping ahead of the
//! monotonic clock (every OS), so this only makes the catch-up start sooner.

use std::sync::Arc;

use crate::service::AppService;

#[cfg(target_os = "linux")]
pub(crate) fn watch(service: &Arc<AppService>) {
    use futures_util::StreamExt;

    let service = service.clone();
    tokio::spawn(async move {
        let resumes = match zbus::Connection::system().await {
            Ok(bus) => linux::resumes(bus).await,
            Err(e) => Err(e),
        };
        match resumes {
            Ok(resumes) => {
                let mut resumes = Box::pin(resumes);
                while resumes.next().await.is_some() {
                    log::info!("the computer woke up: catching up");
                    let _ = service.run_sync(sync_engine::Trigger::Wake, None).await;
                }
            }
            Err(e) => log::info!("no logind wake signal here ({e}); the clock jump will do"),
        }
    });
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn watch(_service: &Arc<AppService>) {}

#[cfg(target_os = "linux")]
mod linux {
    use futures_util::{Stream, StreamExt};

    pub const PATH: &str = "/org/freedesktop/login1";
    pub const INTERFACE: &str = "org.freedesktop.login1.Manager";
    pub const MEMBER: &str = "PrepareForSleep";

    /// One item each time the machine has resumed (`PrepareForSleep(false)`).
    pub async fn resumes(bus: zbus::Connection) -> zbus::Result<impl Stream<Item = ()>> {
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .path(PATH)?
            .interface(INTERFACE)?
            .member(MEMBER)?
            .build();
        let messages = zbus::MessageStream::for_match_rule(rule, &bus, None).await?;
        Ok(messages.filter_map(|message| async move {
            let going_to_sleep: bool = message.ok()?.body().deserialize().ok()?;
            (!going_to_sleep).then_some(())
        }))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// Runs on the session bus of `scripts/with-keychain.sh` (the system bus and logind
        /// aren't there in CI): a "resumed" signal is seen, a "going to sleep" one is not.
        #[tokio::test]
        async fn a_resume_signal_is_seen_and_a_suspend_is_not() {
            let Ok(bus) = zbus::Connection::session().await else {
                assert!(
                    std::env::var("WHOOP_NOTION_TEST_KEYCHAIN").is_err(),
                    "the D-Bus session of scripts/with-keychain.sh should be here"
                );
                eprintln!("skipped: no D-Bus session (run under scripts/with-keychain.sh)");
                return;
            };
            let mut resumes = Box::pin(resumes(bus).await.unwrap());
            let sender = zbus::Connection::session().await.unwrap();
            for going_to_sleep in [true, false] {
                sender
                    .emit_signal(None::<()>, PATH, INTERFACE, MEMBER, &(going_to_sleep,))
                    .await
                    .unwrap();
            }
            let first =
                tokio::time::timeout(std::time::Duration::from_secs(5), resumes.next()).await;
            assert_eq!(first.unwrap(), Some(()));
            // Only the resume counted: nothing else is waiting.
            let more =
                tokio::time::timeout(std::time::Duration::from_millis(300), resumes.next()).await;
            assert!(more.is_err(), "the suspend signal was taken for a wake");
        }
    }
}
