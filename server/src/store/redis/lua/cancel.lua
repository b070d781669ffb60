-- ARGV: id, now. One queue group. Returns {outcome, state}: outcome 'cancelled', 'requested'
-- or 'finished'; '' when the task is unknown.
local t = get(ARGV[1])
if not t then
  return { '', -1 }
end
local now = tonumber(ARGV[2])
local state = t.state
if state == SCHEDULED or state == PENDING or state == RETRYING then
  leave(t, 1, 0)
  t.state = CANCELLED
  t.finished = now
  t.updated = now
  enter(t, 1, 0)
  put(t)
  return { 'cancelled', state }
elseif state == RUNNING then
  t.cancel = 1
  t.updated = now
  put(t)
  return { 'requested', state }
end
return { 'finished', state }
