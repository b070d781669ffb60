-- The two transitions every task makes, pending -> running (a lease) and running ->
-- succeeded (a completion), are counted by the code that makes them, once per queue per batch
-- (`store/sqlite/counts.rs`), instead of by triggers for every row: the per-row counter and
-- throughput upserts were most of the writer's work per task. Only `lease` moves a task from
-- pending to running and only `complete` from running to succeeded; every other change of
-- state is still counted here, so no other code path can forget it.
--
-- The five triggers on a task's state become one: SQLite runs each trigger on a row's update
-- as a sub-program (a frame allocated and freed) even when its WHEN is false, so five cost five
-- sub-programs on every lease and completion; one, skipped by its WHEN, costs one.

DROP TRIGGER tasks_on_state;
DROP TRIGGER tasks_on_outcome;
DROP TRIGGER tasks_on_outcome_hour;
DROP TRIGGER tasks_enter_dlq;
DROP TRIGGER tasks_leave_dlq;

CREATE TRIGGER tasks_on_state AFTER UPDATE OF state ON tasks
WHEN OLD.state <> NEW.state
 AND NOT (OLD.state = 1 AND NEW.state = 2)
 AND NOT (OLD.state = 2 AND NEW.state = 4) BEGIN
    -- Counters per queue and state.
    UPDATE queue_counts SET n = n - 1 WHERE queue = OLD.queue AND state = OLD.state;
    INSERT INTO queue_counts (queue, state, n) VALUES (NEW.queue, NEW.state, 1)
    ON CONFLICT (queue, state) DO UPDATE SET n = n + 1;
    -- Attempts that failed (to be retried) or died, per minute and per hour; successes are
    -- counted per batch.
    INSERT INTO throughput (minute_ms, queue, succeeded, failed, dead)
    SELECT (NEW.updated_at_ms / 60000) * 60000, NEW.queue, 0, NEW.state = 3, NEW.state = 5
    WHERE OLD.state = 2 AND NEW.state IN (3, 5)
    ON CONFLICT (minute_ms, queue) DO UPDATE SET
        failed = failed + excluded.failed,
        dead = dead + excluded.dead;
    INSERT INTO throughput_hours (hour_ms, queue, succeeded, failed, dead)
    SELECT (NEW.updated_at_ms / 3600000) * 3600000, NEW.queue, 0, NEW.state = 3, NEW.state = 5
    WHERE OLD.state = 2 AND NEW.state IN (3, 5)
    ON CONFLICT (hour_ms, queue) DO UPDATE SET
        failed = failed + excluded.failed,
        dead = dead + excluded.dead;
    -- Into the DLQ on death, out of it on any way back.
    INSERT INTO dlq (task_seq, task_id, queue, handler, error, failed_at_ms, fingerprint)
    SELECT NEW.seq, NEW.id, NEW.queue, NEW.handler, coalesce(NEW.last_error, ''),
           NEW.updated_at_ms, coalesce(NEW.fingerprint, '')
    WHERE NEW.state = 5;
    DELETE FROM dlq WHERE OLD.state = 5 AND task_seq = OLD.seq;
END;
