-- After audit.lua and job_runs.lua. KEYS and ARGV as write_run reads them, then (an audited
-- insert) KEYS 16-18: the coordination hash, the audit entries and their index. Writes a new
-- run with its audit entry; returns {0, 0} (nothing written) when one with its id exists,
-- else {1, the audit entry's id or 0}.
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  return { 0, 0 }
end
if not status_key[ARGV[3]] then
  return redis.error_reply('unknown run status ' .. ARGV[3])
end
local audit_id = 0
if AUDIT then
  audit_id = write_audit_into(KEYS[16], KEYS[17], KEYS[18])
end
write_run()
return { 1, audit_id }
