-- ARGV: holder, ttl, now. Returns {holder, token, expires}.
local c = redis.call('HMGET', KEYS[G_COORD], 'leader', 'leader_token', 'leader_exp')
local holder, token, expires = c[1], tonumber(c[2] or '0'), tonumber(c[3] or '0')
local now = tonumber(ARGV[3])
local mine = holder == ARGV[1] and expires > now
if not mine and expires > now then
  return { holder or '', token, expires }
end
if not mine then
  token = token + 1
end
expires = now + tonumber(ARGV[2])
redis.call('HSET', KEYS[G_COORD], 'leader', ARGV[1], 'leader_token', token, 'leader_exp', expires)
return { ARGV[1], token, expires }
