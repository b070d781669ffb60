-- After schedule_events.lua (no task prelude). KEYS and ARGV: the events alone, as
-- append_schedule_events(1, 1) reads them.
return append_schedule_events(1, 1)
