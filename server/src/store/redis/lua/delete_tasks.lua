-- An operator's delete of tasks by id, with its audit entry. ARGV: scope ('dead': only dead
-- tasks; 'any': any task but a running one), the number of ids the caller saw deletable (its
-- plan), then triples of id, queue group, handler key index. Refuses a stale plan (STALE_PLAN:
-- the caller reads again) before writing, so the entry's count, sealed by the caller, is what
-- this script deletes. Returns the audit entry's id and, per id, 'D' and the state it was
-- deleted from (a dead task left the DLQ), 'N' (not found), 'R' (running: never deleted, its lease is held) or the state it is in (not dead).
local only_dead = ARGV[1] == 'dead'
local function deletable(t)
  return t and t.state ~= RUNNING and (not only_dead or t.state == DEAD)
end
local tasks = {}
local n = 0
for i = 3, #ARGV, 3 do
  local t = get(ARGV[i])
  tasks[i] = t
  if deletable(t) then
    n = n + 1
  end
end
if n ~= tonumber(ARGV[2]) then
  return error({ err = 'STALE_PLAN the tasks changed since they were read' })
end
local id = write_audit()
local out = {}
for i = 3, #ARGV, 3 do
  local t = tasks[i]
  if not t then
    table.insert(out, 'N')
  elseif t.state == RUNNING then
    table.insert(out, 'R')
  elseif not deletable(t) then
    table.insert(out, tostring(t.state))
  else
    remove_task(t, tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]))
    table.insert(out, 'D' .. t.state)
  end
end
return { id, out }
