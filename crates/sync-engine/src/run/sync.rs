//! One sync run: read WHOOP for the range (three paged collections), read Notion once (one
//! paged query over the whole range), plan, write only what differs, record everything.
//! Runs are serialized per config dir by a process lock, so the tray app and a cron job never
//! both create the same day.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use notion_client::{DataSourceSchema, NotionApi, NotionError, Page};
use serde_json::{json, Map, Value};
use sync_history::{DayAction, DayRecord, History, RunId, RunOutcome, Trigger};
use tracing::Instrument;

use crate::config::{no_database, AppConfig, NotionTarget};
use crate::engine::Engine;
use crate::mapping::{broken, Mapping};
use crate::metrics::{format_value, metric};
use crate::nights::{measured_today, DayRange};
use crate::plan::{pages_by_day, plan, ActionKind, DayPlan, PlannedAction};
use crate::report::{DayReport, Progress, SyncReport};
use crate::run::body_measurement::read_body;
use crate::run::create_once::create_page_once;
use crate::run::duplicates::{self, BotCell};
use crate::run::read_ahead::{ChunkDays, ReadAhead};
use crate::run::whoop_streams::Wanted;
use crate::run::workouts::{ChunkWorkouts, WorkoutsSetup};
use crate::units::Units;
use crate::workouts::mapping::relation_target;
use crate::workouts::WorkoutsReport;
use crate::{ErrorCode, Result, SyncError};

/// How long a run waits for another run of the same profile.
const RUN_LOCK_WAIT: Duration = Duration::from_secs(120);
/// Days per chunk of a long run: at Notion's 3 writes a second a chunk holds the run lock for
/// at most about 30 s, and its query is one or two pages.
pub const CHUNK_DAYS: usize = 90;
/// Between chunks, the run lock is free this long: longer than a waiting run's poll (100 ms).
const TURN_PAUSE: Duration = Duration::from_millis(250);

/// How long the history keeps whole runs; each day's latest record is kept for good.
const RUNS_KEPT_DAYS: i64 = 30;

#[derive(Debug, Clone)]
pub struct SyncRequest {
    pub range: Option<DayRange>,
    pub dry_run: bool,
    pub trigger: Trigger,
}

pub type ProgressFn<'a> = &'a (dyn Fn(Progress) + Send + Sync);

impl Engine {
    /// The default range: the last 7 days, today included.
    pub fn default_range(&self) -> DayRange {
        let today = self.today();
        DayRange::new(today - chrono::Duration::days(6), today).expect("ordered")
    }

    pub fn today(&self) -> NaiveDate {
        self.env.zone.today(self.env.clock.now())
    }

