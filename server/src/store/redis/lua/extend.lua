-- ARGV: lease_until, now, then pairs of id and token. Returns per lease -1 (lost), 0 or 1
-- (cancel requested).
local lease_until = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV, 2 do
  local t = get(ARGV[i])
  if t and t.state == RUNNING and t.token == tonumber(ARGV[i + 1]) then
    t.lease_until = lease_until
    t.heartbeat = now
    redis.call('ZADD', KEYS[G_RUNNING], lease_until, t.id)
    redis.call('ZADD', KEYS[G_BEATS], now, t.id)
    put(t)
    table.insert(out, t.cancel)
  else
    table.insert(out, -1)
  end
end
return out
