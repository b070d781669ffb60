-- ARGV: expected head, new hash, entry (JSON). Returns the new id, or false when another
-- writer moved the head first (the caller chains again).
local head = redis.call('HGET', KEYS[G_COORD], 'audit_head') or ''
if head ~= ARGV[1] then
  return false
end
local id = redis.call('HINCRBY', KEYS[G_COORD], 'audit_seq', 1)
redis.call('HSET', KEYS[G_AUDIT], id, ARGV[3])
redis.call('ZADD', KEYS[G_AUDITIDS], id, id)
redis.call('HSET', KEYS[G_COORD], 'audit_head', ARGV[2])
return id