    /// The injected clock's time, for callers that stamp or compare times (the app's tray and
    /// pauses), so they follow the same clock as the engine.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.env.clock.now()
    }

    /// The user's offset from UTC now.
    pub fn local_offset(&self) -> chrono::FixedOffset {
        self.env.zone.offset_at(self.now())
    }

    /// A local wall-clock time as UTC, with the offset in force at that time (so "tomorrow at
    /// 05:00" stays 05:00 across a DST change tonight).
    pub fn local_to_utc(&self, local: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
        let guess = (local - self.local_offset()).and_utc();
        (local - self.env.zone.offset_at(guess)).and_utc()
    }

    pub async fn sync(&self, request: SyncRequest, progress: ProgressFn<'_>) -> Result<SyncReport> {
        let range = request.range.unwrap_or_else(|| self.default_range());
        // The run's story in the log: every line inside (requests included) carries these.
        let span = tracing::info_span!(
            "sync",
            trigger = %request.trigger.as_str(),
            range = %format_args!("{}..{}", range.first, range.last),
            dry_run = request.dry_run,
        );
        self.sync_in(request, range, progress)
            .instrument(span)
            .await
    }

    async fn sync_in(
        &self,
        request: SyncRequest,
        range: DayRange,
        progress: ProgressFn<'_>,
    ) -> Result<SyncReport> {
        let (first_lock, mut run) = match self.start_run(request, range, progress).await {
            Ok(started) => started,
            Err(e) => {
                // Not a run (nothing in the history). The schedule polls an unconfigured app,
                // so that is said at debug only; a busy profile is worth a line.
                if e.code == ErrorCode::Busy {
                    tracing::info!(outcome = %"not_started", error_code = %e.code, "sync not started");
                } else {
                    tracing::debug!(outcome = %"not_started", error_code = %e.code, "sync not started");
                }
                return Err(e);
            }
        };
        let result = self.run(&mut run, first_lock).await;
        run.finish(result, self.env.clock.now())
    }

    /// Takes the profile's run lock (not for a dry run), checks the settings and records the
    /// run's start.
    async fn start_run<'p>(
        &self,
        request: SyncRequest,
        range: DayRange,
        progress: ProgressFn<'p>,
    ) -> Result<(Option<private_fs::ProcessLockGuard>, Run<'p>)> {
        self.env.config_dir.ensure()?;
        // Writers take turns (two runs must never both create a day); a dry run writes nothing.
        let run_lock = if request.dry_run {
            None
        } else {
            Some(self.run_lock().await?)
        };

        let config = self.load_config()?;
        // A run that can't start isn't a run: the schedule polling an unconfigured app must
        // not fill the history with failures.
        preflight(&config)?;
        let history = History::open(&self.env.config_dir.history_file())?;
        let mut run = Run::start(
            config,
            range,
            request.dry_run,
            history,
            request.trigger,
            self.env.clock.now(),
            progress,
        )?;
        run.units = self.units_of(&run.config);
        Ok((run_lock, run))
    }

    /// The profile's run lock, waiting up to [`RUN_LOCK_WAIT`] for another run to finish.
    pub(crate) async fn run_lock(&self) -> Result<private_fs::ProcessLockGuard> {
        let lock_path = self.env.config_dir.sync_lock();
        crate::background::lock_wait::acquire(&lock_path, RUN_LOCK_WAIT)
            .await
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::TimedOut => SyncError::new(
                    ErrorCode::Busy,
                    "another sync of this profile is still running; try again when it has finished",
                ),
                _ => SyncError::new(
                    ErrorCode::Config,
                    format!("could not lock {}: {e}", lock_path.display()),
                ),
            })
    }

    /// The run, chunk by chunk ([`CHUNK_DAYS`], newest first): WHOOP is read ahead, and each
    /// chunk is planned and written under the run lock, which is let go between chunks so a
    /// morning sync never waits for a long backfill to end. A week is one chunk.
    async fn run(
        &self,
        run: &mut Run<'_>,
        mut lock: Option<private_fs::ProcessLockGuard>,
    ) -> Result<()> {
        (run.progress)(Progress::Reading);
        let mut setup = self.setup(run).await?;
        let now = self.env.clock.now();
        let today = self.env.zone.today(now);
        let chunks = run.range.chunks_newest_first(CHUNK_DAYS);
        let mut unread_days: usize = run.range.len();
        let mut reader = ReadAhead::start(
            setup.whoop.clone(),
            chunks.clone(),
            now,
            today,
            setup.wanted,
        );
        let mut write_progress = WriteProgress::default();
        let mut created = BTreeMap::new();
        for (index, _) in chunks.iter().enumerate() {
            let mut chunk = reader.next().await?;
            measured_today(&mut chunk.days, today, setup.body.as_ref());
            unread_days -= chunk.range.len();
            if index > 0 && !run.dry_run {
                // Let a sync that is waiting in, then take the next turn. Real time, not the
                // injected clock: the other side polls the OS lock in real time.
                tokio::time::sleep(TURN_PAUSE).await;
                lock = Some(self.run_lock().await?);
            }
            let (plans, mut day_pages) = self.plan_chunk(run, &mut setup, &chunk, today).await?;
            write_progress.pending = plans.iter().filter(|p| is_write(&p.action)).count();
            write_progress.planned_days += chunk.range.len();
            write_progress.planned_writes += write_progress.pending;
            let (scored_ahead, _) = reader.scored_ahead();
            write_progress.estimate(scored_ahead, unread_days);
            (run.progress)(write_progress.progress());
            self.write_chunk(
                run,
                &setup,
                plans,
                &mut write_progress,
                &mut reader,
                unread_days,
            )
            .await?;
            if let (Some(workouts_setup), Some(workouts)) =
                (setup.workouts.as_mut(), chunk.workouts.as_deref())
            {
                // The days' pages as written now, for the workouts' links.
                for day in &run.report.days {
                    if let (Some(page_id), true) = (&day.page_id, chunk.days.contains_key(&day.day))
                    {
                        day_pages.insert(day.day, page_id.clone());
                    }
                }
                let (done, written) = self
                    .sync_workouts_chunk(
                        &setup.notion,
                        &run.config,
                        workouts_setup,
                        ChunkWorkouts {
                            range: chunk.range,
                            workouts,
                            day_pages: &day_pages,
                        },
                        run.dry_run,
                        &setup.bot,
                    )
                    .await?;
                let now = self.env.clock.now();
                for workout in &written {
                    run.history().record_workout(workout, now)?;
                }
                if let Some(report) = run.report.workouts.as_mut() {
                    report.add(&done);
                }
            }
            drop(lock.take());
            for day in &run.report.days {
                if let (ActionKind::Created, Some(state)) = (day.action, chunk.days.get(&day.day)) {
                    created.insert(day.day, state.clone());
                }
            }
        }
        // Mornings and wake-ups are when two computers race; a person waiting on "Sync now"
        // or a command isn't made to wait for it (a later run repairs what is left).
        let unattended = !matches!(run.trigger, Trigger::Manual | Trigger::Cli);
        if unattended && !run.dry_run && !created.is_empty() {
            self.recheck_created(run, &setup, &created, today).await?;
        }
        Ok(())
    }

    /// Another computer may have created the same days' pages in the same seconds, which
    /// Notion's query didn't show yet: once it can, the days this run created are read again
    /// (one query), and where the other computer's page is the one kept, it gets the values
    /// and this run's page goes to the trash ([`duplicates::tidy`]).
    async fn recheck_created(
        &self,
        run: &mut Run<'_>,
        setup: &Setup,
        created: &BTreeMap<NaiveDate, crate::nights::DayState>,
        today: NaiveDate,
    ) -> Result<()> {
        let (Some(first), Some(last)) = (created.keys().next(), created.keys().next_back()) else {
            return Ok(());
        };
        self.env.clock.sleep(self.env.limits.query_settle).await;
        let _lock = self.run_lock().await?;
        let range = DayRange {
            first: *first,
            last: *last,
        };
        let pages = query_range(&setup.notion, &setup.target, &setup.day_key, range).await?;
        let plans = plan(created, &pages, &setup.mapping, &setup.schema, today);
        for day_plan in plans.into_iter().filter(|p| !p.duplicates.is_empty()) {
            let mut report = self
                .execute(
                    &setup.notion,
                    &setup.target,
                    &setup.day_key,
                    &day_plan,
                    &run.units,
                )
                .await?;
            report.reason = Some(setup.tidy(&day_plan.duplicates).await);
            run.record(&history_record(&report, &day_plan, &run.units))?;
            if let Some(shown) = run.report.days.iter_mut().find(|d| d.day == day_plan.day) {
                shown.page_id = report.page_id;
                shown.page_url = report.page_url;
                shown.reason = report.reason;
            }
        }
        Ok(())
    }

    /// What every chunk uses: the clients, the database, the mapping and its schema.
    async fn setup(&self, run: &mut Run<'_>) -> Result<Setup> {
        let config = &run.config;
        // In the order a new user sets things up, so the first error names the next step.
        let (whoop, tokens) = self.whoop(config).await?;
        let notion = self.notion(config).await?;
        let target = config.target().cloned().ok_or_else(no_database)?;
        let mut mapping = config.mapping.clone();
        run.counters.whoop_api = Some(whoop.requests());
        run.counters.whoop_unreadable = Some(whoop.unreadable_records());
        run.counters.oauth_tokens = Some(tokens.clone());
        run.counters.notion_api = Some(notion.requests());

        // The cached schema is good enough to read with; it is re-read before any write.
        let mut schema = target.schema.clone();
        let mut schema_is_live = false;
        if !mapping.reconcile(&schema).is_empty() {
            schema = self.live_schema(&notion, config, &mut mapping).await?;
            schema_is_live = true;
        }
        let day_key = mapping
            .day
            .clone()
            .expect("reconciled: the day key exists")
            .id;
        // The report says what connecting WHOOP again would add.
        let (wanted, mut missing_scopes) =
            Wanted::for_mapping(&mapping, config.workouts.is_some(), &tokens).await?;
        let body = read_body(&whoop, wanted.body).await?;
        if body.refused_scope {
            let scopes = missing_scopes.get_or_insert_default();
            let gap = if scopes.is_empty() { "" } else { " " };
            scopes.push_str(&format!("{gap}{}", crate::tokens::BODY_SCOPE));
        }
        run.report.needs_whoop_scope = missing_scopes;
        // Without the sign-in's leave to read workouts, the days are synced all the same.
        let workouts = config
            .workouts
            .clone()
            .filter(|_| wanted.workouts)
            .map(WorkoutsSetup::new);
        if workouts.is_some() {
            run.report.workouts = Some(WorkoutsReport::default());
        }
        Ok(Setup {
            body: body.body,
            whoop,
            notion,
            target,
            mapping,
            schema,
            schema_is_live,
            day_key,
            wanted,
            saved: false,
            bot: BotCell::new(),
            workouts,
        })
    }

    /// Reads the chunk's pages from Notion (under the run lock, so no other run writes them
    /// meanwhile) and plans each day against them.
    async fn plan_chunk(
        &self,
        run: &Run<'_>,
        setup: &mut Setup,
        chunk: &ChunkDays,
        today: NaiveDate,
    ) -> Result<(Vec<DayPlan>, HashMap<NaiveDate, String>)> {
        let config = &run.config;
        let pages =
            match query_range(&setup.notion, &setup.target, &setup.day_key, chunk.range).await {
                Ok(pages) => pages,
                Err(NotionError::Rejected { code, message, .. })
                    if code == "validation_error" && !setup.schema_is_live =>
                {
                    // The day key may have been deleted or retyped since we cached the schema:
                    // the live schema says so (mapping_broken). When it is still a date, the
                    // refusal is about something else, which only Notion's words tell.
                    self.live_schema(&setup.notion, config, &mut setup.mapping)
                        .await?;
                    let day_key = setup.mapping.day.as_ref().map(|d| d.name.as_str());
                    return Err(SyncError::new(
                        ErrorCode::NotionRejected,
                        format!(
                            "Notion refused the query on the day key {:?}: {message}",
                            day_key.unwrap_or_default()
                        ),
                    ));
                }
                Err(e) => return Err(e.into()),
            };

        let mut plans = plan(&chunk.days, &pages, &setup.mapping, &setup.schema, today);
        let writes = plans.iter().any(|p| is_write(&p.action));
        if (writes || pages_disagree(&pages, &setup.mapping, &setup.schema))
            && !setup.schema_is_live
        {
            // Types are checked against the live schema before anything is written.
            setup.schema = self
                .live_schema(&setup.notion, config, &mut setup.mapping)
                .await?;
            setup.schema_is_live = true;
            plans = plan(&chunk.days, &pages, &setup.mapping, &setup.schema, today);
        }
        if setup.schema_is_live && !setup.saved {
            // Remember followed renames and the fresh schema — without overwriting a mapping
            // someone changed while we were reading.
            let (mapping_at_start, mapping, schema) =
                (&config.mapping, &setup.mapping, &setup.schema);
            self.update_config(|c| {
                if &c.mapping == mapping_at_start {
                    c.mapping = mapping.clone();
                }
                if let Some(t) = c.notion.as_mut().and_then(|n| n.target.as_mut()) {
                    if t.data_source_id == schema.id {
                        t.schema = schema.clone();
                    }
                }
                Ok(())
            })?;
            setup.saved = true;
        }
        let day_key = &setup.day_key;
        let day_pages = pages_by_day(&pages, day_key)
            .into_iter()
            .filter_map(|(day, pages)| Some((day, pages.first()?.id.clone())))
            .collect();
        Ok((plans, day_pages))
    }

    async fn write_chunk(
        &self,
        run: &mut Run<'_>,
        setup: &Setup,
        plans: Vec<DayPlan>,
        write_progress: &mut WriteProgress,
        reader: &mut ReadAhead,
        unread_days: usize,
    ) -> Result<()> {
        for day_plan in plans {
            let wrote = is_write(&day_plan.action);
            let outcome = if run.dry_run {
                Ok(planned_report(&day_plan, None, &run.units))
            } else {
                self.execute(
                    &setup.notion,
                    &setup.target,
                    &setup.day_key,
                    &day_plan,
                    &run.units,
                )
                .await
            };
            let outcome = match outcome {
                // The day's page has its values now: the extra ones this app made may go.
                Ok(mut day_report) if !run.dry_run && !day_plan.duplicates.is_empty() => {
                    day_report.reason = Some(setup.tidy(&day_plan.duplicates).await);
                    Ok(day_report)
                }
                other => other,
            };
            match outcome {
                Ok(day_report) => {
                    run.record(&history_record(&day_report, &day_plan, &run.units))?;
                    run.report.push(day_report);
                }
                Err(error) => {
                    let failed = DayRecord {
                        day: day_plan.day,
                        action: DayAction::Failed,
                        reason: Some(error.message.clone()),
                        page_id: None,
                        page_url: None,
                        error_code: Some(error.code),
                        values: None,
                    };
                    run.record(&failed)?;
                    return Err(error);
                }
            }
            if wrote {
                write_progress.done += 1;
                write_progress.pending -= 1;
                let (scored_ahead, _) = reader.scored_ahead();
                write_progress.estimate(scored_ahead, unread_days);
                (run.progress)(write_progress.progress());
            }
        }
        Ok(())
    }

    async fn live_schema(
        &self,
        notion: &NotionApi,
        config: &AppConfig,
        mapping: &mut Mapping,
    ) -> Result<DataSourceSchema> {
        let target = config.target().ok_or_else(no_database)?;
        let schema = notion.data_source(&target.data_source_id).await?;
        let problems = mapping.reconcile(&schema);
        if !problems.is_empty() {
            return Err(broken(&problems));
        }
        Ok(schema)
    }

    async fn execute(
        &self,
        notion: &NotionApi,
        target: &NotionTarget,
        day_key: &str,
        day: &DayPlan,
        units: &Units,
    ) -> Result<DayReport> {
        match &day.action {
            PlannedAction::Create { properties } => {
                let page = create_once(notion, target, day_key, day.day, properties).await?;
                Ok(planned_report(day, Some(&page), units))
            }
            PlannedAction::Update {
                page_id,
                properties,
            } => {
                let page = notion
                    .update_page(page_id, Value::Object(properties.clone()))
                    .await?;
                Ok(planned_report(day, Some(&page), units))
            }
            _ => Ok(planned_report(day, None, units)),
        }
    }
}

