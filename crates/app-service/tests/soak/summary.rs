//! The run on one screen: days, rows, wakes, pauses, notifications, requests, memory.

use app_core::notice::NoticeKind;

use crate::run::Run;

impl Run {
    /// One screen: days, rows, notifications, problems, requests, memory.
    pub fn summary(&self) {
        let told = self.watcher.told.lock().unwrap();
        let count = |k| told.iter().filter(|t| t.kind == k).count();
        let rows: usize = self.rows.values().map(Vec::len).sum();
        let last = self.figures.last().copied().unwrap_or_default();
        let mb = |b: usize| b as f64 / 1_048_576.0;
        println!(
            "soak: {} simulated days in {:.1} s",
            self.days,
            self.wall.as_secs_f64()
        );
        println!(
            "  days: {} scored nights, {} asleep mornings, {} scores pending until 14:00, troubles: {}",
            self.plan.scored.len(),
            self.plan.asleep_mornings,
            self.plan.pending_late,
            self.plan.troubles.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
        );
        let zones: Vec<String> = self
            .plan
            .days
            .windows(2)
            .zip(self.plan.offsets.windows(2))
            .filter(|(_, o)| o[0] != o[1])
            .map(|(d, o)| format!("{} {}→{}", d[1], o[0], o[1]))
            .collect();
        let jumps: Vec<String> = self
            .wall_jumps
            .iter()
            .map(|(at, h)| format!("{at} {h:+} h"))
            .collect();
        println!(
            "  zone changes: {}; wall clock set: {}",
            zones.join(", "),
            jumps.join(", ")
        );
        println!("  rows in Notion: {rows} on {} dates", self.rows.len());
        let latest = |signal: bool| {
            self.wake_runs
                .iter()
                .filter(|(i, _)| self.plan.wakes[*i].1 == signal)
                .map(|(i, at)| (*at - self.plan.wakes[*i].0).num_seconds())
                .max()
                .unwrap_or(0)
        };
        let signalled = self.plan.wakes.iter().filter(|(_, s)| *s).count();
        println!(
            "  wakes: {} signalled by the OS (caught up within {} s), {} seen by the clock (within {} s); {} checks started in their first 5 min",
            signalled,
            latest(true),
            self.plan.wakes.len() - signalled,
            latest(false),
            self.wake_runs.len()
        );
        let holds: Vec<String> = self
            .holds
            .iter()
            .map(|h| {
                format!(
                    "{}–{}",
                    self.laptop_local(h.from).format("%m-%d %H:%M"),
                    self.laptop_local(h.until).format("%m-%d %H:%M")
                )
            })
            .collect();
        println!("  paused from the tray: {}", holds.join(", "));
        println!(
            "  notifications: {} morning, {} problem, {} back to normal",
            count(NoticeKind::Morning),
            count(NoticeKind::Problem),
            count(NoticeKind::BackToNormal)
        );
        for t in told.iter().filter(|t| t.kind != NoticeKind::Morning) {
            println!("    {} {:?}: {}", self.laptop_local(t.at), t.kind, t.body);
        }
        println!("  tray states: {:?}", self.tray_states);
        println!(
            "  checks: {}; requests: WHOOP API {} + token {}, Notion {} ({} writes); 429s: WHOOP {}, Notion {}; Retry-After violations {}",
            last.runs,
            last.whoop_api,
            last.whoop_token,
            last.notion,
            last.writes,
            self.whoop.rate_limited_responses,
            self.notion.rate_limited,
            self.notion.retry_after_violations
        );
        let mut whoop_paths: Vec<_> = self.whoop.requests_by_path.iter().collect();
        whoop_paths.sort();
        println!("  WHOOP by path: {whoop_paths:?}");
        println!("  Notion by route: {:?}", self.notion.by_route);
        println!(
            "  heap: {:.2} MB at start, {:.2} MB after day 30, {:.2} MB at the end ({:+} KB since day 30), peak {:.2} MB",
            mb(self.heap_start),
            mb(self.heap_mark),
            mb(self.heap_end),
            (self.heap_end as i64 - self.heap_mark as i64) / 1024,
            mb(self.heap_peak)
        );
        println!(
            "  at the end: the app's share {} KB, the world's (both simulators) {} KB",
            self.app_heap() / 1024,
            self.world_heap / 1024
        );
        let shape = self.history_shape;
        println!(
            "  history on disk: {:.2} MB at the end: {} runs; {} records of the last 31 days' checks, {} of {} older days",
            self.history_end as f64 / 1_048_576.0,
            shape.runs,
            shape.recent_records,
            shape.old_records,
            shape.old_days
        );
    }
}
