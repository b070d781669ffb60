-- Task outcomes per queue and hour, for the long history (the 30-day range and the 30 days
-- before it). Kept by a trigger beside the minute table's, so counting stays O(1) per
-- transition; the retention sweep drops hours older than 60 days and minutes older than 48 h.
CREATE TABLE throughput_hours (
    hour_ms   INTEGER NOT NULL,
    queue     TEXT NOT NULL,
    succeeded INTEGER NOT NULL DEFAULT 0,
    failed    INTEGER NOT NULL DEFAULT 0,
    dead      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hour_ms, queue)
) WITHOUT ROWID;

CREATE TRIGGER tasks_on_outcome_hour AFTER UPDATE OF state ON tasks
WHEN OLD.state = 2 AND NEW.state IN (3, 4, 5) BEGIN
    INSERT INTO throughput_hours (hour_ms, queue, succeeded, failed, dead)
    VALUES ((NEW.updated_at_ms / 3600000) * 3600000, NEW.queue,
            NEW.state = 4, NEW.state = 3, NEW.state = 5)
    ON CONFLICT (hour_ms, queue) DO UPDATE SET
        succeeded = succeeded + excluded.succeeded,
        failed = failed + excluded.failed,
        dead = dead + excluded.dead;
END;

-- The minutes already counted become the first hours.
INSERT INTO throughput_hours (hour_ms, queue, succeeded, failed, dead)
SELECT (minute_ms / 3600000) * 3600000, queue, sum(succeeded), sum(failed), sum(dead)
FROM throughput GROUP BY 1, 2;
