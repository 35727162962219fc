//! What happens over the run, drawn from a seed: each morning's wake-up (when WHOOP shows and
//! scores the night), laptops asleep through the morning, scores pending until the afternoon,
//! and the run's incidents (outages, 429 storms, a revoked grant, a locked keychain, clock
//! changes). All times are the world's (UTC); local times are in the night's own offset.

use std::collections::HashMap;

use api_simulators::whoop::{Dataset, ScoreState};
use app_core::menu::MenuAction;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use sync_engine::LocalZone;

use crate::world::{at, offset_of, FollowingZone, Shown};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// WHOOP's records change (a night appears or is scored): the simulator is updated.
    WhoopChanges,
    /// The laptop sleeps until the given time; `signal`: the OS says so when it wakes
    /// (logind's `PrepareForSleep(false)`), else the app notices by the clock alone (macOS).
    Suspend {
        until: DateTime<Utc>,
        signal: bool,
    },
    /// WHOOP answers 5xx and times out (API and token endpoint) until `WhoopBack`.
    WhoopDown,
    WhoopBack,
    /// Notion answers 503 until `NotionBack`.
    NotionDown,
    NotionBack,
    /// A burst of 429s with `Retry-After` (Notion) and `X-RateLimit-Reset` (WHOOP).
    RateLimitStorm,
    /// The user revoked the app's access at WHOOP.
    RevokeGrant,
    /// The user reconnects WHOOP in the window.
    Reconnect,
    KeychainLocked,
    KeychainUnlocked,
    /// The user sets the laptop's clock by this many hours.
    WallJump(i64),
    /// A tray menu item: pause for an hour, until tomorrow, or resume.
    Menu(MenuAction),
    /// The user renames the Recovery column in Notion (the mapping follows it by id).
    RenameColumn,
    /// The user deletes a mapped column (HRV) in Notion: syncing stops until the mapping is
    /// fixed.
    RemoveColumn,
    /// The user opens the window, and later closes it.
    OpenWindow,
    CloseWindow,
    /// In the open window: HRV is no longer synced, then "Sync now".
    FixMappingInWindow,
    /// Local midnight of a run day: the day's figures are taken.
    DayEnds(usize),
}

/// A time during which the app can't sync for a reason outside it, and whether the app
/// should tell the user (longer than the grace, or needing the user).
#[derive(Debug, Clone, Copy)]
pub struct Trouble {
    pub name: &'static str,
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// How many problem notifications (and "back to normal" ones) it deserves.
    pub problems: usize,
    pub back_to_normal: usize,
}

pub struct Plan {
    pub days: Vec<NaiveDate>,
    /// Offset of each run day's night (for local times).
    pub offsets: Vec<FixedOffset>,
    pub shown: HashMap<String, Shown>,
    /// Run day → (appears, scored), for scored nights only.
    pub scored: HashMap<NaiveDate, Shown>,
    pub asleep: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Each wake-up from an asleep laptop, and whether the OS signals it.
    pub wakes: Vec<(DateTime<Utc>, bool)>,
    /// Wake-ups the OS surely signals (the others: every other one).
    signalled: Vec<DateTime<Utc>>,
    pub troubles: Vec<Trouble>,
    pub events: Vec<(DateTime<Utc>, Event)>,
    pub pending_late: usize,
    pub asleep_mornings: usize,
}

/// Fixed days of the incidents (indexes into the run's days).
pub const WHOOP_OUTAGE_DAY: usize = 8;
pub const SHORT_BLIP_DAY: usize = 12;
pub const NOTION_OUTAGE_DAY: usize = 14;
pub const STORM_DAY: usize = 5;
pub const REVOKE_DAY: usize = 20;
pub const KEYCHAIN_DAY: usize = 30;
pub const CLOCK_JUMP_DAY: usize = 40;
pub const RENAME_DAY: usize = 33;
pub const COLUMN_REMOVED_DAY: usize = 45;
pub const PAUSE_HOUR_DAY: usize = 47;
pub const PAUSE_TOMORROW_DAY: usize = 50;
pub const RESUME_DAY: usize = 53;

