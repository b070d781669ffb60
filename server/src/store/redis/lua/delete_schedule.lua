-- Standalone (no prelude). KEYS: schedule records. ARGV: name. Removes the schedule (its events
-- stay, and so does its revision, so a schedule created again under the name continues from it
-- and a compare-and-set read before the delete cannot match it); returns 1 when there was one.
return redis.call('HDEL', KEYS[1], ARGV[1])
