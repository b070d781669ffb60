-- Bulk operations (issue 17): one row per operation, its record as JSON under a revision that
-- every write compares and bumps, so two nodes never both advance one operation.
CREATE TABLE bulk_ops (
    id            TEXT PRIMARY KEY,
    created_at_ms INTEGER NOT NULL,
    revision      INTEGER NOT NULL,
    body          TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX bulk_ops_by_time ON bulk_ops (created_at_ms, id);
