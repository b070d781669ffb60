//! The DLQ at scale: a SQLite store's DLQ filled with many entries by writing rows directly, a
//! Redis store's through the store's own batch insert, lease and fail, and the filtered
//! listings (first pages and the pages after them) and cause groups an operator asks for,
//! timed in process on both.

use std::path::Path;
use std::time::{Duration, Instant};

use std::sync::Arc;

use rusqlite::{Connection, params};
use worker_server::engine::Engine;
use worker_server::engine::listing::DlqStart;
use worker_server::engine::model::{
    DeadReason, DlqFilter, HandlerName, QueueName, TaskId, TaskState,
};
use worker_server::store::redis::{RedisOptions, RedisStore};
use worker_server::store::{FailNext, LeaseRequest, NewTask, Store};

use crate::report::{Figure, Report, Target, ms, percentile};

const HANDLERS: [&str; 5] = [
    "send_email",
    "resize_image",
    "charge_card",
    "sync_crm",
    "webhook",
];
const ERRORS: [&str; 5] = [
    "SMTP timeout after 30s",
    "connection refused by upstream",
    "card declined: insufficient funds",
    "rate limited by the CRM API",
    "HTTP 502 from hook endpoint",
];

/// Fills a Redis store's DLQ (key prefix `prefix` at `url`) with `n` entries shaped as
/// [`fill`]'s, through the store's own scripts, so every index, group and counter is the one a
/// real failure writes: batches of 1,000 inserted, leased at once and failed concurrently.
pub(crate) async fn fill_redis(url: &str, prefix: &str, n: u64) {
    let store: Arc<dyn Store> = Arc::new(
        RedisStore::connect(&RedisOptions {
            url: url.to_string(),
            prefix: prefix.to_string(),
            event_log_limit: 100_000,
            tls_ca_pem: None,
            tls_client_pem: None,
            cluster: false,
        })
        .await
        .expect("redis store"),
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    let queues: Vec<QueueName> = (0..3)
        .map(|q| QueueName::new(format!("q{q}")).expect("queue"))
        .collect();
    let handlers: Vec<HandlerName> = HANDLERS
        .iter()
        .map(|h| HandlerName::new(*h).expect("handler"))
        .collect();
    let mut done = 0;
    while done < n {
        let end = (done + 1_000).min(n);
        let mut errors = std::collections::HashMap::new();
        let tasks: Vec<NewTask> = (done..end)
            .map(|i| {
                let id = TaskId::generate();
                errors.insert(
                    id.clone(),
                    format!("{} (task {i})", ERRORS[(i % 5) as usize]),
                );
                NewTask {
                    id,
                    handler: handlers[(i % 5) as usize].clone(),
                    queue: queues[(i % 3) as usize].clone(),
                    payload: vec![0],
                    priority: 0,
                    max_retries: 3,
                    timeout_ms: 60_000,
                    run_at_ms: 0,
                    state: TaskState::Pending,
                    idempotency: None,
                    metadata: Default::default(),
                    created_at_ms: 0,
                }
            })
            .collect();
        store.insert_tasks(tasks, now).await.expect("insert");
        let leased = store
            .lease(LeaseRequest {
                worker_id: worker_server::engine::model::WorkerId::new("bench-filler")
                    .expect("worker"),
                plan: queues.iter().map(|q| (q.clone(), 1_000)).collect(),
                handlers: handlers.clone(),
                now_ms: now,
                lease_until_ms: now + 600_000,
                rate_limit: None,
            })
            .await
            .expect("lease");
        let mut fails = tokio::task::JoinSet::new();
        for t in leased.tasks {
            let store = store.clone();
            let error = errors.remove(&t.id).expect("a task of this batch");
            fails.spawn(async move {
                store
                    .fail(
                        &t.id,
                        t.token,
                        &error,
                        FailNext::Dead(DeadReason::RetriesExhausted),
                        now,
                    )
                    .await
                    .expect("fail");
            });
        }
        while let Some(r) = fails.join_next().await {
            r.expect("fail task");
        }
        assert!(errors.is_empty(), "every task of the batch was leased");
        done = end;
    }
}

/// Fills the DLQ with `n` entries by writing rows directly (the engine's own path would take
/// minutes), letting the schema's triggers index them as for real failures. Safe beside a
/// running server on the same file: it waits for the write lock.
pub(crate) fn fill(path: &Path, n: u64) {
    let mut conn = Connection::open(path).expect("raw sqlite");
    conn.busy_timeout(Duration::from_secs(30))
        .expect("busy timeout");
    conn.execute_batch("PRAGMA synchronous = OFF")
        .expect("pragma");
    let (handlers, errors) = (HANDLERS, ERRORS);
    let mut done = 0;
    while done < n {
        let tx = conn.transaction().expect("tx");
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO tasks (id, handler, queue, state, priority, payload, attempts,
                         max_retries, timeout_ms, run_at_ms, created_at_ms, updated_at_ms,
                         last_error, dead_reason, fingerprint)
                     VALUES (?1, ?2, ?3, 2, 0, x'00', 4, 3, 60000, 0, 0, ?4, ?5, 'retries_exhausted', ?6)",
                )
                .expect("insert");
            for i in done..(done + 50_000).min(n) {
                let k = (i % 5) as usize;
                let error = format!("{} (task {i})", errors[k]);
                // As the store's fail does, so the DLQ's groups are those of real failures.
                let fp = worker_server::engine::fingerprint::fingerprint(&error);
                insert
                    .execute(params![
                        format!("00000000-0000-7000-8000-{i:012}"),
                        handlers[k],
                        format!("q{}", i % 3),
                        i as i64,
                        error,
                        fp,
                    ])
                    .expect("insert row");
            }
            tx.execute("UPDATE tasks SET state = 5 WHERE state = 2", [])
                .expect("kill");
        }
        tx.commit().expect("commit");
        done = (done + 50_000).min(n);
    }
}

