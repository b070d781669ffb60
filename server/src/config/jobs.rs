//! The job runner's settings from `WORKER_JOB_*`: whether this node serves jobs, the source
//! policy, the default limits a job that names none gets, the container network, the host
//! variables an operator lets through by name, the output cap and the reaper's interval.

use std::fmt;
use std::time::Duration;

use crate::engine::jobs::model::{
    JOB_CPUS_MAX, JOB_CPUS_MIN, JOB_MEMORY_MB_MAX, JOB_MEMORY_MB_MIN, JOB_PIDS_MAX,
};
use crate::jobs::source::SourcePolicy;

use super::reader::Reader;

/// Whether `workerd` serves `job_runner` tasks (`WORKER_JOBS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobsMode {
    /// When the Docker engine answers at start (the default).
    Auto,
    /// Never: this node leaves job runs to others.
    Off,
}

/// Everything a node's job runner reads from its environment.
#[derive(Clone)]
pub struct JobSettings {
    pub mode: JobsMode,
    pub source: SourcePolicy,
    /// `WORKER_JOB_CPUS`: a fraction of cores, for jobs that name none.
    pub cpus: f64,
    /// `WORKER_JOB_MEMORY_MB`.
    pub memory_mb: u64,
    /// `WORKER_JOB_PIDS`.
    pub pids: u64,
    /// `WORKER_JOB_NETWORK`: the containers' network mode (`none` by default).
    pub network: String,
    /// `WORKER_JOB_BUILD_NETWORK`: the network of the image build's `RUN` steps (`none` by
    /// default, whatever `network` is).
    pub build_network: String,
    /// `WORKER_JOB_ENV_ALLOWLIST`: host variables passed into every job's container, with
    /// their values as they were when `workerd` started. Nothing else of the host's
    /// environment reaches a container.
    pub host_env: Vec<(String, String)>,
    /// `WORKER_JOB_OUTPUT_BYTES`: most output kept per run.
    pub output_bytes: u64,
    /// `WORKER_JOB_REAP_INTERVAL`: how often containers of runs no longer live are removed.
    pub reap_interval: Duration,
    /// `WORKER_JOB_EVENT_DIR`: where every job event is also written as a file in go-worker's
    /// layout; unset: nowhere (the store keeps them either way).
    pub event_dir: Option<std::path::PathBuf>,
    /// `WORKER_JOB_EVENT_MAX_ENTRIES`: most files kept per directory of `event_dir`.
    pub event_max_entries: usize,
}

/// Host values may be secrets: only their names are printed.
impl fmt::Debug for JobSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.host_env.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("JobSettings")
            .field("mode", &self.mode)
            .field("source", &self.source)
            .field("cpus", &self.cpus)
            .field("memory_mb", &self.memory_mb)
            .field("pids", &self.pids)
            .field("network", &self.network)
            .field("build_network", &self.build_network)
            .field("host_env", &names)
            .field("output_bytes", &self.output_bytes)
            .field("reap_interval", &self.reap_interval)
            .field("event_dir", &self.event_dir)
            .field("event_max_entries", &self.event_max_entries)
            .finish()
    }
}

pub(super) fn read(r: &mut Reader<'_>) -> JobSettings {
    let mode = r.get("WORKER_JOBS", JobsMode::Auto, |t| {
        match t.trim().to_ascii_lowercase().as_str() {
            "auto" | "on" => Ok(JobsMode::Auto),
            "off" => Ok(JobsMode::Off),
            other => Err(format!("{other:?} is not a mode; use auto or off")),
        }
    });
    let source = super::job_sources::read(r);
    let cpus = r.number("WORKER_JOB_CPUS", 1.0_f64, JOB_CPUS_MIN, JOB_CPUS_MAX);
    let memory_mb = r.number(
        "WORKER_JOB_MEMORY_MB",
        512_u64,
        JOB_MEMORY_MB_MIN,
        JOB_MEMORY_MB_MAX,
    );
    let pids = r.number("WORKER_JOB_PIDS", 256_u64, 1, JOB_PIDS_MAX);
    let network = r.get("WORKER_JOB_NETWORK", "none".to_owned(), network_mode);
    // The build's RUN steps have no network unless asked for, whatever the containers have:
    // a Dockerfile is the job author's code too.
    let build_network = r.get("WORKER_JOB_BUILD_NETWORK", "none".to_owned(), network_mode);
    let names = r.get("WORKER_JOB_ENV_ALLOWLIST", Vec::new(), |t| {
        t.split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| {
                if valid_env_name(n) {
                    Ok(n.to_owned())
                } else {
                    Err(format!("{n:?} is not a variable name"))
                }
            })
            .collect()
    });
    // Values are taken as they are now, so what a job sees does not change under a running
    // node; an allowlisted name that is unset passes nothing.
    let host_env = names
        .into_iter()
        .filter_map(|n| r.env.get(&n).map(|v| (n, v.clone())))
        .collect();
    let output_bytes = r.number("WORKER_JOB_OUTPUT_BYTES", 1_u64 << 20, 1, 1 << 32);
    let reap_interval = r.positive_duration("WORKER_JOB_REAP_INTERVAL", Duration::from_secs(10));
    let event_dir = r.path("WORKER_JOB_EVENT_DIR");
    let event_max_entries = r.number("WORKER_JOB_EVENT_MAX_ENTRIES", 10_000_usize, 1, 10_000_000);
    JobSettings {
        mode,
        source,
        cpus,
        memory_mb,
        pids,
        network,
        build_network,
        host_env,
        output_bytes,
        reap_interval,
        event_dir,
        event_max_entries,
    }
}

