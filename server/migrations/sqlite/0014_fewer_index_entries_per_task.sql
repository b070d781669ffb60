-- Two indexes stop moving an entry on the two transitions every task makes (a lease, pending to
-- running; a completion, running to succeeded). Index entries were most of what our statements
-- cost the writer beyond the raw floor's (issue 15: burn-down at c=100 on a 2-core machine,
-- FULL 34-36k tasks/s before, 38k after; NORMAL 53k before, 61-65k after).
--
-- Listings of a queue by state no longer index running tasks: a lease moved each task's entry
-- in and a completion moved it out. Running tasks are few (at most the workers' slots and what
-- they leased ahead) and have an index of their own, `tasks_running`, which their listings
-- walk instead. A query reaches this index only when its WHERE clause says `state <> 2` in those
-- words (SQLite proves a partial index usable from the query's terms, not from `state = ?`), so
-- the listings add that term for every state but running (`store/sqlite/rows.rs`).
DROP INDEX tasks_by_state;
CREATE INDEX tasks_by_state ON tasks (queue, state, seq) WHERE state <> 2;

-- Listings of a queue in every state (no state asked) walk the queue's tasks newest first here.
-- No state in the key, so no change of state moves an entry: a lease and a completion never
-- touch it; an enqueue adds its entry and a delete removes it.
CREATE INDEX tasks_by_queue ON tasks (queue, seq);

-- The oldest ready task of a queue (for its latency) is found through `tasks_ready` instead,
-- by one seek per priority its ready tasks have, up to 64 of them, then by reading the queue's
-- ready tasks (`store/sqlite/queues.rs`), so a lease takes a task out of one index of ready
-- tasks, not two.
DROP INDEX tasks_ready_age;
