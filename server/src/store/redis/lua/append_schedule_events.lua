-- Standalone (no prelude). KEYS: coord, schedule events, schedule event ids, then two per event:
-- its schedule's events index and the fired index of its trigger. ARGV: four per event: the
-- event (JSON), its schedule's name, its trigger when it is a fire ('' otherwise), when it was
-- recorded. Each event takes the next global sequence, so newest first is highest first.
local n = #ARGV / 4
for i = 0, n - 1 do
  local json, name, fired, at = ARGV[4 * i + 1], ARGV[4 * i + 2], ARGV[4 * i + 3], ARGV[4 * i + 4]
  local seq = redis.call('HINCRBY', KEYS[1], 'schedule_event_seq', 1)
  redis.call('HSET', KEYS[2], seq, json)
  redis.call('ZADD', KEYS[3], seq, seq .. '\31' .. name .. '\31' .. fired)
  redis.call('ZADD', KEYS[4 + 2 * i], seq, seq)
  if fired ~= '' then
    redis.call('ZADD', KEYS[5 + 2 * i], at, seq)
  end
end
return n
