-- Dead tasks grouped by cause: each DLQ entry carries its error's fingerprint (the error text
-- with numbers, ids and quoted values masked, computed by the store's fail from the engine's
-- rules), and `dlq_groups` counts entries per queue, handler and fingerprint, kept by triggers
-- like the other counters, so listing groups is O(groups) however long the DLQ is.
ALTER TABLE tasks ADD COLUMN fingerprint TEXT;
-- NULL until fingerprinted: rows from before this migration get theirs from the migration's
-- Rust step (`conn.rs`), which the update trigger below counts.
ALTER TABLE dlq ADD COLUMN fingerprint TEXT;
-- Opening a group lists its entries newest first.
CREATE INDEX dlq_by_fingerprint ON dlq (handler, fingerprint, seq);

-- `first_failed_ms` and `last_failed_ms` are of the entries that entered the group since it was
-- last empty (a replay of part of a group leaves them); the sample is the newest entry's.
CREATE TABLE dlq_groups (
    queue           TEXT NOT NULL,
    handler         TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    n               INTEGER NOT NULL,
    first_failed_ms INTEGER NOT NULL,
    last_failed_ms  INTEGER NOT NULL,
    sample_task_id  TEXT NOT NULL,
    sample_error    TEXT NOT NULL,
    PRIMARY KEY (queue, handler, fingerprint)
) WITHOUT ROWID;

DROP TRIGGER tasks_enter_dlq;
CREATE TRIGGER tasks_enter_dlq AFTER UPDATE OF state ON tasks
WHEN NEW.state = 5 AND OLD.state <> 5 BEGIN
    INSERT INTO dlq (task_seq, task_id, queue, handler, error, failed_at_ms, fingerprint)
    VALUES (NEW.seq, NEW.id, NEW.queue, NEW.handler, coalesce(NEW.last_error, ''),
            NEW.updated_at_ms, coalesce(NEW.fingerprint, ''));
END;

CREATE TRIGGER dlq_groups_enter AFTER INSERT ON dlq WHEN NEW.fingerprint IS NOT NULL BEGIN
    INSERT INTO dlq_groups (queue, handler, fingerprint, n, first_failed_ms, last_failed_ms,
                            sample_task_id, sample_error)
    VALUES (NEW.queue, NEW.handler, NEW.fingerprint, 1, NEW.failed_at_ms, NEW.failed_at_ms,
            NEW.task_id, substr(NEW.error, 1, 1024))
    ON CONFLICT (queue, handler, fingerprint) DO UPDATE SET
        n = n + 1,
        first_failed_ms = min(first_failed_ms, excluded.first_failed_ms),
        last_failed_ms = max(last_failed_ms, excluded.last_failed_ms),
        sample_task_id = CASE WHEN excluded.last_failed_ms >= last_failed_ms
                              THEN excluded.sample_task_id ELSE sample_task_id END,
        sample_error = CASE WHEN excluded.last_failed_ms >= last_failed_ms
                            THEN excluded.sample_error ELSE sample_error END;
END;

CREATE TRIGGER dlq_groups_fingerprinted AFTER UPDATE OF fingerprint ON dlq
WHEN OLD.fingerprint IS NULL AND NEW.fingerprint IS NOT NULL BEGIN
    INSERT INTO dlq_groups (queue, handler, fingerprint, n, first_failed_ms, last_failed_ms,
                            sample_task_id, sample_error)
    VALUES (NEW.queue, NEW.handler, NEW.fingerprint, 1, NEW.failed_at_ms, NEW.failed_at_ms,
            NEW.task_id, substr(NEW.error, 1, 1024))
    ON CONFLICT (queue, handler, fingerprint) DO UPDATE SET
        n = n + 1,
        first_failed_ms = min(first_failed_ms, excluded.first_failed_ms),
        last_failed_ms = max(last_failed_ms, excluded.last_failed_ms),
        sample_task_id = CASE WHEN excluded.last_failed_ms >= last_failed_ms
                              THEN excluded.sample_task_id ELSE sample_task_id END,
        sample_error = CASE WHEN excluded.last_failed_ms >= last_failed_ms
                            THEN excluded.sample_error ELSE sample_error END;
END;

CREATE TRIGGER dlq_groups_leave AFTER DELETE ON dlq WHEN OLD.fingerprint IS NOT NULL BEGIN
    UPDATE dlq_groups SET n = n - 1
    WHERE queue = OLD.queue AND handler = OLD.handler AND fingerprint = OLD.fingerprint;
    DELETE FROM dlq_groups
    WHERE queue = OLD.queue AND handler = OLD.handler AND fingerprint = OLD.fingerprint
      AND n <= 0;
END;
