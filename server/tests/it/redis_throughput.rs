//! The Redis store's throughput history from an older store: the single `{P}:throughput` hash
//! it kept is moved into the queues' own hashes when the store opens (twice changes nothing),
//! minutes counted before hour buckets existed make their hours, the buckets of queues no
//! longer registered are dropped, and the moved buckets are read and swept like new ones.

use worker_server::engine::model::*;
use worker_server::store::redis::RedisStore;
use worker_server::store::*;
use worker_testkit::redis::RedisServer;

use crate::support::redis_options;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn q(name: &str) -> QueueName {
    QueueName::new(name).unwrap()
}

fn succeeded(buckets: &[ThroughputBucket]) -> Vec<(i64, i64)> {
    buckets
        .iter()
        .map(|b| (b.minute_ms, b.counts.succeeded))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_stores_throughput_hash_moves_into_the_queues_at_open() {
    let Some(server) = RedisServer::start().await else {
        return;
    };
    let now = 1_764_720_000_000_i64; // a whole hour
    let store = RedisStore::connect(&redis_options(&server, "old"))
        .await
        .unwrap();
    store.ensure_queues(&[q("a")], now).await.unwrap();
    drop(store);

    // What an older store wrote: minutes of an hour before hour buckets existed (h1), minutes
    // counted with their hour (h2), an hour whose minutes were partly swept already (h3), an
    // hour older than any minute kept (h4), and the history of a queue deleted since.
    let (h1, h2, h3, h4) = (
        now - 10 * HOUR,
        now - 5 * HOUR,
        now - 3 * HOUR,
        now - 40 * DAY,
    );
    let us = '\u{1f}';
    let fields: Vec<(String, i64)> = vec![
        (format!("{h1}{us}a{us}s"), 2),
        (format!("{}{us}a{us}s", h1 + 20 * MINUTE), 1),
        (format!("{}{us}a{us}d", h1 + 20 * MINUTE), 1),
        (format!("{h2}{us}a{us}s"), 4),
        (format!("h{h2}{us}a{us}s"), 4),
        (format!("{h3}{us}a{us}s"), 2),
        (format!("h{h3}{us}a{us}s"), 10),
        (format!("h{h4}{us}a{us}f"), 7),
        (format!("{h2}{us}gone{us}s"), 5),
        (format!("h{h2}{us}gone{us}s"), 5),
    ];
    let client = ::redis::Client::open(server.url().as_str()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    for (field, n) in &fields {
        let _: () = ::redis::cmd("HSET")
            .arg("{old}:throughput")
            .arg(field)
            .arg(n)
            .query_async(&mut conn)
            .await
            .unwrap();
    }

    for open in 0..2 {
        let store = RedisStore::connect(&redis_options(&server, "old"))
            .await
            .unwrap();
        let exists: i64 = ::redis::cmd("EXISTS")
            .arg("{old}:throughput")
            .query_async(&mut conn)
            .await
            .unwrap();
        assert_eq!(exists, 0, "the old hash is gone");
        let queues = [q("a"), q("gone")];
        let read = |size| store.throughput_history(size, &queues, now - 60 * DAY, now);
        assert_eq!(
            succeeded(&read(BucketSize::Minute).await.unwrap()),
            vec![(h1, 2), (h1 + 20 * MINUTE, 1), (h2, 4), (h3, 2)],
            "open {open}"
        );
        // Quarters sum their minutes.
        assert_eq!(
            succeeded(&read(BucketSize::Quarter).await.unwrap()),
            vec![(h1, 2), (h1 + 15 * MINUTE, 1), (h2, 4), (h3, 2)],
            "open {open}"
        );
        let hours = read(BucketSize::Hour).await.unwrap();
        assert_eq!(
            hours
                .iter()
                .map(|b| (b.minute_ms, b.queue.to_string(), b.counts))
                .collect::<Vec<_>>(),
            vec![
                (
                    h4,
                    "a".into(),
                    ThroughputCounts {
                        succeeded: 0,
                        failed: 7,
                        dead: 0
                    }
                ),
                // Made from its minutes.
                (
                    h1,
                    "a".into(),
                    ThroughputCounts {
                        succeeded: 3,
                        failed: 0,
                        dead: 1
                    }
                ),
                // Counted with its minutes: not again.
                (
                    h2,
                    "a".into(),
                    ThroughputCounts {
                        succeeded: 4,
                        failed: 0,
                        dead: 0
                    }
                ),
                // More than its minutes kept: left alone.
                (
                    h3,
                    "a".into(),
                    ThroughputCounts {
                        succeeded: 10,
                        failed: 0,
                        dead: 0
                    }
                ),
            ],
            "open {open}"
        );
    }

    // The moved buckets are swept like new ones: minutes after 48 hours, hours after 60 days.
    let store = RedisStore::connect(&redis_options(&server, "old"))
        .await
        .unwrap();
    let later = h1 + 48 * HOUR + 30 * MINUTE;
    let counts = store
        .sweep(Sweep {
            now_ms: later,
            terminal_before_ms: 0,
            dead_before_ms: None,
            events_keep: 1_000,
            schedule_events_keep: 1_000,
            workers_before_ms: 0,
            throughput_before_ms: later - MINUTE_BUCKETS_KEPT_MS,
            throughput_hours_before_ms: later - HOUR_BUCKETS_KEPT_MS,
            stuck_before_ms: 0,
            batch: 100,
        })
        .await
        .unwrap();
    // h1's minutes (three fields: two kinds in one of them); no hour is 60 days old.
    assert_eq!(counts.throughput_buckets, 3);
    assert_eq!(
        succeeded(
            &store
                .throughput_history(BucketSize::Quarter, &[q("a")], now - 60 * DAY, now)
                .await
                .unwrap()
        ),
        vec![(h2, 4), (h3, 2)]
    );
}
