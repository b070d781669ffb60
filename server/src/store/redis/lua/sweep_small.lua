-- ARGV: now, events keep, workers before, throughput (minutes) before, stuck before,
-- throughput hours before. The retention of
-- everything that is not a task; returns {idempotency keys, events, workers, buckets}.
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[G_IDEMEXP], '-inf', now)
for _, field in ipairs(expired) do
  redis.call('HDEL', KEYS[G_IDEM], field)
end
redis.call('ZREMRANGEBYSCORE', KEYS[G_IDEMEXP], '-inf', now)
local before = redis.call('XLEN', KEYS[G_EVENTS])
redis.call('XTRIM', KEYS[G_EVENTS], 'MAXLEN', ARGV[2])
local events = before - redis.call('XLEN', KEYS[G_EVENTS])
local workers = 0
local all = redis.call('HGETALL', KEYS[G_WORKERS])
for i = 1, #all, 2 do
  local w = cjson.decode(all[i + 1])
  if (w.state == 'stopped' or w.state == 'lost') and w.beat < tonumber(ARGV[3]) then
    redis.call('HDEL', KEYS[G_WORKERS], all[i])
    workers = workers + 1
  end
end
local buckets = 0
local fields = redis.call('HKEYS', KEYS[G_THROUGHPUT])
for _, f in ipairs(fields) do
  -- Hour fields start with 'h'; minute fields with the minute.
  local hourly = string.sub(f, 1, 1) == 'h'
  local first = hourly and 2 or 1
  local start = tonumber(string.sub(f, first, string.find(f, '\31', 1, true) - 1))
  local cutoff = tonumber(hourly and ARGV[6] or ARGV[4])
  if start < cutoff then
    redis.call('HDEL', KEYS[G_THROUGHPUT], f)
    buckets = buckets + 1
  end
end
local old = redis.call('ZRANGEBYSCORE', KEYS[G_STUCKTIME], '-inf', '(' .. ARGV[5])
for _, key in ipairs(old) do
  redis.call('HDEL', KEYS[G_STUCK], key)
end
redis.call('ZREMRANGEBYSCORE', KEYS[G_STUCKTIME], '-inf', '(' .. ARGV[5])
return { #expired, events, workers, buckets }
