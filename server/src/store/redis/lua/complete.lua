-- Completions of many leased tasks in one call (a node's acks that arrived together). ARGV: the
-- number of queues, their names (queue group i is name i), then per task (4 each) its id, lease
-- token, completion time and queue group. Returns per task 1, or 0 when its lease is lost (as
-- `finish.lua` does for one).
--
-- A completion reads and writes only the task's live fields (see `live_apply` in `live.lua`),
-- which its lease wrote; a task whose live fields are gone (an extend or a cancel request since
-- wrote its whole record) is read whole.
local nq = tonumber(ARGV[1])
local W = 4
local first = nq + 2
local n = (#ARGV - nq - 1) / W
local ids = {}
for i = 1, n do
  ids[i] = ARGV[first + (i - 1) * W]
end
local out = {}
local done = {}
defer()
for j = 1, n, 500 do
  local lives = redis.call('HMGET', KEYS[G_LIVE], unpack(ids, j, math.min(j + 499, n)))
  for k, live in ipairs(lives) do
    local i = j + k - 1
    local base = first + (i - 1) * W
    local id = ids[i]
    local g = tonumber(ARGV[base + 3])
    out[i] = 0
    -- A task named twice is completed once: the second sees the lease ended.
    local t = nil
    if not done[id] then
      if live then
        t = live_apply({ id = id, queue = ARGV[1 + g] }, live)
      else
        t = get(id)
      end
    end
    if t and t.state == RUNNING and t.token == tonumber(ARGV[base + 1]) then
      local now = tonumber(ARGV[base + 2])
      leave(t, g, 0)
      t.updated = now
      t.lease_until = nil
      t.state = SUCCEEDED
      t.finished = now
      outcome(t, g, RUNNING, SUCCEEDED)
      enter(t, g, 0)
      put_live(t)
      done[id] = true
      out[i] = 1
    end
  end
end
flush()
return out