/// Creates a day's page, never twice: after a lost answer, the day's oldest page is the one.
async fn create_once(
    notion: &NotionApi,
    target: &NotionTarget,
    day_key: &str,
    day: NaiveDate,
    properties: &Map<String, Value>,
) -> Result<Page> {
    let the_day = DayRange {
        first: day,
        last: day,
    };
    create_page_once(notion, &target.data_source_id, properties, || async {
        let found = query_range(notion, target, day_key, the_day).await?;
        Ok(found
            .into_iter()
            .filter(|p| !p.in_trash)
            .min_by_key(|p| p.created_time))
    })
    .await
}

async fn query_range(
    notion: &NotionApi,
    target: &NotionTarget,
    day_key: &str,
    range: DayRange,
) -> Result<Vec<Page>, NotionError> {
    let filter = json!({"and": [
        {"property": day_key, "date": {"on_or_after": range.first.format("%Y-%m-%d").to_string()}},
        {"property": day_key, "date": {"on_or_before": range.last.format("%Y-%m-%d").to_string()}},
    ]});
    let sorts = json!([{"timestamp": "created_time", "direction": "ascending"}]);
    notion.query(&target.data_source_id, filter, sorts).await
}

fn preflight(config: &AppConfig) -> Result<()> {
    if config.whoop.is_none() {
        return Err(SyncError::new(
            ErrorCode::WhoopNotConnected,
            "WHOOP is not connected",
        ));
    }
    if config.notion.is_none() {
        return Err(SyncError::new(
            ErrorCode::NotionNotConnected,
            "Notion is not connected",
        ));
    }
    config.target().map(|_| ()).ok_or_else(no_database)
}

