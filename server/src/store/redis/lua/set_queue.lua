-- ARGV: name, field (paused or weight), value ('' clears the weight), now. Returns 1, or 0
-- when the queue does not exist.
local q = queue_record(ARGV[1])
if not q then
  return 0
end
if ARGV[2] == 'paused' then
  q.paused = tonumber(ARGV[3])
elseif ARGV[3] == '' then
  q.weight = nil
else
  q.weight = tonumber(ARGV[3])
end
q.updated = tonumber(ARGV[4])
redis.call('HSET', KEYS[G_QUEUES], ARGV[1], cjson.encode(q))
return 1
