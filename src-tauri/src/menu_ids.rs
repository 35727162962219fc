//! The tray menu's ids, typed: one enum, parsed in one place, instead of strings scattered
//! through the code.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuId {
    Status,
    SyncNow,
    PauseHour,
    PauseTomorrow,
    Resume,
    RecentDay(NaiveDate),
    OpenDatabase,
    OpenWindow,
    LaunchAtLogin,
    Quit,
}

impl MenuId {
    pub fn to_id(self) -> String {
        match self {
            MenuId::Status => "status".into(),
            MenuId::SyncNow => "sync-now".into(),
            MenuId::PauseHour => "pause-hour".into(),
            MenuId::PauseTomorrow => "pause-tomorrow".into(),
            MenuId::Resume => "resume".into(),
            MenuId::RecentDay(day) => format!("recent:{day}"),
            MenuId::OpenDatabase => "open-database".into(),
            MenuId::OpenWindow => "open-window".into(),
            MenuId::LaunchAtLogin => "launch-at-login".into(),
            MenuId::Quit => "quit".into(),
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        Some(match id {
            "status" => MenuId::Status,
            "sync-now" => MenuId::SyncNow,
            "pause-hour" => MenuId::PauseHour,
            "pause-tomorrow" => MenuId::PauseTomorrow,
            "resume" => MenuId::Resume,
            "open-database" => MenuId::OpenDatabase,
            "open-window" => MenuId::OpenWindow,
            "launch-at-login" => MenuId::LaunchAtLogin,
            "quit" => MenuId::Quit,
            other => MenuId::RecentDay(
                NaiveDate::parse_from_str(other.strip_prefix("recent:")?, "%Y-%m-%d").ok()?,
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_round_trips() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        for id in [
            MenuId::Status,
            MenuId::SyncNow,
            MenuId::PauseHour,
            MenuId::PauseTomorrow,
            MenuId::Resume,
            MenuId::RecentDay(day),
            MenuId::OpenDatabase,
            MenuId::OpenWindow,
            MenuId::LaunchAtLogin,
            MenuId::Quit,
        ] {
            assert_eq!(MenuId::parse(&id.to_id()), Some(id));
        }
        assert_eq!(MenuId::parse("recent:yesterday"), None);
        assert_eq!(MenuId::parse("nope"), None);
    }
}
