-- ARGV: cutoff. Marks live workers silent since before the cutoff as lost, holding nothing
-- (their leases expire and are reclaimed); returns {id, record, ...}.
local all = redis.call('HGETALL', KEYS[G_WORKERS])
local out = {}
for i = 1, #all, 2 do
  local w = cjson.decode(all[i + 1])
  if (w.state == 'active' or w.state == 'draining') and w.beat < tonumber(ARGV[1]) then
    w.state = 'lost'
    w.in_flight = 0
    local encoded = cjson.encode(w)
    redis.call('HSET', KEYS[G_WORKERS], all[i], encoded)
    table.insert(out, all[i])
    table.insert(out, encoded)
  end
end
return out
