-- ARGV: name, field (paused or weight), value ('' clears the weight), now, create ('1': the
-- queue must not exist and is registered by this write; '0': it must exist). Writes the audit
-- entry with the change. Returns the entry's id, or 0 (nothing written) when the queue's
-- existence is not what `create` says.
local q = queue_record(ARGV[1])
local create = ARGV[5] == '1'
if (q ~= nil) == create then
  return 0
end
local now = tonumber(ARGV[4])
if create then
  q = { paused = 0, created = now }
end
local id = write_audit()
if ARGV[2] == 'paused' then
  q.paused = tonumber(ARGV[3])
elseif ARGV[3] == '' then
  q.weight = nil
else
  q.weight = tonumber(ARGV[3])
end
q.updated = now
redis.call('HSET', KEYS[G_QUEUES], ARGV[1], cjson.encode(q))
return id
