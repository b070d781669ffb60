-- The backfill's writes for DLQ entries made before the sets per queue and handler and the
-- search texts existed (`backfill.rs`), after `dlq_text.lua`. KEYS: the DLQ (`{P}:dlq`),
-- `{P}:coord`, the tasks hash, `{P}:dlqtext`, then the sets. ARGV: the sequence the backfill
-- has now read up to, then triples of id, sequence, set index. An entry is written only while
-- it is still the same DLQ entry (its sequence in the DLQ is the one read): one that left
-- since was taken out of every set by `leave`, and one that died again since has a new
-- sequence and was written by `enter`. Raises `dlq_index_seq` in coord (what the next backfill
-- starts after) in the same script. Returns how many entries were added to a set.
local added = 0
for i = 2, #ARGV, 3 do
  local id, seq = ARGV[i], ARGV[i + 1]
  local now = redis.call('ZSCORE', KEYS[1], id)
  if now and tonumber(now) == tonumber(seq) then
    added = added + redis.call('ZADD', KEYS[tonumber(ARGV[i + 2])], seq, id)
    if redis.call('HEXISTS', KEYS[4], id) == 0 then
      local raw = redis.call('HGET', KEYS[3], id)
      if raw then
        redis.call('HSET', KEYS[4], id, dlq_text(cjson.decode(raw)))
      end
    end
  end
end
local upto = tonumber(ARGV[1])
local have = tonumber(redis.call('HGET', KEYS[2], 'dlq_index_seq') or '0')
if upto > have then
  redis.call('HSET', KEYS[2], 'dlq_index_seq', ARGV[1])
end
return added
