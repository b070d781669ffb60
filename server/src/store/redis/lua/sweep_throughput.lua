-- The retention of one queue's throughput history (standalone). KEYS: the queue's `tp` hash,
-- `tpm` (minute and quarter buckets by start) and `tph` (hour buckets by start). ARGV: minutes
-- (and quarters) before, hours before, at most this many buckets of each index. Reads only the
-- index entries that expired, never the hash. Returns {minute and hour fields removed (quarters
-- are this store's own and not counted), 1 when an index had more to remove}.
local limit = tonumber(ARGV[3])
local removed, more = 0, 0
local function drop(index, before, prefix)
  local old = redis.call('ZRANGEBYSCORE', KEYS[index], '-inf', '(' .. before, 'LIMIT', 0, limit)
  for _, member in ipairs(old) do
    local counted = string.sub(member, 1, 1) ~= 'q'
    for _, kind in ipairs({ 's', 'f', 'd' }) do
      local n = redis.call('HDEL', KEYS[1], prefix .. member .. '\31' .. kind)
      if counted then
        removed = removed + n
      end
    end
  end
  if #old > 0 then
    redis.call('ZREM', KEYS[index], unpack(old))
  end
  if #old == limit then
    more = 1
  end
end
drop(2, ARGV[1], '')
drop(3, ARGV[2], 'h')
return { removed, more }
