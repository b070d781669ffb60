-- Read-only, standalone: tasks by id as they are. KEYS: the tasks hash, their live fields (see
-- `live_apply` in `live.lua`). ARGV: ids. Returns per id its record (false when there is
-- none) and its live fields (false when none), read together so no transition falls between.
local out = {}
for i = 1, #ARGV, 500 do
  local last = math.min(i + 499, #ARGV)
  local raws = redis.call('HMGET', KEYS[1], unpack(ARGV, i, last))
  local lives = redis.call('HMGET', KEYS[2], unpack(ARGV, i, last))
  for k = 1, #raws do
    out[#out + 1] = raws[k]
    out[#out + 1] = lives[k]
  end
end
return out
