-- Tasks in, `C<id>` or `D<first id>` out per task. ARGV: now, n, then per task (11 each): its
-- record as JSON without `seq` (encoded by the caller, so this script decodes and encodes no
-- JSON), payload, queue group, id, state, priority, run_at, handler, idempotency key ('' for
-- none), its expiry, and the queue's name. With an audit entry (an operator's call: see `write_audit`), the entry
-- is written after the checks and before the tasks, and `A<audit id>` ends the answer.
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local W = 11
local ids, seen = {}, {}
for i = 1, n do
  local id = ARGV[6 + (i - 1) * W]
  if seen[id] then
    return redis.error_reply('ERR duplicate task id ' .. id)
  end
  seen[id] = true
  ids[i] = id
end
for i = 1, n, 500 do
  local found = redis.call('HMGET', KEYS[G_TASKS], unpack(ids, i, math.min(i + 499, n)))
  for j, raw in ipairs(found) do
    if raw then
      return redis.error_reply('ERR duplicate task id ' .. ids[i + j - 1])
    end
  end
end
local audit_id = nil
if AUDIT then
  audit_id = write_audit()
end
local out = {}
local dup = {}
local fresh = 0
for i = 1, n do
  local base = 3 + (i - 1) * W
  local idem = ARGV[base + 8]
  if idem ~= '' then
    local field = ARGV[base + 7] .. '\31' .. idem
    local raw = redis.call('HGET', KEYS[G_IDEM], field)
    if raw then
      local sep = string.find(raw, '|', 1, true)
      if tonumber(string.sub(raw, 1, sep - 1)) > now then
        dup[i] = string.sub(raw, sep + 1)
      end
    end
    if not dup[i] then
      redis.call('HSET', KEYS[G_IDEM], field, ARGV[base + 9] .. '|' .. ids[i])
      redis.call('ZADD', KEYS[G_IDEMEXP], ARGV[base + 9], field)
    end
  end
  if not dup[i] then
    fresh = fresh + 1
  end
end
-- One sequence step for the whole batch: the tasks take the numbers below the new value.
local seq = redis.call('HINCRBY', KEYS[G_COORD], 'task_seq', fresh) - fresh
local ensured = {}
defer()
for i = 1, n do
  local base = 3 + (i - 1) * W
  if dup[i] then
    out[i] = 'D' .. dup[i]
  else
    seq = seq + 1
    local g = tonumber(ARGV[base + 2])
    local rec = ARGV[base]
    local t = {
      id = ids[i], seq = seq, queue = ARGV[base + 10], state = tonumber(ARGV[base + 4]),
      priority = tonumber(ARGV[base + 5]), run_at = tonumber(ARGV[base + 6]),
    }
    if not ensured[g] then
      ensure_queue(t.queue, now)
      ensured[g] = true
    end
    hset(KEYS[G_PAYLOADS], t.id, ARGV[base + 1])
    zadd(KEYS[G_ALL], seq, t.id)
    zadd(qkey(g, Q_ALL), seq, t.id)
    enter(t, g, 0)
    hset(KEYS[G_TASKS], t.id, string.sub(rec, 1, -2) .. ',"seq":' .. int(seq) .. '}')
    out[i] = 'C' .. t.id
  end
end
flush()
if audit_id then
  out[n + 1] = 'A' .. audit_id
end
return out
