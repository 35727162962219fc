//! macOS and Windows: the tray with tray-icon (what Tauri's own tray is built on), which needs
//! the platform's event loop on the main thread (tao). The app itself runs on the tokio
//! runtime beside it; changes and picked items cross over as events.
//!
//! Not run on these Linux machines; type-checked by scripts/check-windows and
//! scripts/check-macos.

use std::collections::HashMap;

use app_core::menu::{MenuAction, MenuEntry};
use app_core::tray::TrayState;
use tao::event::{Event, StartCause};
use tao::event_loop::{ControlFlow, EventLoopBuilder};
use tokio::sync::watch;
use tray_icon::menu::{
    CheckMenuItem, IsMenuItem, Menu, MenuEvent, MenuId, MenuItem, PredefinedMenuItem, Submenu,
};
use tray_icon::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};

use super::{Actions, TrayContent};
use crate::icons;

enum UserEvent {
    Content(TrayContent),
    Menu(MenuId),
    Click,
    Done(Result<(), String>),
}

/// macOS draws the menu-bar icon as a template, in the bar's own colours (light or dark bar,
/// highlighted while its menu is open); Windows shows the colour picture.
const TEMPLATE: bool = cfg!(target_os = "macos");

fn picture(state: TrayState) -> tray_icon::Icon {
    let mut p = icons::picture(state);
    if TEMPLATE {
        p = icons::template(&p);
    }
    tray_icon::Icon::from_rgba(p.rgba, p.width, p.height).expect("tray pictures are valid")
}

fn set_picture(icon: &TrayIcon, state: TrayState) {
    // On macOS tray-icon's set_icon makes the picture a plain image again.
    #[cfg(target_os = "macos")]
    let set = icon.set_icon_with_as_template(Some(picture(state)), TEMPLATE);
    #[cfg(not(target_os = "macos"))]
    let set = icon.set_icon(Some(picture(state)));
    if let Err(e) = set {
        log::warn!("could not change the tray icon: {e}");
    }
}

/// Builds the menu; `actions` learns which id stands for which action.
fn build_menu(entries: &[MenuEntry], actions: &mut HashMap<MenuId, MenuAction>) -> Menu {
    fn items(
        entries: &[MenuEntry],
        actions: &mut HashMap<MenuId, MenuAction>,
    ) -> Vec<Box<dyn IsMenuItem>> {
        entries
            .iter()
            .map(|entry| -> Box<dyn IsMenuItem> {
                match entry {
                    MenuEntry::Status(text) => Box::new(MenuItem::new(text, false, None)),
                    MenuEntry::Item {
                        label,
                        enabled,
                        action,
                    } => {
                        let item = MenuItem::new(label, *enabled, None);
                        actions.insert(item.id().clone(), *action);
                        Box::new(item)
                    }
                    MenuEntry::Check {
                        label,
                        checked,
                        action,
                    } => {
                        let item = CheckMenuItem::new(label, true, *checked, None);
                        actions.insert(item.id().clone(), *action);
                        Box::new(item)
                    }
                    MenuEntry::Submenu { label, entries } => {
                        let children = items(entries, actions);
                        let refs: Vec<&dyn IsMenuItem> =
                            children.iter().map(|c| c.as_ref()).collect();
                        Box::new(
                            Submenu::with_items(label, !entries.is_empty(), &refs)
                                .expect("submenus build"),
                        )
                    }
                    MenuEntry::Separator => Box::new(PredefinedMenuItem::separator()),
                }
            })
            .collect()
    }
    let children = items(entries, actions);
    let refs: Vec<&dyn IsMenuItem> = children.iter().map(|c| c.as_ref()).collect();
    Menu::with_items(&refs).expect("menus build")
}

/// Runs the event loop (and the tray) on this, the main thread, and `app` on the runtime;
/// returns (by exiting the process) when `app` has finished.
pub fn run(
    runtime: &tokio::runtime::Runtime,
    mut content: watch::Receiver<TrayContent>,
    actions: Actions,
    // macOS and Windows always have a place for the icon.
    _panel: super::PanelShown,
    app: impl std::future::Future<Output = Result<(), String>> + Send + 'static,
) -> Result<(), String> {
    #[cfg_attr(not(target_os = "macos"), allow(unused_mut))]
    let mut event_loop = EventLoopBuilder::<UserEvent>::with_user_event().build();
    // A menu-bar app on macOS: no Dock icon and not in the app switcher (Cmd-Tab), as
    // LSUIElement would make it. Only the tray host: the window is a process of its own, which
    // does show in both while it is open, so it can be switched to like any window.
    #[cfg(target_os = "macos")]
    {
        use tao::platform::macos::{ActivationPolicy, EventLoopExtMacOS};
        event_loop.set_activation_policy(ActivationPolicy::Accessory);
    }
    let proxy = event_loop.create_proxy();
    {
        let proxy = proxy.clone();
        MenuEvent::set_event_handler(Some(move |e: MenuEvent| {
            let _ = proxy.send_event(UserEvent::Menu(e.id));
        }));
    }
    {
        let proxy = proxy.clone();
        TrayIconEvent::set_event_handler(Some(move |e: TrayIconEvent| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = e
            {
                let _ = proxy.send_event(UserEvent::Click);
            }
        }));
    }
    {
        let proxy = proxy.clone();
        runtime.spawn(async move {
            while content.changed().await.is_ok() {
                let next = content.borrow_and_update().clone();
                if proxy.send_event(UserEvent::Content(next)).is_err() {
                    break;
                }
            }
        });
    }
    runtime.spawn(async move {
        let result = app.await;
        let _ = proxy.send_event(UserEvent::Done(result));
    });

    let mut tray: Option<TrayIcon> = None;
    let mut ids: HashMap<MenuId, MenuAction> = HashMap::new();
    event_loop.run(move |event, _, control_flow| {
        *control_flow = ControlFlow::Wait;
        match event {
            // macOS wants the status item made once the loop runs.
            Event::NewEvents(StartCause::Init) => {
                let built = TrayIconBuilder::new()
                    .with_icon(picture(TrayState::Idle))
                    .with_icon_as_template(TEMPLATE)
                    .with_tooltip("WHOOP → Notion Sync")
                    .with_menu_on_left_click(false)
                    .build();
                match built {
                    Ok(icon) => tray = Some(icon),
                    Err(e) => log::error!("could not put the icon in the tray: {e}"),
                }
            }
            Event::UserEvent(UserEvent::Content(next)) => {
                if let Some(icon) = &tray {
                    ids.clear();
                    set_picture(icon, next.view.state);
                    let _ = icon.set_tooltip(Some(&next.view.tooltip));
                    icon.set_menu(Some(Box::new(build_menu(&next.menu, &mut ids))));
                }
            }
            Event::UserEvent(UserEvent::Menu(id)) => {
                if let Some(action) = ids.get(&id) {
                    let _ = actions.send(*action);
                }
            }
            Event::UserEvent(UserEvent::Click) => {
                let _ = actions.send(MenuAction::OpenWindow);
            }
            Event::UserEvent(UserEvent::Done(result)) => {
                tray.take();
                let code = match result {
                    Ok(()) => 0,
                    Err(e) => {
                        log::error!("{e}");
                        1
                    }
                };
                *control_flow = ControlFlow::ExitWithCode(code);
            }
            _ => {}
        }
    })
}
