-- ARGV: id, host, pid, version, concurrency, handlers (JSON), now.
local raw = redis.call('HGET', KEYS[G_WORKERS], ARGV[1])
local w = { recycles = 0 }
if raw then
  w = cjson.decode(raw)
end
w.host = ARGV[2]
w.pid = tonumber(ARGV[3])
w.version = ARGV[4]
w.concurrency = tonumber(ARGV[5])
w.in_flight = 0
w.handlers = ARGV[6]
w.state = 'active'
w.started = tonumber(ARGV[7])
w.beat = tonumber(ARGV[7])
redis.call('HSET', KEYS[G_WORKERS], ARGV[1], cjson.encode(w))
return 1
