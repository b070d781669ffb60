-- Containerized jobs, version 4 of the schema.

-- A job is kept whole as the engine's JSON record. A deleted job keeps its row with a NULL
-- record, so one created again under the name continues its revisions.
CREATE TABLE jobs (
    name     TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    record   TEXT
);

-- One row per run (run_id = its task's id), the record as JSON beside the columns listings,
-- the status check and retention read.
CREATE TABLE job_runs (
    run_id         TEXT PRIMARY KEY,
    job            TEXT NOT NULL,
    status         TEXT NOT NULL,
    attempt        INTEGER NOT NULL,
    queued_at_ms   INTEGER NOT NULL,
    finished_at_ms INTEGER,
    record         TEXT NOT NULL
);
-- Newest first, all runs, by status, by job, by job and status.
CREATE INDEX job_runs_by_time ON job_runs (queued_at_ms, run_id);
CREATE INDEX job_runs_by_status ON job_runs (status, queued_at_ms, run_id);
CREATE INDEX job_runs_by_job ON job_runs (job, queued_at_ms, run_id);
CREATE INDEX job_runs_by_job_status ON job_runs (job, status, queued_at_ms, run_id);

-- A run's output in numbered chunks (seq from 1, no gaps), and the log's totals.
CREATE TABLE job_logs (
    run_id TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    stream TEXT NOT NULL,
    at_ms  INTEGER NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TABLE job_log_state (
    run_id        TEXT PRIMARY KEY,
    stored_bytes  INTEGER NOT NULL,
    dropped_bytes INTEGER NOT NULL,
    truncated     INTEGER NOT NULL,
    last_seq      INTEGER NOT NULL
);

-- Job events by a global sequence, so events recorded in the same millisecond never replace
-- each other and names never collide.
CREATE TABLE job_events (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    name   TEXT NOT NULL,
    at_ms  INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX job_events_by_name ON job_events (name, seq);
