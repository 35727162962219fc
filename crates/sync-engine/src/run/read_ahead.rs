//! WHOOP's records for a run, read ahead of the writes in their own task (once for the whole
//! range, handed out chunk by chunk: see [`crate::run::whoop_streams`]): a long backfill's reads (WHOOP
//! allows 100 requests a minute) overlap its Notion writes (3 a second) instead of adding to
//! them, and the run knows early how many days it will have to write.

use chrono::{DateTime, NaiveDate, Utc};
use tokio::sync::mpsc;
use tracing::instrument::WithSubscriber;
use tracing::Instrument;
use whoop_client::WhoopApi;

use crate::nights::{DayRange, DayState};
use crate::run::whoop_streams::{Wanted, WhoopStreams};
use crate::Result;

/// One chunk's records, assigned to its days.
pub(crate) struct ChunkDays {
    pub range: DayRange,
    pub days: std::collections::BTreeMap<NaiveDate, DayState>,
    /// Days WHOOP has scored: an upper bound of the pages this chunk writes.
    pub scored: usize,
    /// Every workout of the chunk's days, when workouts were read.
    pub workouts: Option<Vec<whoop_client::Workout>>,
}

/// The reading task; dropped, it stops.
pub(crate) struct ReadAhead {
    received: mpsc::UnboundedReceiver<Result<ChunkDays>>,
    task: tokio::task::JoinHandle<()>,
    /// Chunks read but not handed out yet.
    ahead: std::collections::VecDeque<Result<ChunkDays>>,
}

impl Drop for ReadAhead {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ReadAhead {
    /// Starts reading `chunks` in order, cycles and workouts only when `wanted`.
    pub fn start(
        whoop: WhoopApi,
        chunks: Vec<DayRange>,
        now: DateTime<Utc>,
        today: NaiveDate,
        wanted: Wanted,
    ) -> ReadAhead {
        let (send, received) = mpsc::unbounded_channel();
        let reading = async move {
            let (Some(newest), Some(oldest)) = (chunks.first(), chunks.last()) else {
                return;
            };
            let whole = DayRange {
                first: oldest.first,
                last: newest.last,
            };
            let mut streams = WhoopStreams::new(&whoop, whole, now, wanted);
            for (i, chunk) in chunks.iter().enumerate() {
                let read = streams
                    .chunk(*chunk, chunks.get(i + 1).copied(), now, today)
                    .await
                    .map(|(days, workouts)| read_chunk(*chunk, days, workouts));
                let failed = read.is_err();
                if send.send(read).is_err() || failed {
                    return;
                }
            }
        };
        // Its request lines belong to the run's span, in whatever log the run writes to.
        let task = tokio::spawn(
            reading
                .instrument(tracing::Span::current())
                .with_current_subscriber(),
        );
        ReadAhead {
            received,
            task,
            ahead: Default::default(),
        }
    }

    /// The next chunk's days, waiting for them if they haven't been read yet.
    pub async fn next(&mut self) -> Result<ChunkDays> {
        self.collect();
        match self.ahead.pop_front() {
            Some(read) => read,
            None => self.received.recv().await.unwrap_or_else(|| {
                Err(crate::SyncError::new(
                    crate::ErrorCode::Internal,
                    "the WHOOP reader stopped early",
                ))
            }),
        }
    }

    /// Scored days in the chunks already read and not handed out yet.
    pub fn scored_ahead(&mut self) -> (usize, usize) {
        self.collect();
        let scored = self
            .ahead
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|c| c.scored)
            .sum();
        (scored, self.ahead.len())
    }

    fn collect(&mut self) {
        while let Ok(read) = self.received.try_recv() {
            self.ahead.push_back(read);
        }
    }
}

/// A chunk's days, with how many WHOOP has scored.
fn read_chunk(
    range: DayRange,
    days: std::collections::BTreeMap<NaiveDate, DayState>,
    workouts: Option<Vec<whoop_client::Workout>>,
) -> ChunkDays {
    let scored = days
        .values()
        .filter(|d| matches!(d, DayState::Ready(_)))
        .count();
    ChunkDays {
        range,
        days,
        scored,
        workouts,
    }
}
