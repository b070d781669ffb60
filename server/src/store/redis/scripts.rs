//! The Redis store's Lua scripts: each is `prelude.lua` plus one operation's body. A script is
//! atomic in Redis, so each store operation is applied whole or not at all; validation happens
//! before the first write, because Redis does not roll back a script that fails half-way.

use redis::Script;

const PRELUDE: &str = include_str!("prelude.lua");

/// Tasks in, `C<id>` or `D<first id>` out per task. ARGV: now, n, then per task: spec (JSON),
/// payload, queue group.
const INSERT: &str = r#"
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
return out
"#;

/// ARGV: now, limit. One queue group.
const PROMOTE: &str = r#"
return promote(1, tonumber(ARGV[1]), tonumber(ARGV[2]))
"#;

/// ARGV: now, lease_until, worker, handlers (JSON array), rate per second ('' for none), burst,
/// then per plan entry: queue name, count (queue group i is plan entry i).
/// Returns {summary JSON, record, payload, record, payload, ...}.
const LEASE: &str = r#"
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
"#;

/// ARGV: lease_until, now, then pairs of id and token. Returns per lease -1 (lost), 0 or 1
/// (cancel requested).
const EXTEND: &str = r#"
local lease_until = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV, 2 do
  local t = get(ARGV[i])
  if t and t.state == RUNNING and t.token == tonumber(ARGV[i + 1]) then
    t.lease_until = lease_until
    t.heartbeat = now
    redis.call('ZADD', KEYS[G_RUNNING], lease_until, t.id)
    redis.call('ZADD', KEYS[G_BEATS], now, t.id)
    put(t)
    table.insert(out, t.cancel)
  else
    table.insert(out, -1)
  end
end
return out
"#;

/// ARGV: id, token, now, kind (complete, retry, dead, cancelled, release), value (run_at or
/// reason), error. One queue group, then the handler's DLQ key. Returns 1, or 0 when the lease
/// is lost.
const FINISH: &str = r#"
local t = get(ARGV[1])
if not t or t.state ~= RUNNING or t.token ~= tonumber(ARGV[2]) then
  return 0
end
local now = tonumber(ARGV[3])
local kind = ARGV[4]
local hk = GLOBALS + QSIZE + 1
leave(t, 1, hk)
t.updated = now
t.lease_until = nil
if kind == 'complete' then
  t.state = SUCCEEDED
  t.finished = now
elseif kind == 'release' then
  t.state = PENDING
  t.attempts = math.max(t.attempts - 1, 0)
else
  t.last_error = ARGV[6]
  if kind == 'retry' then
    t.state = RETRYING
    t.run_at = tonumber(ARGV[5])
    t.finished = nil
    t.dead_reason = nil
  elseif kind == 'dead' then
    t.state = DEAD
    t.finished = now
    t.dead_reason = ARGV[5]
  else
    t.state = CANCELLED
    t.finished = now
    t.dead_reason = nil
  end
  record_error(t.id, t.attempts, ARGV[6], now)
end
outcome(t, RUNNING, t.state)
enter(t, 1, hk)
put(t)
return 1
"#;

/// ARGV: id, now. One queue group. Returns {outcome, state}: outcome 'cancelled', 'requested'
/// or 'finished'; '' when the task is unknown.
const CANCEL: &str = r#"
local t = get(ARGV[1])
if not t then
  return { '', -1 }
end
local now = tonumber(ARGV[2])
local state = t.state
if state == SCHEDULED or state == PENDING or state == RETRYING then
  leave(t, 1, 0)
  t.state = CANCELLED
  t.finished = now
  t.updated = now
  enter(t, 1, 0)
  put(t)
  return { 'cancelled', state }
elseif state == RUNNING then
  t.cancel = 1
  t.updated = now
  put(t)
  return { 'requested', state }
end
return { 'finished', state }
"#;

