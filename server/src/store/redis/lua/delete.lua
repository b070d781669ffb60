-- Deletes tasks. ARGV: only_dead (1/0), queue ('' for any), then triples of id, queue group,
-- handler key index. Returns how many were deleted.
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
    redis.call('HDEL', KEYS[G_LIVE], t.id)
    n = n + 1
  end
end
return n
