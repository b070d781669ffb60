-- An audited write, shared by the prelude's scripts and the job scripts (which have their own
-- key layout): the caller puts a marker, the chain head it read, the entry's new hash and the
-- entry (JSON) before the script's own arguments; they are taken off ARGV here, so every script
-- reads its own arguments from ARGV[1] as before.
local AUDIT = nil
if ARGV[1] == '\0audit' then
  AUDIT = { head = ARGV[2], hash = ARGV[3], entry = ARGV[4] }
  for _ = 1, 4 do
    table.remove(ARGV, 1)
  end
end

-- Writes the audit entry of this script's mutation into the coordination hash `coord`, the
-- entries hash `audit` and their index `ids`. Call it after validating and before any other
-- write: Redis does not roll back a script that fails half-way, so the head is compared first
-- (a moved head ends the script with STALE_AUDIT_HEAD and the caller chains again), and the
-- entry is the first write, so a failure there (full memory, a wrong type) changes nothing.
-- Returns the entry's id.
local function write_audit_at(coord, audit, ids)
  if not AUDIT then
    return error({ err = 'NO_AUDIT this write needs its audit entry' })
  end
  local head = redis.call('HGET', coord, 'audit_head') or ''
  if head ~= AUDIT.head then
    return error({ err = 'STALE_AUDIT_HEAD the audit chain moved' })
  end
  local id = tonumber(redis.call('HGET', coord, 'audit_seq') or '0') + 1
  redis.call('HSET', audit, id, AUDIT.entry)
  redis.call('HSET', coord, 'audit_seq', id, 'audit_head', AUDIT.hash)
  redis.call('ZADD', ids, id, id)
  return id
end
