-- ARGV: now, names... Registers queues that do not exist.
for i = 2, #ARGV do
  ensure_queue(ARGV[i], tonumber(ARGV[1]))
end
return 1