/// ARGV: id, now. One queue group, then the handler's DLQ key. Returns {outcome, state}:
/// 'retried' or 'refused' with the state before; '' when unknown.
const RETRY: &str = r#"
local t = get(ARGV[1])
if not t then
  return { '', -1 }
end
local now = tonumber(ARGV[2])
local state = t.state
if state == PENDING or state == RUNNING then
  return { 'refused', state }
end
local hk = GLOBALS + QSIZE + 1
leave(t, 1, hk)
if state == SCHEDULED or state == RETRYING then
  t.state = PENDING
  t.run_at = now
  t.updated = now
else
  reset_to_pending(t, now)
end
enter(t, 1, hk)
put(t)
return { 'retried', state }
"#;

/// ARGV: now, then triples of id, queue group, handler key index. Returns per id: 'R'
/// (replayed), 'N' (not found) or the state it is in.
const REPLAY: &str = r#"
local now = tonumber(ARGV[1])
local out = {}
for i = 2, #ARGV, 3 do
  local t = get(ARGV[i])
  if not t then
    table.insert(out, 'N')
  elseif t.state ~= DEAD then
    table.insert(out, tostring(t.state))
  else
    local g, hk = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
    leave(t, g, hk)
    reset_to_pending(t, now)
    enter(t, g, hk)
    put(t)
    table.insert(out, 'R')
  end
end
return out
"#;

/// Deletes tasks. ARGV: only_dead (1/0), queue ('' for any), then triples of id, queue group,
/// handler key index. Returns how many were deleted.
const DELETE: &str = r#"
local only_dead = ARGV[1] == '1'
local queue = ARGV[2]
local n = 0
for i = 3, #ARGV, 3 do
  local t = get(ARGV[i])
  if t and (not only_dead or t.state == DEAD) and (queue == '' or t.queue == queue) then
    local g, hk = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
    leave(t, g, hk)
    redis.call('ZREM', KEYS[G_ALL], t.id)
    redis.call('ZREM', qkey(g, Q_ALL), t.id)
    redis.call('HDEL', KEYS[G_TASKS], t.id)
    redis.call('HDEL', KEYS[G_PAYLOADS], t.id)
    redis.call('HDEL', KEYS[G_ERRORS], t.id)
    n = n + 1
  end
end
return n
"#;

/// ARGV: now, names... Registers queues that do not exist.
const ENSURE_QUEUES: &str = r#"
for i = 2, #ARGV do
  ensure_queue(ARGV[i], tonumber(ARGV[1]))
end
return 1
"#;

/// ARGV: name, field (paused or weight), value ('' clears the weight), now. Returns 1, or 0
/// when the queue does not exist.
const SET_QUEUE: &str = r#"
local q = queue_record(ARGV[1])
if not q then
  return 0
end
if ARGV[2] == 'paused' then
  q.paused = tonumber(ARGV[3])
elseif ARGV[3] == '' then
  q.weight = nil
else
  q.weight = tonumber(ARGV[3])
end
q.updated = tonumber(ARGV[4])
redis.call('HSET', KEYS[G_QUEUES], ARGV[1], cjson.encode(q))
return 1
"#;

/// ARGV: holder, ttl, now. Returns {holder, token, expires}.
const ACQUIRE_LEADER: &str = r#"
local c = redis.call('HMGET', KEYS[G_COORD], 'leader', 'leader_token', 'leader_exp')
local holder, token, expires = c[1], tonumber(c[2] or '0'), tonumber(c[3] or '0')
local now = tonumber(ARGV[3])
local mine = holder == ARGV[1] and expires > now
if not mine and expires > now then
  return { holder or '', token, expires }
end
if not mine then
  token = token + 1
end
expires = now + tonumber(ARGV[2])
redis.call('HSET', KEYS[G_COORD], 'leader', ARGV[1], 'leader_token', token, 'leader_exp', expires)
return { ARGV[1], token, expires }
"#;

/// ARGV: holder.
const RELEASE_LEADER: &str = r#"
if redis.call('HGET', KEYS[G_COORD], 'leader') == ARGV[1] then
  redis.call('HDEL', KEYS[G_COORD], 'leader')
  redis.call('HSET', KEYS[G_COORD], 'leader_exp', 0)
