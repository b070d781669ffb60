-- ARGV: cutoff, now. Records running tasks silent since before the cutoff, once per lease;
-- returns the new records.
local ids = redis.call('ZRANGEBYSCORE', KEYS[G_BEATS], '-inf', '(' .. ARGV[1])
local out = {}
for _, id in ipairs(ids) do
  local t = get(id)
  if t and t.state == RUNNING then
    local key = id .. '\31' .. t.token
    local s = cjson.encode({
      task = id, attempt = t.attempts, handler = t.handler, queue = t.queue,
      worker = t.worker, beat = t.heartbeat, at = tonumber(ARGV[2]),
    })
    if redis.call('HSETNX', KEYS[G_STUCK], key, s) == 1 then
      redis.call('ZADD', KEYS[G_STUCKTIME], tonumber(ARGV[2]), key)
      table.insert(out, s)
    end
  end
end
return out
