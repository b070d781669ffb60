//! Throughput history conformance: outcomes counted per minute and per hour as tasks finish,
//! read back by window and queue, and the retention sweep keeping minutes 48 hours and hours
//! 60 days (the bound documented in ARCHITECTURE.md and docs/redis.md).

use std::sync::Arc;

use worker_server::engine::model::*;
use worker_server::store::*;

use super::audit::write;
use super::{T0, assert_counters_match, insert, lease_one, lease_req, new_task, q};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

async fn succeed(store: &Arc<dyn Store>, queue: &str, at: i64) {
    let id = insert(store, new_task(queue, "h", at)).await;
    let leased = lease_one(store, queue, at).await;
    assert_eq!(leased.id, id);
    store.complete(&id, leased.token, at).await.unwrap();
}

async fn retry(store: &Arc<dyn Store>, queue: &str, at: i64) {
    let id = insert(store, new_task(queue, "h", at)).await;
    let leased = lease_one(store, queue, at).await;
    store
        .fail(
            &id,
            leased.token,
            "boom",
            FailNext::RetryAt(at + 365 * DAY),
            at,
        )
        .await
        .unwrap();
}

fn starts(buckets: &[ThroughputBucket]) -> Vec<(i64, &str, i64, i64)> {
    buckets
        .iter()
        .map(|b| {
            (
                b.minute_ms,
                b.queue.as_str(),
                b.counts.succeeded,
                b.counts.failed,
            )
        })
        .collect()
}

pub(super) async fn minutes_are_kept_two_days_and_hours_sixty(store: Arc<dyn Store>) {
    // A whole hour, some way past T0, is "now"; outcomes land at whole minutes before it.
    let now = (T0 / HOUR + 24 * 90) * HOUR;
    let ab = [q("a"), q("b")];
    succeed(&store, "a", now - 61 * DAY).await;
    succeed(&store, "a", now - 59 * DAY).await;
    succeed(&store, "a", now - 49 * HOUR).await;
    succeed(&store, "a", now - 47 * HOUR).await;
    succeed(&store, "a", now - 2 * MINUTE).await;
    succeed(&store, "a", now - 2 * MINUTE + 5).await;
    retry(&store, "b", now - MINUTE).await;

    // Minute windows stay short: a read costs the window times the queues.
    for old in [now - 61 * DAY, now - 59 * DAY] {
        let one = store
            .throughput_history(BucketSize::Minute, &ab, old - MINUTE, old + MINUTE)
            .await
            .unwrap();
        assert_eq!(starts(&one), vec![(old, "a", 1, 0)]);
    }
    let minutes = store
        .throughput_history(BucketSize::Minute, &ab, now - 50 * HOUR, now)
        .await
        .unwrap();
    assert_eq!(
        starts(&minutes),
        vec![
            (now - 49 * HOUR, "a", 1, 0),
            (now - 47 * HOUR, "a", 1, 0),
            (now - 2 * MINUTE, "a", 2, 0),
            (now - MINUTE, "b", 0, 1),
        ]
    );
    // The window is half-open and the queue list filters.
    let only_b = store
        .throughput_history(BucketSize::Minute, &[q("b")], now - 2 * MINUTE, now)
        .await
        .unwrap();
    assert_eq!(starts(&only_b), vec![(now - MINUTE, "b", 0, 1)]);
    let before_last = store
        .throughput_history(BucketSize::Minute, &ab, now - 2 * MINUTE, now - MINUTE)
        .await
        .unwrap();
    assert_eq!(starts(&before_last), vec![(now - 2 * MINUTE, "a", 2, 0)]);
    // Hours sum the minutes in them.
    let hours = store
        .throughput_history(BucketSize::Hour, &ab, now - 62 * DAY, now)
        .await
        .unwrap();
    assert_eq!(
        starts(&hours),
        vec![
            (now - 61 * DAY, "a", 1, 0),
            (now - 59 * DAY, "a", 1, 0),
            (now - 49 * HOUR, "a", 1, 0),
            (now - 47 * HOUR, "a", 1, 0),
            (now - HOUR, "a", 2, 0),
            (now - HOUR, "b", 0, 1),
        ]
    );

    let counts = store
        .sweep(Sweep {
            now_ms: now,
            terminal_before_ms: 0,
            dead_before_ms: None,
            events_keep: 1_000,
            schedule_events_keep: 1_000,
            workers_before_ms: 0,
            throughput_before_ms: now - MINUTE_BUCKETS_KEPT_MS,
            throughput_hours_before_ms: now - HOUR_BUCKETS_KEPT_MS,
            stuck_before_ms: 0,
            batch: 100,
        })
        .await
        .unwrap();
    // The minutes of 61 d, 59 d and 49 h ago and the hour of 61 d ago (one outcome kind per
    // bucket here, so Redis's field per kind counts the same).
    assert_eq!(counts.throughput_buckets, 4);
    for old in [now - 61 * DAY, now - 59 * DAY] {
        let one = store
            .throughput_history(BucketSize::Minute, &ab, old - MINUTE, old + MINUTE)
            .await
            .unwrap();
        assert_eq!(starts(&one), vec![], "old minutes are dropped");
    }
    let minutes = store
        .throughput_history(BucketSize::Minute, &ab, now - 50 * HOUR, now)
        .await
        .unwrap();
    assert_eq!(
        starts(&minutes),
        vec![
            (now - 47 * HOUR, "a", 1, 0),
            (now - 2 * MINUTE, "a", 2, 0),
            (now - MINUTE, "b", 0, 1),
        ],
        "minutes are kept two days"
    );
    let hours = store
        .throughput_history(BucketSize::Hour, &ab, now - 62 * DAY, now)
        .await
        .unwrap();
    assert_eq!(
        starts(&hours),
        vec![
            (now - 59 * DAY, "a", 1, 0),
            (now - 49 * HOUR, "a", 1, 0),
            (now - 47 * HOUR, "a", 1, 0),
            (now - HOUR, "a", 2, 0),
            (now - HOUR, "b", 0, 1),
        ],
        "hours are kept sixty days"
    );
}

