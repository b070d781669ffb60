-- ARGV: now, the number of ids the caller saw dead (its plan), then triples of id, queue group,
-- handler key index. Refuses a stale plan (STALE_PLAN: the caller reads again) before writing,
-- so the audit entry's count, computed by the caller, is what this script moves. Returns the
-- audit entry's id and, per id, 'R' (replayed), 'N' (not found) or the state it is in.
local now = tonumber(ARGV[1])
local tasks = {}
local dead = 0
for i = 3, #ARGV, 3 do
  local t = get(ARGV[i])
  tasks[i] = t
  if t and t.state == DEAD then
    dead = dead + 1
  end
end
if dead ~= tonumber(ARGV[2]) then
  return error({ err = 'STALE_PLAN the DLQ changed since it was read' })
end
local id = write_audit()
local out = {}
for i = 3, #ARGV, 3 do
  local t = tasks[i]
  if not t then
    table.insert(out, 'N')
  elseif t.state ~= DEAD then
    table.insert(out, tostring(t.state))
  else
    local g, hk = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
    leave(t, g, hk)
    reset_to_pending(t, now)
    enter(t, g, hk)
    put(t)
    table.insert(out, 'R')
  end
end
return { id, out }
