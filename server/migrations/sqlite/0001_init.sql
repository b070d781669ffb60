-- The embedded store's schema, version 1.
-- Task states are stored as integers: 0 scheduled, 1 pending, 2 running, 3 retrying,
-- 4 succeeded, 5 dead, 6 cancelled.
-- Counters, the DLQ index and throughput buckets are maintained by triggers, so no code path
-- that changes a task's state can forget them.

CREATE TABLE queues (
    name          TEXT PRIMARY KEY,
    weight        INTEGER,              -- NULL: the configured default
    paused        INTEGER NOT NULL DEFAULT 0,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE tasks (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    handler          TEXT NOT NULL,
    queue            TEXT NOT NULL,
    state            INTEGER NOT NULL,
    priority         INTEGER NOT NULL,
    payload          BLOB NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_retries      INTEGER NOT NULL,
    timeout_ms       INTEGER NOT NULL,
    run_at_ms        INTEGER NOT NULL,
    created_at_ms    INTEGER NOT NULL,
    started_at_ms    INTEGER,
    finished_at_ms   INTEGER,
    updated_at_ms    INTEGER NOT NULL,
    last_error       TEXT,
    dead_reason      TEXT,
    worker_id        TEXT,
    lease_token      INTEGER,
    lease_until_ms   INTEGER,
    heartbeat_at_ms  INTEGER,
    idempotency_key  TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    metadata         TEXT                -- a JSON object, NULL when empty
);

-- What the next lease takes: by priority (lower first), then by time ready, then FIFO.
CREATE INDEX tasks_ready ON tasks (queue, priority, run_at_ms, seq) WHERE state = 1;
-- The oldest ready task per queue, for queue latency.
CREATE INDEX tasks_ready_age ON tasks (queue, run_at_ms) WHERE state = 1;
-- Scheduled and retrying tasks by the time they become ready.
CREATE INDEX tasks_due ON tasks (run_at_ms) WHERE state IN (0, 3);
-- Running tasks by lease expiry, for reclaim and stuck detection.
CREATE INDEX tasks_running ON tasks (lease_until_ms) WHERE state = 2;
-- Finished tasks by age, for retention.
CREATE INDEX tasks_finished ON tasks (finished_at_ms) WHERE state IN (4, 6);
-- Listings of a queue by state, newest first.
CREATE INDEX tasks_by_state ON tasks (queue, state, seq);

CREATE TABLE task_errors (
    id       INTEGER PRIMARY KEY,
    task_seq INTEGER NOT NULL,
    attempt  INTEGER NOT NULL,
    at_ms    INTEGER NOT NULL,
    error    TEXT NOT NULL
);
CREATE INDEX task_errors_by_task ON task_errors (task_seq, id);

CREATE TABLE queue_counts (
    queue TEXT NOT NULL,
    state INTEGER NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (queue, state)
) WITHOUT ROWID;

CREATE TABLE throughput (
    minute_ms INTEGER NOT NULL,
    queue     TEXT NOT NULL,
    succeeded INTEGER NOT NULL DEFAULT 0,
    failed    INTEGER NOT NULL DEFAULT 0,
    dead      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (minute_ms, queue)
) WITHOUT ROWID;

-- The dead-letter queue in failure order. Its own table keeps DLQ listings and their
-- filters on small indexes however many tasks the store holds.
CREATE TABLE dlq (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    task_seq     INTEGER NOT NULL UNIQUE,
    task_id      TEXT NOT NULL,
    queue        TEXT NOT NULL,
    handler      TEXT NOT NULL,
    error        TEXT NOT NULL,
    failed_at_ms INTEGER NOT NULL
);
CREATE INDEX dlq_by_queue ON dlq (queue, seq);
CREATE INDEX dlq_by_handler ON dlq (handler, seq);
-- Substring search over id, handler and error: a trigram index answers "%text%" without a scan.
CREATE VIRTUAL TABLE dlq_fts USING fts5 (
    task_id, handler, error,
    content = 'dlq', content_rowid = 'seq', tokenize = 'trigram'
);

CREATE TRIGGER dlq_fts_insert AFTER INSERT ON dlq BEGIN
    INSERT INTO dlq_fts (rowid, task_id, handler, error)
    VALUES (NEW.seq, NEW.task_id, NEW.handler, NEW.error);
END;
CREATE TRIGGER dlq_fts_delete AFTER DELETE ON dlq BEGIN
    INSERT INTO dlq_fts (dlq_fts, rowid, task_id, handler, error)
    VALUES ('delete', OLD.seq, OLD.task_id, OLD.handler, OLD.error);
END;

CREATE TRIGGER tasks_on_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO queue_counts (queue, state, n) VALUES (NEW.queue, NEW.state, 1)
    ON CONFLICT (queue, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tasks_on_state AFTER UPDATE OF state ON tasks WHEN OLD.state <> NEW.state BEGIN
    UPDATE queue_counts SET n = n - 1 WHERE queue = OLD.queue AND state = OLD.state;
    INSERT INTO queue_counts (queue, state, n) VALUES (NEW.queue, NEW.state, 1)
    ON CONFLICT (queue, state) DO UPDATE SET n = n + 1;
END;

-- Outcomes of attempts (a running task that succeeded, will retry, or died) per minute.
CREATE TRIGGER tasks_on_outcome AFTER UPDATE OF state ON tasks
WHEN OLD.state = 2 AND NEW.state IN (3, 4, 5) BEGIN
    INSERT INTO throughput (minute_ms, queue, succeeded, failed, dead)
    VALUES ((NEW.updated_at_ms / 60000) * 60000, NEW.queue,
            NEW.state = 4, NEW.state = 3, NEW.state = 5)
    ON CONFLICT (minute_ms, queue) DO UPDATE SET
        succeeded = succeeded + excluded.succeeded,
        failed = failed + excluded.failed,
        dead = dead + excluded.dead;
END;

CREATE TRIGGER tasks_enter_dlq AFTER UPDATE OF state ON tasks
WHEN NEW.state = 5 AND OLD.state <> 5 BEGIN
    INSERT INTO dlq (task_seq, task_id, queue, handler, error, failed_at_ms)
    VALUES (NEW.seq, NEW.id, NEW.queue, NEW.handler, coalesce(NEW.last_error, ''), NEW.updated_at_ms);
END;

CREATE TRIGGER tasks_leave_dlq AFTER UPDATE OF state ON tasks
WHEN OLD.state = 5 AND NEW.state <> 5 BEGIN
    DELETE FROM dlq WHERE task_seq = OLD.seq;
END;

CREATE TRIGGER tasks_on_delete AFTER DELETE ON tasks BEGIN
    UPDATE queue_counts SET n = n - 1 WHERE queue = OLD.queue AND state = OLD.state;
    DELETE FROM task_errors WHERE task_seq = OLD.seq;
    DELETE FROM dlq WHERE task_seq = OLD.seq;
END;

-- Idempotency keys, scoped per handler, live until they expire.
CREATE TABLE idempotency (
    handler       TEXT NOT NULL,
    key           TEXT NOT NULL,
    task_id       TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    PRIMARY KEY (handler, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_by_expiry ON idempotency (expires_at_ms);

-- Cluster-wide coordination: one row.
CREATE TABLE coordination (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    dequeue_paused       INTEGER NOT NULL DEFAULT 0,
    fence                INTEGER NOT NULL DEFAULT 0,
    rate_tokens          REAL,
    rate_updated_at_ms   INTEGER,
    leader_holder        TEXT,
    leader_token         INTEGER NOT NULL DEFAULT 0,
    leader_expires_at_ms INTEGER NOT NULL DEFAULT 0
);
INSERT INTO coordination (id) VALUES (1);

CREATE TABLE workers (
    id                TEXT PRIMARY KEY,
    host              TEXT NOT NULL,
    pid               INTEGER NOT NULL,
    version           TEXT NOT NULL,
    concurrency       INTEGER NOT NULL,
    in_flight         INTEGER NOT NULL DEFAULT 0,
    handlers          TEXT NOT NULL,     -- a JSON array
    state             TEXT NOT NULL,
    started_at_ms     INTEGER NOT NULL,
    last_heartbeat_ms INTEGER NOT NULL,
    recycle_reason    TEXT,
    recycles          INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- One row per stuck attempt (a lease is identified by its fencing token).
CREATE TABLE stuck_events (
    id                INTEGER PRIMARY KEY,
    task_id           TEXT NOT NULL,
    lease_token       INTEGER NOT NULL,
    attempt           INTEGER NOT NULL,
    handler           TEXT NOT NULL,
    queue             TEXT NOT NULL,
    worker_id         TEXT,
    last_heartbeat_ms INTEGER NOT NULL,
    detected_at_ms    INTEGER NOT NULL,
    UNIQUE (task_id, lease_token)
);
CREATE INDEX stuck_by_time ON stuck_events (detected_at_ms);

-- The operator event log; ids never repeat, so clients resume by id across restarts.
CREATE TABLE events (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    data  TEXT NOT NULL
);
