-- Standalone (no prelude). KEYS: schedule records, schedule revisions. ARGV: name. Removes the
-- schedule (its events stay); returns 1 when there was one.
redis.call('HDEL', KEYS[2], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])
