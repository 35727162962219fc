//! Properties of generated data: determinism, the planted edge cases (travel, DST, midnight,
//! unscorable, pending, naps, gaps, missing optional fields), realistic values, and `truth`
//! agreeing with a day computed here from the records alone.

use std::collections::{HashMap, HashSet};

use api_simulators::whoop::{Dataset, GenerateOptions, ScoreState, Sleep};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 20).unwrap()
}

fn opts(seed: u64) -> GenerateOptions {
    GenerateOptions {
        pending_today: true,
        ..GenerateOptions::new(seed, today(), 60)
    }
}

/// `Z`, `+hh:mm` or `-hh:mm` to minutes, parsed here without the generator's code.
fn offset_minutes(tz: &str) -> i32 {
    if tz == "Z" {
        return 0;
    }
    let sign = match &tz[..1] {
        "+" => 1,
        "-" => -1,
        _ => panic!("bad offset {tz}"),
    };
    let (h, m) = tz[1..].split_once(':').expect("hh:mm");
    assert_eq!((h.len(), m.len()), (2, 2), "{tz}");
    sign * (h.parse::<i32>().unwrap() * 60 + m.parse::<i32>().unwrap())
}

fn local(t: DateTime<Utc>, tz: &str) -> NaiveDateTime {
    t.naive_utc() + Duration::minutes(offset_minutes(tz) as i64)
}

fn nights(ds: &Dataset) -> Vec<&Sleep> {
    ds.sleeps.iter().filter(|s| !s.nap).collect()
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    assert_eq!(Dataset::generate(&opts(1)), Dataset::generate(&opts(1)));
    let (a, b) = (Dataset::generate(&opts(1)), Dataset::generate(&opts(2)));
    assert_ne!(a.sleeps[0].id, b.sleeps[0].id);
    assert_ne!(a.cycles[0].id, b.cycles[0].id);
}

#[test]
fn truth_day_is_the_local_date_of_the_sleep_end() {
    for seed in 0..20 {
        let ds = Dataset::generate(&opts(seed));
        assert_eq!(ds.truth.len(), nights(&ds).len());
        for t in &ds.truth {
            let s = ds.sleep(&t.sleep_id).expect("truth points at a sleep");
            assert!(!s.nap);
            assert_eq!(
                local(s.end, &s.timezone_offset).date(),
                t.day,
                "seed {seed}"
            );
            assert_eq!(s.cycle_id, t.cycle_id);
            assert_eq!(s.score_state, t.state);
        }
        let days: Vec<_> = ds.truth.iter().map(|t| t.day).collect();
        assert!(
            days.windows(2).all(|w| w[0] < w[1]),
            "one night per day, ascending"
        );
        assert!(*days.last().unwrap() == today());
        assert!(days[0] >= today() - Duration::days(59));
    }
}

/// Demo mode and the tests that need the real today count the world back from whatever date
/// it is: today's night must be there and scored on every weekday, in every zone, after a nap
/// or a late night, so nothing depends on the date a test runs.
#[test]
fn todays_night_is_scored_on_every_date() {
    let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    for seed in [7, 20261125, 20261201].into_iter().chain(0..4) {
        for d in 0..14 {
            let day = first + Duration::days(d);
            for home in [-480, -300, 0, 330, 780] {
                for days in [8, 21, 60] {
                    let mut o = GenerateOptions::new(seed, day, days);
                    o.home_offset_minutes = home;
                    let ds = Dataset::generate(&o);
                    let newest = ds.truth.last().expect("a night");
                    let at = format!("seed {seed}, {day}, offset {home}, {days} days");
                    assert_eq!(newest.day, day, "{at}");
                    assert_eq!(newest.state, ScoreState::Scored, "{at}");
                    let sleep = ds.sleep(&newest.sleep_id).unwrap();
                    let hours = (sleep.end - sleep.start).num_minutes() as f64 / 60.0;
                    assert!((4.0..=10.0).contains(&hours), "{at}: {hours} h in bed");
                    o.pending_today = true;
                    let pending = Dataset::generate(&o);
                    let newest = pending.truth.last().unwrap();
                    assert_eq!(
                        (newest.day, newest.state),
                        (day, ScoreState::PendingScore),
                        "{at}"
                    );
                }
            }
        }
    }
}

