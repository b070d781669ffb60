-- ARGV: now, then triples of id, queue group, handler key index. Returns per id: 'R'
-- (replayed), 'N' (not found) or the state it is in.
local now = tonumber(ARGV[1])
local out = {}
for i = 2, #ARGV, 3 do
  local t = get(ARGV[i])
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
return out