impl Plan {
    /// `days`: the run's local days, first to last; `full`: WHOOP's whole history (it covers
    /// them, plus a week before).
    pub fn draw(seed: u64, days: Vec<NaiveDate>, full: &Dataset) -> Plan {
        let mut rng = StdRng::seed_from_u64(seed);
        let laptop = FollowingZone::new(full);
        let night = |day: NaiveDate| {
            full.truth.iter().find(|t| t.day == day).and_then(|t| {
                full.sleeps
                    .iter()
                    .find(|s| s.id == t.sleep_id)
                    .map(|s| (t, s))
            })
        };
        let mut plan = Plan {
            offsets: Vec::new(),
            shown: HashMap::new(),
            scored: HashMap::new(),
            asleep: Vec::new(),
            wakes: Vec::new(),
            signalled: Vec::new(),
            troubles: Vec::new(),
            events: Vec::new(),
            pending_late: 0,
            asleep_mornings: 0,
            days: days.clone(),
        };
        let mut offset = FixedOffset::east_opt(0).unwrap();
        for (i, &day) in days.iter().enumerate() {
            if let Some((_, sleep)) = night(day) {
                offset = offset_of(&sleep.timezone_offset);
            }
            plan.offsets.push(offset);
            // Draw every value every day, so one incident doesn't reshuffle the others.
            let wake_min: i64 = rng.gen_range(330..=600); // 05:30–10:00
            let asleep_morning = rng.gen_bool(0.08);
            let pending_late = rng.gen_bool(0.08);
            let special = [
                WHOOP_OUTAGE_DAY,
                SHORT_BLIP_DAY,
                NOTION_OUTAGE_DAY,
                STORM_DAY,
                REVOKE_DAY,
                REVOKE_DAY + 1,
                KEYCHAIN_DAY,
                KEYCHAIN_DAY - 1,
                COLUMN_REMOVED_DAY,
                PAUSE_HOUR_DAY,
                PAUSE_TOMORROW_DAY,
                RESUME_DAY,
            ]
            .contains(&i);
            let (wake_min, asleep_morning, pending_late) = match i {
                WHOOP_OUTAGE_DAY => (390, false, false), // 06:30, inside the outage
                SHORT_BLIP_DAY => (450, false, false),   // 07:30, after the blip
                NOTION_OUTAGE_DAY => (380, false, false), // 06:20, inside the outage
                25 => (wake_min, true, false),           // one asleep morning for sure
                27 => (wake_min, false, true),           // one late score for sure
                KEYCHAIN_DAY => (345, false, false),     // 05:45, before the login
                PAUSE_HOUR_DAY => (420, false, false),   // 07:00, inside the hour's pause
                RESUME_DAY => (400, false, false),       // 06:40, before the resume
                _ if special => (wake_min, false, false),
                _ => (wake_min, asleep_morning, pending_late),
            };
            let local = |h: u32, m: u32| at(day, h, m, offset);
            if let Some((truth, sleep)) = night(day) {
                // WHOOP shows the night when its sleeper is up, never before it ended.
                let appears = (local(0, 0) + Duration::minutes(wake_min))
                    .max(sleep.end + Duration::minutes(1));
                let scored = if pending_late {
                    plan.pending_late += 1;
                    local(14, 0).max(appears)
                } else {
                    appears
                };
                let shown = Shown { appears, scored };
                plan.shown.insert(sleep.id.clone(), shown);
                plan.events.push((appears, Event::WhoopChanges));
                plan.events.push((scored, Event::WhoopChanges));
                if truth.state == ScoreState::Scored {
                    plan.scored.insert(day, shown);
                }
            }
            if asleep_morning {
                plan.asleep_mornings += 1;
                // Off the minute, so the schedule's tick comes some seconds after the wake.
                let lid_closed = local(4, 30) + Duration::seconds(17 + 11 * i as i64 % 40);
                plan.asleep.push((lid_closed, local(13, 0)));
            }
            plan.events.push((local(23, 59), Event::DayEnds(i)));
            plan.incidents(i, day, offset, &laptop);
        }
        plan.asleep.sort();
        // Every other wake is signalled by the OS, so both ways of noticing one are run.
        for (n, &(from, until)) in plan.asleep.clone().iter().enumerate() {
            let signal = n % 2 == 0 || plan.signalled.contains(&until);
            plan.wakes.push((until, signal));
            plan.events.push((from, Event::Suspend { until, signal }));
        }
        // Stable: at the same moment, the world changes before the laptop goes to sleep.
        plan.events.sort_by_key(|(t, _)| *t);
        plan
    }

