-- Text listings read the trigram index newest first. FTS5 walks a doclist backwards at a cost
-- that grows with the distance it skips (a text matching one old entry of a million cost
-- milliseconds), and forwards cheaply, so the index is keyed by the negated DLQ sequence: its
-- ascending order is the listing's. It holds no copy of the text (contentless): `dlq` has it,
-- and the delete trigger hands the old values back as FTS5 needs them to unindex a row.
DROP TRIGGER dlq_fts_insert;
DROP TRIGGER dlq_fts_delete;
DROP TABLE dlq_fts;
CREATE VIRTUAL TABLE dlq_fts USING fts5 (
    task_id, handler, error,
    content = '', tokenize = 'trigram'
);
INSERT INTO dlq_fts (rowid, task_id, handler, error)
    SELECT -seq, task_id, handler, error FROM dlq;
CREATE TRIGGER dlq_fts_insert AFTER INSERT ON dlq BEGIN
    INSERT INTO dlq_fts (rowid, task_id, handler, error)
    VALUES (-NEW.seq, NEW.task_id, NEW.handler, NEW.error);
END;
CREATE TRIGGER dlq_fts_delete AFTER DELETE ON dlq BEGIN
    INSERT INTO dlq_fts (dlq_fts, rowid, task_id, handler, error)
    VALUES ('delete', -OLD.seq, OLD.task_id, OLD.handler, OLD.error);
END;
