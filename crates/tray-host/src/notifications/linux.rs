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
    // The notification server's unique name, from its answers: only its signals count. Any
    // other program on the session bus can send an `ActionInvoked` of the same shape.
    let mut server: Option<String> = None;
    loop {
        tokio::select! {
            notice = queue.recv() => {
                let Some(notice) = notice else { return Ok(()) };
                let replaces = shown.replaces(&notice);
                match notify(&bus, &notice, replaces).await {
                    Ok((id, from)) => {
                        server = from.or(server);
                        shown.insert(id, notice);
                    }
                    Err(e) => log::warn!("could not show a notification: {e}"),
                }
            }
            signal = signals.next() => {
                let Some(signal) = signal else { return Ok(()) };
                let Ok(signal) = signal else { continue };
                let header = signal.header();
                let sender = header.sender().map(|s| s.as_str());
                if server.is_none() || sender != server.as_deref() {
                    continue;
                }
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

/// `Notify`: the notification's id, the one the server reports its actions with, and the
/// server's unique name on the bus (the sender of its signals).
async fn notify(
    bus: &zbus::Connection,
    notice: &Notice,
    replaces: u32,
) -> zbus::Result<(u32, Option<String>)> {
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
    let from = reply.header().sender().map(|s| s.to_string());
    Ok((reply.body().deserialize()?, from))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use app_core::menu::MenuAction;
    use chrono::NaiveDate;
    use futures_util::StreamExt;
    use zbus::zvariant::OwnedValue;

    use super::*;

    type NotifyArgs = (
        String,
        u32,
        String,
        String,
        String,
        Vec<String>,
        HashMap<String, OwnedValue>,
        i32,
    );

    /// The next `Notify` the stand-in server gets, answered with `id`: its arguments and
    /// sender.
    async fn next_notify(
        calls: &mut zbus::MessageStream,
        server: &zbus::Connection,
        id: u32,
    ) -> (NotifyArgs, String) {
        loop {
            let call = tokio::time::timeout(Duration::from_secs(5), calls.next())
                .await
                .expect("a Notify call")
                .unwrap()
                .unwrap();
            let header = call.header();
            if header.member().map(|m| m.as_str()) != Some("Notify") {
                continue;
            }
            let args: NotifyArgs = call.body().deserialize().unwrap();
            server.reply(&header, &id).await.unwrap();
            return (args, header.sender().unwrap().to_string());
        }
    }

    async fn nothing_picked(actions: &mut mpsc::UnboundedReceiver<MenuAction>) {
        let waited = tokio::time::timeout(Duration::from_millis(300), actions.recv()).await;
        assert!(waited.is_err(), "an action was picked: {waited:?}");
    }

    /// Runs on the session bus of `scripts/with-keychain.sh`, playing the notification server
    /// (dunst's way: signals only to the connection that asked).
    #[tokio::test]
    async fn actions_come_back_through_the_one_connection() {
        let Ok(server) = zbus::Connection::session().await else {
            assert!(
                std::env::var("WHOOP_NOTION_TEST_KEYCHAIN").is_err(),
                "the D-Bus session of scripts/with-keychain.sh should be here"
            );
            eprintln!("skipped: no D-Bus session (run under scripts/with-keychain.sh)");
            return;
        };
        let owned = server
            .request_name_with_flags(NAME, zbus::fdo::RequestNameFlags::DoNotQueue.into())
            .await;
        if !matches!(owned, Ok(zbus::fdo::RequestNameReply::PrimaryOwner)) {
            eprintln!("skipped: a notification server already runs on this bus");
            return;
        }
        let mut calls = zbus::MessageStream::from(&server);
        let (picked, mut actions) = mpsc::unbounded_channel();
        let notifier = Notifier::start(picked);
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let signal = |to: &str, member: &'static str, id: u32, key: &'static str| {
            let (server, to) = (server.clone(), to.to_string());
            async move {
                if member == "ActionInvoked" {
                    server
                        .emit_signal(Some(to.as_str()), PATH, INTERFACE, member, &(id, key))
                        .await
                } else {
                    server
                        .emit_signal(Some(to.as_str()), PATH, INTERFACE, member, &(id, 2u32))
                        .await
                }
                .unwrap()
            }
        };

        notifier.show(Notice::morning(day, "Recovery 78%".into(), true));
        let (args, sender) = next_notify(&mut calls, &server, 42).await;
        assert_eq!(args.0, paths::PRODUCT_NAME);
        assert_eq!(args.1, 0, "replaces nothing");
        assert_eq!(
            (args.3.as_str(), args.4.as_str()),
            ("Last night is in Notion", "Recovery 78%")
        );
        assert_eq!(args.5, ["default", "Open", "open-notion", "Open in Notion"]);

        // Another program on the bus sends the same signal: it is not the server, so no.
        let stranger = zbus::Connection::session().await.unwrap();
        stranger
            .emit_signal(
                Some(sender.as_str()),
                PATH,
                INTERFACE,
                "ActionInvoked",
                &(42u32, "open-notion"),
            )
            .await
            .unwrap();
        nothing_picked(&mut actions).await;

        signal(&sender, "ActionInvoked", 42, "open-notion").await;
        let picked = tokio::time::timeout(Duration::from_secs(5), actions.recv()).await;
        assert_eq!(picked.unwrap(), Some(MenuAction::OpenDay(day)));
        signal(&sender, "ActionInvoked", 42, "default").await;
        let picked = tokio::time::timeout(Duration::from_secs(5), actions.recv()).await;
        assert_eq!(picked.unwrap(), Some(MenuAction::OpenWindow));
        // Another app's notification, and one of ours once closed: nothing happens.
        signal(&sender, "ActionInvoked", 7, "default").await;
        signal(&sender, "NotificationClosed", 42, "").await;
        signal(&sender, "ActionInvoked", 42, "default").await;
        nothing_picked(&mut actions).await;

        // A problem, then its end in its place.
        notifier.show(Notice::problem("Check the mapping.".into()));
        let (args, _) = next_notify(&mut calls, &server, 43).await;
        assert_eq!(args.5, ["default", "Open", "open", "Open"]);
        notifier.show(Notice::back_to_normal());
        let (args, _) = next_notify(&mut calls, &server, 43).await;
        assert_eq!(args.1, 43, "\"back to normal\" replaces the problem");
        assert_eq!(args.5, ["default", "Open"]);
        signal(&sender, "ActionInvoked", 43, "open").await;
        nothing_picked(&mut actions).await;
    }
}
