-- Hour buckets from one queue's minute buckets (standalone), for minutes counted before hour
-- buckets existed. KEYS: the queue's `tp`, `tpm`, `tph`. Every outcome since then counts in its
-- minute and its hour, so while an hour's minutes are all kept their sum is the hour's true
-- count and the hour bucket is at most that: raising each hour to the sum of its minutes fills
-- in what was never counted and changes nothing else (and doing it twice changes nothing).
-- Returns how many hour fields grew.
local sums = {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if string.sub(member, 1, 1) ~= 'q' then
    local hour = math.floor(tonumber(member) / 3600000) * 3600000
    local values = redis.call('HMGET', KEYS[1], member .. '\31s', member .. '\31f', member .. '\31d')
    local s = sums[hour] or { s = 0, f = 0, d = 0 }
    s.s = s.s + (tonumber(values[1]) or 0)
    s.f = s.f + (tonumber(values[2]) or 0)
    s.d = s.d + (tonumber(values[3]) or 0)
    sums[hour] = s
  end
end
local grown = 0
for hour, s in pairs(sums) do
  for kind, n in pairs(s) do
    local field = 'h' .. hour .. '\31' .. kind
    local have = tonumber(redis.call('HGET', KEYS[1], field)) or 0
    if n > have then
      redis.call('HINCRBY', KEYS[1], field, n - have)
      redis.call('ZADD', KEYS[3], hour, tostring(hour))
      grown = grown + 1
    end
  end
end
return grown
