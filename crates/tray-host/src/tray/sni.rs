//! Linux: a StatusNotifierItem with its dbusmenu, spoken over D-Bus by ksni. Desktop panels
//! (KDE, GNOME's AppIndicator extension, XFCE, waybar…) draw it; no GTK is needed here.

use std::collections::HashMap;

use app_core::menu::{MenuAction, MenuEntry};
use app_core::tray::TrayState;
use ksni::menu::{CheckmarkItem, StandardItem, SubMenu};
use ksni::TrayMethods;
use tokio::sync::watch;

use super::{Actions, PanelShown, TrayContent};
use crate::icons;

const TITLE: &str = "WHOOP → Notion Sync";

struct StatusItem {
    content: TrayContent,
    pictures: HashMap<TrayState, ksni::Icon>,
    actions: Actions,
    panel: PanelShown,
}

fn argb(state: TrayState) -> ksni::Icon {
    let picture = icons::picture(state);
    // StatusNotifierItem pixmaps are ARGB32 in network byte order.
    let data = picture
        .rgba
        .chunks(4)
        .flat_map(|p| [p[3], p[0], p[1], p[2]])
        .collect();
    ksni::Icon {
        width: picture.width as i32,
        height: picture.height as i32,
        data,
    }
}

fn item(entry: &MenuEntry) -> ksni::MenuItem<StatusItem> {
    fn send(action: MenuAction) -> Box<dyn Fn(&mut StatusItem) + Send> {
        Box::new(move |tray: &mut StatusItem| {
            let _ = tray.actions.send(action);
        })
    }
    match entry {
        MenuEntry::Status(text) => StandardItem {
            label: text.clone(),
            enabled: false,
            ..Default::default()
        }
        .into(),
        MenuEntry::Item {
            label,
            enabled,
            action,
        } => StandardItem {
            label: label.clone(),
            enabled: *enabled,
            activate: send(*action),
            ..Default::default()
        }
        .into(),
        MenuEntry::Check {
            label,
            checked,
            action,
        } => CheckmarkItem {
            label: label.clone(),
            checked: *checked,
            activate: send(*action),
            ..Default::default()
        }
        .into(),
        MenuEntry::Submenu { label, entries } => SubMenu {
            label: label.clone(),
            enabled: !entries.is_empty(),
            submenu: entries.iter().map(item).collect(),
            ..Default::default()
        }
        .into(),
        MenuEntry::Separator => ksni::MenuItem::Separator,
    }
}

impl ksni::Tray for StatusItem {
    fn id(&self) -> String {
        "whoop-notion-sync".into()
    }

    fn title(&self) -> String {
        TITLE.into()
    }

    fn status(&self) -> ksni::Status {
        if self.content.view.state == TrayState::Attention {
            ksni::Status::NeedsAttention
        } else {
            ksni::Status::Active
        }
    }

    fn icon_pixmap(&self) -> Vec<ksni::Icon> {
        self.pictures
            .get(&self.content.view.state)
            .cloned()
            .into_iter()
            .collect()
    }

    fn attention_icon_pixmap(&self) -> Vec<ksni::Icon> {
        self.icon_pixmap()
    }

    fn tool_tip(&self) -> ksni::ToolTip {
        ksni::ToolTip {
            title: TITLE.into(),
            description: self.content.view.tooltip.clone(),
            ..Default::default()
        }
    }

    /// A left click opens the window; the menu is on the right button.
    fn activate(&mut self, _x: i32, _y: i32) {
        let _ = self.actions.send(MenuAction::OpenWindow);
    }

    fn menu(&self) -> Vec<ksni::MenuItem<Self>> {
        self.content.menu.iter().map(item).collect()
    }

    /// Without a panel to show it (stock GNOME has none; or one restarted), keep the item
    /// alive: it is registered again when one appears. Meanwhile the window says so.
    fn watcher_offline(&self, reason: ksni::OfflineReason) -> bool {
        log::info!("no panel shows the tray icon: {reason:?}");
        let _ = self.panel.send(false);
        true
    }

    fn watcher_online(&self) {
        let _ = self.panel.send(true);
    }
}

/// Runs `app` with the tray beside it, on the calling thread. A tray that can't be shown
/// (no session bus) is logged; the app runs on without it.
pub fn run(
    runtime: &tokio::runtime::Runtime,
    content: watch::Receiver<TrayContent>,
    actions: Actions,
    panel: PanelShown,
    app: impl std::future::Future<Output = Result<(), String>>,
) -> Result<(), String> {
    runtime.block_on(async {
        if let Err(e) = spawn(content, actions, panel.clone()).await {
            log::error!("{e}");
            let _ = panel.send(false);
        }
        app.await
    })
}

/// Puts the icon on the session bus and keeps it in step with `content`: only the latest
/// content is drawn, so a burst of changes costs one update.
async fn spawn(
    mut content: watch::Receiver<TrayContent>,
    actions: Actions,
    panel: PanelShown,
) -> Result<(), String> {
    let pictures = TrayState::ALL
        .into_iter()
        .map(|state| (state, argb(state)))
        .collect();
    let first = content.borrow_and_update().clone();
    let handle = StatusItem {
        content: first,
        pictures,
        actions,
        panel,
    }
    .assume_sni_available(true)
    .spawn()
    .await
    .map_err(|e| format!("could not put the icon in the tray: {e}"))?;
    tokio::spawn(async move {
        while content.changed().await.is_ok() {
            let next = content.borrow_and_update().clone();
            if handle
                .update(move |item| item.content = next)
                .await
                .is_none()
            {
                break;
            }
        }
    });
    Ok(())
}
