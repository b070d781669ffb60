-- ARGV: now, lease_until, worker, handlers (JSON array), rate per second ('' for none), burst,
-- then per plan entry: queue name, count (queue group i is plan entry i).
-- Returns {summary JSON, record, live fields, payload, record, live fields, payload, ...}: the
-- record as stored and the live fields that win over it (see `live_apply` in `live.lua`).
--
-- A lease reads of each record only its handler and attempts (plain finds, no JSON decoding)
-- and writes only its live fields, never the record.
local function lease_fields(raw, live)
  local handler, attempts
  local a = string.find(raw, '"handler":"', 1, true)
  if a then
    local b = string.find(raw, '"', a + 11, true)
    if b then
      handler = string.sub(raw, a + 11, b - 1)
      if string.find(handler, '\\', 1, true) then
        handler = nil
      end
    end
  end
  if live then
    attempts = tonumber(string.match(live, '^%d* %d* (%d*)'))
  else
    local c = string.find(raw, '"attempts":', 1, true)
    if c then
      attempts = tonumber(string.match(raw, '^%d+', c + 11))
    end
  end
  if handler == nil or attempts == nil then
    -- Not as the store writes records (an escaped handler): decode it.
    local t = cjson.decode(raw)
    if live then
      live_apply(t, live)
    end
    return t.handler, t.attempts
  end
  return handler, attempts
end

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
-- The round's writes go out together at the end (see `defer` in the prelude); promotion above
-- wrote at once, so this round sees what it promoted.
defer()
local taken_ids = {}
for i = 1, nq do
  if remaining == 0 then
    break
  end
  local name = ARGV[5 + 2 * i]
  local q = queue_record(name)
  if not (q and q.paused == 1) then
    local take = math.min(tonumber(ARGV[6 + 2 * i]), remaining)
    -- Members taken stay in the ready set until `flush()`, so the next page starts after every
    -- member seen so far in this queue. A page is what is still wanted (records are read for
    -- each member), and 50 more once tasks of other handlers were passed over.
    local got, seen, skipped = 0, 0, 0
    while got < take do
      local want = take - got
      if skipped > 0 then
        want = want + 49
      end
      local batch = redis.call('ZRANGE', qkey(i, Q_READY), seen, seen + want - 1)
      if #batch == 0 then
        break
      end
      seen = seen + #batch
      local ids = {}
      for k, member in ipairs(batch) do
        ids[k] = string.sub(member, string.find(member, '|', 1, true) + 1)
      end
      local raws = redis.call('HMGET', KEYS[G_TASKS], unpack(ids))
      local lives = redis.call('HMGET', KEYS[G_LIVE], unpack(ids))
      for k, raw in ipairs(raws) do
        local handler, attempts
        if raw then
          handler, attempts = lease_fields(raw, lives[k] or nil)
        end
        if handler and handlers[handler] then
          -- What the indexes of a pending task need: the ready member holds its run time and
          -- sequence (`ready_member`).
          local member = batch[k]
          local t = {
            id = ids[k], queue = name, state = PENDING,
            run_at = tonumber(string.sub(member, 1, 15)), seq = tonumber(string.sub(member, 16, 31)),
          }
          leave(t, i, 0)
          t.state = RUNNING
          t.attempts = attempts + 1
          t.token = token
          t.lease_until = lease_until
          t.worker = worker
          t.started = now
          t.heartbeat = now
          t.updated = now
          t.cancel = 0
          enter(t, i, 0)
          local live = live_encode(t)
          hset(KEYS[G_LIVE], t.id, live)
          table.insert(out, raw)
          table.insert(out, live)
          table.insert(out, '')
          taken_ids[#taken_ids + 1] = ids[k]
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
flush()
if taken > 0 then
  redis.call('HSET', KEYS[G_COORD], 'fence', token)
  -- Payloads in one read, into the slots after each record.
  for j = 1, taken, 500 do
    local payloads = redis.call('HMGET', KEYS[G_PAYLOADS], unpack(taken_ids, j, math.min(j + 499, taken)))
    for k, p in ipairs(payloads) do
      out[3 * (j + k - 1) + 1] = p or ''
    end
  end
end
if rate then
  redis.call('HSET', KEYS[G_COORD], 'rate_tokens', math.max(available - taken, 0), 'rate_at', now)
end
out[1] = cjson.encode({ paused = 0, limited = limited, short = table.concat(short, ',') })
return out
