//! Containerized jobs outside the engine: what a job runner needs from the machine it runs on.
//! The engine only sees a job as tasks; the files, processes, containers and network calls a
//! run makes live here.
//!
//! - [`source`]: fetching a job's build context (git tag, tarball URL or file) into a workspace.
//! - [`docker`]: building and running a job's container on the Docker engine, hardened and
//!   always cleaned up, and the reaper of containers whose run is gone.
//! - [`runner`]: the `job_runner` handler that carries a run from its record to its
//!   container's end, and the reaper's schedule on a node.

pub mod docker;
pub mod runner;
pub mod source;