/// One run in progress: what it works on, where it records, and what it has to show.
struct Run<'p> {
    config: AppConfig,
    range: DayRange,
    dry_run: bool,
    /// In a mutex so that the run's future is Send (SQLite connections aren't Sync).
    history: Mutex<History>,
    id: RunId,
    report: SyncReport,
    counters: Counters,
    progress: ProgressFn<'p>,
    /// How the report and the history show values (the displayed text; values stay in
    /// WHOOP's units).
    units: Units,
    trigger: Trigger,
}

impl<'p> Run<'p> {
    /// Records the run's start in the history.
    fn start(
        config: AppConfig,
        range: DayRange,
        dry_run: bool,
        history: History,
        trigger: Trigger,
        now: DateTime<Utc>,
        progress: ProgressFn<'p>,
    ) -> Result<Self> {
        let id = history.start_run(trigger, now, (range.first, range.last), dry_run)?;
        let mut report = SyncReport::new(range, dry_run);
        report.run_id = Some(id.0);
        Ok(Run {
            units: Units::default(),
            config,
            range,
            dry_run,
            history: Mutex::new(history),
            id,
            report,
            counters: Counters::default(),
            progress,
            trigger,
        })
    }

    fn record(&self, day: &DayRecord) -> Result<()> {
        self.history().record_day(self.id, day)?;
        Ok(())
    }

