-- After audit.lua. KEYS: job records, then (an audited delete) the coordination hash, the audit
-- entries and their index. ARGV: name. Removes the job (its runs, logs and events stay, and so
-- does its revision) with its audit entry; returns {0, 0} when there was none (nothing
-- written), else {1, the audit entry's id or 0}.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return { 0, 0 }
end
local audit_id = 0
if AUDIT then
  audit_id = write_audit_into(KEYS[2], KEYS[3], KEYS[4])
end
redis.call('HDEL', KEYS[1], ARGV[1])
return { 1, audit_id }
