-- Standalone (no prelude). KEYS: run states, the run's log. ARGV: run id, cap in bytes, the
-- truncation marker, then three per chunk: stream, time, data. The log hash holds each chunk
-- under its sequence (`stream time data`) and the totals under `stored`, `dropped`, `trunc`
-- and `last`. Data is kept up to the cap; the chunk that crosses it is cut there and followed by
-- one system chunk, the marker; later data is dropped and counted. Empty chunks are skipped.
-- Returns false when the run is unknown (nothing written), else {stored, dropped, truncated,
-- last sequence}.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return false
end
local totals = redis.call('HMGET', KEYS[2], 'stored', 'dropped', 'trunc', 'last')
local stored = tonumber(totals[1] or '0')
local dropped = tonumber(totals[2] or '0')
local truncated = totals[3] == '1'
local last = tonumber(totals[4] or '0')
local cap = tonumber(ARGV[2])
local function put(stream, at, data)
  last = last + 1
  redis.call('HSET', KEYS[2], last, stream .. ' ' .. at .. ' ' .. data)
end
for i = 4, #ARGV, 3 do
  local stream, at, data = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local len = #data
  if len > 0 then
    if truncated then
      dropped = dropped + len
    else
      local room = math.max(cap - stored, 0)
      if len <= room then
        put(stream, at, data)
        stored = stored + len
      else
        if room > 0 then
          put(stream, at, string.sub(data, 1, room))
          stored = stored + room
        end
        put('system', at, ARGV[3])
        truncated = true
        dropped = dropped + len - room
      end
    end
  end
end
local flag = truncated and '1' or '0'
redis.call('HSET', KEYS[2], 'stored', stored, 'dropped', dropped, 'trunc', flag, 'last', last)
return { stored, dropped, truncated and 1 or 0, last }
