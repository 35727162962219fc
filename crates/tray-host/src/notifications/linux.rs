//! org.freedesktop.Notifications over D-Bus, with actions. One connection for the whole
//! process sends every notification and hears every `ActionInvoked` and `NotificationClosed`
//! through one match rule: no thread or connection per notification. It must be the same
//! connection: servers such as dunst send these signals only to the connection that asked
//! for the notification.

use std::collections::HashMap;

use app_core::notice::{Notice, CLICKED};
use futures_util::StreamExt;
use tokio::sync::mpsc;
use zbus::zvariant::Value;

use super::shown::Shown;
use crate::paths;
use crate::tray::Actions;

const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";
const INTERFACE: &str = "org.freedesktop.Notifications";

pub struct Notifier {
    notices: mpsc::UnboundedSender<Notice>,
}

impl Notifier {
    /// Connects to the session bus in the background; a picked action is sent to `actions`,
    /// as if picked in the tray menu. Call on the runtime.
    pub fn start(actions: Actions) -> Notifier {
        let (notices, queue) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            if let Err(e) = serve(queue, actions).await {
                log::warn!("notifications are not available: {e}");
            }
        });
        Notifier { notices }
    }

    pub fn show(&self, notice: Notice) {
        if self.notices.send(notice).is_err() {
            log::warn!("could not show a notification: no session bus");
        }
    }
}

async fn serve(mut queue: mpsc::UnboundedReceiver<Notice>, actions: Actions) -> zbus::Result<()> {
    let bus = zbus::Connection::session().await?;
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .path(PATH)?
        .interface(INTERFACE)?
        .build();
    let mut signals = zbus::MessageStream::for_match_rule(rule, &bus, None).await?;
    let mut shown = Shown::default();
    loop {
        tokio::select! {
            notice = queue.recv() => {
                let Some(notice) = notice else { return Ok(()) };
                let replaces = shown.replaces(&notice);
                match notify(&bus, &notice, replaces).await {
                    Ok(id) => shown.insert(id, notice),
                    Err(e) => log::warn!("could not show a notification: {e}"),
                }
            }
            signal = signals.next() => {
                let Some(signal) = signal else { return Ok(()) };
                let Ok(signal) = signal else { continue };
                let header = signal.header();
                match header.member().map(|m| m.as_str()) {
                    Some("ActionInvoked") => {
                        let Ok((id, key)) = signal.body().deserialize::<(u32, String)>() else {
                            continue;
                        };
                        if let Some(action) = shown.action(id, &key) {
                            log::info!("notification {id}: {key} picked");
                            let _ = actions.send(action);
                        }
                    }
                    Some("NotificationClosed") => {
                        if let Ok((id, _reason)) = signal.body().deserialize::<(u32, u32)>() {
                            shown.closed(id);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// `Notify`: the notification's id, the one the server reports its actions with.
async fn notify(bus: &zbus::Connection, notice: &Notice, replaces: u32) -> zbus::Result<u32> {
    // Pairs of key and label; the notification itself is "default".
    let mut actions = vec![CLICKED, "Open"];
    for button in &notice.buttons {
        actions.extend([button.key, button.label]);
    }
    let hints: HashMap<&str, Value> = HashMap::new();
    let reply = bus
        .call_method(
            Some(NAME),
            PATH,
            Some(INTERFACE),
            "Notify",
            &(
                paths::PRODUCT_NAME,
                replaces,
                super::ICON,
                notice.title.as_str(),
                notice.body.as_str(),
                actions,
                hints,
                -1i32, // the server's default timeout
            ),
        )
        .await?;
    reply.body().deserialize()
}