/// The world as of a wall-clock instant (demo mode, tests on the real today): at any hour,
/// even in the small hours, today's night has ended by now and is scored.
#[test]
fn as_of_any_hour_todays_night_has_ended_by_then() {
    let first = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    for seed in [20261125, 20261201, 11, 3] {
        for d in 0..7 {
            for home in [-480, -300, 0, 330, 780] {
                for (h, m) in [(0, 30), (4, 59), (5, 1), (11, 59), (12, 1), (23, 59)] {
                    let local = (first + Duration::days(d)).and_hms_opt(h, m, 0).unwrap();
                    let now = (local - Duration::minutes(home as i64)).and_utc();
                    let ds = Dataset::generate(&GenerateOptions::as_of(seed, now, home, 21));
                    let at = format!("seed {seed}, {local} at offset {home}");
                    let newest = ds.truth.last().unwrap();
                    assert_eq!(newest.day, local.date(), "{at}");
                    assert_eq!(newest.state, ScoreState::Scored, "{at}");
                    let sleep = ds.sleep(&newest.sleep_id).unwrap();
                    assert!(sleep.end <= now, "{at}: ends {} after now", sleep.end);
                    assert_eq!(local_of(sleep).date(), local.date(), "{at}");
                    let hours = (sleep.end - sleep.start).num_minutes() as f64 / 60.0;
                    assert!((4.0..=10.0).contains(&hours), "{at}: {hours} h in bed");
                    // Nothing else overlaps it.
                    for other in ds.sleeps.iter().filter(|s| s.id != sleep.id) {
                        assert!(other.end <= sleep.start, "{at}: {} overlaps", other.id);
                    }
                }
            }
        }
    }
}

fn local_of(s: &Sleep) -> NaiveDateTime {
    local(s.end, &s.timezone_offset)
}

#[test]
fn travel_dst_and_midnight_are_present_for_any_seed() {
    for seed in 0..20 {
        let ds = Dataset::generate(&opts(seed));
        let n = nights(&ds);
        let offs: Vec<i32> = n
            .iter()
            .map(|s| offset_minutes(&s.timezone_offset))
            .collect();
        let home = -300;
        assert!(
            offs.iter().any(|&o| (o - home).abs() >= 180),
            "seed {seed}: no travel"
        );
        assert!(
            offs.windows(2).any(|w| (w[0] - w[1]).abs() == 60),
            "seed {seed}: no one-hour change between consecutive nights"
        );
        assert!(
            n.iter()
                .any(|s| s.end.date_naive() != local(s.end, &s.timezone_offset).date()),
            "seed {seed}: no night whose UTC end date differs from its local one"
        );
        assert!(
            n.iter().any(|s| local(s.start, &s.timezone_offset).date()
                < local(s.end, &s.timezone_offset).date()),
            "seed {seed}: no bedtime before midnight"
        );
        assert!(
            n.iter().any(|s| local(s.start, &s.timezone_offset).date()
                == local(s.end, &s.timezone_offset).date()),
            "seed {seed}: no bedtime after midnight"
        );
    }
}

#[test]
fn states_naps_and_gaps_are_present() {
    for seed in 0..20 {
        let ds = Dataset::generate(&opts(seed));
        let last = ds.truth.last().unwrap();
        assert_eq!(last.state, ScoreState::PendingScore);
        let last_cycle = ds.cycle(last.cycle_id).unwrap();
        assert!(last_cycle.end.is_none());
        assert_eq!(last_cycle.score_state, ScoreState::PendingScore);
        assert!(
            ds.truth.iter().any(|t| t.state == ScoreState::Unscorable),
            "seed {seed}"
        );

        let naps: Vec<_> = ds.sleeps.iter().filter(|s| s.nap).collect();
        assert!(!naps.is_empty(), "seed {seed}: no naps");
        for nap in &naps {
            assert!(
                ds.recovery_for_sleep(&nap.id).is_none(),
                "a nap has no recovery"
            );
            let c = ds.cycle(nap.cycle_id).expect("a nap belongs to a cycle");
            assert!(nap.start >= c.start && c.end.is_none_or(|e| nap.end <= e));
        }
        let days: HashSet<_> = ds.truth.iter().map(|t| t.day).collect();
        let missing = (0..60)
            .map(|i| today() - Duration::days(i))
            .filter(|d| !days.contains(d))
            .count();
        assert!(missing >= 1, "seed {seed}: no day without sleep");
        assert!(
            missing <= 6,
            "seed {seed}: {missing} empty days is too many"
        );
    }
}

