//! The store's migrations on files older releases left: what each one carries over and the plans
//! its listings walk afterwards.

use super::*;

/// A store made before fingerprints (schema 5) with dead tasks: the migration fingerprints
/// them, so they are grouped like new ones.
#[test]
fn migrating_fingerprints_dead_tasks_written_before_fingerprints() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = at_schema(&dir, DLQ_GROUPS_MIGRATION - 1);
    for (n, error) in [
        "dial tcp 10.0.0.1:25: connection refused",
        "dial tcp 10.0.0.2:587: connection refused",
        "user \"bob\" unknown",
    ]
    .into_iter()
    .enumerate()
    {
        conn.execute(
            "INSERT INTO tasks (id, handler, queue, state, priority, payload, max_retries,
                 timeout_ms, run_at_ms, created_at_ms, updated_at_ms)
             VALUES (?1, 'mail', 'a', 2, 0, x'', 0, 1000, 0, 0, ?2)",
            rusqlite::params![format!("00000000-0000-7000-8000-00000000000{n}"), n as i64],
        )
        .unwrap();
        conn.execute(
            "UPDATE tasks SET state = 5, last_error = ?1 WHERE seq = last_insert_rowid()",
            [error],
        )
        .unwrap();
    }
    migrate(&mut conn).unwrap();
    let groups: Vec<(String, i64, i64, i64)> = conn
        .prepare(
            "SELECT fingerprint, n, first_failed_ms, last_failed_ms FROM dlq_groups
             ORDER BY fingerprint",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        groups,
        vec![
            ("dial tcp <addr>: connection refused".to_string(), 2, 0, 1),
            ("user <q> unknown".to_string(), 1, 2, 2),
        ]
    );
    let unfingerprinted: i64 = conn
        .query_row(
            "SELECT count(*) FROM dlq WHERE fingerprint IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unfingerprinted, 0);
}

/// A store file in `dir` migrated to schema `version` only, as an older release left it.
fn at_schema(dir: &tempfile::TempDir, version: usize) -> Connection {
    let conn = Connection::open(dir.path().join("old.db")).unwrap();
    for sql in &MIGRATIONS[..version] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(&format!("PRAGMA user_version = {version}"))
        .unwrap();
    conn
}

/// A store of schema 9 with dead tasks gains the listing indexes of 0010, and its
/// listings walk them (the plans name them with INDEXED BY, so a missing one fails).
#[test]
fn migration_0010_indexes_an_existing_dlq() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = at_schema(&dir, 9);
    for n in 0..6_i64 {
        conn.execute(
            "INSERT INTO tasks (id, handler, queue, state, priority, payload, max_retries,
                 timeout_ms, run_at_ms, created_at_ms, updated_at_ms, last_error,
                 fingerprint)
             VALUES (?1, ?2, 'a', 2, 0, x'', 0, 1000, 0, 0, ?3, 'boom', 'boom')",
            rusqlite::params![
                format!("00000000-0000-7000-8000-00000000000{n}"),
                if n % 2 == 0 { "mail" } else { "resize" },
                n
            ],
        )
        .unwrap();
        conn.execute(
            "UPDATE tasks SET state = 5 WHERE seq = last_insert_rowid()",
            [],
        )
        .unwrap();
    }
    migrate(&mut conn).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, MIGRATIONS.len() as i64);
    let indexes: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN
             ('dlq_by_queue_handler', 'dlq_by_fingerprint_alone', 'dlq_groups_by_handler')
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        indexes,
        [
            "dlq_by_fingerprint_alone",
            "dlq_by_queue_handler",
            "dlq_groups_by_handler"
        ]
    );
    let seqs: Vec<i64> = conn
        .prepare(
            "SELECT seq FROM dlq INDEXED BY dlq_by_queue_handler
             WHERE queue = 'a' AND handler = 'mail' ORDER BY seq DESC",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(seqs, [5, 3, 1]);
}

/// A store of schema 10 with dead tasks gets its trigram index keyed by the negated DLQ
/// sequence (0011): every entry is found again, newest first by ascending rowid, and an
/// entry leaving the DLQ leaves the index.
#[test]
fn migration_0011_keys_the_trigram_index_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = at_schema(&dir, 10);
    for n in 0..4_i64 {
        conn.execute(
            "INSERT INTO tasks (id, handler, queue, state, priority, payload, max_retries,
                 timeout_ms, run_at_ms, created_at_ms, updated_at_ms, last_error,
                 fingerprint)
             VALUES (?1, 'mail', 'a', 2, 0, x'', 0, 1000, 0, 0, ?2, ?3, 'boom')",
            rusqlite::params![
                format!("00000000-0000-7000-8000-00000000000{n}"),
                n,
                if n == 2 { "other" } else { "SMTP boom" }
            ],
        )
        .unwrap();
        conn.execute(
            "UPDATE tasks SET state = 5 WHERE seq = last_insert_rowid()",
            [],
        )
        .unwrap();
    }
    migrate(&mut conn).unwrap();
    let found = |conn: &Connection| -> Vec<i64> {
        conn.prepare("SELECT -rowid FROM dlq_fts WHERE dlq_fts MATCH '\"smtp\"' ORDER BY rowid ASC")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(found(&conn), [4, 2, 1]);
    // Replayed: out of the DLQ, out of the index; a new death is indexed by its trigger.
    conn.execute("UPDATE tasks SET state = 1 WHERE seq = 2", [])
        .unwrap();
    assert_eq!(found(&conn), [4, 1]);
    conn.execute("UPDATE tasks SET state = 5 WHERE seq = 2", [])
        .unwrap();
    assert_eq!(found(&conn), [5, 4, 1]);
    let check: Result<(), _> =
        conn.execute_batch("INSERT INTO dlq_fts (dlq_fts, rank) VALUES ('integrity-check', 0)");
    assert!(check.is_ok(), "{check:?}");
}

