-- ARGV: lease_until, now, then pairs of id and token. Returns per lease -1 (lost), 0 or 1
-- (cancel requested). A task leased here has live fields (see `live_apply` in `live.lua`):
-- only they are rewritten; one whose record was written whole since (a cancel request) is read
-- whole and gets live fields again.
local lease_until = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV, 2 do
  local id = ARGV[i]
  local live = redis.call('HGET', KEYS[G_LIVE], id)
  local t
  if live then
    t = live_apply({ id = id }, live)
  else
    t = get(id)
  end
  if t and t.state == RUNNING and t.token == tonumber(ARGV[i + 1]) then
    t.lease_until = lease_until
    t.heartbeat = now
    redis.call('ZADD', KEYS[G_RUNNING], lease_until, t.id)
    redis.call('ZADD', KEYS[G_BEATS], now, t.id)
    put_live(t)
    table.insert(out, t.cancel)
  else
    table.insert(out, -1)
  end
end
return out
