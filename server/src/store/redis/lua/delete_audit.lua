-- ARGV: through id. Returns how many entries were deleted.
local ids = redis.call('ZRANGEBYSCORE', KEYS[G_AUDITIDS], '-inf', ARGV[1])
for _, id in ipairs(ids) do
  redis.call('HDEL', KEYS[G_AUDIT], id)
end
redis.call('ZREMRANGEBYSCORE', KEYS[G_AUDITIDS], '-inf', ARGV[1])
return #ids
