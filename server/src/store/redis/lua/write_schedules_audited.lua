-- After audit.lua (no task prelude). An operator's schedule change with its audit entry, planned
-- on what the caller read. KEYS: schedule records, schedule revisions, coord, audit entries,
-- audit ids. ARGV (after the audit's): n, then five per change: 'put' or 'delete', the name, the
-- revision the caller read (for a schedule it found absent: the revision left behind, 0 for
-- none), '1' when the caller found the schedule, '0' when not, and for a put the record (JSON,
-- already carrying that revision plus one). Every change is checked before anything is written:
-- a schedule whose revision or existence is not what the caller read ends the script with
-- STALE_PLAN, and the caller reads again. Then the entry is written first (see
-- `write_audit_into`), then the changes; a revision only ever grows, and stays behind a delete,
-- as in write_schedule.lua. Returns {'ok', n, audit id}.
local n = tonumber(ARGV[1])
for i = 0, n - 1 do
  local a = 2 + 5 * i
  local name, read, found = ARGV[a + 1], tonumber(ARGV[a + 2]), ARGV[a + 3] == '1'
  local current = tonumber(redis.call('HGET', KEYS[2], name) or '0')
  local exists = redis.call('HEXISTS', KEYS[1], name) == 1
  if current ~= read or exists ~= found or (ARGV[a] == 'delete' and not exists) then
    return error({ err = 'STALE_PLAN the schedule changed' })
  end
end
local id = write_audit_into(KEYS[3], KEYS[4], KEYS[5])
for i = 0, n - 1 do
  local a = 2 + 5 * i
  local name = ARGV[a + 1]
  if ARGV[a] == 'put' then
    redis.call('HSET', KEYS[1], name, ARGV[a + 4])
    redis.call('HINCRBY', KEYS[2], name, 1)
  else
    redis.call('HDEL', KEYS[1], name)
  end
end
return { 'ok', n, id }
