-- Read-only: ARGV: id. Returns {record, payload, errors} or {}.
local raw = redis.call('HGET', KEYS[G_TASKS], ARGV[1])
if not raw then
  return {}
end
return {
  raw,
  redis.call('HGET', KEYS[G_PAYLOADS], ARGV[1]) or '',
  redis.call('HGET', KEYS[G_ERRORS], ARGV[1]) or '[]',
}
