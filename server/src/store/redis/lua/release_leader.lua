-- ARGV: holder.
if redis.call('HGET', KEYS[G_COORD], 'leader') == ARGV[1] then
  redis.call('HDEL', KEYS[G_COORD], 'leader')
  redis.call('HSET', KEYS[G_COORD], 'leader_exp', 0)
end
return 1
