-- ARGV: now, limit. One queue group.
return promote(1, tonumber(ARGV[1]), tonumber(ARGV[2]))
