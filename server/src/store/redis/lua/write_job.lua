-- After audit.lua. KEYS: job records, job revisions, then (an audited write) the coordination
-- hash, the audit entries and their index. ARGV: name, the revision the caller read (0: none
-- stored), the record (JSON, already carrying that revision plus one and the created time the
-- caller read). Writes only over the revision the caller read, so the JSON and the revisions
-- hash stay in step without Lua reading JSON, and a created time read from an older record is
-- never written over a newer one. A deleted job's revision stays behind, so one created again
-- under its name continues from it. Returns {0, 0} when the stored revision is another, else
-- {1 when a job was replaced or 2 when one was created, the audit entry's id or 0}.
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if current ~= tonumber(ARGV[2]) then
  return { 0, 0 }
end
local audit_id = 0
if AUDIT then
  audit_id = write_audit_into(KEYS[3], KEYS[4], KEYS[5])
end
local exists = redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
if exists then
  return { 1, audit_id }
end
return { 2, audit_id }
