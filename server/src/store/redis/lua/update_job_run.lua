-- After job_runs.lua. KEYS and ARGV as write_run reads them. Replaces a run when its stored
-- status and attempt allow the new ones (JobRunStatus::may_become: the attempt never
-- decreases, a later attempt may set any status; within one attempt the status never goes
-- back and an end is final, only rewritten with the same end) and its job is the same.
-- Returns {1, false} when written, {0, stored record} when refused, {-1, false} when unknown.
local state = redis.call('HGET', KEYS[2], ARGV[1])
if not state then
  return { -1, false }
end
if not status_key[ARGV[3]] then
  return redis.error_reply('unknown run status ' .. ARGV[3])
end
local attempt, status, member, _, job = parse_state(state)
local next_attempt, next_status = tonumber(ARGV[4]), ARGV[3]
local allowed
if next_attempt ~= attempt then
  allowed = next_attempt > attempt
elseif rank(status) == 2 then
  allowed = next_status == status
else
  allowed = rank(next_status) >= rank(status)
end
if job ~= ARGV[2] or not allowed then
  return { 0, redis.call('HGET', KEYS[1], ARGV[1]) }
end
unindex(status, member)
write_run()
return { 1, false }
