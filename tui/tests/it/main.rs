//! The dashboard's tests: screens drawn into ratatui's `TestBackend` and compared with
//! committed snapshots (fed by recorded responses), and the real client against a real
//! `workerd` on loopback.

mod fixtures;
mod groups;
mod jobs;
mod live;
mod schedules;
mod screens;