#[test]
fn records_hang_together() {
    for seed in 0..10 {
        let ds = Dataset::generate(&opts(seed));
        // Cycles: ordered, ids increasing, each ends where the next begins.
        for w in ds.cycles.windows(2) {
            assert!(w[0].id < w[1].id);
            assert_eq!(w[0].end, Some(w[1].start));
        }
        assert_eq!(ds.cycles.iter().filter(|c| c.end.is_none()).count(), 1);
        // Each main sleep opens its cycle and has exactly one recovery.
        for s in nights(&ds) {
            let c = ds.cycle(s.cycle_id).unwrap();
            assert_eq!(c.start, s.start);
            assert_eq!(c.timezone_offset, s.timezone_offset);
            let r = ds.recovery_for_sleep(&s.id).expect("a recovery per night");
            assert_eq!(r.cycle_id, s.cycle_id);
            assert_eq!(r.score_state, s.score_state);
            assert!(r.created_at >= s.end && r.updated_at >= r.created_at);
        }
        assert_eq!(ds.recoveries.len(), nights(&ds).len());
        // Sleeps never overlap; ids are unique v4 UUIDs.
        let mut all: Vec<_> = ds.sleeps.iter().collect();
        all.sort_by_key(|s| s.start);
        assert!(all.windows(2).all(|w| w[0].end <= w[1].start));
        let ids: HashSet<_> = ds.sleeps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), ds.sleeps.len());
        for id in ids {
            assert_eq!(id.len(), 36);
            assert_eq!(&id[14..15], "4");
        }
    }
}

#[test]
fn values_are_realistic_and_truth_matches_scores() {
    let ds = Dataset::generate(&opts(11));
    let truth: HashMap<_, _> = ds.truth.iter().map(|t| (t.sleep_id.as_str(), t)).collect();
    for s in &ds.sleeps {
        let in_bed = (s.end - s.start).num_milliseconds();
        let hours = in_bed as f64 / 3_600_000.0;
        if s.nap {
            assert!((0.2..2.0).contains(&hours), "nap of {hours} h");
        } else {
            assert!((4.0..11.0).contains(&hours), "night of {hours} h");
        }
        assert_eq!(s.score.is_some(), s.score_state == ScoreState::Scored);
        let Some(score) = &s.score else { continue };
        let st = &score.stage_summary;
        assert_eq!(st.total_in_bed_time_milli as i64, in_bed);
        let asleep = st.total_light_sleep_time_milli as i64
            + st.total_slow_wave_sleep_time_milli as i64
            + st.total_rem_sleep_time_milli as i64;
        assert_eq!(
            asleep + st.total_awake_time_milli as i64 + st.total_no_data_time_milli as i64,
            in_bed
        );
        if !s.nap {
            assert_eq!(truth[s.id.as_str()].sleep_time_milli, Some(asleep));
            assert!((2..=7).contains(&st.sleep_cycle_count));
        }
        assert!(score.sleep_needed.need_from_recent_nap_milli <= 0);
        for p in [
            score.sleep_performance_percentage,
            score.sleep_consistency_percentage,
            score.sleep_efficiency_percentage,
        ]
        .into_iter()
        .flatten()
        {
            assert!((0.0..=100.0).contains(&p));
        }
        if let Some(rr) = score.respiratory_rate {
            assert!((10.0..25.0).contains(&rr));
        }
    }
    for r in &ds.recoveries {
        let t = truth[r.sleep_id.as_str()];
        assert_eq!(t.recovery_score, r.score.as_ref().map(|s| s.recovery_score));
        let Some(sc) = &r.score else { continue };
        assert!((0.0..=100.0).contains(&sc.recovery_score));
        assert!((35.0..90.0).contains(&sc.resting_heart_rate));
        assert!((5.0..250.0).contains(&sc.hrv_rmssd_milli));
        if let Some(o) = sc.spo2_percentage {
            assert!((90.0..=100.0).contains(&o));
        }
        if let Some(t) = sc.skin_temp_celsius {
            assert!((30.0..38.0).contains(&t));
        }
    }
    for c in &ds.cycles {
        let Some(sc) = &c.score else { continue };
        assert!((0.0..=21.0).contains(&sc.strain));
        assert!(sc.kilojoule > 0.0);
        assert!(sc.average_heart_rate < sc.max_heart_rate && sc.max_heart_rate <= 220);
    }
}

