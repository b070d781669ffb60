-- Bounded read-only scan of one DLQ index (a sorted set of dead task ids scored by their DLQ
-- sequence), newest first, below a sequence: it looks at no more than a budget of ids, so a
-- filtered page of a huge DLQ never blocks Redis for long, and says where it stopped.
-- KEYS: the tasks hash, the set.
-- ARGV: below (exclusive; '' for the newest), budget (ids looked at), handler ('' for any),
-- text ('' for none, lower-case), fingerprint ('' for any), '1' when the text, handler and
-- fingerprint can be looked for in a record's JSON as they are (nothing JSON escapes), the age
-- bound ('' for any age, else dead before this time), matches to skip, matches to return,
-- matches to count before stopping (at least skip + return).
-- Returns {1 when the set ended within the budget else 0, matches seen, the last sequence
-- looked at (-1 for none), id, sequence, record, ...}: only the page's records travel, and a record whose
-- JSON lacks the text (or the handler or fingerprint) is passed over without being decoded.
local max = ARGV[1] == '' and '+inf' or ('(' .. ARGV[1])
local budget = tonumber(ARGV[2])
local handler = ARGV[3]
local text = ARGV[4]
local fp = ARGV[5]
local plain = ARGV[6] == '1'
local before = ARGV[7] ~= '' and tonumber(ARGV[7]) or nil
local skip = tonumber(ARGV[8])
local take = tonumber(ARGV[9])
local count_to = math.max(tonumber(ARGV[10]), skip + take)
local rows = redis.call('ZREVRANGEBYSCORE', KEYS[2], max, '-inf', 'WITHSCORES', 'LIMIT', 0, budget)
local out = { 0, 0, -1 }
local matched, taken, stopped = 0, 0, false
for i = 1, #rows, 2 do
  local id = rows[i]
  out[3] = tonumber(rows[i + 1])
  local raw = redis.call('HGET', KEYS[1], id)
  local keep = raw ~= false and raw ~= nil
  if keep and plain then
    if text ~= '' then
      keep = string.find(string.lower(raw), text, 1, true) ~= nil
    end
    if keep and handler ~= '' then
      keep = string.find(raw, handler, 1, true) ~= nil
    end
    if keep and fp ~= '' then
      keep = string.find(raw, fp, 1, true) ~= nil
    end
  end
  if keep then
    local t = cjson.decode(raw)
    keep = t.state == 5 and (handler == '' or t.handler == handler)
    if keep and text ~= '' then
      keep = string.find(string.lower(id), text, 1, true) ~= nil
        or string.find(string.lower(t.handler), text, 1, true) ~= nil
        or string.find(string.lower(t.last_error or ''), text, 1, true) ~= nil
    end
    if keep and fp ~= '' then
      keep = t.fp ~= nil and t.fp == fp
    end
    if keep and before ~= nil then
      keep = (t.dlq_at or t.updated) < before
    end
  end
  if keep then
    matched = matched + 1
    if matched > skip and taken < take then
      taken = taken + 1
      table.insert(out, id)
      table.insert(out, out[3])
      table.insert(out, raw)
    end
  end
  if taken >= take and matched >= count_to then
    stopped = i + 1 < #rows or #rows / 2 == budget
    break
  end
end
if not stopped and #rows / 2 < budget then
  out[1] = 1
end
out[2] = matched
return out
