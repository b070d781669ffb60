-- ARGV: id, now, the state the caller planned on; with the audit entry (see `write_audit`).
-- One queue group. Returns {outcome, state, audit id}: outcome 'cancelled', 'requested' or
-- 'finished'; '' when the task is unknown (nothing written). A task no longer in the planned
-- state ends the script with STALE_PLAN before any write, and the caller plans again.
local t = get(ARGV[1])
if not t then
  return { '', -1, 0 }
end
local now = tonumber(ARGV[2])
local state = t.state
if state ~= tonumber(ARGV[3]) then
  return error({ err = 'STALE_PLAN the task changed state' })
end
local id = write_audit()
if state == SCHEDULED or state == PENDING or state == RETRYING then
  leave(t, 1, 0)
  t.state = CANCELLED
  t.finished = now
  t.updated = now
  enter(t, 1, 0)
  put(t)
  return { 'cancelled', state, id }
elseif state == RUNNING then
  t.cancel = 1
  t.updated = now
  put(t)
  return { 'requested', state, id }
end
return { 'finished', state, id }
