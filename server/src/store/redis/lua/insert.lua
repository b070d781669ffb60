-- Tasks in, `C<id>` or `D<first id>` out per task. ARGV: now, n, then per task: spec (JSON),
-- payload, queue group. With an audit entry (an operator's call: see `write_audit`), the entry
-- is written after the checks and before the tasks, and `A<audit id>` ends the answer.
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local specs, seen = {}, {}
for i = 1, n do
  local s = cjson.decode(ARGV[3 + (i - 1) * 3])
  if seen[s.id] or redis.call('HEXISTS', KEYS[G_TASKS], s.id) == 1 then
    return redis.error_reply('ERR duplicate task id ' .. s.id)
  end
  seen[s.id] = true
  specs[i] = s
end
local audit_id = nil
if AUDIT then
  audit_id = write_audit()
end
local out = {}
for i = 1, n do
  local s = specs[i]
  local payload = ARGV[4 + (i - 1) * 3]
  local g = tonumber(ARGV[5 + (i - 1) * 3])
  local dup = nil
  if s.idem_key then
    local field = s.handler .. '\31' .. s.idem_key
    local raw = redis.call('HGET', KEYS[G_IDEM], field)
    if raw then
      local sep = string.find(raw, '|', 1, true)
      if tonumber(string.sub(raw, 1, sep - 1)) > now then
        dup = string.sub(raw, sep + 1)
      end
    end
    if not dup then
      redis.call('HSET', KEYS[G_IDEM], field, s.idem_exp .. '|' .. s.id)
      redis.call('ZADD', KEYS[G_IDEMEXP], s.idem_exp, field)
    end
  end
  if dup then
    out[i] = 'D' .. dup
  else
    ensure_queue(s.queue, now)
    local t = {
      id = s.id, seq = redis.call('HINCRBY', KEYS[G_COORD], 'task_seq', 1),
      handler = s.handler, queue = s.queue, state = s.state, priority = s.priority,
      attempts = 0, max_retries = s.max_retries, timeout = s.timeout, run_at = s.run_at,
      created = s.created, updated = s.created, idem = s.idem_key, meta = s.meta,
      psize = string.len(payload), cancel = 0,
    }
    redis.call('HSET', KEYS[G_PAYLOADS], t.id, payload)
    redis.call('ZADD', KEYS[G_ALL], t.seq, t.id)
    redis.call('ZADD', qkey(g, Q_ALL), t.seq, t.id)
    enter(t, g, 0)
    put(t)
    out[i] = 'C' .. t.id
  end
end
if audit_id then
  out[n + 1] = 'A' .. audit_id
end
return out
