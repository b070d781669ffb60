//! Containerized jobs outside the engine: what a job runner needs from the machine it runs on
//! (fetching a job's build context; the Docker runner beside it). The engine only sees a job as
//! tasks; the files, processes and network calls a run makes live here.

pub mod source;
