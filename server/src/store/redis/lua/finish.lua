-- ARGV: id, token, now, kind (complete, retry, dead, cancelled, release), value (run_at or
-- reason), error, the error's fingerprint (for dead). One queue group, then the handler's DLQ
-- keys (its own, then the queue's and its). Returns 1, or 0 when the lease is lost.
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
    t.fp = ARGV[7]
  else
    t.state = CANCELLED
    t.finished = now
    t.dead_reason = nil
  end
  record_error(t.id, t.attempts, ARGV[6], now)
end
outcome(t, 1, RUNNING, t.state)
enter(t, 1, hk)
put(t)
return 1
