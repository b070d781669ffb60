-- Filtered DLQ listings walk one index newest first and stop after a page (or a bounded
-- budget of rows), so each filter shape has an index whose order is the listing's:
-- queue and handler together, and a fingerprint without its handler.
CREATE INDEX dlq_by_queue_handler ON dlq (queue, handler, seq);
CREATE INDEX dlq_by_fingerprint_alone ON dlq (fingerprint, seq);
-- A listing's exact total without text or age is summed from the groups; by handler (and
-- fingerprint) without the queue this index finds them.
CREATE INDEX dlq_groups_by_handler ON dlq_groups (handler, fingerprint);
