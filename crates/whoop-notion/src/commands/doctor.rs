//! `whoop-notion doctor`: every link checked live, one line each, with the command that fixes
//! what failed. The engine gives the facts; the words and commands are the CLI's. The login
//! item is the app's (the CLI has none), so it isn't checked here.

use sync_engine::doctor::{all_ok, Check, CheckId, CheckStatus};
use sync_engine::{Engine, ErrorCode, Result};

use crate::output::Output;

/// Runs the checks and prints them; `Ok(false)` when any failed (the exit status says so).
pub async fn run(engine: &Engine, out: &Output) -> Result<bool> {
    let checks = engine.doctor().await?;
    let ok = all_ok(&checks);
    out.emit(&serde_json::json!({"ok": ok, "checks": checks}), || {
        for check in &checks {
            println!("{}", line(check));
        }
    });
    if !ok && !out.json {
        let failed = checks
            .iter()
            .filter(|c| c.status == CheckStatus::Fail)
            .count();
        out.note(&format!("{failed} of {} checks failed.", checks.len()));
    }
    Ok(ok)
}

pub fn title(id: CheckId) -> &'static str {
    match id {
        CheckId::Keychain => "Keychain",
        CheckId::WhoopToken => "WHOOP sign-in",
        CheckId::WhoopOffline => "WHOOP offline access",
        CheckId::WhoopWorkouts => "WHOOP workouts",
        CheckId::NotionToken => "Notion token",
        CheckId::NotionDatabase => "Notion database",
        CheckId::Mapping => "Mapping",
        CheckId::WorkoutsDatabase => "Workouts database",
        CheckId::Clock => "Clock",
        CheckId::LoginItem => "Login item",
    }
}

/// "✓ Notion token: …", "✗ Mapping: … — fix", "– Mapping: skipped (…)".
pub fn line(check: &Check) -> String {
    let title = title(check.id);
    match check.status {
        CheckStatus::Pass => format!("✓ {title}: {}", check.detail),
        CheckStatus::Skip => format!("– {title}: skipped ({})", check.detail),
        CheckStatus::Fail | CheckStatus::Warn => {
            let mark = if check.status == CheckStatus::Fail {
                "✗"
            } else {
                "!"
            };
            match fix(check) {
                Some(fix) => format!("{mark} {title}: {} — {fix}", check.detail),
                None => format!("{mark} {title}: {}", check.detail),
            }
        }
    }
}

/// What to do, in the CLI's terms.
fn fix(check: &Check) -> Option<&'static str> {
    use ErrorCode as E;
    Some(match (check.id, check.code) {
        (_, Some(E::Network)) => "check the internet connection and try again",
        (_, Some(E::Server | E::RateLimited | E::Busy)) => "try again in a few minutes",
        (CheckId::Keychain, Some(E::KeychainUnavailable)) => {
            "start or unlock your keyring (GNOME Keyring, KWallet), or set WHOOP_NOTION_SECRETS=file to use the file store"
        }
        (CheckId::Keychain, _) => "check the secrets file and its folder (they must be yours, mode 0600)",
        (CheckId::WhoopToken, Some(E::WhoopInvalidClient)) => {
            "check your WHOOP app's client id and secret at https://developer-dashboard.whoop.com, then run `whoop-notion whoop connect`"
        }
        (CheckId::WhoopToken, _) => "run `whoop-notion whoop connect`",
        (CheckId::WhoopOffline, _) => {
            "tick the `offline` scope in your WHOOP app at https://developer-dashboard.whoop.com, then run `whoop-notion whoop connect`"
        }
        (CheckId::WhoopWorkouts, _) => {
            "tick the `read:workout` scope in your WHOOP app at https://developer-dashboard.whoop.com, then run `whoop-notion whoop connect` and allow workouts"
        }
        (CheckId::NotionToken, Some(E::NotionNotConnected)) => {
            "run `whoop-notion notion connect --token-stdin`"
        }
        (CheckId::NotionToken, _) => {
            "create a new token at https://www.notion.so/profile/integrations and run `whoop-notion notion connect --token-stdin`"
        }
        (CheckId::NotionDatabase, Some(E::NoDatabase)) => {
            "run `whoop-notion notion databases`, then `whoop-notion notion use URL`"
        }
        (CheckId::NotionDatabase, _) => {
            "in Notion, open the database, click ••• → Connections and add your connection, or choose another with `whoop-notion notion use URL`"
        }
        (CheckId::Mapping, _) => {
            "see `whoop-notion mapping show`, fix with `whoop-notion mapping set KEY=PROPERTY` (the day key: `date=PROPERTY`)"
        }
        (CheckId::WorkoutsDatabase, _) => {
            "see `whoop-notion workouts show`, fix with `whoop-notion workouts map FIELD=COLUMN`, or share the database with your connection in Notion (••• → Connections)"
        }
        (CheckId::Clock, _) => "set this computer's clock to update automatically (NTP)",
        (CheckId::LoginItem, _) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_says_what_to_do() {
        let ids = [
            CheckId::Keychain,
            CheckId::WhoopToken,
            CheckId::WhoopOffline,
            CheckId::WhoopWorkouts,
            CheckId::NotionToken,
            CheckId::NotionDatabase,
            CheckId::Mapping,
            CheckId::WorkoutsDatabase,
            CheckId::Clock,
        ];
        for id in ids {
            for code in ErrorCode::ALL.map(Some).into_iter().chain([None]) {
                let text = line(&Check::fail(id, code, "facts"));
                assert!(text.starts_with("✗ "), "{text}");
                assert!(text.contains(" — "), "{text}");
            }
        }
        assert_eq!(
            line(&Check::fail(
                CheckId::NotionToken,
                Some(ErrorCode::NotionUnauthorized),
                "Notion refused the connection token"
            )),
            "✗ Notion token: Notion refused the connection token — create a new token at \
             https://www.notion.so/profile/integrations and run \
             `whoop-notion notion connect --token-stdin`"
        );
        assert_eq!(
            line(&Check::skip(CheckId::Mapping, "the database can't be read")),
            "– Mapping: skipped (the database can't be read)"
        );
    }
}
