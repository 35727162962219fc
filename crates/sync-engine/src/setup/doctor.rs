//! "Check setup": every link the sync depends on, checked live, one [`Check`] each — the
//! keychain, the WHOOP sign-in and its offline access, the Notion token, the database, the
//! mapping against the live schema, and the computer's clock against the servers'.
//!
//! Read-only: nothing is saved (the mapping is reconciled on a copy), and the WHOOP token is
//! refreshed only when it has expired, through the one [`crate::run::tokens::TokenManager`] path.
//! A check that can't run because an earlier one failed is [`CheckStatus::Skip`]. Details carry
//! facts only; the CLI and the window word each check themselves.

use chrono::Duration;
use http_policy::ServerTime;
use whoop_client::TokenSet;

use crate::config::AppConfig;
use crate::engine::{Engine, NOTION_TOKEN};
use crate::mapping::MappingProblem;
use crate::run::whoop_streams::WORKOUT_METRICS;
use crate::tokens::WORKOUT_SCOPE;
use crate::{ErrorCode, SyncError};
pub use sync_vocabulary::checks::{all_ok, Check, CheckId, CheckStatus};

/// How far the computer's clock may be from the servers' before it's a problem.
pub const CLOCK_TOLERANCE_SECS: i64 = 120;

impl Engine {
    /// Checks every link live, in order. Errs only when the settings themselves can't be read.
    pub async fn doctor(&self) -> Result<Vec<Check>, SyncError> {
        // Read-only: `load_config` would assign a profile id on a fresh profile.
        let config = self.env.config_dir.load()?;
        let mut checks = Vec::new();
        let mut server_times: Vec<(&'static str, ServerTime)> = Vec::new();

        // 1. The secret store.
        let notion_token = match self.secret_get(&config, NOTION_TOKEN).await {
            Ok(token) => {
                checks.push(Check::pass(
                    CheckId::Keychain,
                    format!("{} can be read", self.env.secrets.describe()),
                ));
                Ok(token)
            }
            Err(e) => {
                checks.push(Check::fail(
                    CheckId::Keychain,
                    Some(e.code),
                    format!("{} can't be read", self.env.secrets.describe()),
                ));
                Err(())
            }
        };

        // 2. WHOOP: the sign-in works, and it can renew itself.
        if notion_token.is_err() {
            checks.push(Check::skip(
                CheckId::WhoopToken,
                "the keychain can't be read",
            ));
            checks.push(Check::skip(
                CheckId::WhoopOffline,
                "the keychain can't be read",
            ));
            checks.push(Check::skip(
                CheckId::WhoopWorkouts,
                "the keychain can't be read",
            ));
        } else {
            checks.extend(self.check_whoop(&config, &mut server_times).await);
        }

        // 3–5. Notion: the token, the database, the mapping.
        match notion_token {
            Err(()) => {
                for id in [
                    CheckId::NotionToken,
                    CheckId::NotionDatabase,
                    CheckId::Mapping,
                ] {
                    checks.push(Check::skip(id, "the keychain can't be read"));
                }
            }
            Ok(token) => checks.extend(self.check_notion(&config, token, &mut server_times).await),
        }
        // The Workouts database, only when workouts are on.
        if let Some(workouts) = &config.workouts {
            let database_ok = checks
                .iter()
                .any(|c| c.id == CheckId::NotionDatabase && c.status == CheckStatus::Pass);
            checks.push(if database_ok {
                self.check_workouts(&config, workouts).await
            } else {
                Check::skip(
                    CheckId::WorkoutsDatabase,
                    "the daily database can't be read",
                )
            });
        }

        // 6. The clock, against whichever server answered (Notion first: its token check
        // runs whatever WHOOP's state).
        checks.push(self.check_clock(&server_times));
        Ok(checks)
    }

    async fn check_whoop(
        &self,
        config: &AppConfig,
        server_times: &mut Vec<(&'static str, ServerTime)>,
    ) -> [Check; 3] {
        if config.whoop.is_none() {
            return [
                Check::fail(
                    CheckId::WhoopToken,
                    Some(ErrorCode::WhoopNotConnected),
                    "WHOOP is not connected",
                ),
                Check::skip(CheckId::WhoopOffline, "WHOOP is not connected"),
                Check::skip(CheckId::WhoopWorkouts, "WHOOP is not connected"),
            ];
        }
        let (api, tokens) = match self.whoop(config).await {
            Ok(pair) => pair,
            Err(e) => {
                return [
                    Check::fail(CheckId::WhoopToken, Some(e.code), whoop_fact(&e)),
                    Check::skip(CheckId::WhoopOffline, "the WHOOP sign-in can't be used"),
                    Check::skip(CheckId::WhoopWorkouts, "the WHOOP sign-in can't be used"),
                ]
            }
        };
        // Read before the live call: a refused sign-in is forgotten by the token manager.
        let stored: Option<TokenSet> = tokens.load().await.ok().flatten();
        let offline = stored.as_ref().map(|t| {
            t.refresh_token.is_some() && t.scope.split_whitespace().any(|s| s == "offline")
        });
        let live = api.profile().await.map_err(SyncError::from);
        if let Some(time) = api.server_time() {
            server_times.push(("WHOOP", time));
        }
        let token = match &live {
            Ok(profile) => {
                let name = format!("{} {}", profile.first_name, profile.last_name);
                Check::pass(
                    CheckId::WhoopToken,
                    format!("WHOOP accepts the sign-in of {}", name.trim()),
                )
            }
            Err(e) => Check::fail(CheckId::WhoopToken, Some(e.code), whoop_fact(e)),
        };
        let offline = match offline {
            Some(false) => Check::fail(
                CheckId::WhoopOffline,
                Some(ErrorCode::WhoopReconnect),
                "WHOOP issued no refresh token: the offline scope was not granted, so the sign-in ends when the access token expires",
            ),
            Some(true) if live.is_ok() => Check::pass(
                CheckId::WhoopOffline,
                "a refresh token is held (offline access)",
            ),
            Some(true) => Check::skip(CheckId::WhoopOffline, "the WHOOP sign-in was refused"),
            None => Check::skip(CheckId::WhoopOffline, "no WHOOP sign-in is stored"),
        };
        let workouts = match &live {
            Ok(_) => workouts_check(config, stored.as_ref()),
            Err(_) => Check::skip(CheckId::WhoopWorkouts, "the WHOOP sign-in was refused"),
        };
        [token, offline, workouts]
    }

    async fn check_workouts(
        &self,
        config: &AppConfig,
        workouts: &crate::config::WorkoutsTarget,
    ) -> Check {
        let daily = config
            .target()
            .map(|t| t.data_source_id.as_str())
            .unwrap_or_default();
        let api = match self.notion(config).await {
            Ok(api) => api,
            Err(e) => return Check::skip(CheckId::WorkoutsDatabase, e.message),
        };
        let schema = match api.data_source(&workouts.data_source_id).await {
            Ok(schema) => schema,
            Err(e) => {
                let e = SyncError::from(e);
                let detail = unreadable_database(&e, &workouts.database_title);
                return Check::fail(CheckId::WorkoutsDatabase, Some(e.code), detail);
            }
        };
        // On a copy, as the daily mapping's check: nothing is saved.
        let mut mapping = workouts.mapping.clone();
        let problems = mapping.reconcile(&schema, daily);
        if problems.is_empty() {
            Check::pass(
                CheckId::WorkoutsDatabase,
                format!(
                    "\"{}\" is readable and its {} mapped columns fit",
                    workouts.database_title,
                    mapping.fields.len()
                ),
            )
        } else {
            Check::fail(
                CheckId::WorkoutsDatabase,
                Some(ErrorCode::MappingBroken),
                describe_problems(&problems),
            )
        }
    }

    async fn check_notion(
        &self,
        config: &AppConfig,
        token: Option<String>,
        server_times: &mut Vec<(&'static str, ServerTime)>,
    ) -> Vec<Check> {
        let Some(token) = token else {
            return vec![
                Check::fail(
                    CheckId::NotionToken,
                    Some(ErrorCode::NotionNotConnected),
                    "Notion is not connected",
                ),
                Check::skip(CheckId::NotionDatabase, "Notion is not connected"),
                Check::skip(CheckId::Mapping, "Notion is not connected"),
            ];
        };
        let api = self.notion_with_token(token);
        let me = api.me().await;
        if let Some(time) = api.server_time() {
            server_times.insert(0, ("Notion", time));
        }
        match me {
            Ok(me) => {
                let workspace = me
                    .workspace_name
                    .map(|w| format!(" in the workspace \"{w}\""))
                    .unwrap_or_default();
                vec![Check::pass(
                    CheckId::NotionToken,
                    format!("Notion accepts the connection token{workspace}"),
                )]
            }
            Err(e) => {
                let e = SyncError::from(e);
                return vec![
                    Check::fail(CheckId::NotionToken, Some(e.code), notion_fact(&e)),
                    Check::skip(CheckId::NotionDatabase, "the Notion token doesn't work"),
                    Check::skip(CheckId::Mapping, "the Notion token doesn't work"),
                ];
            }
        }
        .into_iter()
        .chain(self.check_database(config, &api).await)
        .collect()
    }

    async fn check_database(
        &self,
        config: &AppConfig,
        api: &notion_client::NotionApi,
    ) -> Vec<Check> {
        let Some(target) = config.target() else {
            return vec![
                Check::fail(
                    CheckId::NotionDatabase,
                    Some(ErrorCode::NoDatabase),
                    "no Notion database is chosen",
                ),
                Check::skip(CheckId::Mapping, "no Notion database is chosen"),
            ];
        };
        let schema = match api.data_source(&target.data_source_id).await {
            Ok(schema) => schema,
            Err(e) => {
                let e = SyncError::from(e);
                let detail = unreadable_database(&e, &target.database_title);
                return vec![
                    Check::fail(CheckId::NotionDatabase, Some(e.code), detail),
                    Check::skip(CheckId::Mapping, "the database can't be read"),
                ];
            }
        };
        let database = Check::pass(
            CheckId::NotionDatabase,
            format!(
                "\"{}\" is shared with the connection and readable",
                target.database_title
            ),
        );
        // On a copy: renames are followed here only to talk about them; nothing is saved.
        let mut mapping = config.mapping.clone();
        let problems = mapping.reconcile(&schema);
        let mapping_check = if !problems.is_empty() {
            Check::fail(
                CheckId::Mapping,
                Some(ErrorCode::MappingBroken),
                describe_problems(&problems),
            )
        } else if mapping.metrics.is_empty() {
            Check::warn(
                CheckId::Mapping,
                Some(ErrorCode::MappingBroken),
                format!(
                    "the day key \"{}\" fits, but no metric is mapped, so nothing would be written",
                    mapping.day.as_ref().map(|d| d.name.as_str()).unwrap_or("")
                ),
            )
        } else {
            Check::pass(
                CheckId::Mapping,
                format!(
                    "the day key \"{}\" and {} mapped {} fit the database",
                    mapping.day.as_ref().map(|d| d.name.as_str()).unwrap_or(""),
                    mapping.metrics.len(),
                    if mapping.metrics.len() == 1 {
                        "property"
                    } else {
                        "properties"
                    }
                ),
            )
        };
        vec![database, mapping_check]
    }

    fn check_clock(&self, server_times: &[(&'static str, ServerTime)]) -> Check {
        let Some((server, time)) = server_times.first() else {
            return Check::skip(CheckId::Clock, "no server answered to compare clocks with");
        };
        let skew = time.skew();
        let seconds = skew.num_seconds();
        let how = match seconds {
            0 => format!("matches {server}'s"),
            s => format!(
                "is {} {} {server}'s",
                approx(skew),
                if s > 0 { "ahead of" } else { "behind" }
            ),
        };
        if seconds.abs() > CLOCK_TOLERANCE_SECS {
            Check::fail(
                CheckId::Clock,
                None,
                format!(
                    "this computer's clock {how}: more than {} minutes off",
                    CLOCK_TOLERANCE_SECS / 60
                ),
            )
        } else {
            Check::pass(CheckId::Clock, format!("this computer's clock {how}"))
        }
    }
}

/// "5 minutes", "42 seconds", "3 hours".
fn approx(skew: Duration) -> String {
    let s = skew.num_seconds().unsigned_abs();
    let (n, unit) = if s >= 2 * 3600 {
        (s / 3600, "hour")
    } else if s >= 120 {
        (s / 60, "minute")
    } else {
        (s, "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

fn describe_problems(problems: &[MappingProblem]) -> String {
    problems
        .iter()
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// WHOOP's failure as a fact, without its raw answer.
fn whoop_fact(e: &SyncError) -> String {
    match e.code {
        ErrorCode::WhoopReconnect => {
            "WHOOP refused the stored sign-in (revoked, expired or missing)".into()
        }
        ErrorCode::WhoopInvalidClient => "WHOOP refused the app's client id or secret".into(),
        ErrorCode::WhoopNotConnected => "WHOOP is not connected".into(),
        other => service_fact("WHOOP", other),
    }
}

/// Why a chosen database can't be read, as a fact.
fn unreadable_database(e: &SyncError, title: &str) -> String {
    match e.code {
        ErrorCode::NotionNotFound => format!(
            "Notion can't find \"{title}\": it isn't shared with the connection, or it was deleted"
        ),
        _ => notion_fact(e),
    }
}

/// Notion's failure as a fact, without its raw answer.
fn notion_fact(e: &SyncError) -> String {
    match e.code {
        ErrorCode::NotionUnauthorized => "Notion refused the connection token".into(),
        ErrorCode::NotionNotFound => "Notion can't find it, or it isn't shared".into(),
        ErrorCode::NotionRejected => "Notion rejected the request".into(),
        other => service_fact("Notion", other),
    }
}

fn service_fact(service: &str, code: ErrorCode) -> String {
    match code {
        ErrorCode::Network => format!("{service} could not be reached"),
        ErrorCode::NetworkWebPage => {
            format!("the network answered with a web page instead of {service}")
        }
        ErrorCode::RateLimited => format!("{service} is rate limiting this app"),
        ErrorCode::Server => format!("{service} had a server error"),
        ErrorCode::KeychainUnavailable | ErrorCode::SecretStore => {
            "the keychain can't be read".into()
        }
        ErrorCode::Busy => "another process holds the sign-in lock".into(),
        other => format!("the check failed ({})", other),
    }
}

/// Whether the sign-in allows workouts, which matters once a workout metric is mapped: then
/// without it those metrics aren't written (a warning: everything else syncs).
fn workouts_check(config: &AppConfig, stored: Option<&TokenSet>) -> Check {
    let Some(tokens) = stored else {
        return Check::skip(CheckId::WhoopWorkouts, "no WHOOP sign-in is stored");
    };
    let mapped: Vec<&str> = WORKOUT_METRICS
        .iter()
        .map(|k| k.as_str())
        .filter(|k| config.mapping.metrics.contains_key(*k))
        .collect();
    match (tokens.grants(WORKOUT_SCOPE), mapped.is_empty()) {
        (true, _) => Check::pass(CheckId::WhoopWorkouts, "the WHOOP sign-in allows workouts"),
        (false, true) => Check::pass(
            CheckId::WhoopWorkouts,
            "no workout metric is mapped (this WHOOP sign-in doesn't allow workouts)",
        ),
        (false, false) => Check::warn(
            CheckId::WhoopWorkouts,
            Some(ErrorCode::WhoopReconnect),
            format!(
                "the WHOOP sign-in doesn't allow workouts ({WORKOUT_SCOPE}), so {} aren't written",
                mapped.join(", ")
            ),
        ),
    }
}
