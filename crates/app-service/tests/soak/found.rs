//! What the world holds at the end: Notion's rows, and what is inside the history file.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use demo_mode::DemoWorld;

#[derive(Debug, Clone)]
pub struct Row {
    pub created: DateTime<Utc>,
    /// Notion's percent: 0.78 for 78%.
    pub recovery: Option<f64>,
    pub asleep_hours: Option<f64>,
}

/// Notion's rows by date.
pub fn rows(world: &DemoWorld) -> BTreeMap<NaiveDate, Vec<Row>> {
    let mut out: BTreeMap<NaiveDate, Vec<Row>> = BTreeMap::new();
    for page in world.notion.pages(&world.data_source_id) {
        let props = &page["properties"];
        let Some(date) = props["Date"]["date"]["start"]
            .as_str()
            .and_then(|d| d.get(..10))
            .and_then(|d| d.parse().ok())
        else {
            continue;
        };
        let created = page["created_time"]
            .as_str()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
            .expect("a page has its created_time");
        out.entry(date).or_default().push(Row {
            created,
            // Renamed on RENAME_DAY: every page shows the column's new name from then on.
            recovery: props["Recovery"]["number"]
                .as_f64()
                .or(props["Recovery %"]["number"].as_f64()),
            asleep_hours: props["Time Asleep (h)"]["number"].as_f64(),
        });
    }
    out
}

/// What the history file holds at the end: days whose runs are all older than the month the
/// history keeps, their records, and the records of the month.
#[derive(Debug, Clone, Copy, Default)]
pub struct HistoryShape {
    pub old_days: usize,
    pub old_records: usize,
    pub recent_records: usize,
    pub runs: usize,
}

/// Looks inside the history file: runs older than 31 days before the last one are forgotten
/// but for each day's latest record (and its latest with numbers).
pub fn history_shape(file: &std::path::Path) -> HistoryShape {
    let db =
        rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let last: String = db
        .query_row("SELECT max(started_at) FROM runs", [], |r| r.get(0))
        .unwrap();
    let last = DateTime::parse_from_rfc3339(&last)
        .unwrap()
        .with_timezone(&Utc);
    let cutoff = (last - Duration::days(31))
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    let count = |sql: &str| -> usize {
        db.query_row(sql, [&cutoff], |r| r.get::<_, i64>(0))
            .unwrap() as usize
    };
    const OLD: &str = "FROM run_days d JOIN runs r ON r.id = d.run_id WHERE r.started_at < ?1";
    HistoryShape {
        old_days: count(&format!("SELECT count(DISTINCT d.day) {OLD}")),
        old_records: count(&format!("SELECT count(*) {OLD}")),
        recent_records: count(
            "SELECT count(*) FROM run_days d JOIN runs r ON r.id = d.run_id WHERE r.started_at >= ?1",
        ),
        runs: db
            .query_row("SELECT count(*) FROM runs", [], |r| r.get::<_, i64>(0))
            .unwrap() as usize,
    }
}