pub(super) async fn a_deleted_queue_takes_its_history_with_it(store: Arc<dyn Store>) {
    let now = (T0 / HOUR + 24 * 90) * HOUR;
    for queue in ["gone", "kept"] {
        succeed(&store, queue, now - 47 * HOUR).await;
        succeed(&store, queue, now - 2 * MINUTE).await;
        retry(&store, queue, now - MINUTE).await;
    }
    let both = [q("gone"), q("kept")];
    let history = |size, queues: Vec<QueueName>| {
        let store = store.clone();
        async move {
            store
                .throughput_history(size, &queues, now - 50 * HOUR, now)
                .await
                .unwrap()
        }
    };
    assert_eq!(history(BucketSize::Minute, both.to_vec()).await.len(), 6);

    // A retrying task is still in the queue: the delete is forced.
    let mut audit = write("queue.delete", "alice", now);
    audit.entry.detail = format!(
        "deleted {}",
        worker_server::engine::audit::COUNT_PLACEHOLDER
    );
    let (outcome, _) = store
        .delete_queue(&q("gone"), true, 100, &audit)
        .await
        .unwrap();
    assert_eq!(outcome, QueueDeleted::Deleted { tasks: 3, dead: 0 });
    for size in [BucketSize::Minute, BucketSize::Hour] {
        assert_eq!(
            starts(&history(size, vec![q("gone")]).await),
            vec![],
            "{size:?} buckets of a deleted queue are gone"
        );
        assert_eq!(
            history(size, vec![q("kept")]).await.len(),
            if size == BucketSize::Minute { 3 } else { 2 },
            "another queue's {size:?} buckets stay"
        );
    }
    // A queue registered again under the name starts with no history.
    succeed(&store, "gone", now - 30 * MINUTE).await;
    assert_eq!(
        starts(&history(BucketSize::Minute, vec![q("gone")]).await),
        vec![(now - 30 * MINUTE, "gone", 1, 0)]
    );
    assert_eq!(
        starts(&history(BucketSize::Hour, vec![q("gone")]).await),
        vec![(now - HOUR, "gone", 1, 0)]
    );
}

/// Completions that reach the store together (the embedded store records them in one batch)
/// each count in their own queue's minute and hour, and one whose lease was lost counts nowhere,
/// beside retries and deaths counted one by one.
pub(super) async fn completions_together_count_in_their_own_minutes(store: Arc<dyn Store>) {
    let hour = (T0 / HOUR + 24) * HOUR;
    let ab = [q("a"), q("b")];
    for i in 0..40 {
        let queue = if i % 4 == 0 { "b" } else { "a" };
        insert(&store, new_task(queue, "h", hour - DAY)).await;
    }
    let leased = store
        .lease(lease_req(&[("a", 30), ("b", 10)], &["h"], hour - DAY))
        .await
        .unwrap()
        .tasks;
    assert_eq!(leased.len(), 40);
    // Three instants: the last minute of one hour, and two minutes of the next.
    let at = |i: usize| match i % 3 {
        0 => hour - MINUTE + 7,
        1 => hour + 3,
        _ => hour + MINUTE,
    };
    let stale = &leased[0];
    let results = futures::future::join_all(leased.iter().enumerate().map(|(i, t)| {
        let token = if i == 0 {
            LeaseToken(t.token.0 - 1)
        } else {
            t.token
        };
        store.complete(&t.id, token, at(i))
    }))
    .await;
    assert_eq!(results[0], Err(StoreError::LeaseLost));
    assert!(results[1..].iter().all(Result::is_ok), "{results:?}");
    // The stale one's holder fails it instead: a death, counted by its trigger.
    store
        .fail(
            &stale.id,
            stale.token,
            "boom",
            FailNext::Dead(DeadReason::RetriesExhausted),
            hour + 3,
        )
        .await
        .unwrap();

    let mut want: std::collections::BTreeMap<(i64, &str), (i64, i64)> = Default::default();
    let mut want_hours: std::collections::BTreeMap<(i64, &str), (i64, i64)> = Default::default();
    for (i, t) in leased.iter().enumerate() {
        let (minute, outcome) = if i == 0 {
            (hour, (0, 1))
        } else {
            (at(i) / MINUTE * MINUTE, (1, 0))
        };
        for (map, start) in [(&mut want, minute), (&mut want_hours, minute / HOUR * HOUR)] {
            let e = map.entry((start, t.queue.as_str())).or_default();
            e.0 += outcome.0;
            e.1 += outcome.1;
        }
    }
    for (size, want) in [(BucketSize::Minute, want), (BucketSize::Hour, want_hours)] {
        let got = store
            .throughput_history(size, &ab, hour - DAY, hour + DAY)
            .await
            .unwrap();
        let got: Vec<_> = got
            .iter()
            .map(|b| {
                (
                    b.minute_ms,
                    b.queue.as_str(),
                    b.counts.succeeded,
                    b.counts.dead,
                )
            })
            .collect();
        let want: Vec<_> = want
            .iter()
            .map(|((m, q), (s, d))| (*m, *q, *s, *d))
            .collect();
        assert_eq!(got, want, "{size:?} buckets");
    }
    assert_counters_match(&store, "a", "h").await;
    assert_counters_match(&store, "b", "h").await;
}
