//! workerctl's integration tests: the real binary against a real server on loopback.

mod audit;
mod bulk;
mod commands;
mod completion;
mod csv;
mod dash;
mod history;
mod jobs;
mod schedules;
mod support;
mod terminal;
