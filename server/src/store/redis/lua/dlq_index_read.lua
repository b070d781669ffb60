-- Read-only, for the backfill of the DLQ's sets per queue and handler (`backfill.rs`): the
-- entries of the DLQ above a sequence, oldest first, each with its task's queue and handler.
-- KEYS: the tasks hash, the DLQ (`{P}:dlq`). ARGV: after (exclusive; '' from the oldest), at
-- most this many entries.
-- Returns {id, sequence, queue, handler, ...}; an entry whose record is gone comes with empty
-- names (the fill skips it; a task's delete takes it out of the DLQ too).
-- A record is a flat JSON object of scalars whose names have no character JSON escapes, so
-- `"queue":"` can only be the field itself (inside a string its quotes would be escaped).
local min = ARGV[1] == '' and '-inf' or ('(' .. ARGV[1])
local rows = redis.call('ZRANGEBYSCORE', KEYS[2], min, '+inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
local n = #rows / 2
if n == 0 then
  return {}
end
local ids = {}
for i = 1, n do
  ids[i] = rows[2 * i - 1]
end
local raws = redis.call('HMGET', KEYS[1], unpack(ids))
local out = {}
for i = 1, n do
  local raw = raws[i]
  local queue, handler = '', ''
  if raw then
    queue = string.match(raw, '"queue":"([^"]*)"') or ''
    handler = string.match(raw, '"handler":"([^"]*)"') or ''
  end
  out[#out + 1] = ids[i]
  out[#out + 1] = rows[2 * i]
  out[#out + 1] = queue
  out[#out + 1] = handler
end
return out
