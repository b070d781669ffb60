-- The Redis store's shared Lua: key positions, task records, and the one function that moves a
-- task between states and keeps every index, counter and the DLQ in step (the SQLite store's
-- triggers). Every script is `lua/audit.lua`, this prelude, then one operation's body.
--
-- Every key a script touches is passed in KEYS, in a fixed layout (see redis/keys.rs,
-- `Keys`): the global keys first, then one group of keys per queue the call concerns, then
-- one DLQ index per handler. All keys share one hash tag, so they live in one slot and the
-- layout works on Redis Cluster. Each handler's DLQ key is followed by its queue and handler's
-- (`hk` and `hk + 1`), so a listing by both walks only their entries.

local G_TASKS, G_PAYLOADS, G_ERRORS, G_COUNTS, G_RUNNING, G_BEATS, G_THROUGHPUT, G_DLQ = 1, 2, 3, 4, 5, 6, 7, 8
local G_COORD, G_QUEUES, G_IDEM, G_IDEMEXP, G_ALL = 9, 10, 11, 12, 13
-- 14..20 held tasks by state across queues; no longer written (a listing by state alone merges
-- the queues' own sets), kept in the layout so the key positions stay.
local G_WORKERS, G_STUCK, G_STUCKTIME, G_EVENTS, G_AUDIT, G_AUDITIDS, G_FINISHED = 21, 22, 23, 24, 25, 26, 27
local G_DLQGROUPS, G_LIVE, G_DLQTEXT = 28, 29, 30
local GLOBALS = 30
-- Per queue, at GLOBALS + QSIZE * i + offset.
local Q_READY, Q_DUE, Q_READYAGE, Q_ALL, Q_STATE0, Q_DLQ = 1, 2, 3, 4, 5, 12
local Q_TP, Q_TPM, Q_TPH = 13, 14, 15
local QSIZE = 15

local SCHEDULED, PENDING, RUNNING, RETRYING, SUCCEEDED, DEAD, CANCELLED = 0, 1, 2, 3, 4, 5, 6
local ERROR_HISTORY_MAX = 50

local function qkey(group, offset)
  return KEYS[GLOBALS + QSIZE * (group - 1) + offset]
end

-- A task's live fields: what a lease and a completion change, kept beside its JSON record in
-- G_LIVE (field: the task's id) as `state seq attempts token lease_until heartbeat started
-- updated finished cancel worker` (integers, '' for none; the worker last, as it is), so the
-- hot path neither decodes nor encodes the record. Where a task has them they win over the
-- same fields of its record; `put` (every other transition) writes the whole record and drops
-- them, so only tasks whose last move was a lease, an extend or a completion (running,
-- succeeded) have them; a dead task's record is always whole. Readers merge the two (`get` here, `Rec::merge_live` in records.rs, `lua/scan.lua`).
local int

local function opt(n)
  if n == nil or n == cjson.null then
    return ''
  end
  return int(n)
end

local function live_encode(t)
  local worker = t.worker
  if worker == nil or worker == cjson.null then
    worker = ''
  end
  return table.concat({
    opt(t.state), opt(t.seq), opt(t.attempts), opt(t.token), opt(t.lease_until), opt(t.heartbeat),
    opt(t.started), opt(t.updated), opt(t.finished), opt(t.cancel), worker,
  }, ' ')
end

-- `live_apply` and `LIVE_PATTERN` come first, from `live.lua` (scan.lua shares them), and
-- `dlq_text` from `dlq_text.lua` (the DLQ backfill shares it).

local function get(id)
  local raw = redis.call('HGET', KEYS[G_TASKS], id)
  if not raw then
    return nil
  end
  local t = cjson.decode(raw)
  local live = redis.call('HGET', KEYS[G_LIVE], id)
  if live then
    live_apply(t, live)
  end
  return t
end

-- Deferred writes, for the scripts that move many tasks at once (insert, lease, complete):
-- after `defer()`, the index, counter and record writes of `leave`, `enter`, `outcome` and
-- `put` are gathered and `flush()` sends them as one multi-member ZREM, ZADD, HSET or HINCRBY
-- per key (and field), which costs Redis a fraction of one call per task. Only for writes
-- nothing in the same script reads back before `flush()`: the DLQ groups and sequences are
-- always written at once. Integers are formatted with `%d` here: Lua's own number-to-string
-- (`%.14g`, also what `redis.call` applies to a number) costs several times more.
local DEFER = nil

local function defer()
  DEFER = { zadd = {}, zrem = {}, hset = {}, incr = {}, order = {}, seen = {}, fields = {} }
end

-- The texts of the integers formatted lately: a batch formats the same times, tokens and
-- expiries once per task otherwise. Bounded; a library keeps it between calls (it is pure).
local INTS, INTS_N = {}, 0

function int(n)
  local s = INTS[n]
  if s then
    return s
  end
  s = string.format('%d', n)
  if INTS_N >= 4096 then
    INTS, INTS_N = {}, 0
  end
  INTS[n] = s
  INTS_N = INTS_N + 1
  return s
end

local function pending_for(kind, key)
  local l = DEFER[kind][key]
  if not l then
    l = {}
    DEFER[kind][key] = l
    table.insert(DEFER.order, { kind, key })
  end
  return l
end

local function zadd(key, score, member)
  if DEFER then
    local l = pending_for('zadd', key)
    l[#l + 1] = int(score)
    l[#l + 1] = member
  else
    redis.call('ZADD', key, score, member)
  end
end

local function zrem(key, member)
  if DEFER then
    local l = pending_for('zrem', key)
    l[#l + 1] = member
  else
    redis.call('ZREM', key, member)
  end
end

local function hset(key, field, value)
  if DEFER then
    local l = pending_for('hset', key)
    l[#l + 1] = field
    l[#l + 1] = value
  else
    redis.call('HSET', key, field, value)
  end
end

local function hincr(key, field, delta)
  if DEFER then
    local l = pending_for('incr', key)
    if l[field] == nil then
      l[field] = delta
      table.insert(l, field)
    else
      l[field] = l[field] + delta
    end
  else
    redis.call('HINCRBY', key, field, delta)
  end
end

-- Calls `cmd key` with `list`'s items in chunks (unpack has a limit), `step` items a pair.
local function chunked(cmd, key, list, step)
  local size = 500 * step
  for i = 1, #list, size do
    redis.call(cmd, key, unpack(list, i, math.min(i + size - 1, #list)))
  end
end

-- Sends what `defer()` gathered: removals first (a member both left and entered of one key
-- ends up in it), then additions, records and counters.
local function flush()
  if not DEFER then
    return
  end
  local d = DEFER
  DEFER = nil
  for _, e in ipairs(d.order) do
    if e[1] == 'zrem' then
      chunked('ZREM', e[2], d.zrem[e[2]], 1)
    end
  end
  for _, e in ipairs(d.order) do
    local kind, key = e[1], e[2]
    if kind == 'zadd' then
      chunked('ZADD', key, d.zadd[key], 2)
    elseif kind == 'hset' then
      chunked('HSET', key, d.hset[key], 2)
    elseif kind == 'incr' then
      local l = d.incr[key]
      for _, field in ipairs(l) do
        if l[field] ~= 0 then
          redis.call('HINCRBY', key, field, int(l[field]))
        end
      end
    end
  end
end

-- Stores the whole record and drops its live fields (see `live_apply`); returns its encoding.
local function put(t)
  local raw = cjson.encode(t)
  hset(KEYS[G_TASKS], t.id, raw)
  redis.call('HDEL', KEYS[G_LIVE], t.id)
  return raw
end

-- Stores only the live fields of `t` (a lease, a completion): its record keeps the rest.
local function put_live(t)
  hset(KEYS[G_LIVE], t.id, live_encode(t))
end

-- Lower priority first, then earlier run_at, then FIFO: the member sorts by time and sequence
-- within one score.
local function ready_member(t)
  return string.format('%015d%016d|%s', t.run_at, t.seq, t.id)
end

-- The counter field of a queue and state (the state formatted as an integer, as SQLite's is);
-- kept for the batch while writes are deferred, since a batch moves many tasks of one queue.
local STATE_TEXT = { [0] = '0', '1', '2', '3', '4', '5', '6' }

local function count_field(queue, state)
  if not DEFER then
    return queue .. '\31' .. STATE_TEXT[state]
  end
  local byq = DEFER.fields[queue]
  if not byq then
    byq = {}
    DEFER.fields[queue] = byq
  end
  local f = byq[state]
  if not f then
    f = queue .. '\31' .. STATE_TEXT[state]
    byq[state] = f
  end
  return f
end

local function count(t, delta)
  hincr(KEYS[G_COUNTS], count_field(t.queue, t.state), delta)
end

-- Dead tasks by cause: one field per queue, handler and error fingerprint (`t.fp`, set when the
-- task died), holding the count, the first and last failure times of the entries that entered
-- since the group was last empty, and the newest entry as a sample (the SQLite store's
-- `dlq_groups`). Tasks that died before fingerprints existed have none and are not counted.
local DLQ_SAMPLE_MAX = 1024

local function group_field(t)
  return t.queue .. '\31' .. t.handler .. '\31' .. t.fp
end

local function group_enter(t)
  if t.fp == nil then
    return
  end
  local field = group_field(t)
  local raw = redis.call('HGET', KEYS[G_DLQGROUPS], field)
  local err = t.last_error or ''
  if #err > DLQ_SAMPLE_MAX then
    err = string.sub(err, 1, DLQ_SAMPLE_MAX)
  end
  local g
  if raw then
    g = cjson.decode(raw)
    g.n = g.n + 1
    g.f = math.min(g.f, t.dlq_at)
    if t.dlq_at >= g.l then
      g.l = t.dlq_at
      g.id = t.id
      g.e = err
    end
  else
    g = { n = 1, f = t.dlq_at, l = t.dlq_at, id = t.id, e = err }
  end
  redis.call('HSET', KEYS[G_DLQGROUPS], field, cjson.encode(g))
end

local function group_leave(t)
  if t.fp == nil then
    return
  end
  local field = group_field(t)
  local raw = redis.call('HGET', KEYS[G_DLQGROUPS], field)
  if not raw then
    return
  end
  local g = cjson.decode(raw)
  g.n = g.n - 1
  if g.n <= 0 then
    redis.call('HDEL', KEYS[G_DLQGROUPS], field)
  else
    redis.call('HSET', KEYS[G_DLQGROUPS], field, cjson.encode(g))
  end
end

-- Adds the task to the indexes of its current state. `g` is its queue group, `hk` the index of
-- its handler's DLQ key, followed by its queue and handler's (needed only when entering DEAD).
local function enter(t, g, hk)
  count(t, 1)
  zadd(qkey(g, Q_STATE0 + t.state), t.seq, t.id)
  if t.state == PENDING then
    zadd(qkey(g, Q_READY), t.priority, ready_member(t))
    zadd(qkey(g, Q_READYAGE), t.run_at, t.id)
  elseif t.state == SCHEDULED or t.state == RETRYING then
    zadd(qkey(g, Q_DUE), t.run_at, t.id)
  elseif t.state == RUNNING then
    zadd(KEYS[G_RUNNING], t.lease_until, t.id)
    zadd(KEYS[G_BEATS], t.heartbeat, t.id)
  elseif t.state == SUCCEEDED or t.state == CANCELLED then
    zadd(KEYS[G_FINISHED], t.finished, t.id)
  elseif t.state == DEAD then
    local seq = redis.call('HINCRBY', KEYS[G_COORD], 'dlq_seq', 1)
    t.dlq_seq = seq
    t.dlq_at = t.updated
    zadd(KEYS[G_DLQ], seq, t.id)
    zadd(qkey(g, Q_DLQ), seq, t.id)
    zadd(KEYS[hk], seq, t.id)
    zadd(KEYS[hk + 1], seq, t.id)
    redis.call('HSET', KEYS[G_DLQTEXT], t.id, dlq_text(t))
    group_enter(t)
  end
end

-- Removes the task from the indexes of its current state; call before changing the fields the
-- indexes sort by.
local function leave(t, g, hk)
  count(t, -1)
  zrem(qkey(g, Q_STATE0 + t.state), t.id)
  if t.state == PENDING then
    zrem(qkey(g, Q_READY), ready_member(t))
    zrem(qkey(g, Q_READYAGE), t.id)
  elseif t.state == SCHEDULED or t.state == RETRYING then
    zrem(qkey(g, Q_DUE), t.id)
  elseif t.state == RUNNING then
    zrem(KEYS[G_RUNNING], t.id)
    zrem(KEYS[G_BEATS], t.id)
  elseif t.state == SUCCEEDED or t.state == CANCELLED then
    zrem(KEYS[G_FINISHED], t.id)
  elseif t.state == DEAD then
    zrem(KEYS[G_DLQ], t.id)
    zrem(qkey(g, Q_DLQ), t.id)
    zrem(KEYS[hk], t.id)
    zrem(KEYS[hk + 1], t.id)
    redis.call('HDEL', KEYS[G_DLQTEXT], t.id)
    group_leave(t)
    t.fp = nil
    t.dlq_seq = nil
    t.dlq_at = nil
  end
end

-- Outcomes of attempts, in the queue's own hash (Q_TP): per minute (fields `minute US kind`),
-- per quarter hour (`q quarter US kind`, which the 24 h range reads: 96 steps, not 1,440) and
-- per hour (`h hour US kind`). A bucket's first count indexes it by its start: minutes (member
-- `minute`) and quarters (`q quarter`) in Q_TPM, hours (`hour`) in Q_TPH, so the sweep reads
-- only what expired (sweep_throughput.lua: minutes and quarters after 48 h, hours after 60
-- days) and a queue's delete drops its history with its keys.
local function bump(g, field, index, member, start)
  if DEFER then
    -- Deferred, the count's new value is not known here, so the bucket's index entry is
    -- written once per batch instead (a ZADD of a member already there changes nothing).
    hincr(qkey(g, Q_TP), field, 1)
    local k = qkey(g, index)
    local seen = DEFER.seen[k]
    if not seen then
      seen = {}
      DEFER.seen[k] = seen
    end
    if not seen[member] then
      seen[member] = true
      zadd(k, start, member)
    end
  elseif redis.call('HINCRBY', qkey(g, Q_TP), field, 1) == 1 then
    redis.call('ZADD', qkey(g, index), start, member)
  end
end

-- The bucket fields and members of the last minute and outcome kind seen: a batch's outcomes
-- fall in one or two minutes, and formatting the numbers each time cost more than the counting.
local BUCKETS = { minute = nil, kind = nil }

local function buckets(updated, kind)
  local minute = updated - updated % 60000
  local b = BUCKETS
  if b.minute ~= minute or b.kind ~= kind then
    local quarter = updated - updated % 900000
    local hour = updated - updated % 3600000
    local m, q, h = int(minute), 'q' .. int(quarter), int(hour)
    b = {
      minute = minute, kind = kind, quarter = quarter, hour = hour,
      mfield = m .. '\31' .. kind, mmember = m,
      qfield = q .. '\31' .. kind, qmember = q,
      hfield = 'h' .. h .. '\31' .. kind, hmember = h,
    }
    BUCKETS = b
  end
  return b
end

local function outcome(t, g, from, to)
  if from ~= RUNNING then
    return
  end
  local kind
  if to == SUCCEEDED then
    kind = 's'
  elseif to == RETRYING then
    kind = 'f'
  elseif to == DEAD then
    kind = 'd'
  else
    return
  end
  local b = buckets(t.updated, kind)
  bump(g, b.mfield, Q_TPM, b.mmember, b.minute)
  bump(g, b.qfield, Q_TPM, b.qmember, b.quarter)
  bump(g, b.hfield, Q_TPH, b.hmember, b.hour)
end

local function record_error(id, attempt, err, now)
  local raw = redis.call('HGET', KEYS[G_ERRORS], id)
  local list = {}
  if raw then
    list = cjson.decode(raw)
  end
  table.insert(list, { attempt = attempt, at = now, error = err })
  while #list > ERROR_HISTORY_MAX do
    table.remove(list, 1)
  end
  redis.call('HSET', KEYS[G_ERRORS], id, cjson.encode(list))
end

-- Pending now with attempts reset and the error history kept: a replay or an operator's retry
-- of a finished task.
local function reset_to_pending(t, now)
  t.state = PENDING
  t.attempts = 0
  t.run_at = now
  t.updated = now
  t.finished = nil
  t.dead_reason = nil
  t.cancel = 0
  t.lease_until = nil
end

local function queue_record(name)
  local raw = redis.call('HGET', KEYS[G_QUEUES], name)
  if not raw then
    return nil
  end
  return cjson.decode(raw)
end

local function ensure_queue(name, now)
  if redis.call('HEXISTS', KEYS[G_QUEUES], name) == 0 then
    redis.call('HSET', KEYS[G_QUEUES], name, cjson.encode({ paused = 0, created = now, updated = now }))
  end
end

-- Moves due scheduled and retrying tasks of queue group `g` to pending.
local function promote(g, now, limit)
  local due = redis.call('ZRANGEBYSCORE', qkey(g, Q_DUE), '-inf', now, 'LIMIT', 0, limit)
  for _, id in ipairs(due) do
    local t = get(id)
    leave(t, g, 0)
    t.state = PENDING
    t.updated = now
    enter(t, g, 0)
    put(t)
  end
  return #due
end

-- Writes the audit entry of this script's mutation (`write_audit_into` in `lua/audit.lua`, which
-- every script here is prefixed with): call it after validating and before any other write.
-- Returns the entry's id.
local function write_audit()
  return write_audit_into(KEYS[G_COORD], KEYS[G_AUDIT], KEYS[G_AUDITIDS])
end

-- Deletes a task that is not running: its record, payload, error history, every index it is in
-- (through `leave`, so counters, the DLQ and its groups follow) and the idempotency key that
-- still points at it. `g` is its queue group, `hk` its handler's DLQ key index.
local function remove_task(t, g, hk)
  leave(t, g, hk)
  redis.call('ZREM', KEYS[G_ALL], t.id)
  redis.call('ZREM', qkey(g, Q_ALL), t.id)
  redis.call('HDEL', KEYS[G_TASKS], t.id)
  redis.call('HDEL', KEYS[G_PAYLOADS], t.id)
  redis.call('HDEL', KEYS[G_ERRORS], t.id)
  redis.call('HDEL', KEYS[G_LIVE], t.id)
  if t.idem then
    local field = t.handler .. '\31' .. t.idem
    local raw = redis.call('HGET', KEYS[G_IDEM], field)
    if raw and string.sub(raw, -(#t.id + 1)) == '|' .. t.id then
      redis.call('HDEL', KEYS[G_IDEM], field)
      redis.call('ZREM', KEYS[G_IDEMEXP], field)
    end
  end
end
