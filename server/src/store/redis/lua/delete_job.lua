-- Standalone (no prelude). KEYS: job records. ARGV: name. Removes the job (its runs, logs and
-- events stay, and so does its revision); returns 1 when there was one.
return redis.call('HDEL', KEYS[1], ARGV[1])