fn network_mode(t: &str) -> Result<String, String> {
    let t = t.trim();
    if t.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | ':'))
        && t.len() <= 128
    {
        Ok(t.to_owned())
    } else {
        Err(format!(
            "{t:?} is not a network mode; use none, bridge or a network's name"
        ))
    }
}

fn valid_env_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    name.len() <= 256
        && bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn read_env(pairs: &[(&str, &str)]) -> Result<JobSettings, Vec<String>> {
        let env: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let mut r = Reader {
            env: &env,
            problems: Vec::new(),
        };
        let settings = read(&mut r);
        if r.problems.is_empty() {
            Ok(settings)
        } else {
            Err(r.problems)
        }
    }

    #[test]
    fn defaults_serve_jobs_without_network_or_host_variables() {
        let s = read_env(&[("HOME", "/root")]).unwrap();
        assert_eq!(s.mode, JobsMode::Auto);
        assert_eq!((s.cpus, s.memory_mb, s.pids), (1.0, 512, 256));
        assert_eq!(
            (s.network.as_str(), s.build_network.as_str()),
            ("none", "none")
        );
        assert!(s.host_env.is_empty());
        assert_eq!(s.output_bytes, 1 << 20);
    }

    #[test]
    fn only_allowlisted_host_variables_pass_and_debug_hides_their_values() {
        let s = read_env(&[
            ("WORKER_JOB_ENV_ALLOWLIST", "LANG, UNSET_ONE"),
            ("LANG", "C.UTF-8"),
            ("API_TOKEN", "s3cret"),
            ("WORKER_JOBS", "off"),
            ("WORKER_JOB_CPUS", "0.25"),
            ("WORKER_JOB_MEMORY_MB", "64"),
            ("WORKER_JOB_PIDS", "32"),
            ("WORKER_JOB_NETWORK", "bridge"),
            ("WORKER_JOB_OUTPUT_BYTES", "4096"),
        ])
        .unwrap();
        assert_eq!(
            s.build_network, "none",
            "the containers' network is not the build's"
        );
        assert_eq!(s.host_env, [("LANG".to_owned(), "C.UTF-8".to_owned())]);
        assert_eq!(s.mode, JobsMode::Off);
        assert_eq!((s.cpus, s.memory_mb, s.pids), (0.25, 64, 32));
        assert_eq!((s.network.as_str(), s.output_bytes), ("bridge", 4096));
        assert!(!format!("{s:?}").contains("C.UTF-8"));
    }

    #[test]
    fn bad_values_are_reported_by_name() {
        let problems = read_env(&[
            ("WORKER_JOBS", "sometimes"),
            ("WORKER_JOB_CPUS", "0"),
            ("WORKER_JOB_MEMORY_MB", "1"),
            ("WORKER_JOB_NETWORK", "a b"),
            ("WORKER_JOB_BUILD_NETWORK", "x y"),
            ("WORKER_JOB_ENV_ALLOWLIST", "OK,1BAD"),
        ])
        .unwrap_err();
        for name in [
            "WORKER_JOBS",
            "WORKER_JOB_CPUS",
            "WORKER_JOB_MEMORY_MB",
            "WORKER_JOB_NETWORK",
            "WORKER_JOB_BUILD_NETWORK",
            "WORKER_JOB_ENV_ALLOWLIST",
        ] {
            assert!(
                problems.iter().any(|p| p.starts_with(name)),
                "{name} in {problems:?}"
            );
        }
    }
}
