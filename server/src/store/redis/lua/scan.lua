-- Read-only scan of one sorted set of task ids, newest first, keeping tasks that match.
-- KEYS: the tasks hash, the set. ARGV: start rank, budget, handler ('' for any), text ('' for
-- none, lower-case), fingerprint ('' for any, else '=' and the fingerprint). Returns {next rank (-1 at the end), id, record, id, record, ...}.
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
    if keep and ARGV[5] ~= '' then
      keep = ('=' .. (t.fp or '')) == ARGV[5] and t.fp ~= nil
    end
    if keep then
      table.insert(out, id)
      table.insert(out, raw)
    end
  end
end
return out
