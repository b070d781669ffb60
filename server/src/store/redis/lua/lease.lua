-- ARGV: now, lease_until, worker, handlers (JSON array), rate per second ('' for none), burst,
-- then per plan entry: queue name, count (queue group i is plan entry i).
-- Returns {summary JSON, record, payload, record, payload, ...}.
local now = tonumber(ARGV[1])
local lease_until = tonumber(ARGV[2])
local worker = ARGV[3]
local coord = redis.call('HMGET', KEYS[G_COORD], 'paused', 'fence', 'rate_tokens', 'rate_at')
if coord[1] == '1' then
  return { cjson.encode({ paused = 1, limited = 0, short = '' }) }
end
local nq = (#ARGV - 6) / 2
for i = 1, nq do
  promote(i, now, 1000)
end
local wanted = 0
for i = 1, nq do
  wanted = wanted + tonumber(ARGV[6 + 2 * i])
end
local remaining = wanted
local limited = 0
local rate = tonumber(ARGV[5])
local available = nil
if rate then
  local burst = tonumber(ARGV[6])
  if coord[3] and coord[4] then
    local elapsed = math.max(now - tonumber(coord[4]), 0) / 1000
    available = math.min(tonumber(coord[3]) + elapsed * rate, burst)
  else
    available = burst
  end
  remaining = math.min(math.max(math.floor(available), 0), wanted)
  if remaining < wanted then
    limited = 1
  end
end
local handlers = {}
for _, h in ipairs(cjson.decode(ARGV[4])) do
  handlers[h] = true
end
local token = tonumber(coord[2] or '0') + 1
local out = { '' }
local short = {}
local taken = 0
for i = 1, nq do
  if remaining == 0 then
    break
  end
  local name = ARGV[5 + 2 * i]
  local q = queue_record(name)
  if not (q and q.paused == 1) then
    local take = math.min(tonumber(ARGV[6 + 2 * i]), remaining)
    local got, skipped = 0, 0
    while got < take do
      local batch = redis.call('ZRANGE', qkey(i, Q_READY), skipped, skipped + (take - got) + 49)
      if #batch == 0 then
        break
      end
      for _, member in ipairs(batch) do
        local id = string.sub(member, string.find(member, '|', 1, true) + 1)
        local t = get(id)
        if handlers[t.handler] then
          leave(t, i, 0)
          t.state = RUNNING
          t.attempts = t.attempts + 1
          t.token = token
          t.lease_until = lease_until
          t.worker = worker
          t.started = now
          t.heartbeat = now
          t.updated = now
          t.cancel = 0
          enter(t, i, 0)
          table.insert(out, put(t))
          table.insert(out, redis.call('HGET', KEYS[G_PAYLOADS], id) or '')
          got = got + 1
          if got >= take then
            break
          end
        else
          skipped = skipped + 1
        end
      end
    end
    if got < take then
      table.insert(short, name)
    end
    remaining = remaining - got
    taken = taken + got
  end
end
if taken > 0 then
  redis.call('HSET', KEYS[G_COORD], 'fence', token)
end
if rate then
  redis.call('HSET', KEYS[G_COORD], 'rate_tokens', math.max(available - taken, 0), 'rate_at', now)
end
out[1] = cjson.encode({ paused = 0, limited = limited, short = table.concat(short, ',') })
return out
