-- Standalone (no prelude). KEYS: schedule events, schedule event ids, then two per member: its
-- schedule's events index and the fired index of its trigger. ARGV: how many events to keep,
-- then members of the ids set (`seq␟name␟trigger`), oldest first. Removes each member still
-- beyond the newest `keep` (another sweep may have been first), with its event and its indexes;
-- returns how many.
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[1])
local n = 0
for j = 1, #ARGV - 1 do
  local member = ARGV[j + 1]
  local rank = redis.call('ZRANK', KEYS[2], member)
  -- Ranks count from the oldest, and each removal moves the rest down by one.
  if rank and rank < over - n then
    local seq = string.sub(member, 1, string.find(member, '\31', 1, true) - 1)
    redis.call('ZREM', KEYS[2], member)
    redis.call('HDEL', KEYS[1], seq)
    redis.call('ZREM', KEYS[2 * j + 1], seq)
    if string.sub(member, -1) ~= '\31' then
      redis.call('ZREM', KEYS[2 * j + 2], seq)
    end
    n = n + 1
  end
end
return n
