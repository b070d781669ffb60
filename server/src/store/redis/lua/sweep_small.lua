-- ARGV: now, events keep, workers before, stuck before. The retention of everything that is
-- not a task or a queue's throughput (sweep_throughput.lua); returns {idempotency keys,
-- events, workers}.
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
local old = redis.call('ZRANGEBYSCORE', KEYS[G_STUCKTIME], '-inf', '(' .. ARGV[4])
for _, key in ipairs(old) do
  redis.call('HDEL', KEYS[G_STUCK], key)
end
redis.call('ZREMRANGEBYSCORE', KEYS[G_STUCKTIME], '-inf', '(' .. ARGV[4])
return { #expired, events, workers }
