-- A bulk operation's record, compare-and-set on its revision, with an operator's audit entry
-- when one is given (the entry first, both or neither); the indexes of running and of finished
-- operations follow the record.
-- KEYS: records hash, revisions hash, index (sorted by creation), coord, audit, auditids,
-- running (a set of ids), finished (ids sorted by when they finished).
-- ARGV: id, revision read (0: none stored), record (JSON, carrying the new revision),
-- created_at_ms, '1' when it is running, when it finished ('' unless done or cancelled).
-- Returns {written (1 or 0), audit id or 0}.
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if current ~= tonumber(ARGV[2]) then
  return { 0, 0 }
end
local audit_id = 0
if AUDIT then
  audit_id = write_audit_into(KEYS[4], KEYS[5], KEYS[6])
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], current + 1)
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
if ARGV[5] == '1' then
  redis.call('SADD', KEYS[7], ARGV[1])
else
  redis.call('SREM', KEYS[7], ARGV[1])
end
if ARGV[6] ~= '' then
  redis.call('ZADD', KEYS[8], ARGV[6], ARGV[1])
else
  redis.call('ZREM', KEYS[8], ARGV[1])
end
return { 1, audit_id }