    /// Records how the run ended (with its request counts, whatever happened) and hands back
    /// its report, or its error.
    fn finish(mut self, result: Result<()>, now: DateTime<Utc>) -> Result<SyncReport> {
        // Chunks run newest first; the report reads oldest first, as the history does.
        self.report.days.sort_by_key(|d| d.day);
        self.report.requests.whoop = self.counters.whoop();
        self.report.requests.notion = self.counters.notion();
        self.report.whoop_refreshes = self.counters.refreshes();
        self.report.unreadable_records = self.counters.unreadable();
        let outcome = RunOutcome {
            ok: result.is_ok(),
            error_code: result.as_ref().err().map(|e| e.code),
            error_message: result.as_ref().err().map(|e| e.message.clone()),
            requests_whoop: self.report.requests.whoop,
            requests_notion: self.report.requests.notion,
            workouts: self.report.workouts.clone(),
        };
        let report = &self.report;
        tracing::info!(
            requests_whoop = report.requests.whoop,
            requests_notion = report.requests.notion,
            whoop_refreshes = report.whoop_refreshes,
            created = report.created,
            updated = report.updated,
            unchanged = report.unchanged,
            waiting = report.waiting,
            skipped = report.skipped,
            outcome = %if outcome.ok { "ok" } else { "failed" },
            error_code = %outcome.error_code.map_or("-", ErrorCode::as_str),
            "sync finished"
        );
        self.history().finish_run(self.id, now, outcome)?;
        // Runs older than a month are forgotten (each day's latest record stays): every check
        // records the week it read, which otherwise piles up without end.
        let cutoff = now - chrono::Duration::days(RUNS_KEPT_DAYS);
        if let Err(e) = self.history().forget_runs_before(cutoff) {
            tracing::warn!("could not forget old runs: {e}");
        }
        result.map(|_| self.report)
    }