end
return 1
"#;

/// ARGV: id, host, pid, version, concurrency, handlers (JSON), now.
const REGISTER_WORKER: &str = r#"
local raw = redis.call('HGET', KEYS[G_WORKERS], ARGV[1])
local w = { recycles = 0 }
if raw then
  w = cjson.decode(raw)
end
w.host = ARGV[2]
w.pid = tonumber(ARGV[3])
w.version = ARGV[4]
w.concurrency = tonumber(ARGV[5])
w.in_flight = 0
w.handlers = ARGV[6]
w.state = 'active'
w.started = tonumber(ARGV[7])
w.beat = tonumber(ARGV[7])
redis.call('HSET', KEYS[G_WORKERS], ARGV[1], cjson.encode(w))
return 1
"#;

/// ARGV: id, in_flight, state, now. Returns {'unknown'}, {'none'} or {'recycle', reason}.
const WORKER_HEARTBEAT: &str = r#"
local raw = redis.call('HGET', KEYS[G_WORKERS], ARGV[1])
if not raw then
  return { 'unknown' }
end
local w = cjson.decode(raw)
if w.state ~= 'active' and w.state ~= 'draining' then
  return { 'unknown' }
end
w.in_flight = tonumber(ARGV[2])
w.state = ARGV[3]
w.beat = tonumber(ARGV[4])
redis.call('HSET', KEYS[G_WORKERS], ARGV[1], cjson.encode(w))
if w.recycle then
  return { 'recycle', w.recycle }
end
return { 'none' }
"#;

/// ARGV: id, state, recycled (1/0), now.
const SET_WORKER_STATE: &str = r#"
local raw = redis.call('HGET', KEYS[G_WORKERS], ARGV[1])
if not raw then
  return 0
end
local w = cjson.decode(raw)
w.state = ARGV[2]
w.beat = tonumber(ARGV[4])
if ARGV[3] == '1' then
  w.recycle = nil
  w.recycles = (w.recycles or 0) + 1
  w.in_flight = 0
end
redis.call('HSET', KEYS[G_WORKERS], ARGV[1], cjson.encode(w))
return 1
"#;

/// ARGV: id, reason. Returns the record, or false when unknown.
const REQUEST_RECYCLE: &str = r#"
local raw = redis.call('HGET', KEYS[G_WORKERS], ARGV[1])
if not raw then
  return false
end
local w = cjson.decode(raw)
w.recycle = ARGV[2]
local encoded = cjson.encode(w)
redis.call('HSET', KEYS[G_WORKERS], ARGV[1], encoded)
return encoded
"#;

/// ARGV: cutoff. Marks live workers silent since before the cutoff as lost; returns
/// {id, record, ...}.
const MARK_LOST: &str = r#"
local all = redis.call('HGETALL', KEYS[G_WORKERS])
local out = {}
for i = 1, #all, 2 do
  local w = cjson.decode(all[i + 1])
  if (w.state == 'active' or w.state == 'draining') and w.beat < tonumber(ARGV[1]) then
    w.state = 'lost'
    local encoded = cjson.encode(w)
    redis.call('HSET', KEYS[G_WORKERS], all[i], encoded)
    table.insert(out, all[i])
    table.insert(out, encoded)
  end
end
return out
"#;

/// ARGV: cutoff, now. Records running tasks silent since before the cutoff, once per lease;
/// returns the new records.
const DETECT_STUCK: &str = r#"
local ids = redis.call('ZRANGEBYSCORE', KEYS[G_BEATS], '-inf', '(' .. ARGV[1])
local out = {}
for _, id in ipairs(ids) do
  local t = get(id)
  if t and t.state == RUNNING then
    local key = id .. '\31' .. t.token
    local s = cjson.encode({
      task = id, attempt = t.attempts, handler = t.handler, queue = t.queue,
      worker = t.worker, beat = t.heartbeat, at = tonumber(ARGV[2]),
    })
    if redis.call('HSETNX', KEYS[G_STUCK], key, s) == 1 then
      redis.call('ZADD', KEYS[G_STUCKTIME], tonumber(ARGV[2]), key)
      table.insert(out, s)
    end
  end
