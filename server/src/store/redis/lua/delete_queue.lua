-- An operator's delete of a queue from the registry, with its audit entry. One queue group (the
-- queue's), then two DLQ keys per handler of its tasks (its own, then this queue's and its).
-- ARGV: name, force ('1'/'0'), the most tasks a forced delete may remove, the number of tasks
-- the caller planned on, then pairs of task id and handler key index (every task of the queue, when forced). Refusals write
-- nothing: {'N'} unknown queue, {'R', running}, {'E', tasks} not empty, {'L', tasks} too many.
-- A plan that no longer covers the queue's tasks is refused with STALE_PLAN before any write.
-- Returns {'D', tasks deleted, audit id, dead tasks among them}.
local name = ARGV[1]
local force = ARGV[2] == '1'
local max = tonumber(ARGV[3])
if redis.call('HEXISTS', KEYS[G_QUEUES], name) == 0 then
  return { 'N' }
end
local running = redis.call('ZCARD', qkey(1, Q_STATE0 + RUNNING))
if running > 0 then
  return { 'R', running }
end
local total = redis.call('ZCARD', qkey(1, Q_ALL))
if total > 0 and not force then
  return { 'E', total }
end
if total > max then
  return { 'L', total }
end
local planned = tonumber(ARGV[4])
if total ~= planned or #ARGV ~= 4 + 2 * planned then
  return error({ err = 'STALE_PLAN the queue changed since it was read' })
end
local tasks = {}
for i = 5, #ARGV, 2 do
  local t = get(ARGV[i])
  if not t or t.queue ~= name or t.state == RUNNING then
    return error({ err = 'STALE_PLAN the queue changed since it was read' })
  end
  tasks[i] = t
end
local dead = redis.call('ZCARD', qkey(1, Q_STATE0 + DEAD))
local id = write_audit()
for i = 5, #ARGV, 2 do
  remove_task(tasks[i], 1, tonumber(ARGV[i + 1]))
end
redis.call('HDEL', KEYS[G_QUEUES], name)
for state = SCHEDULED, CANCELLED do
  redis.call('HDEL', KEYS[G_COUNTS], name .. '\31' .. state)
end
for offset = 1, QSIZE do
  redis.call('DEL', qkey(1, offset))
end
return { 'D', total, id, dead }