    fn history(&self) -> MutexGuard<'_, History> {
        self.history
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn is_write(action: &PlannedAction) -> bool {
    matches!(
        action,
        PlannedAction::Create { .. } | PlannedAction::Update { .. }
    )
}

/// True when the pages show a mapped property missing or of another type than the cached schema
/// says: the schema changed, so re-read it even if nothing is to be written.
fn pages_disagree(pages: &[Page], mapping: &Mapping, schema: &DataSourceSchema) -> bool {
    let Some(page) = pages.first() else {
        return false;
    };
    let ids = mapping
        .metrics
        .values()
        .map(|m| &m.id)
        .chain(mapping.day.iter().map(|d| &d.id));
    ids.into_iter()
        .any(|id| match (page.property(id), schema.by_id(id)) {
            (Some(value), Some(prop)) => value.kind != prop.kind,
            _ => true,
        })
}

fn planned_report(day: &DayPlan, page: Option<&Page>, units: &Units) -> DayReport {
    let existing_id = match &day.action {
        PlannedAction::Update { page_id, .. } | PlannedAction::Unchanged { page_id } => {
            Some(page_id.clone())
        }
        _ => None,
    };
    DayReport {
        day: day.day,
        action: day.action.kind(),
        reason: day.reason.clone(),
        page_id: page.map(|p| p.id.clone()).or(existing_id),
        // Only an address that may be opened is kept (it is opened from the tray later).
        page_url: page
            .and_then(|p| safe_links::page_address(p.url.as_deref()))
            .or_else(|| day.page_url.clone()),
        values: day
            .values
            .iter()
            .filter_map(|(k, v)| Some((k.to_string(), format_value(metric(k)?, v, units))))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn history_record(report: &DayReport, day: &DayPlan, units: &Units) -> DayRecord {
    let action = match report.action {
        ActionKind::Created => DayAction::Created,
        ActionKind::Updated => DayAction::Updated,
        ActionKind::Unchanged => DayAction::Unchanged,
        ActionKind::Waiting => DayAction::Waiting,
        ActionKind::Skipped => DayAction::Skipped,
    };
    let raw: Map<String, Value> = day
        .values
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                json!({"display": format_value(metric(k).expect("known"), v, units), "value": v}),
            )
        })
        .collect();
    DayRecord {
        day: report.day,
        action,
        reason: report.reason.clone(),
        page_id: report.page_id.clone(),
        page_url: report.page_url.clone(),
        error_code: None,
        values: (!raw.is_empty()).then_some(Value::Object(raw)),
    }
}

