-- After job_runs.lua. KEYS 1-15 as job_runs.lua names them (of one job), then each run's log.
-- ARGV: the cut-off, then run ids. Deletes each run that has still ended before the cut-off
-- (a replay may have queued it again meanwhile), with its log; returns how many.
local n = 0
for j = 2, #ARGV do
  local state = redis.call('HGET', KEYS[2], ARGV[j])
  if state then
    local _, status, member, finished, job = parse_state(state)
    if job and rank(status) == 2 and finished ~= '-' and tonumber(finished) < tonumber(ARGV[1]) then
      unindex(status, member)
      redis.call('HDEL', KEYS[1], ARGV[j])
      redis.call('HDEL', KEYS[2], ARGV[j])
      redis.call('DEL', KEYS[14 + j])
      n = n + 1
    end
  end
end
return n
