-- Moves buckets of the throughput hash of stores made before each queue kept its own (KEYS[1],
-- fields `minute US queue US kind` and `h hour US queue US kind`) into the queues' hashes
-- (standalone). KEYS: the old hash, then `tp`, `tpm`, `tph` per queue. ARGV: pairs of field and
-- queue group. Each field is read and removed in this script, so two nodes migrating at once
-- move it once. A minute also counts in its quarter hour, which the old layout did not keep.
-- Returns how many fields moved.
local moved = 0
local function add(g, field, index, member, start, n)
  local base = 1 + 3 * (g - 1)
  if redis.call('HINCRBY', KEYS[base + 1], field, n) == n then
    redis.call('ZADD', KEYS[base + index], start, member)
  end
end
for i = 1, #ARGV, 2 do
  local f = ARGV[i]
  local g = tonumber(ARGV[i + 1])
  local v = redis.call('HGET', KEYS[1], f)
  if v then
    redis.call('HDEL', KEYS[1], f)
    moved = moved + 1
    local hourly = string.sub(f, 1, 1) == 'h'
    local a = string.find(f, '\31', 1, true)
    local b = string.find(f, '\31', a + 1, true)
    local start = tonumber(string.sub(f, hourly and 2 or 1, a - 1))
    local kind = string.sub(f, b + 1)
    local n = tonumber(v)
    if hourly then
      add(g, 'h' .. start .. '\31' .. kind, 3, tostring(start), start, n)
    else
      add(g, start .. '\31' .. kind, 2, tostring(start), start, n)
      local quarter = math.floor(start / 900000) * 900000
      add(g, 'q' .. quarter .. '\31' .. kind, 2, 'q' .. quarter, quarter, n)
    end
  end
end
return moved