end
return out
"#;

/// ARGV: max length, then pairs of at_ms and data. Returns the new ids.
const APPEND_EVENTS: &str = r#"
local out = {}
for i = 2, #ARGV, 2 do
  table.insert(out, redis.call('XADD', KEYS[G_EVENTS], 'MAXLEN', '~', ARGV[1], '*', 'at', ARGV[i], 'data', ARGV[i + 1]))
end
return out
"#;

/// ARGV: expected head, new hash, entry (JSON). Returns the new id, or false when another
/// writer moved the head first (the caller chains again).
const APPEND_AUDIT: &str = r#"
local head = redis.call('HGET', KEYS[G_COORD], 'audit_head') or ''
if head ~= ARGV[1] then
  return false
end
local id = redis.call('HINCRBY', KEYS[G_COORD], 'audit_seq', 1)
redis.call('HSET', KEYS[G_AUDIT], id, ARGV[3])
redis.call('ZADD', KEYS[G_AUDITIDS], id, id)
redis.call('HSET', KEYS[G_COORD], 'audit_head', ARGV[2])
return id
"#;

/// ARGV: through id. Returns how many entries were deleted.
const DELETE_AUDIT: &str = r#"
local ids = redis.call('ZRANGEBYSCORE', KEYS[G_AUDITIDS], '-inf', ARGV[1])
for _, id in ipairs(ids) do
  redis.call('HDEL', KEYS[G_AUDIT], id)
end
redis.call('ZREMRANGEBYSCORE', KEYS[G_AUDITIDS], '-inf', ARGV[1])
return #ids
"#;

/// ARGV: now, events keep, workers before, throughput before, stuck before. The retention of
/// everything that is not a task; returns {idempotency keys, events, workers, buckets}.
const SWEEP_SMALL: &str = r#"
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[G_IDEMEXP], '-inf', now)
for _, field in ipairs(expired) do
  redis.call('HDEL', KEYS[G_IDEM], field)
end
redis.call('ZREMRANGEBYSCORE', KEYS[G_IDEMEXP], '-inf', now)
local before = redis.call('XLEN', KEYS[G_EVENTS])
redis.call('XTRIM', KEYS[G_EVENTS], 'MAXLEN', ARGV[2])
local events = before - redis.call('XLEN', KEYS[G_EVENTS])
local workers = 0
local all = redis.call('HGETALL', KEYS[G_WORKERS])
for i = 1, #all, 2 do
  local w = cjson.decode(all[i + 1])
  if (w.state == 'stopped' or w.state == 'lost') and w.beat < tonumber(ARGV[3]) then
    redis.call('HDEL', KEYS[G_WORKERS], all[i])
    workers = workers + 1
  end
end
local buckets = 0
local fields = redis.call('HKEYS', KEYS[G_THROUGHPUT])
for _, f in ipairs(fields) do
  local minute = tonumber(string.sub(f, 1, string.find(f, '\31', 1, true) - 1))
  if minute < tonumber(ARGV[4]) then
    redis.call('HDEL', KEYS[G_THROUGHPUT], f)
    buckets = buckets + 1
  end
end
local old = redis.call('ZRANGEBYSCORE', KEYS[G_STUCKTIME], '-inf', '(' .. ARGV[5])
for _, key in ipairs(old) do
  redis.call('HDEL', KEYS[G_STUCK], key)
