-- The audit log, version 2 of the schema. Entries are hash-chained (see engine::audit).
CREATE TABLE audit (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms        INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    role         TEXT NOT NULL,
    request_id   TEXT NOT NULL,
    action       TEXT NOT NULL,
    target       TEXT NOT NULL,
    status       TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    detail       TEXT NOT NULL,
    metadata     TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_by_action ON audit (action, id);
CREATE INDEX audit_by_actor ON audit (actor, id);
CREATE INDEX audit_by_time ON audit (at_ms);

-- The hash of the newest entry ever written, kept apart from the table so the chain continues
-- across entries that retention deleted.
ALTER TABLE coordination ADD COLUMN audit_head TEXT;
