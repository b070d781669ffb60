-- Shared by the schedule scripts that append events (no task prelude). append_schedule_events(k, a):
-- KEYS[k], KEYS[k+1], KEYS[k+2] are coord, schedule events and schedule event ids, then two keys
-- per event: its schedule's events index and the fired index of its trigger. ARGV from a on:
-- four per event: the event (JSON), its schedule's name, its trigger when it is a fire ('' otherwise),
-- when it was recorded. Each event takes the next global sequence, so newest first is highest
-- first. Returns how many were appended.
local function append_schedule_events(k, a)
  local n = (#ARGV - a + 1) / 4
  for i = 0, n - 1 do
    local at_arg = a + 4 * i
    local json, name, fired, at = ARGV[at_arg], ARGV[at_arg + 1], ARGV[at_arg + 2], ARGV[at_arg + 3]
    local seq = redis.call('HINCRBY', KEYS[k], 'schedule_event_seq', 1)
    redis.call('HSET', KEYS[k + 1], seq, json)
    redis.call('ZADD', KEYS[k + 2], seq, seq .. '\31' .. name .. '\31' .. fired)
    redis.call('ZADD', KEYS[k + 3 + 2 * i], seq, seq)
    if fired ~= '' then
      redis.call('ZADD', KEYS[k + 4 + 2 * i], at, seq)
    end
  end
  return n
end