end
redis.call('ZREMRANGEBYSCORE', KEYS[G_STUCKTIME], '-inf', '(' .. ARGV[5])
return { #expired, events, workers, buckets }
"#;

/// Read-only: ARGV: id. Returns {record, payload, errors} or {}.
const GET_TASK: &str = r#"
local raw = redis.call('HGET', KEYS[G_TASKS], ARGV[1])
if not raw then
  return {}
end
return {
  raw,
  redis.call('HGET', KEYS[G_PAYLOADS], ARGV[1]) or '',
  redis.call('HGET', KEYS[G_ERRORS], ARGV[1]) or '[]',
}
"#;

/// Read-only scan of one sorted set of task ids, newest first, keeping tasks that match.
/// KEYS: the tasks hash, the set. ARGV: start rank, budget, handler ('' for any), text ('' for
/// none, lower-case). Returns {next rank (-1 at the end), id, record, id, record, ...}.
const SCAN: &str = r#"
local start = tonumber(ARGV[1])
local budget = tonumber(ARGV[2])
local ids = redis.call('ZREVRANGE', KEYS[2], start, start + budget - 1)
local out = { -1 }
if #ids == budget then
  out[1] = start + budget
end
for _, id in ipairs(ids) do
  local raw = redis.call('HGET', KEYS[1], id)
  if raw then
    local t = cjson.decode(raw)
    local keep = ARGV[3] == '' or t.handler == ARGV[3]
    if keep and ARGV[4] ~= '' then
      local text = ARGV[4]
      keep = string.find(string.lower(id), text, 1, true) ~= nil
        or string.find(string.lower(t.handler), text, 1, true) ~= nil
        or string.find(string.lower(t.last_error or ''), text, 1, true) ~= nil
    end
    if keep then
      table.insert(out, id)
      table.insert(out, raw)
    end
  end
end
return out
"#;

/// Every script of the store, loaded once.
pub(crate) struct Scripts {
    pub(crate) insert: Script,
    pub(crate) promote: Script,
    pub(crate) lease: Script,
    pub(crate) extend: Script,
    pub(crate) finish: Script,
    pub(crate) cancel: Script,
    pub(crate) retry: Script,
    pub(crate) replay: Script,
    pub(crate) delete: Script,
    pub(crate) ensure_queues: Script,
    pub(crate) set_queue: Script,
    pub(crate) acquire_leader: Script,
    pub(crate) release_leader: Script,
    pub(crate) register_worker: Script,
    pub(crate) worker_heartbeat: Script,
    pub(crate) set_worker_state: Script,
    pub(crate) request_recycle: Script,
    pub(crate) mark_lost: Script,
    pub(crate) detect_stuck: Script,
    pub(crate) append_events: Script,
    pub(crate) append_audit: Script,
    pub(crate) delete_audit: Script,
    pub(crate) sweep_small: Script,
    pub(crate) get_task: Script,
    /// Standalone (no prelude): its keys are the tasks hash and one set.
    pub(crate) scan: Script,
}

impl Scripts {
    pub(crate) fn new() -> Self {
        let with = |body: &str| Script::new(&format!("{PRELUDE}\n{body}"));
        Self {
            insert: with(INSERT),
            promote: with(PROMOTE),
            lease: with(LEASE),
            extend: with(EXTEND),
            finish: with(FINISH),
            cancel: with(CANCEL),
            retry: with(RETRY),
            replay: with(REPLAY),
            delete: with(DELETE),
            ensure_queues: with(ENSURE_QUEUES),
            set_queue: with(SET_QUEUE),
            acquire_leader: with(ACQUIRE_LEADER),
            release_leader: with(RELEASE_LEADER),
            register_worker: with(REGISTER_WORKER),
            worker_heartbeat: with(WORKER_HEARTBEAT),
            set_worker_state: with(SET_WORKER_STATE),
            request_recycle: with(REQUEST_RECYCLE),
            mark_lost: with(MARK_LOST),
            detect_stuck: with(DETECT_STUCK),
            append_events: with(APPEND_EVENTS),
            append_audit: with(APPEND_AUDIT),
            delete_audit: with(DELETE_AUDIT),
            sweep_small: with(SWEEP_SMALL),
            get_task: with(GET_TASK),
            scan: Script::new(SCAN),
        }
    }
}