/// What every chunk of a run uses.
struct Setup {
    whoop: whoop_client::WhoopApi,
    notion: NotionApi,
    target: NotionTarget,
    mapping: Mapping,
    schema: DataSourceSchema,
    schema_is_live: bool,
    day_key: String,
    wanted: Wanted,
    /// The body measurement read for this run, written on today's page only.
    body: Option<whoop_client::BodyMeasurement>,
    /// The live schema and the mapping reconciled with it are saved once per run.
    saved: bool,
    /// This connection's bot user, asked for only when a day has extra pages.
    bot: BotCell,
    /// The Workouts database, when it is set and workouts can be read.
    workouts: Option<WorkoutsSetup>,
}

impl Setup {
    /// After a day's page has its values: [`duplicates::tidy`] of the day's extra pages, with
    /// this run's connection, mapping and schema; says what happened to them.
    async fn tidy(&self, extra: &[Page]) -> String {
        // The day's side of the link to the workouts is Notion's writing on the app's behalf.
        let workouts = self
            .workouts
            .as_ref()
            .map(|w| w.target.data_source_id.as_str());
        let mut written = self.mapping.written_ids();
        written.extend(
            self.schema
                .properties
                .iter()
                .filter(|p| workouts.is_some() && relation_target(p) == workouts)
                .map(|p| p.id.clone()),
        );
        duplicates::tidy(&self.notion, &self.bot, &written, &self.schema, extra).await
    }
}

/// Pages written and to write, for the progress bar: exact for the chunks planned, an upper
/// bound (the days WHOOP scored) for those read ahead, and for the days not read yet the rate
/// seen so far.
#[derive(Default)]
struct WriteProgress {
    done: usize,
    /// Writes planned in the chunk being written and not done yet.
    pending: usize,
    planned_days: usize,
    planned_writes: usize,
    total: usize,
    exact: bool,
}

impl WriteProgress {
    fn estimate(&mut self, scored_ahead: usize, unread_days: usize) {
        let rate = if self.planned_days == 0 {
            1.0
        } else {
            self.planned_writes as f64 / self.planned_days as f64
        };
        self.exact = scored_ahead == 0 && unread_days == 0;
        let guess = (unread_days as f64 * rate).round() as usize;
        self.total = self.done + self.pending + scored_ahead + guess;
    }

    fn progress(&self) -> Progress {
        Progress::Writing {
            done: self.done,
            total: self.total,
            exact: self.exact,
        }
    }
}

/// Request counts of the clients a run made, read at the end whatever happened.
#[derive(Default)]
struct Counters {
    whoop_api: Option<http_policy::RequestCounter>,
    whoop_unreadable: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
    notion_api: Option<http_policy::RequestCounter>,
    oauth_tokens: Option<std::sync::Arc<crate::run::tokens::TokenManager>>,
}

impl Counters {
    fn whoop(&self) -> u64 {
        self.whoop_api.as_ref().map_or(0, |c| c.get())
    }
    fn notion(&self) -> u64 {
        self.notion_api.as_ref().map_or(0, |c| c.get())
    }
    fn unreadable(&self) -> u64 {
        self.whoop_unreadable
            .as_ref()
            .map_or(0, |c| c.load(std::sync::atomic::Ordering::Relaxed))
    }
    fn refreshes(&self) -> u64 {
        self.oauth_tokens.as_ref().map_or(0, |t| t.refresh_count())
    }
}
