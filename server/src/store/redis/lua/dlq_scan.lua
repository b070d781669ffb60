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
-- looked at (-1 for none), id, sequence, record, ...}: only the page's records travel.
-- Ids are read in chunks (one ZREVRANGEBYSCORE and one HMGET each), so a page that fills early
-- reads little. A record is decoded only when cheap tests on its JSON say it may match: its
-- records are flat objects of scalars, so `"handler":"x"` can only be the field itself, and a
-- text in the id, handler or error is in that field's JSON (a plain text has nothing JSON
-- escapes); the decoded record then decides exactly.
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
local handler_json = '"handler":"' .. handler .. '"'
local fp_json = '"fp":"' .. fp .. '"'

-- The JSON of a string field's value (escapes left in), or nil.
local function field(raw, key)
  local _, e = string.find(raw, key, 1, true)
  if not e then
    return nil
  end
  local q = e
  while true do
    q = string.find(raw, '"', q + 1, true)
    if not q then
      return nil
    end
    -- A quote after an odd run of backslashes is escaped.
    local b = q - 1
    while string.byte(raw, b) == 92 do
      b = b - 1
    end
    if (q - 1 - b) % 2 == 0 then
      return string.sub(raw, e + 1, q - 1)
    end
  end
end

local function has_text(s)
  return s ~= nil and string.find(string.lower(s), text, 1, true) ~= nil
end

-- Cheap tests that never turn away a match (plain filters only).
local function may_match(id, raw)
  if handler ~= '' and not string.find(raw, handler_json, 1, true) then
    return false
  end
  if fp ~= '' and not string.find(raw, fp_json, 1, true) then
    return false
  end
  if text ~= '' then
    return has_text(id) or has_text(field(raw, '"handler":"'))
      or has_text(field(raw, '"last_error":"'))
  end
  return true
end

local function matches(id, raw)
  if raw == false or raw == nil then
    return false
  end
  if plain and not may_match(id, raw) then
    return false
  end
  local t = cjson.decode(raw)
  local keep = t.state == 5 and (handler == '' or t.handler == handler)
  if keep and text ~= '' then
    keep = has_text(id) or has_text(t.handler) or has_text(t.last_error or '')
  end
  if keep and fp ~= '' then
    keep = t.fp ~= nil and t.fp == fp
  end
  if keep and before ~= nil then
    keep = (t.dlq_at or t.updated) < before
  end
  return keep
end

local out = { 0, 0, -1 }
local matched, taken, looked = 0, 0, 0
local done = false
while not done and looked < budget do
  -- Small chunks while the page fills; a count past the page reads larger ones.
  local want = (taken < take) and (take - taken + 1) or 256
  local chunk = math.min(budget - looked, math.max(want, 32))
  local rows = redis.call('ZREVRANGEBYSCORE', KEYS[2], max, '-inf', 'WITHSCORES', 'LIMIT', 0, chunk)
  local n = #rows / 2
  if n == 0 then
    out[1] = 1
    break
  end
  local ids = {}
  for i = 1, n do
    ids[i] = rows[2 * i - 1]
  end
  local raws = redis.call('HMGET', KEYS[1], unpack(ids))
  for i = 1, n do
    local id, raw = ids[i], raws[i]
    local seq = rows[2 * i]
    looked = looked + 1
    out[3] = tonumber(seq)
    max = '(' .. seq
    if matches(id, raw) then
      matched = matched + 1
      if matched > skip and taken < take then
        taken = taken + 1
        table.insert(out, id)
        table.insert(out, out[3])
        table.insert(out, raw)
      end
    end
    if taken >= take and matched >= count_to then
      done = true
      -- Stopped at a match: the set's end is known only if this was its last id.
      if i == n and n < chunk then
        out[1] = 1
      end
      break
    end
  end
  if not done and n < chunk then
    out[1] = 1
    break
  end
end
out[2] = matched
return out
