//! The OS's own wake signal, where it is cheap: on Linux, logind's `PrepareForSleep(false)` on
//! the system bus; on Windows, the power broadcast `PBT_APMRESUMEAUTOMATIC`; on macOS,
//! `NSWorkspaceDidWakeNotification`. The tray host's `Desktop` hands it to app-service, whose
//! schedule also notices a wake by the wall clock jumping ahead of the monotonic clock (on
//! every OS), so this only makes the catch-up start sooner.

#[cfg(not(any(windows, target_os = "macos")))]
use tokio::sync::mpsc::UnboundedSender;

/// Sends `()` on `resumed` each time the computer wakes, from now on. Needs the tokio runtime.
#[cfg(target_os = "linux")]
pub fn watch(resumed: UnboundedSender<()>) -> Result<(), String> {
    use futures_util::StreamExt;

    // Connecting to the system bus takes a round trip: done in the task, so start-up doesn't
    // wait for it, and said there when logind isn't to be had.
    tokio::spawn(async move {
        let resumes = match zbus::Connection::system().await {
            Ok(bus) => linux::resumes(bus).await,
            Err(e) => Err(e),
        };
        match resumes {
            Ok(resumes) => {
                let mut resumes = Box::pin(resumes);
                while resumes.next().await.is_some() {
                    if resumed.send(()).is_err() {
                        return;
                    }
                }
            }
            Err(e) => log::info!("no logind wake signal here ({e}); the clock jump will do"),
        }
    });
    Ok(())
}

#[cfg(windows)]
pub use windows::register as watch;

#[cfg(target_os = "macos")]
pub use macos::register as watch;

#[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
pub fn watch(_resumed: UnboundedSender<()>) -> Result<(), String> {
    Err("this OS gives no wake signal the app listens to".into())
}

/// Type-checked for Windows here (`cargo clippy --target x86_64-pc-windows-gnu`), never run.
#[cfg(windows)]
mod windows {
    use std::ffi::c_void;
    use std::sync::OnceLock;

    use tokio::sync::mpsc::UnboundedSender;
    use windows_sys::Win32::System::Power::{
        PowerRegisterSuspendResumeNotification, DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS,
    };
    use windows_sys::Win32::UI::WindowsAndMessaging::{
        DEVICE_NOTIFY_CALLBACK, PBT_APMRESUMEAUTOMATIC,
    };

    /// Where the callback (on a system thread) reports; one app per process.
    static RESUMED: OnceLock<UnboundedSender<()>> = OnceLock::new();

    unsafe extern "system" fn on_power(_: *const c_void, kind: u32, _: *const c_void) -> u32 {
        if kind == PBT_APMRESUMEAUTOMATIC {
            if let Some(resumed) = RESUMED.get() {
                let _ = resumed.send(());
            }
        }
        0
    }

    pub fn register(resumed: UnboundedSender<()>) -> Result<(), String> {
        RESUMED
            .set(resumed)
            .map_err(|_| "already watching".to_string())?;
        // Windows keeps the pointer for the life of the registration, which is the process's.
        let params: &'static mut DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS =
            Box::leak(Box::new(DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS {
                Callback: Some(on_power),
                Context: std::ptr::null_mut(),
            }));
        let mut registration = std::ptr::null_mut();
        // SAFETY: `params` lives for the rest of the process, as the registration does.
        let status = unsafe {
            PowerRegisterSuspendResumeNotification(
                DEVICE_NOTIFY_CALLBACK,
                params as *mut DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS as *mut c_void,
                &mut registration,
            )
        };
        if status == 0 {
            Ok(())
        } else {
            Err(format!(
                "PowerRegisterSuspendResumeNotification failed ({status})"
            ))
        }
    }
}

/// Type-checked for macOS here (scripts/check-macos), never run.
#[cfg(target_os = "macos")]
mod macos {
    use std::ptr::NonNull;
    use std::sync::OnceLock;

    use block2::RcBlock;
    use objc2_app_kit::{NSWorkspace, NSWorkspaceDidWakeNotification};
    use objc2_foundation::NSNotification;
    use tokio::sync::mpsc::UnboundedSender;

    /// Watched once per process, as on Windows: a second service would get nothing new.
    static WATCHING: OnceLock<()> = OnceLock::new();

    /// One `()` to `resumed` each time the Mac wakes. AppKit posts the notification on the
    /// main thread's run loop, which the tray host's event loop (tao) runs; a process without
    /// one (the CLI's daemon) hears nothing, and the clock jump covers it.
    pub fn register(resumed: UnboundedSender<()>) -> Result<(), String> {
        WATCHING
            .set(())
            .map_err(|_| "already watching".to_string())?;
        let block = RcBlock::new(move |_: NonNull<NSNotification>| {
            let _ = resumed.send(());
        });
        let center = NSWorkspace::sharedWorkspace().notificationCenter();
        // SAFETY: AppKit's own notification name, no sender to match, and no queue: the block
        // runs on the thread that posts, and only sends on a channel made for any thread.
        let observer = unsafe {
            center.addObserverForName_object_queue_usingBlock(
                Some(NSWorkspaceDidWakeNotification),
                None,
                None,
                &block,
            )
        };
        // The observer lives as long as the process, like the Windows registration: the
        // center stops calling the block only when it is removed, which nothing needs.
        std::mem::forget(observer);
        Ok(())
    }
}

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