/// The filtered listings an operator asks for: (name, queue, handler, text, fingerprint).
pub(crate) const CASES: [(&str, &str, &str, &str, &str); 7] = [
    ("first page", "", "", "", ""),
    ("by queue", "q1", "", "", ""),
    ("by handler", "", "charge_card", "", ""),
    ("text matching one entry", "", "", "task 777)", ""),
    ("text matching a fifth", "", "", "smtp timeout", ""),
    (
        "one group (handler + fingerprint)",
        "",
        "charge_card",
        "",
        "card declined: insufficient funds (task <n>)",
    ),
    ("queue + handler + text", "q2", "webhook", "502", ""),
];

fn filter(queue: &str, handler: &str, text: &str, fingerprint: &str) -> DlqFilter {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    DlqFilter {
        queue: some(queue).map(|q| QueueName::new(&q).expect("queue")),
        handler: some(handler).map(|h| HandlerName::new(&h).expect("handler")),
        query: some(text),
        fingerprint: some(fingerprint),
        failed_before_ms: None,
    }
}

/// Times each listing on a DLQ of `entries` on `store` ("sqlite" or "redis"): the first page
/// (a bounded scan from the newest, as `ListDLQ` without a cursor), the page after it (by its
/// cursor), a page deep in the DLQ by offset, and the groups: the p99 of `samples` calls, per
/// repeat.
pub(crate) async fn listings(
    report: &mut Report,
    repeats: usize,
    entries: u64,
    samples: usize,
    store: &str,
) {
    let dir = tempfile::tempdir().expect("scratch dir");
    let redis;
    let start = Instant::now();
    let engine = if store == "redis" {
        let Some(server) = worker_testkit::redis::RedisServer::start().await else {
            report.note("dlq redis: skipped, no redis-server");
            return;
        };
        redis = server;
        let engine = crate::redis::engine_on(&redis, Default::default()).await;
        fill_redis(&redis.url(), crate::redis::PREFIX, entries).await;
        engine
    } else {
        let engine = crate::stores::fresh_sqlite_at(dir.path()).await;
        fill(&dir.path().join("worker.db"), entries);
        engine
    };
    report.note(format!(
        "dlq {store}: filled a DLQ of {entries} entries in {:.1} s",
        start.elapsed().as_secs_f64()
    ));
    let mut cases: Vec<(String, DlqFilter)> = CASES
        .iter()
        .map(|(name, q, h, t, f)| (name.to_string(), filter(q, h, t, f)))
        .collect();
    cases.push((
        "age (older than 1 min) + text".into(),
        DlqFilter {
            query: Some("refused".into()),
            failed_before_ms: Some(engine.now_ms() - 60_000),
            ..Default::default()
        },
    ));
    cases.push(("queue + handler".into(), filter("q1", "sync_crm", "", "")));
    for (name, filter) in cases {
        for later in [false, true] {
            let mut p99s = Vec::new();
            let mut shape = serde_json::Value::Null;
            for _ in 0..repeats {
                let (p99, s) = time(&engine, &filter, later, samples).await;
                p99s.push(p99);
                shape = s;
            }
            let which = if later { "next page" } else { "first page" };
            report.add(
                Figure::new(
                    format!("engine list_dlq {name}, {which} {store} @{entries}: p99"),
                    "ms",
                    p99s,
                )
                .target(Target::AtMost(5.0))
                .extra(shape),
            );
        }
    }
    let offset = 10_000.min(entries / 2);
    let mut p99s = Vec::new();
    for _ in 0..repeats {
        let mut lat = Vec::new();
        for _ in 0..samples {
            let start = Instant::now();
            engine
                .list_dlq(&DlqFilter::default(), 100, offset)
                .await
                .expect("list");
            lat.push(start.elapsed());
        }
        lat.sort();
        p99s.push(ms(percentile(&lat, 99.0)));
    }
    report.add(Figure::new(
        format!("engine list_dlq page at offset {offset} {store} @{entries}: p99"),
        "ms",
        p99s,
    ));
    let mut p99s = Vec::new();
    for _ in 0..repeats {
        let mut lat = Vec::new();
        for _ in 0..samples {
            let start = Instant::now();
            engine.dlq_groups(None, None, 100).await.expect("groups");
            lat.push(start.elapsed());
        }
        lat.sort();
        p99s.push(ms(percentile(&lat, 99.0)));
    }
    report.add(Figure::new(
        format!("engine dlq_groups by cause {store} @{entries}: p99"),
        "ms",
        p99s,
    ));
}

/// The p99 of `samples` pages of `filter` (the first, or the one after it by its cursor) and
/// what the last one held.
async fn time(
    engine: &Engine,
    filter: &DlqFilter,
    later: bool,
    samples: usize,
) -> (f64, serde_json::Value) {
    let start = if later {
        let first = engine
            .list_dlq_page(filter, 100, DlqStart::NEWEST)
            .await
            .expect("list");
        DlqStart::Below {
            below: first.next,
            budget: None,
        }
    } else {
        DlqStart::NEWEST
    };
    let mut lat = Vec::with_capacity(samples);
    let mut shape = serde_json::Value::Null;
    for _ in 0..samples {
        let t = Instant::now();
        let page = engine
            .list_dlq_page(filter, 100, start)
            .await
            .expect("list");
        lat.push(t.elapsed());
        shape = serde_json::json!({
            "entries": page.items.len(),
            "total": page.total,
            "total_capped": page.total_capped,
            "more": page.next.is_some(),
        });
    }
    lat.sort();
    (ms(percentile(&lat, 99.0)), shape)
}
