//! The world outside the laptop: WHOOP and Notion simulated on the world's clock, what WHOOP
//! shows at each moment (a night appears when its sleeper wakes, pending until it is scored),
//! and the laptop's time zone, which follows where the sleeper is.

use std::collections::HashMap;
use std::sync::Arc;

use api_simulators::notion::{NotionSim, NotionSimConfig};
use api_simulators::whoop::{Dataset, ScoreState, WhoopSim, WhoopSimConfig};
use api_simulators::SimClock;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use demo_mode::DemoWorld;
use http_policy::VirtualClock;
use sync_engine::LocalZone;

/// Both simulators on the world's clock (their rate limits, token lifetimes and record
/// timestamps follow it), Notion at its real limits.
pub async fn start(clock: &VirtualClock) -> DemoWorld {
    let server = SimClock::new(Arc::new(clock.server()));
    let mut whoop = WhoopSimConfig::new(
        demo_mode::DEMO_CLIENT_ID,
        demo_mode::DEMO_CLIENT_SECRET,
        Dataset::empty(),
    );
    whoop.clock = server.clone();
    let mut notion = NotionSimConfig::new(demo_mode::DEMO_NOTION_TOKEN);
    notion.clock = server;
    let whoop = WhoopSim::start(whoop).await.unwrap();
    let notion = NotionSim::start(notion).await.unwrap();
    let db = notion.daily_tracking_database();
    DemoWorld {
        whoop,
        notion,
        data_source_id: db.data_source_ids[0].clone(),
        database_id: db.database_id,
    }
}

/// When each main night appears in WHOOP (its sleeper woke) and when it is scored.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    pub appears: DateTime<Utc>,
    pub scored: DateTime<Utc>,
}

/// WHOOP as it is at `now`: nights that haven't ended (or whose sleeper hasn't woken) are
/// absent, a woken night is `PENDING_SCORE` until it is scored, the newest cycle is open.
/// `updated_at` is the last change before `now`, as WHOOP would report it.
pub fn visible(full: &Dataset, shown: &HashMap<String, Shown>, now: DateTime<Utc>) -> Dataset {
    let mut out = Dataset::empty();
    // Sleep id → scored yet, for its recovery and cycle.
    let mut scored_sleep: HashMap<&str, (bool, Shown)> = HashMap::new();
    let mut scored_cycle: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for s0 in &full.sleeps {
        // Naps (and nights the plan doesn't name) appear and are scored soon after they end.
        let when = shown.get(&s0.id).copied().unwrap_or(Shown {
            appears: s0.end + Duration::minutes(10),
            scored: s0.end + Duration::minutes(10),
        });
        if when.appears > now {
            continue;
        }
        let mut s = s0.clone();
        let scored = when.scored <= now;
        if scored {
            s.updated_at = s.updated_at.max(when.scored).min(now);
            if !s.nap {
                scored_cycle.insert(s.cycle_id, when.scored);
            }
        } else if s.score_state == ScoreState::Scored {
            s.score_state = ScoreState::PendingScore;
            s.score = None;
            s.updated_at = when.appears;
        }
        scored_sleep.insert(s0.id.as_str(), (scored, when));
        out.sleeps.push(s);
    }
    for r in &full.recoveries {
        let Some(&(scored, when)) = scored_sleep.get(r.sleep_id.as_str()) else {
            continue;
        };
        let mut r = r.clone();
        if scored {
            r.updated_at = r.updated_at.max(when.scored).min(now);
        } else if r.score_state == ScoreState::Scored {
            r.score_state = ScoreState::PendingScore;
            r.score = None;
            r.updated_at = when.appears;
        }
        out.recoveries.push(r);
    }
    for c in &full.cycles {
        if c.start > now {
            continue;
        }
        let mut c = c.clone();
        let mut changed = c.start;
        match c.end {
            Some(end) if end <= now => changed = changed.max(end),
            _ => c.end = None,
        }
        match scored_cycle.get(&c.id) {
            Some(at) => changed = changed.max(*at),
            None if c.end.is_none() => {
                c.score_state = ScoreState::PendingScore;
                c.score = None;
            }
            None => {}
        }
        c.updated_at = changed.min(now);
        out.cycles.push(c);
    }
    out.truth = full.truth.clone();
    out
}

/// The laptop's zone follows the sleeper: the offset of the next night (or of the one ended
/// less than 12 hours ago), so it changes in the afternoon of a travel day or a DST switch.
pub struct FollowingZone {
    /// (end of each main night, its offset), oldest first.
    nights: Vec<(DateTime<Utc>, FixedOffset)>,
}

impl FollowingZone {
    pub fn new(full: &Dataset) -> Self {
        let nights = full
            .sleeps
            .iter()
            .filter(|s| !s.nap)
            .map(|s| (s.end, offset_of(&s.timezone_offset)))
            .collect();
        FollowingZone { nights }
    }
}

pub fn offset_of(text: &str) -> FixedOffset {
    if text == "Z" {
        return FixedOffset::east_opt(0).unwrap();
    }
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let h: i32 = text[1..3].parse().unwrap();
    let m: i32 = text[4..6].parse().unwrap();
    FixedOffset::east_opt(sign * (h * 3600 + m * 60)).unwrap()
}

impl LocalZone for FollowingZone {
    fn offset_at(&self, utc: DateTime<Utc>) -> FixedOffset {
        let horizon = utc - Duration::hours(12);
        // Nights are in time order: the first one ending after the horizon, by bisection.
        let next = self.nights.partition_point(|(end, _)| *end <= horizon);
        self.nights
            .get(next)
            .or(self.nights.last())
            .map(|(_, o)| *o)
            .unwrap_or(FixedOffset::east_opt(0).unwrap())
    }
}

/// A local time of `day` in `offset`, as UTC.
pub fn at(day: NaiveDate, h: u32, m: u32, offset: FixedOffset) -> DateTime<Utc> {
    (day.and_hms_opt(h, m, 0).unwrap() - Duration::seconds(offset.local_minus_utc() as i64))
        .and_utc()
}
