-- Standalone (no prelude). KEYS: job events, job event ids, one job's events index. ARGV: the
-- job's name, then members of its index (`seq␟time`). Removes each event with its entries in
-- both indexes; returns how many were still there.
local n = 0
for j = 2, #ARGV do
  local member = ARGV[j]
  local seq = string.sub(member, 1, string.find(member, '\31', 1, true) - 1)
  if redis.call('ZREM', KEYS[3], member) == 1 then
    redis.call('HDEL', KEYS[1], seq)
    redis.call('ZREM', KEYS[2], seq .. '\31' .. ARGV[1])
    n = n + 1
  end
end
return n
