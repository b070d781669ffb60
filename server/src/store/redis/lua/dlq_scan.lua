-- Bounded read-only scan of one DLQ index (a sorted set of dead task ids scored by their DLQ
-- sequence), newest first, below a sequence: it looks at no more than a budget of ids, so a
-- filtered page of a huge DLQ never blocks Redis for long, and says where it stopped.
-- KEYS: the tasks hash, the set, the entries' search texts (`dlq_text.lua`).
-- ARGV: below (exclusive; '' for the newest), budget (ids looked at), text ('' for none,
-- lower-case), fingerprint ('' for any), '1' when the text and fingerprint can be looked for
-- in a record's JSON as they are (nothing JSON escapes), the age bound ('' for any age, else
-- dead before this time), matches to skip, matches to return, matches to count before stopping
-- (at least skip + return). A queue and a handler are never checked: each has its own sets.
-- Returns {1 when the set ended within the budget else 0, matches seen, the last sequence
-- looked at (-1 for none), id, sequence, record, ...}: only the page's records travel.
-- Ids are read in chunks (one ZREVRANGEBYSCORE and one HMGET each), so a page that fills early
-- reads little. A plain text with no fingerprint reads the entries' search texts instead of
-- their records (an entry without one, written before they existed, reads its record), and
-- only the page's records. A record is decoded only when its JSON cannot settle the match (`from_json`):
-- records are flat objects of scalars whose string values have their quotes escaped, so
-- `"fp":"x"` can only be the field itself; the decoded record decides the rest exactly.
local max = ARGV[1] == '' and '+inf' or ('(' .. ARGV[1])
local budget = tonumber(ARGV[2])
local text = ARGV[3]
local fp = ARGV[4]
local plain = ARGV[5] == '1'
local before = ARGV[6] ~= '' and tonumber(ARGV[6]) or nil
local skip = tonumber(ARGV[7])
local take = tonumber(ARGV[8])
local count_to = math.max(tonumber(ARGV[9]), skip + take)
local fp_json = '"fp":"' .. fp .. '"'
local DEAD = 5

-- Where a string field's JSON value (escapes left in) starts and ends, or nil.
local function span(raw, key)
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
      return e + 1, q - 1
    end
  end
end

-- Lower-casing changes only A-Z, so a text without them is looked for as it is.
local folds = string.find(text, '%a') ~= nil

local function has_text(s)
  if s == nil then
    return false
  end
  if folds then
    s = string.lower(s)
  end
  return string.find(s, text, 1, true) ~= nil
end

-- An integer field's value, or nil when it is absent or not written as a plain integer.
local function int_field(raw, key)
  local _, e = string.find(raw, key, 1, true)
  if not e then
    return nil
  end
  local digits = string.match(raw, '^%-?%d+', e + 1)
  if not digits then
    return nil
  end
  local after = string.sub(raw, e + #digits + 1, e + #digits + 1)
  if after ~= ',' and after ~= '}' then
    return nil
  end
  return tonumber(digits)
end

local TEXT_FIELDS = { '"handler":"', '"last_error":"' }

-- Whether a record matches, read off its JSON (plain filters only), or nil when only the
-- decoded record can tell; decoding is most of what a record costs, so most records are
-- settled here. `"fp":"y"` found is that field with that value. The text is looked for once
-- in the whole record, lower-cased (which keeps every position), then within the fields'
-- spans: a text not in a field's JSON is not in its value (what an escape stands for is never
-- in a plain text), and one found in a field whose JSON has no backslash is in its value
-- (every escape starts with one).
local function from_json(id, raw)
  if fp ~= '' and not string.find(raw, fp_json, 1, true) then
    return false
  end
  local sure = true
  if text ~= '' and not has_text(id) then
    local low = folds and string.lower(raw) or raw
    if not string.find(low, text, 1, true) then
      return false
    end
    local found = false
    for _, key in ipairs(TEXT_FIELDS) do
      local s, e = span(raw, key)
      if s then
        -- The first match from the field's start is within it, or none is.
        local p = string.find(low, text, s, true)
        if p and p + #text - 1 <= e then
          local b = string.find(raw, '\\', s, true)
          sure = not (b and b <= e)
          found = true
          break
        end
      end
    end
    if not found then
      return false
    end
  end
  local state = int_field(raw, '"state":')
  if state == nil then
    return nil
  elseif state ~= DEAD then
    return false
  elseif not sure then
    return nil
  end
  if before ~= nil then
    local at = int_field(raw, '"dlq_at":')
    if at == nil then
      return nil
    end
    return at < before
  end
  return true
end

local function matches(id, raw)
  if raw == false or raw == nil then
    return false
  end
  if plain then
    local known = from_json(id, raw)
    if known ~= nil then
      return known
    end
  end
  local t = cjson.decode(raw)
  local keep = t.state == DEAD
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

-- The search texts settle a plain text and an age; an entry has one only while it is dead.
local by_text = plain and text ~= '' and fp == ''

local function text_matches(entry)
  local nl = string.find(entry, '\n', 1, true)
  if before ~= nil and tonumber(string.sub(entry, 1, nl - 1)) >= before then
    return false
  end
  return string.find(entry, text, nl + 1, true) ~= nil
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
  local texts, raws = nil, nil
  if by_text then
    texts = redis.call('HMGET', KEYS[3], unpack(ids))
  else
    raws = redis.call('HMGET', KEYS[1], unpack(ids))
  end
  local last = n
  for i = 1, n do
    local id = ids[i]
    local entry = texts and texts[i]
    local hit
    if entry then
      hit = text_matches(entry)
    else
      if not raws then
        raws = redis.call('HMGET', KEYS[1], unpack(ids))
      end
      hit = matches(id, raws[i])
    end
    looked = looked + 1
    if hit then
      matched = matched + 1
      if matched > skip and taken < take then
        taken = taken + 1
        out[#out + 1] = id
        out[#out + 1] = tonumber(rows[2 * i])
        out[#out + 1] = (raws and raws[i]) or redis.call('HGET', KEYS[1], id)
      end
    end
    if taken >= take and matched >= count_to then
      done = true
      last = i
      -- Stopped at a match: the set's end is known only if this was its last id.
      if i == n and n < chunk then
        out[1] = 1
      end
      break
    end
  end
  -- Where this chunk stopped: what the next chunk, or the next call, reads below.
  out[3] = tonumber(rows[2 * last])
  max = '(' .. rows[2 * last]
  if not done and n < chunk then
    out[1] = 1
    break
  end
end
out[2] = matched
return out
