-- ARGV: paused (0 or 1). Writes the audit entry with the change; returns its id.
local id = write_audit()
redis.call('HSET', KEYS[G_COORD], 'paused', ARGV[1])
return id
