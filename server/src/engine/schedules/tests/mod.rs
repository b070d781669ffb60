//! Engine tests of schedules on a real SQLite file with a hand-moved clock.
