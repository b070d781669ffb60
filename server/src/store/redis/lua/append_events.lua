-- ARGV: max length, then pairs of at_ms and data. Returns the new ids.
local out = {}
for i = 2, #ARGV, 2 do
  table.insert(out, redis.call('XADD', KEYS[G_EVENTS], 'MAXLEN', '~', ARGV[1], '*', 'at', ARGV[i], 'data', ARGV[i + 1]))
end
return out
