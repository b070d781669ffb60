//! Containerised jobs: the parts a `job_runner` handler is made of, outside the engine.
//!
//! - [`docker`]: building and running a job's container on the Docker engine, hardened and
//!   always cleaned up, and the reaper of containers whose run is gone.

pub mod docker;
