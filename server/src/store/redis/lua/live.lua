-- A task's live fields: the fields a lease, an extend and a completion change, kept as one
-- string beside the record in `{P}:tlive` so those transitions never decode the record's JSON.
-- Shared by the prelude and by the standalone scan.
local LIVE_PATTERN = '^(%d*) (%d*) (%d*) (%d*) (%d*) (%d*) (%d*) (%d*) (%d*) (%d*) (.*)$'

-- Sets the live fields `raw` holds on `t` (a record, or `{}`); returns `t`.
local function live_apply(t, raw)
  local state, seq, attempts, token, lease_until, heartbeat, started, updated, finished, cancel, worker =
    string.match(raw, LIVE_PATTERN)
  t.state = tonumber(state)
  t.seq = tonumber(seq)
  t.attempts = tonumber(attempts)
  t.token = tonumber(token)
  t.lease_until = tonumber(lease_until)
  t.heartbeat = tonumber(heartbeat)
  t.started = tonumber(started)
  t.updated = tonumber(updated)
  t.finished = tonumber(finished)
  t.cancel = tonumber(cancel) or 0
  if worker == '' then
    t.worker = nil
  else
    t.worker = worker
  end
  return t
end
