//! Queue history: task outcomes per queue over 15 minutes, 24 hours or 30 days, summed into
//! evenly spaced points from the stores' minute and hour buckets, with the totals of the window
//! and of the window before it ("is today worse than yesterday").

use crate::engine::model::{BucketSize, QueueName, ThroughputCounts};
use crate::engine::queues::ThroughputPoint;
use crate::engine::{Engine, Error};

/// How far back a history looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryRange {
    /// 15 points of a minute.
    Minutes15,
    /// 96 points of 15 minutes, from minute buckets.
    Hours24,
    /// 120 points of 6 hours, from hour buckets.
    Days30,
}

impl HistoryRange {
    pub const ALL: [HistoryRange; 3] = [Self::Minutes15, Self::Hours24, Self::Days30];

    /// `15m`, `24h` or `30d`; anything else is `invalid_range`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or_else(|| {
                Error::invalid(
                    "invalid_range",
                    format!("range {text:?} is not one of 15m, 24h, 30d"),
                )
            })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Minutes15 => "15m",
            Self::Hours24 => "24h",
            Self::Days30 => "30d",
        }
    }

    /// The time one point covers.
    pub fn step_ms(self) -> i64 {
        match self {
            Self::Minutes15 => 60_000,
            Self::Hours24 => 15 * 60_000,
            Self::Days30 => 6 * 3_600_000,
        }
    }

    pub fn points(self) -> i64 {
        match self {
            Self::Minutes15 => 15,
            Self::Hours24 => 96,
            Self::Days30 => 120,
        }
    }

    /// The buckets the points are summed from.
    pub fn bucket(self) -> BucketSize {
        match self {
            Self::Minutes15 => BucketSize::Minute,
            // Its steps are quarter hours: 96 buckets a queue, not 1,440 minutes.
            Self::Hours24 => BucketSize::Quarter,
            Self::Days30 => BucketSize::Hour,
        }
    }

    /// The whole window.
    pub fn span_ms(self) -> i64 {
        self.step_ms() * self.points()
    }
}

/// Outcomes over a range, oldest point first, every point present (the last one is the step
/// under way), with the totals of the window and of the window just before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueHistory {
    pub range: HistoryRange,
    /// The queue, or `None` for all queues together.
    pub queue: Option<QueueName>,
    pub step_ms: i64,
    pub points: Vec<ThroughputPoint>,
    pub totals: ThroughputCounts,
    /// The same span just before the window (yesterday, for `24h`).
    pub previous: ThroughputCounts,
}

fn add(into: &mut ThroughputCounts, c: &ThroughputCounts) {
    into.succeeded += c.succeeded;
    into.failed += c.failed;
    into.dead += c.dead;
}

impl Engine {
    /// The history of one queue (which must exist) or, with `None`, of all queues. Reads the
    /// window and the window before it: O(span × queues) bucket lookups, nothing else.
    pub async fn queue_history(
        &self,
        queue: Option<&QueueName>,
        range: HistoryRange,
    ) -> Result<QueueHistory, Error> {
        let queues: Vec<QueueName> = match queue {
            Some(name) => vec![self.get_queue(name).await?.name],
            None => {
                let mut names: Vec<QueueName> = self
                    .inner
                    .store
                    .list_queues()
                    .await?
                    .into_iter()
                    .map(|q| q.name)
                    .collect();
                names.sort();
                names
            }
        };
        let step = range.step_ms();
        let last = self.now_ms().div_euclid(step) * step;
        let since = last - (range.points() - 1) * step;
        let until = last + step;
        let previous_since = since - range.span_ms();
        let buckets = self
            .inner
            .store
            .throughput_history(range.bucket(), &queues, previous_since, until)
            .await?;
        let mut points: Vec<ThroughputPoint> = (0..range.points())
            .map(|i| ThroughputPoint {
                minute_ms: since + i * step,
                counts: ThroughputCounts::default(),
            })
            .collect();
        let mut totals = ThroughputCounts::default();
        let mut previous = ThroughputCounts::default();
        for b in &buckets {
            if b.minute_ms < since {
                add(&mut previous, &b.counts);
            } else {
                let i = ((b.minute_ms - since) / step) as usize;
                if let Some(p) = points.get_mut(i) {
                    add(&mut p.counts, &b.counts);
                    add(&mut totals, &b.counts);
                }
            }
        }
        Ok(QueueHistory {
            range,
            queue: queue.cloned(),
            step_ms: step,
            points,
            totals,
            previous,
        })
    }
}
