//! The tray icon: its picture and tooltip follow the tray view (never "synced" while something
//! is wrong), and its menu offers the everyday actions.

use app_core::overview::Overview;
use app_core::tray::{TrayState, TrayView};
use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::ManagerExt;
use tauri_plugin_opener::OpenerExt;

use crate::menu_ids::MenuId;
use crate::state::AppState;

const TRAY: &str = "main";

fn icon(state: TrayState) -> Image<'static> {
    let bytes: &'static [u8] = match state {
        TrayState::Synced => include_bytes!("../../icons/tray-synced.png"),
        TrayState::Syncing => include_bytes!("../../icons/tray-syncing.png"),
        TrayState::Waiting => include_bytes!("../../icons/tray-waiting.png"),
        TrayState::Paused => include_bytes!("../../icons/tray-paused.png"),
        TrayState::Attention => include_bytes!("../../icons/tray-attention.png"),
        TrayState::Idle => include_bytes!("../../icons/tray-idle.png"),
    };
    Image::from_bytes(bytes).expect("bundled tray icons are valid PNGs")
}

pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let menu = Menu::with_items(
        app,
        &[&MenuItem::with_id(
            app,
            MenuId::Status.to_id(),
            "Starting…",
            false,
            None::<&str>,
        )?],
    )?;
    TrayIconBuilder::with_id(TRAY)
        .icon(icon(TrayState::Idle))
        .tooltip("WHOOP → Notion Sync")
        .menu(&menu)
        .on_menu_event(on_menu_event)
        .build(app)?;
    let app = app.clone();
    tauri::async_runtime::spawn(async move { crate::state::publish(&app).await });
    Ok(())
}

/// Tray and menu objects belong to the UI thread (GTK on Linux): updates are sent there.
pub fn update<R: Runtime>(app: &AppHandle<R>, view: &TrayView, overview: &Overview) {
    let (handle, view, overview) = (app.clone(), view.clone(), overview.clone());
    let _ = app.run_on_main_thread(move || update_now(&handle, &view, &overview));
}

fn update_now<R: Runtime>(app: &AppHandle<R>, view: &TrayView, overview: &Overview) {
    let Some(tray) = app.tray_by_id(TRAY) else {
        return;
    };
    let _ = tray.set_icon(Some(icon(view.state)));
    let _ = tray.set_tooltip(Some(&view.tooltip));
    match menu(app, view, overview) {
        Ok(menu) => {
            let _ = tray.set_menu(Some(menu));
        }
        Err(e) => log::warn!("could not build the tray menu: {e}"),
    }
}

fn menu<R: Runtime>(
    app: &AppHandle<R>,
    view: &TrayView,
    overview: &Overview,
) -> tauri::Result<Menu<R>> {
    let item = |id: MenuId, text: &str, enabled: bool| {
        MenuItem::with_id(app, id.to_id(), text, enabled, None::<&str>)
    };
    let status_text = if overview.mode == app_core::overview::Mode::Demo {
        format!("Demo · {}", view.tooltip)
    } else {
        view.tooltip.clone()
    };
    let status = item(MenuId::Status, &status_text, false)?;
    let sync_now = item(MenuId::SyncNow, "Sync now", !overview.syncing)?;
    let recent_items: Vec<MenuItem<R>> = overview
        .recent_days
        .iter()
        .map(|d| {
            item(
                MenuId::RecentDay(d.day.parse().unwrap_or_default()),
                &format!("{} · {}", d.day, d.summary),
                d.page_url.is_some(),
            )
        })
        .collect::<tauri::Result<_>>()?;
    let recent_refs: Vec<&dyn tauri::menu::IsMenuItem<R>> =
        recent_items.iter().map(|i| i as _).collect();
    let recent = Submenu::with_items(app, "Recent syncs", !recent_refs.is_empty(), &recent_refs)?;
    let open_db = item(
        MenuId::OpenDatabase,
        "Open Notion database",
        overview.notion.database_url.is_some(),
    )?;
    let open_window = item(MenuId::OpenWindow, "Open window", true)?;
    let launch = CheckMenuItem::with_id(
        app,
        MenuId::LaunchAtLogin.to_id(),
        "Launch at login",
        true,
        overview.settings.launch_at_login,
        None::<&str>,
    )?;
    let quit = item(MenuId::Quit, "Quit", true)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let paused = overview
        .paused_until
        .is_some_and(|p| p > chrono::Utc::now());
    // Paused: one way out. Running: two ways to pause.
    let pause_items = if paused {
        vec![item(MenuId::Resume, "Resume", true)?]
    } else {
        vec![
            item(MenuId::PauseHour, "Pause for 1 hour", true)?,
            item(MenuId::PauseTomorrow, "Pause until tomorrow", true)?,
        ]
    };
    let mut items: Vec<&dyn tauri::menu::IsMenuItem<R>> = vec![&status, &separator, &sync_now];
    items.extend(
        pause_items
            .iter()
            .map(|i| i as &dyn tauri::menu::IsMenuItem<R>),
    );
    items.extend([
        &recent as &dyn tauri::menu::IsMenuItem<R>,
        &open_db,
        &open_window,
        &separator,
        &launch,
        &quit,
    ]);
    Menu::with_items(app, &items)
}

fn on_menu_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let Some(id) = MenuId::parse(event.id().as_ref()) else {
        return;
    };
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        match id {
            MenuId::Status => {}
            MenuId::SyncNow => {
                let _ = crate::sync_runner::run(&app, sync_engine::Trigger::Manual, None).await;
            }
            MenuId::PauseHour | MenuId::PauseTomorrow | MenuId::Resume => {
                let until = match id {
                    MenuId::PauseHour => "hour",
                    MenuId::PauseTomorrow => "tomorrow",
                    _ => "resume",
                };
                if let Err(e) = crate::commands::set_pause(&app, until).await {
                    log::warn!("{e}");
                }
            }
            MenuId::RecentDay(day) => {
                let engine = app.state::<AppState>().engine().await;
                let url = engine
                    .recent_days(30)
                    .ok()
                    .and_then(|days| days.into_iter().find(|(d, _)| d.day == day))
                    .and_then(|(d, _)| d.page_url);
                if let Some(url) = url {
                    let _ = app.opener().open_url(url, None::<&str>);
                }
            }
            MenuId::OpenDatabase => {
                if let Ok((overview, _)) = crate::state::current(&app).await {
                    if let Some(url) = overview.notion.database_url {
                        let _ = app.opener().open_url(url, None::<&str>);
                    }
                }
            }
            MenuId::OpenWindow => crate::window::show(&app),
            MenuId::LaunchAtLogin => {
                let autolaunch = app.autolaunch();
                let result = if autolaunch.is_enabled().unwrap_or(false) {
                    autolaunch.disable()
                } else {
                    autolaunch.enable()
                };
                if let Err(e) = result {
                    log::warn!("launch at login: {e}");
                }
                crate::state::publish(&app).await;
            }
            MenuId::Quit => app.exit(0),
        }
    });
}
