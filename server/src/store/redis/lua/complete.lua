-- Completions of many leased tasks in one call (a node's acks that arrived together). ARGV: per
-- task (4 each) its id, lease token, completion time and queue group; one queue group per queue
-- concerned. Returns per task 1, or 0 when its lease is lost (as `finish.lua` does for one).
local W = 4
local n = #ARGV / W
local ids = {}
for i = 1, n do
  ids[i] = ARGV[(i - 1) * W + 1]
end
local out = {}
local done = {}
defer()
for j = 1, n, 500 do
  local raws = redis.call('HMGET', KEYS[G_TASKS], unpack(ids, j, math.min(j + 499, n)))
  for k, raw in ipairs(raws) do
    local i = j + k - 1
    local base = (i - 1) * W
    local id = ids[i]
    out[i] = 0
    -- A task named twice is completed once: the second sees the lease ended.
    if raw and not done[id] then
      local t = cjson.decode(raw)
      if t.state == RUNNING and t.token == tonumber(ARGV[base + 2]) then
        local now = tonumber(ARGV[base + 3])
        local g = tonumber(ARGV[base + 4])
        leave(t, g, 0)
        t.updated = now
        t.lease_until = nil
        t.state = SUCCEEDED
        t.finished = now
        outcome(t, g, RUNNING, SUCCEEDED)
        enter(t, g, 0)
        put(t)
        done[id] = true
        out[i] = 1
      end
    end
  end
end
flush()
return out
