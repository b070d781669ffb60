-- Shared by the job run scripts (no task prelude). KEYS: 1 run records, 2 run states, 3 the
-- index of every run, 4-8 the index of each status (queued, running, succeeded, failed,
-- cancelled), 9 the job's runs, 10-14 the job's runs of each status, 15 the names of jobs with
-- history. A run's state is `attempt status member finished job` (finished '-' until it ends),
-- so the scripts check transitions and move index entries without reading JSON. Index members
-- are `queued_at (16 digits):run id`, all at score 0, so a reverse lexical range lists newest
-- first and a member is a cursor.
local status_key = { queued = 4, running = 5, succeeded = 6, failed = 7, cancelled = 8 }
local function rank(status)
  if status == 'queued' then
    return 0
  elseif status == 'running' then
    return 1
  end
  return 2
end

local function parse_state(state)
  local attempt, status, member, finished, job =
    string.match(state, '^(%d+) (%a+) (%S+) (%S+) (%S+)$')
  return tonumber(attempt), status, member, finished, job
end

local function unindex(status, member)
  redis.call('ZREM', KEYS[3], member)
  redis.call('ZREM', KEYS[status_key[status]], member)
  redis.call('ZREM', KEYS[9], member)
  redis.call('ZREM', KEYS[status_key[status] + 6], member)
end

-- ARGV: 1 run id, 2 job, 3 status, 4 attempt, 5 index member, 6 record (JSON), 7 finished
-- time once ended ('-' before).
local function write_run()
  local status, member = ARGV[3], ARGV[5]
  if not status_key[status] then
    return redis.error_reply('unknown run status ' .. status)
  end
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[6])
  redis.call('HSET', KEYS[2], ARGV[1],
    ARGV[4] .. ' ' .. status .. ' ' .. member .. ' ' .. ARGV[7] .. ' ' .. ARGV[2])
  redis.call('ZADD', KEYS[3], 0, member)
  redis.call('ZADD', KEYS[status_key[status]], 0, member)
  redis.call('ZADD', KEYS[9], 0, member)
  redis.call('ZADD', KEYS[status_key[status] + 6], 0, member)
  redis.call('SADD', KEYS[15], ARGV[2])
end
