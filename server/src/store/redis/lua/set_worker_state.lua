-- ARGV: id, state, recycled (1/0), now.
local raw = redis.call('HGET', KEYS[G_WORKERS], ARGV[1])
if not raw then
  return 0
end
local w = cjson.decode(raw)
w.state = ARGV[2]
w.beat = tonumber(ARGV[4])
if ARGV[3] == '1' then
  w.recycle = nil
  w.recycles = (w.recycles or 0) + 1
  w.in_flight = 0
end
redis.call('HSET', KEYS[G_WORKERS], ARGV[1], cjson.encode(w))
return 1
