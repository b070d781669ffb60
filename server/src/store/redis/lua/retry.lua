-- ARGV: id, now, the state the caller planned on (scheduled, retrying or finished); with the
-- audit entry (see `write_audit`). One queue group, then the handler's DLQ keys (its own, then
-- the queue's and its). Returns {outcome, state, audit id}: 'retried' with the state before;
-- '' when unknown (nothing written). A task no longer in the planned state ends the script with STALE_PLAN before any
-- write, and the caller plans again (and refuses a pending or running task itself).
local t = get(ARGV[1])
if not t then
  return { '', -1, 0 }
end
local now = tonumber(ARGV[2])
local state = t.state
if state ~= tonumber(ARGV[3]) or state == PENDING or state == RUNNING then
  return error({ err = 'STALE_PLAN the task changed state' })
end
local id = write_audit()
local hk = GLOBALS + QSIZE + 1
leave(t, 1, hk)
if state == SCHEDULED or state == RETRYING then
  t.state = PENDING
  t.run_at = now
  t.updated = now
else
  reset_to_pending(t, now)
end
enter(t, 1, hk)
put(t)
return { 'retried', state, id }
