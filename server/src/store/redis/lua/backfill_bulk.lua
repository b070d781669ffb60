-- The running and finished indexes of bulk operations written before those indexes existed
-- (`backfill.rs`), recomputed from each record as `write_bulk_op.lua` keeps them.
-- KEYS: revisions hash, running (a set of ids), finished (ids sorted by when they finished).
-- ARGV: quadruples of id, the revision of the record read, '1' when it is running, when it
-- finished ('' unless done or cancelled). An operation whose revision moved since it was read
-- was written since, and that write kept its indexes, so it is left alone.
-- Returns how many index entries changed.
local changed = 0
for i = 1, #ARGV, 4 do
  local id = ARGV[i]
  local rev = redis.call('HGET', KEYS[1], id)
  if rev and tonumber(rev) == tonumber(ARGV[i + 1]) then
    if ARGV[i + 2] == '1' then
      changed = changed + redis.call('SADD', KEYS[2], id)
    else
      changed = changed + redis.call('SREM', KEYS[2], id)
    end
    if ARGV[i + 3] ~= '' then
      changed = changed + redis.call('ZADD', KEYS[3], ARGV[i + 3], id)
    else
      changed = changed + redis.call('ZREM', KEYS[3], id)
    end
  end
end
return changed
