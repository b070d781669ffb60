//! The DLQ at scale: a SQLite store's DLQ filled with many entries by writing rows directly,
//! and the filtered listings and cause groups an operator asks for, timed in process.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use worker_server::engine::Engine;
use worker_server::engine::model::{DlqFilter, HandlerName, QueueName};

use crate::report::{Figure, Report, Target, ms, percentile};

/// Fills the DLQ with `n` entries by writing rows directly (the engine's own path would take
/// minutes), letting the schema's triggers index them as for real failures. Safe beside a
/// running server on the same file: it waits for the write lock.
pub(crate) fn fill(path: &Path, n: u64) {
    let mut conn = Connection::open(path).expect("raw sqlite");
    conn.busy_timeout(Duration::from_secs(30))
        .expect("busy timeout");
    conn.execute_batch("PRAGMA synchronous = OFF")
        .expect("pragma");
    let handlers = [
        "send_email",
        "resize_image",
        "charge_card",
        "sync_crm",
        "webhook",
    ];
    let errors = [
        "SMTP timeout after 30s",
        "connection refused by upstream",
        "card declined: insufficient funds",
        "rate limited by the CRM API",
        "HTTP 502 from hook endpoint",
    ];
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

/// Times each listing (and a page deep in the DLQ, and the groups) on a DLQ of `entries`:
/// the p99 of `samples` calls, per repeat.
pub(crate) async fn listings(report: &mut Report, repeats: usize, entries: u64, samples: usize) {
    let dir = tempfile::tempdir().expect("scratch dir");
    let engine = crate::stores::fresh_sqlite_at(dir.path()).await;
    let start = Instant::now();
    fill(&dir.path().join("worker.db"), entries);
    report.note(format!(
        "filled a DLQ of {entries} entries in {:.1} s",
        start.elapsed().as_secs_f64()
    ));
    let mut cases: Vec<(String, DlqFilter, u64)> = CASES
        .iter()
        .map(|(name, q, h, t, f)| (name.to_string(), filter(q, h, t, f), 0))
        .collect();
    cases.insert(
        1,
        (
            format!("page at offset {}", 10_000.min(entries / 2)),
            DlqFilter::default(),
            10_000.min(entries / 2),
        ),
    );
    for (name, filter, offset) in cases {
        let mut p99s = Vec::new();
        let mut total = 0;
        for _ in 0..repeats {
            let (p99, t) = time(&engine, &filter, offset, samples).await;
            p99s.push(p99);
            total = t;
        }
        report.add(
            Figure::new(
                format!("engine list_dlq {name} @{entries}: p99"),
                "ms",
                p99s,
            )
            .target(Target::AtMost(5.0))
            .extra(serde_json::json!({ "total": total })),
        );
    }
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
        format!("engine dlq_groups by cause @{entries}: p99"),
        "ms",
        p99s,
    ));
}

async fn time(engine: &Engine, filter: &DlqFilter, offset: u64, samples: usize) -> (f64, u64) {
    let mut lat = Vec::with_capacity(samples);
    let mut total = 0;
    for _ in 0..samples {
        let start = Instant::now();
        let page = engine.list_dlq(filter, 100, offset).await.expect("list");
        lat.push(start.elapsed());
        total = page.total;
    }
    lat.sort();
    (ms(percentile(&lat, 99.0)), total)
}
