-- ARGV: id, in_flight, state, now. Returns {'unknown'}, {'none'} or {'recycle', reason}.
local raw = redis.call('HGET', KEYS[G_WORKERS], ARGV[1])
if not raw then
  return { 'unknown' }
end
local w = cjson.decode(raw)
if w.state ~= 'active' and w.state ~= 'draining' then
  return { 'unknown' }
end
w.in_flight = tonumber(ARGV[2])
w.state = ARGV[3]
w.beat = tonumber(ARGV[4])
redis.call('HSET', KEYS[G_WORKERS], ARGV[1], cjson.encode(w))
if w.recycle then
  return { 'recycle', w.recycle }
end
return { 'none' }
