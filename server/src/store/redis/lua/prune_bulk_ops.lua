-- Retention of bulk operations: deletes finished ones (done or cancelled, in the finished index)
-- that finished before a time or are not among the newest by creation; running and failed
-- ones are never in the finished index, so they stay.
-- KEYS: records hash, revisions hash, index (sorted by creation), running set, finished index.
-- ARGV: finished before (ms), how many of the newest to keep, at most this many deleted.
-- Returns how many were deleted.
local cut = tonumber(ARGV[1])
local keep = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local doomed = {}
local seen = {}
local function take(id)
  if not seen[id] and #doomed < max then
    seen[id] = true
    table.insert(doomed, id)
  end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', '(' .. cut, 'LIMIT', 0, max)) do
  take(id)
end
if #doomed < max then
  -- Beyond the newest `keep`, oldest first: only finished ones go.
  local total = redis.call('ZCARD', KEYS[3])
  if total > keep then
    local older = redis.call('ZRANGE', KEYS[3], 0, total - keep - 1)
    for _, id in ipairs(older) do
      if #doomed >= max then
        break
      end
      if redis.call('ZSCORE', KEYS[5], id) then
        take(id)
      end
    end
  end
end
for _, id in ipairs(doomed) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('SREM', KEYS[4], id)
  redis.call('ZREM', KEYS[5], id)
end
return #doomed
