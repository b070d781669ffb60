-- Read-only scan of one sorted set of task ids, newest first, counting tasks that match.
-- KEYS: the tasks hash, the set, the tasks' live fields (see `live_apply` in `live.lua`). ARGV: start rank, budget, handler ('' for any), text ('' for
-- none, lower-case), fingerprint ('' for any, else '=' and the fingerprint), matches to skip,
-- matches to return, '1' when the text can be looked for in a record's JSON as it is (it has
-- nothing JSON escapes), the age's time ('' for any age, 'created' for the task's creation,
-- 'dead' for when it became dead), and the time it must be before. Returns {next rank (-1 at the end), matches seen, id, record, ...}:
-- only the records of the page travel, the others are only counted; and a record whose JSON
-- does not hold the text is passed over without being decoded. The fields a scan matches on
-- (handler, error, fingerprint, creation and death times) are never live fields; a record of
-- the page that has live fields travels with them merged in.
-- `live_apply` comes first, from `live.lua`.
local function merged(raw, live)
  return cjson.encode(live_apply(cjson.decode(raw), live))
end

local start = tonumber(ARGV[1])
local budget = tonumber(ARGV[2])
local text = ARGV[4]
local skip = tonumber(ARGV[6])
local take = tonumber(ARGV[7])
local plain = ARGV[8] == '1'
local age = ARGV[9] or ''
local before = tonumber(ARGV[10] or '0')
local ids = redis.call('ZREVRANGE', KEYS[2], start, start + budget - 1)
local out = { -1, 0 }
if #ids == budget then
  out[1] = start + budget
end
local matched, taken = 0, 0
for _, id in ipairs(ids) do
  local raw = redis.call('HGET', KEYS[1], id)
  local keep = raw ~= false and raw ~= nil
  if keep and text ~= '' and plain then
    keep = string.find(string.lower(raw), text, 1, true) ~= nil
  end
  if keep then
    local t = cjson.decode(raw)
    keep = ARGV[3] == '' or t.handler == ARGV[3]
    if keep and text ~= '' then
      keep = string.find(string.lower(id), text, 1, true) ~= nil
        or string.find(string.lower(t.handler), text, 1, true) ~= nil
        or string.find(string.lower(t.last_error or ''), text, 1, true) ~= nil
    end
    if keep and ARGV[5] ~= '' then
      keep = ('=' .. (t.fp or '')) == ARGV[5] and t.fp ~= nil
    end
    if keep and age == 'created' then
      keep = t.created < before
    elseif keep and age == 'dead' then
      keep = (t.dlq_at or t.updated) < before
    end
  end
  if keep then
    matched = matched + 1
    if matched > skip and taken < take then
      taken = taken + 1
      local live = redis.call('HGET', KEYS[3], id)
      if live then
        raw = merged(raw, live)
      end
      table.insert(out, id)
      table.insert(out, raw)
    end
  end
end
out[2] = matched
return out
