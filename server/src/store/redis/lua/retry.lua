-- ARGV: id, now. One queue group, then the handler's DLQ key. Returns {outcome, state}:
-- 'retried' or 'refused' with the state before; '' when unknown.
local t = get(ARGV[1])
if not t then
  return { '', -1 }
end
local now = tonumber(ARGV[2])
local state = t.state
if state == PENDING or state == RUNNING then
  return { 'refused', state }
end
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
return { 'retried', state }