/// A store of schema 11 keeps its counters through 0012, whose one trigger still counts,
/// copies to the DLQ and buckets every transition but the two the writer counts per
/// batch (a lease and a completion), which it leaves alone.
#[test]
fn migration_0012_leaves_leases_and_completions_to_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = at_schema(&dir, 11);
    for n in 0..4_i64 {
        conn.execute(
            "INSERT INTO tasks (id, handler, queue, state, priority, payload, max_retries,
                 timeout_ms, run_at_ms, created_at_ms, updated_at_ms)
             VALUES (?1, 'mail', 'a', 1, 0, x'', 0, 1000, 0, 0, 60000)",
            [format!("00000000-0000-7000-8000-00000000000{n}")],
        )
        .unwrap();
    }
    conn.execute("UPDATE tasks SET state = 2 WHERE seq IN (1, 2, 3)", [])
        .unwrap();
    migrate(&mut conn).unwrap();
    let counts = |conn: &Connection| -> Vec<(i64, i64)> {
        conn.prepare(
            "SELECT state, n FROM queue_counts WHERE queue = 'a' AND n <> 0 ORDER BY state",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let minute = |conn: &Connection| -> (i64, i64, i64) {
        conn.query_row(
            "SELECT succeeded, failed, dead FROM throughput WHERE minute_ms = 60000",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    let hour = |conn: &Connection| -> (i64, i64, i64) {
        conn.query_row(
            "SELECT succeeded, failed, dead FROM throughput_hours WHERE hour_ms = 0",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    let dlq = |conn: &Connection| -> Vec<i64> {
        conn.prepare("SELECT task_seq FROM dlq ORDER BY seq")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(counts(&conn), [(1, 1), (2, 3)], "carried over");
    // A retry and a death: counted, bucketed, the death into the DLQ.
    conn.execute("UPDATE tasks SET state = 3 WHERE seq = 1", [])
        .unwrap();
    conn.execute(
        "UPDATE tasks SET state = 5, last_error = 'boom' WHERE seq = 2",
        [],
    )
    .unwrap();
    assert_eq!(counts(&conn), [(1, 1), (2, 1), (3, 1), (5, 1)]);
    assert_eq!((minute(&conn), hour(&conn)), ((0, 1, 1), (0, 1, 1)));
    assert_eq!(dlq(&conn), [2]);
    // Replayed out of the DLQ: counted, out of it.
    conn.execute("UPDATE tasks SET state = 1 WHERE seq = 2", [])
        .unwrap();
    assert_eq!(counts(&conn), [(1, 2), (2, 1), (3, 1)]);
    assert_eq!(dlq(&conn), Vec::<i64>::new());
    // A lease and a completion are left to the writer's per-batch counts.
    conn.execute("UPDATE tasks SET state = 2 WHERE seq = 4", [])
        .unwrap();
    conn.execute("UPDATE tasks SET state = 4 WHERE seq = 3", [])
        .unwrap();
    assert_eq!(counts(&conn), [(1, 2), (2, 1), (3, 1)]);
    assert_eq!((minute(&conn), hour(&conn)), ((0, 1, 1), (0, 1, 1)));
}

/// A store of schema 13 keeps every task listable by queue and state through 0014, which
/// takes running tasks out of `tasks_by_state`: the listing of each state, written as the
/// store writes it, finds exactly that state's tasks of the queue, newest first, and walks
/// the index meant for it, `tasks_by_queue` when no state is asked (a listing that scanned
/// the whole table would still be right, and slow at a million tasks). The oldest ready task
/// of a queue, whose index by time 0014 drops, is still found whatever its priority, by seeks
/// in `tasks_ready`, and behind more priorities than it seeks.
#[test]
fn migration_0014_lists_every_state_by_an_index() {
    use crate::engine::model::TaskState;
    use crate::store::sqlite::rows::{state_terms, tasks_source};

    let dir = tempfile::tempdir().unwrap();
    let mut conn = at_schema(&dir, 13);
    // Queues a and b, each with tasks pending (1), running (2), succeeded (4) and dead (5).
    for (n, (queue, state)) in [
        ("a", 1),
        ("b", 2),
        ("a", 2),
        ("a", 4),
        ("b", 1),
        ("a", 5),
        ("a", 2),
        ("a", 1),
        ("b", 4),
    ]
    .into_iter()
    .enumerate()
    {
        conn.execute(
            "INSERT INTO tasks (id, handler, queue, state, priority, payload, max_retries,
                 timeout_ms, run_at_ms, created_at_ms, updated_at_ms)
             VALUES (?1, 'mail', ?2, 1, 0, x'', 0, 1000, 0, 0, 0)",
            rusqlite::params![format!("00000000-0000-7000-8000-00000000000{n}"), queue],
        )
        .unwrap();
        if state != 1 {
            conn.execute(
                "UPDATE tasks SET state = ?1, lease_until_ms = CASE ?1 WHEN 2 THEN 5000 END
                 WHERE seq = last_insert_rowid()",
                [state],
            )
            .unwrap();
        }
    }
    migrate(&mut conn).unwrap();
    let partial: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'tasks_by_state'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(partial.ends_with("WHERE state <> 2"), "{partial}");
    // Each listing as the store writes it: its rows, and the plan's steps.
    let listing = |state: Option<TaskState>| -> (Vec<i64>, Vec<String>) {
        let (terms, bound) = match state {
            Some(state) => state_terms(state, false),
            None => ("1", None),
        };
        let sql = format!(
            "SELECT seq FROM {} WHERE queue = 'a' AND {terms} ORDER BY seq DESC",
            tasks_source(state, "")
        );
        let found = conn
            .prepare(&sql)
            .unwrap()
            .query_map(rusqlite::params_from_iter(bound.clone()), |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(rusqlite::params_from_iter(bound), |r| r.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        (found, plan)
    };
    for (state, expected, index) in [
        (
            Some(TaskState::Pending),
            vec![8, 1],
            "tasks_by_state (queue=? AND state=?)",
        ),
        (Some(TaskState::Running), vec![7, 3], "tasks_running"),
        (
            Some(TaskState::Succeeded),
            vec![4],
            "tasks_by_state (queue=? AND state=?)",
        ),
        (
            Some(TaskState::Dead),
            vec![6],
            "tasks_by_state (queue=? AND state=?)",
        ),
        (
            Some(TaskState::Retrying),
            vec![],
            "tasks_by_state (queue=? AND state=?)",
        ),
        (None, vec![8, 7, 6, 4, 3, 1], "tasks_by_queue (queue=?)"),
    ] {
        let (found, plan) = listing(state);
        assert_eq!(found, expected, "{state:?}");
        assert!(
            plan.iter()
                .any(|step| step.contains(&format!(" INDEX {index}"))),
            "{state:?} does not walk {index}: {plan:?}"
        );
    }
    // A queue's oldest ready task, without an index of ready tasks by time: found, by
    // seeks in `tasks_ready` alone.
    let gone: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'tasks_ready_age'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(gone, 0);
    conn.execute(
        "UPDATE tasks SET run_at_ms = 40, priority = 3 WHERE seq = 8",
        [],
    )
    .unwrap();
    conn.execute("UPDATE tasks SET run_at_ms = 50 WHERE seq = 1", [])
        .unwrap();
    let oldest = |queue: &str| -> Option<i64> {
        conn.query_row(super::super::queues::OLDEST_READY_SQL, [queue], |r| {
            r.get(0)
        })
        .unwrap()
    };
    assert_eq!((oldest("a"), oldest("c")), (Some(40), None));
    // At the most urgent (lowest) priority, and behind more priorities than it seeks.
    let ready = |queue: &str, priority: i64, run_at: i64| {
        conn.execute(
            "INSERT INTO tasks (id, handler, queue, state, priority, payload, max_retries,
                 timeout_ms, run_at_ms, created_at_ms, updated_at_ms)
             VALUES (?1, 'mail', ?2, 1, ?3, x'', 0, 1000, ?4, 0, 0)",
            rusqlite::params![format!("{queue}-{priority}"), queue, priority, run_at],
        )
        .unwrap();
    };
    for (priority, run_at) in [(4, 6), (-9, 5), (0, 8)] {
        ready("n", priority, run_at);
    }
    for priority in -70..0 {
        ready(
            "m",
            priority,
            if priority == -1 { 7 } else { 1_000 - priority },
        );
    }
    assert_eq!((oldest("n"), oldest("m")), (Some(5), Some(7)));
    let plan: Vec<String> = conn
        .prepare(&format!(
            "EXPLAIN QUERY PLAN {}",
            super::super::queues::OLDEST_READY_SQL
        ))
        .unwrap()
        .query_map(["a"], |r| r.get(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let reads: Vec<&String> = plan
        .iter()
        .filter(|s| s.contains(" t ") || s.contains(" tasks "))
        .collect();
    assert!(
        !reads.is_empty()
            && reads
                .iter()
                .all(|s| s.contains(" INDEX tasks_ready (queue=?")),
        "{plan:?}"
    );
}
