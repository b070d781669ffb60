-- After job_runs.lua. KEYS and ARGV as write_run reads them. Writes a new run; returns 0
-- (nothing written) when one with its id exists, 1 when written.
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  return 0
end
if not status_key[ARGV[3]] then
  return redis.error_reply('unknown run status ' .. ARGV[3])
end
write_run()
return 1
