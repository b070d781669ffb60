-- ARGV: id, reason; with the audit entry (see `write_audit`). Returns {record, audit id}, or
-- false when the worker is unknown (nothing written).
local raw = redis.call('HGET', KEYS[G_WORKERS], ARGV[1])
if not raw then
  return false
end
local w = cjson.decode(raw)
w.recycle = ARGV[2]
local encoded = cjson.encode(w)
local id = write_audit()
redis.call('HSET', KEYS[G_WORKERS], ARGV[1], encoded)
return { encoded, id }
