-- Read-only: ARGV: id. Returns {record, payload, errors, live fields ('' for none)} or {}.
local raw = redis.call('HGET', KEYS[G_TASKS], ARGV[1])
if not raw then
  return {}
end
return {
  raw,
  redis.call('HGET', KEYS[G_PAYLOADS], ARGV[1]) or '',
  redis.call('HGET', KEYS[G_ERRORS], ARGV[1]) or '[]',
  redis.call('HGET', KEYS[G_LIVE], ARGV[1]) or '',
}