    /// The day's incidents, at times of the laptop's day (its zone may already differ from
    /// where the night was slept, on a travel day).
    fn incidents(&mut self, i: usize, day: NaiveDate, offset: FixedOffset, laptop: &FollowingZone) {
        let local = |h: u32, m: u32| at(day, h, m, laptop.offset_at(at(day, h, m, offset)));
        let mut trouble = |name, from, until, problems, back| {
            self.troubles.push(Trouble {
                name,
                from,
                until,
                problems,
                back_to_normal: back,
            })
        };
        match i {
            STORM_DAY => self.events.push((local(4, 0), Event::RateLimitStorm)),
            WHOOP_OUTAGE_DAY => {
                trouble("WHOOP outage, 3 h", local(6, 0), local(9, 0), 1, 1);
                self.events.push((local(6, 0), Event::WhoopDown));
                self.events.push((local(9, 0), Event::WhoopBack));
            }
            SHORT_BLIP_DAY => {
                // Two failed checks at most: within the grace, no notification.
                trouble("WHOOP blip, 15 min", local(5, 0), local(5, 15), 0, 0);
                self.events.push((local(4, 59), Event::WhoopDown));
                self.events.push((local(5, 15), Event::WhoopBack));
            }
            NOTION_OUTAGE_DAY => {
                trouble("Notion outage, 2 h", local(6, 0), local(8, 0), 1, 1);
                self.events.push((local(6, 0), Event::NotionDown));
                self.events.push((local(8, 0), Event::NotionBack));
            }
            REVOKE_DAY => {
                // Fixed by the user in the window: the problem is told once, its end is the
                // window's (the banner goes), not a notification's.
                let back = at(day + Duration::days(1), 9, 0, offset);
                trouble("WHOOP access revoked", local(3, 0), back, 1, 0);
                self.events.push((local(3, 0), Event::RevokeGrant));
                self.events.push((back, Event::Reconnect));
            }
            KEYCHAIN_DAY => {
                // The laptop slept through the night; at login the keyring is still locked
                // for ten minutes.
                let login = local(6, 0);
                self.asleep.push((local(0, 0) - Duration::hours(1), login));
                trouble(
                    "keychain locked at login, 10 min",
                    login,
                    local(6, 10),
                    0,
                    0,
                );
                self.events.push((login, Event::KeychainLocked));
                self.events.push((local(6, 10), Event::KeychainUnlocked));
            }
            RENAME_DAY => self.events.push((local(1, 0), Event::RenameColumn)),
            COLUMN_REMOVED_DAY => {
                // Told once; fixed in the open window, where the banner's end is seen, so no
                // "back to normal" notification.
                // (The laptop's clock is an hour ahead since CLOCK_JUMP_DAY: it says 11:00.)
                trouble("HRV column deleted", local(2, 0), local(10, 0), 1, 0);
                self.events.push((local(2, 0), Event::RemoveColumn));
                self.events.push((local(9, 58), Event::OpenWindow));
                self.events.push((local(10, 0), Event::FixMappingInWindow));
                self.events.push((local(10, 5), Event::CloseWindow));
            }
            // The night appears at 07:00, inside the hour; it lands when the hour is over.
            PAUSE_HOUR_DAY => self
                .events
                .push((local(6, 50), Event::Menu(MenuAction::PauseHour))),
            // Before the night appears: it lands at tomorrow's first check. The laptop sleeps
            // over lunch, and the OS's wake signal mustn't start a check during the pause.
            PAUSE_TOMORROW_DAY => {
                self.events
                    .push((local(5, 10), Event::Menu(MenuAction::PauseTomorrow)));
                self.asleep
                    .push((local(12, 0) + Duration::seconds(17), local(14, 0)));
                self.signalled.push(local(14, 0));
            }
            // Paused before the night appears, resumed after it: it lands at the resume.
            RESUME_DAY => {
                self.events
                    .push((local(5, 10), Event::Menu(MenuAction::PauseTomorrow)));
                self.events
                    .push((local(8, 30), Event::Menu(MenuAction::Resume)));
            }
            CLOCK_JUMP_DAY => {
                self.events.push((local(15, 0), Event::WallJump(2)));
                self.events.push((
                    at(day + Duration::days(1), 15, 0, offset),
                    Event::WallJump(-1),
                ));
            }
            _ => {}
        }
    }

    /// The trouble (if any) going on at `t`, or ended less than `after` before it.
    pub fn trouble_at(&self, t: DateTime<Utc>, after: Duration) -> Option<&Trouble> {
        self.troubles
            .iter()
            .find(|tr| tr.from <= t && t <= tr.until + after)
    }
}
