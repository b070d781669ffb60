-- Cron schedules, version 3 of the schema. A schedule is kept whole as the engine's JSON
-- record; `revision` is the compare-and-set guard of every update. A deleted schedule keeps
-- its row with a NULL record, so one created again under the name continues its revisions and
-- no compare-and-set read before the delete can match the new schedule.
CREATE TABLE schedules (
    name     TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    record   TEXT
);

-- The history of schedule runs, trimmed to the newest entries by retention.
CREATE TABLE schedule_events (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    name    TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    status  TEXT NOT NULL,
    at_ms   INTEGER NOT NULL,
    record  TEXT NOT NULL
);
-- The newest events of one schedule.
CREATE INDEX schedule_events_by_name ON schedule_events (name, seq);
-- The run-now cap: fires of one schedule and trigger since a time.
CREATE INDEX schedule_events_fires ON schedule_events (name, "trigger", at_ms) WHERE status = 'fired';
