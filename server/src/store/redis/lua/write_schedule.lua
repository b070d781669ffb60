-- After schedule_events.lua (no task prelude). KEYS: schedule records, schedule revisions, then
-- the keys of the events to append as append_schedule_events(3, 5) reads them (coord, schedule
-- events, schedule event ids, two per event). ARGV: name, the revision the caller read (0: none
-- stored), 'update' (the schedule must exist) or 'upsert', the record (JSON, already carrying
-- that revision plus one), then four per event. Writes only over the revision the caller read,
-- so the JSON and the revisions hash stay in step without Lua reading JSON; the events are
-- appended exactly when the record is written, so a fire's advance and its events cannot part.
-- A deleted schedule's revision stays behind, so one created again under its name continues
-- from it and no revision read before the delete can match the new schedule. Returns 0 when the
-- stored revision is another (or an update finds no schedule), 1 when a schedule was replaced,
-- 2 when one was created.
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
local exists = redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1
if current ~= tonumber(ARGV[2]) or (ARGV[3] == 'update' and not exists) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
append_schedule_events(3, 5)
if exists then
  return 1
end
return 2
