-- ARGV: id, reason. Returns the record, or false when unknown.
local raw = redis.call('HGET', KEYS[G_WORKERS], ARGV[1])
if not raw then
  return false
end
local w = cjson.decode(raw)
w.recycle = ARGV[2]
local encoded = cjson.encode(w)
redis.call('HSET', KEYS[G_WORKERS], ARGV[1], encoded)
return encoded