#[test]
fn some_records_leave_optional_fields_out() {
    let ds = Dataset::generate(&opts(5));
    let rec_scores: Vec<_> = ds
        .recoveries
        .iter()
        .filter_map(|r| r.score.as_ref())
        .collect();
    assert!(rec_scores.iter().any(|s| s.spo2_percentage.is_none()));
    assert!(rec_scores.iter().any(|s| s.spo2_percentage.is_some()));
    assert!(rec_scores.iter().any(|s| s.user_calibrating));
    let sleep_scores: Vec<_> = ds.sleeps.iter().filter_map(|s| s.score.as_ref()).collect();
    assert!(sleep_scores
        .iter()
        .any(|s| s.sleep_performance_percentage.is_none()));
    assert!(sleep_scores
        .iter()
        .any(|s| s.sleep_consistency_percentage.is_none()));
    // And they are really absent on the wire, not null.
    let json = serde_json::to_value(&ds.recoveries).unwrap();
    let first = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.get("score").is_some())
        .unwrap();
    assert!(first["score"].get("spo2_percentage").is_none());
    let unscorable = ds
        .truth
        .iter()
        .find(|t| t.state == ScoreState::Unscorable)
        .unwrap();
    let r = serde_json::to_value(ds.recovery_for_sleep(&unscorable.sleep_id).unwrap()).unwrap();
    assert!(r.get("score").is_none());
}

#[test]
fn other_home_zones() {
    // London: winter `Z` now, `+01:00` before the change; travel to Tokyo.
    let ds = Dataset::generate(&GenerateOptions {
        home_offset_minutes: 0,
        ..opts(3)
    });
    let tzs: HashSet<_> = ds
        .sleeps
        .iter()
        .map(|s| s.timezone_offset.as_str())
        .collect();
    assert!(
        tzs.contains("Z") && tzs.contains("+01:00") && tzs.contains("+09:00"),
        "{tzs:?}"
    );
    // Tokyo at home: the UTC date differs from the local one on ordinary nights.
    let ds = Dataset::generate(&GenerateOptions {
        home_offset_minutes: 540,
        dst_switch: false,
        ..opts(3)
    });
    for t in &ds.truth {
        let s = ds.sleep(&t.sleep_id).unwrap();
        assert_eq!(local(s.end, &s.timezone_offset).date(), t.day);
    }
    assert!(ds.sleeps.iter().any(|s| s.timezone_offset == "-05:00"));
}

#[test]
fn small_and_plain_datasets() {
    assert_eq!(
        Dataset::generate(&GenerateOptions::new(1, today(), 0)),
        Dataset::default()
    );
    let plain = Dataset::generate(&GenerateOptions {
        travel: false,
        dst_switch: false,
        naps: false,
        gaps: false,
        unscorable: false,
        ..GenerateOptions::new(9, today(), 30)
    });
    assert_eq!(plain.truth.len(), 30);
    assert!(plain
        .sleeps
        .iter()
        .all(|s| !s.nap && s.timezone_offset == "-05:00"));
    assert!(plain.truth.iter().all(|t| t.state == ScoreState::Scored));
    let week = Dataset::generate(&GenerateOptions::new(9, today(), 7));
    assert!(!week.truth.is_empty() && week.truth.len() <= 7);
}

#[test]
fn late_scoring_updates_records_and_truth() {
    let mut ds = Dataset::generate(&opts(4));
    let now = Utc::now();
    let before = ds.clone();
    assert!(
        !ds.score_pending(today() - Duration::days(1), now),
        "not pending"
    );
    assert!(ds.score_pending(today(), now));
    assert!(!ds.score_pending(today(), now), "only once");
    let t = ds.night(today()).unwrap().clone();
    assert_eq!(t.state, ScoreState::Scored);
    let s = ds.sleep(&t.sleep_id).unwrap();
    let r = ds.recovery_for_sleep(&t.sleep_id).unwrap();
    let c = ds.cycle(t.cycle_id).unwrap();
    assert!(s.score.is_some() && r.score.is_some() && c.score.is_some());
    assert_eq!(
        t.recovery_score,
        Some(r.score.as_ref().unwrap().recovery_score)
    );
    assert_eq!(
        t.sleep_time_milli,
        Some(s.score.as_ref().unwrap().stage_summary.sleep_time_milli())
    );
    let old_r = before.recovery_for_sleep(&t.sleep_id).unwrap();
    assert!(r.updated_at > old_r.updated_at);
    assert!(c.end.is_none(), "the current cycle stays open");

    let day = ds.truth[20].day;
    let old = ds
        .recovery_for_sleep(&ds.truth[20].sleep_id)
        .unwrap()
        .clone();
    assert!(ds.rescore(day, 12.0, now));
    let new = ds.recovery_for_sleep(&ds.truth[20].sleep_id).unwrap();
    assert_eq!(new.score.as_ref().unwrap().recovery_score, 12.0);
    assert!(new.updated_at > old.updated_at);
    assert_eq!(ds.truth[20].recovery_score, Some(12.0));
    assert!(!ds.rescore(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(), 50.0, now));
}
