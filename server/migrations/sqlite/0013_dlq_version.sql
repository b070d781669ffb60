-- A counter every change to the DLQ raises (an entry in, out, or rewritten), so a listing's
-- counted total (text or age: counted by looking at up to a thousand entries) is remembered per
-- filter and reused for as long as the counter has not moved. Triggers keep it, so a write by
-- any path, or by another process on the same file, moves it.
CREATE TABLE dlq_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    v  INTEGER NOT NULL
);
INSERT INTO dlq_version (id, v) VALUES (1, 0);
CREATE TRIGGER dlq_version_insert AFTER INSERT ON dlq BEGIN
    UPDATE dlq_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER dlq_version_delete AFTER DELETE ON dlq BEGIN
    UPDATE dlq_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER dlq_version_update AFTER UPDATE ON dlq BEGIN
    UPDATE dlq_version SET v = v + 1 WHERE id = 1;
END;
