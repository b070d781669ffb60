-- Standalone (no prelude). KEYS: coord (the sequence), job events, job event ids, names of jobs
-- with history, then each event's job events index. ARGV: three per event: the event (JSON),
-- its job's name, when it was recorded. Each event takes the next global sequence, so events
-- of one run in the same millisecond never replace each other and newest first is highest
-- first. The ids set's members are `seq␟name`, the job index's `seq␟time`, so listing and
-- trimming never read the JSON. Returns how many were appended.
local n = #ARGV / 3
for i = 0, n - 1 do
  local json, name, at = ARGV[3 * i + 1], ARGV[3 * i + 2], ARGV[3 * i + 3]
  local seq = redis.call('HINCRBY', KEYS[1], 'job_event_seq', 1)
  redis.call('HSET', KEYS[2], seq, json)
  redis.call('ZADD', KEYS[3], seq, seq .. '\31' .. name)
  redis.call('ZADD', KEYS[5 + i], seq, seq .. '\31' .. at)
  redis.call('SADD', KEYS[4], name)
end
return n
