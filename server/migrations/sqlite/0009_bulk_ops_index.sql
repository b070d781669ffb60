-- Bulk operations' hygiene (issue 17): the runner finds running operations through a partial
-- index instead of reading the newest records, and retention deletes finished ones (done or
-- cancelled) by when they finished. Both columns are kept by every write from the record.
ALTER TABLE bulk_ops ADD COLUMN running INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_ops ADD COLUMN closed_at_ms INTEGER;
UPDATE bulk_ops SET
    running = (json_extract(body, '$.state') = 'running'),
    closed_at_ms = CASE WHEN json_extract(body, '$.state') IN ('done', 'cancelled')
        THEN coalesce(json_extract(body, '$.finished_at_ms'), json_extract(body, '$.updated_at_ms'))
    END;
CREATE INDEX bulk_ops_running ON bulk_ops (id) WHERE running = 1;
CREATE INDEX bulk_ops_closed ON bulk_ops (closed_at_ms) WHERE closed_at_ms IS NOT NULL;
