//! What one run asks of the engine (`RunSpec`, `Limits`) and the node's settings
//! (`RunnerSettings`), with their validation and the names and labels derived from them.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use super::DockerError;

/// Label on every container and image the runner makes; the reaper lists by it.
pub const LABEL_MANAGED: &str = "worker.managed";
/// Label holding the run id (the task id of the `job_runner` task).
pub const LABEL_RUN: &str = "worker.run";
/// Label holding the run's attempt number (a retry is a new container).
pub const LABEL_ATTEMPT: &str = "worker.attempt";
/// Label holding the id of the node that made the container or image.
pub const LABEL_NODE: &str = "worker.node";
/// Label holding the job's name, for people reading `docker ps`.
pub const LABEL_JOB: &str = "worker.job";

/// Prefix of container names and image repositories.
pub const NAME_PREFIX: &str = "worker-job-";

/// The resources one run may use. Each applies to the build's steps too (as far as the legacy
/// builder can: CPU quota and memory), and fully to the job's container.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// A fraction of one core (`0.5` is half a core); becomes `NanoCpus`.
    pub cpus: f64,
    /// Memory in MiB; swap is set equal to it, so the container has no swap.
    pub memory_mb: u64,
    /// Most processes and threads at once.
    pub pids: i64,
    /// Size of the writable work directory (a tmpfs, counted against `memory_mb` by the
    /// kernel).
    pub work_dir_mb: u64,
    /// Most bytes of output kept, per phase (build, then run); past it a truncation notice is
    /// written once and the rest is read and dropped, so the job never blocks on its output.
    pub output_bytes: u64,
    /// How long the whole run may take, build included; then the container is killed.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            cpus: 1.0,
            memory_mb: 512,
            pids: 256,
            work_dir_mb: 64,
            output_bytes: 64 * 1024,
            timeout: Duration::from_secs(300),
        }
    }
}

/// One run of a job: where its build context is, what to run and within which limits.
#[derive(Clone, Debug)]
pub struct RunSpec {
    /// The run's id (the `job_runner` task's id): names the container and tags the image, so
    /// it must be unique among live runs. `[A-Za-z0-9][A-Za-z0-9_.-]{0,63}`.
    pub run_id: String,
    /// The run's attempt (from 1; it goes on across a replay, where the task's starts again):
    /// a retry gets its own container and image, so one left by a dead attempt never blocks
    /// the next.
    pub attempt: u32,
    /// The job's name; sanitised into the image repository and kept as a label.
    pub job_name: String,
    /// The build context: a directory sent whole (symbolic links as links, never followed).
    pub context_dir: PathBuf,
    /// The Dockerfile, relative to `context_dir`, which must not leave it.
    pub dockerfile: PathBuf,
    /// A directory removed when the run is over, whatever its end (the fetched source's
    /// workspace); `None` leaves the context alone.
    pub workspace: Option<PathBuf>,
    /// Arguments for the image's entrypoint; empty keeps the image's `CMD`.
    pub command: Vec<String>,
    /// The container's whole environment besides what the image sets: nothing of the
    /// worker's own environment is passed unless it is written here.
    pub env: Vec<(String, String)>,
    /// `uid[:gid]`, numeric; `None` runs as the settings' default user (not root).
    pub user: Option<String>,
    pub limits: Limits,
}

/// How this node runs every job: fixed at start, from the environment.
#[derive(Clone, Debug)]
pub struct RunnerSettings {
    /// Labels everything made here (`worker.node`), so a node's reaper can stay on its own.
    pub node_id: String,
    /// The container's network mode: `none` (default), `bridge`, or a network's name.
    pub network: String,
    /// The network of the build's `RUN` steps; `None` uses `network`.
    pub build_network: Option<String>,
    /// The user a job runs as unless it names one: `65534:65534` (nobody) by default.
    pub default_user: String,
    /// Where the writable tmpfs is mounted and the container starts.
    pub work_dir: String,
    /// A cancelled run gets SIGTERM, then SIGKILL after this.
    pub stop_grace: Duration,
    /// Most bytes of build context sent to the engine; a larger context fails the run.
    pub max_context_bytes: u64,
}

impl RunnerSettings {
    pub fn new(node_id: impl Into<String>) -> Self {
        Self {
            node_id: node_id.into(),
            network: "none".to_owned(),
            build_network: None,
            default_user: "65534:65534".to_owned(),
            work_dir: "/work".to_owned(),
            stop_grace: Duration::from_secs(10),
            max_context_bytes: 1024 * 1024 * 1024,
        }
    }
}

/// A spec checked against the settings, with the names it runs under.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    pub(crate) container: String,
    pub(crate) image: String,
    pub(crate) dockerfile: String,
    pub(crate) user: String,
    pub(crate) env: Vec<String>,
    /// The container's labels.
    pub(crate) labels: HashMap<String, String>,
    /// The image's labels as one `LABEL` instruction appended to the Dockerfile: one build
    /// step instead of the builder's one per label (each costs a container commit, about a
    /// second here). The job's name is left off: its text could not be quoted safely.
    pub(crate) label_instruction: String,
    /// Where that Dockerfile goes in the context sent to the engine.
    pub(crate) generated_dockerfile: String,
}

pub(crate) fn prepare(spec: &RunSpec, settings: &RunnerSettings) -> Result<Prepared, DockerError> {
    let run_id = &spec.run_id;
    if !valid_run_id(run_id) {
        return Err(invalid(format!(
            "run id {run_id:?} must be 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or digit"
        )));
    }
    let limits = &spec.limits;
    if !(limits.cpus.is_finite() && limits.cpus > 0.0 && limits.cpus <= 1024.0) {
        return Err(invalid(format!(
            "cpus must be above 0 and at most 1024, not {}",
            limits.cpus
        )));
    }
    // The engine refuses less than 6 MiB; the top keeps bytes within i64.
    if !(6..=1 << 30).contains(&limits.memory_mb) {
        return Err(invalid(format!(
            "memory_mb must be 6 to 2^30, not {}",
            limits.memory_mb
        )));
    }
    if limits.pids < 1 {
        return Err(invalid(format!(
            "pids must be at least 1, not {}",
            limits.pids
        )));
    }
    if !(1..=1 << 20).contains(&limits.work_dir_mb) {
        return Err(invalid(format!(
            "work_dir_mb must be 1 to 2^20, not {}",
            limits.work_dir_mb
        )));
    }
    if limits.timeout.is_zero() {
        return Err(invalid("timeout must be above zero".to_owned()));
    }
    let dockerfile = relative_inside(&spec.dockerfile).ok_or_else(|| {
        invalid(format!(
            "dockerfile {:?} must be a relative path inside the context",
            spec.dockerfile
        ))
    })?;
    if !spec.context_dir.is_dir() {
        return Err(invalid(format!(
            "build context {:?} is not a directory",
            spec.context_dir
        )));
    }
    if !spec.context_dir.join(&dockerfile).is_file() {
        return Err(invalid(format!(
            "dockerfile {dockerfile:?} is not a file in the build context"
        )));
    }
    if !valid_node_id(&settings.node_id) {
        return Err(invalid(format!(
            "node id {:?} must be 1 to 128 of A-Z a-z 0-9 . _ : -",
            settings.node_id
        )));
    }
    let user = spec
        .user
        .clone()
        .unwrap_or_else(|| settings.default_user.clone());
    if !valid_user(&user) {
        return Err(invalid(format!(
            "user {user:?} must be a numeric uid or uid:gid"
        )));
    }
    let mut env = Vec::with_capacity(spec.env.len());
    for (name, value) in &spec.env {
        if name.is_empty() || name.contains('=') || name.contains('\0') || value.contains('\0') {
            return Err(invalid(format!(
                "environment variable name {name:?} must be non-empty without '=' or NUL"
            )));
        }
        env.push(format!("{name}={value}"));
    }
    let labels = HashMap::from([
        (LABEL_MANAGED.to_owned(), "true".to_owned()),
        (LABEL_RUN.to_owned(), run_id.clone()),
        (LABEL_ATTEMPT.to_owned(), spec.attempt.to_string()),
        (LABEL_NODE.to_owned(), settings.node_id.clone()),
        (LABEL_JOB.to_owned(), spec.job_name.clone()),
    ]);
    // Every value here is of a character set that needs no escaping in a Dockerfile.
    let label_instruction = format!(
        "LABEL {LABEL_MANAGED}=\"true\" {LABEL_NODE}=\"{}\" {LABEL_RUN}=\"{run_id}\" {LABEL_ATTEMPT}=\"{}\"",
        settings.node_id, spec.attempt
    );
    Ok(Prepared {
        label_instruction,
        generated_dockerfile: format!(".{NAME_PREFIX}{run_id}-{}.Dockerfile", spec.attempt),
        container: format!("{NAME_PREFIX}{run_id}-{}", spec.attempt),
        image: format!(
            "{NAME_PREFIX}{}:{run_id}-{}",
            sanitise_repository(&spec.job_name),
            spec.attempt
        ),
        dockerfile,
        user,
        env,
        labels,
    })
}

fn invalid(message: String) -> DockerError {
    DockerError::InvalidSpec(message)
}

/// Container names allow `[a-zA-Z0-9][a-zA-Z0-9_.-]+`, image tags `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`:
/// a run id valid for both is used as it is, so names never collide by sanitising.
fn valid_run_id(id: &str) -> bool {
    id.len() <= 64
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// The configuration's node id rule (`WORKER_NODE_ID`).
fn valid_node_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'))
}

fn valid_user(user: &str) -> bool {
    let numeric = |s: &str| !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit());
    match user.split_once(':') {
        Some((uid, gid)) => numeric(uid) && numeric(gid),
        None => numeric(user),
    }
}

/// The job's name as an image repository component: lower case, runs of anything outside
/// `[a-z0-9]` become one `-`, at most 64 characters; `job` when nothing is left. Only
/// readability depends on it: the tag (the run id) keeps images apart.
pub(crate) fn sanitise_repository(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 64 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "job".to_owned()
    } else {
        out.to_owned()
    }
}

/// `path` as a `/`-separated relative path that stays inside its base, or `None`.
fn relative_inside(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?.to_owned()),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_names_are_docker_safe() {
        assert_eq!(sanitise_repository("Nightly Build"), "nightly-build");
        assert_eq!(sanitise_repository("a..b__c"), "a-b-c");
        assert_eq!(sanitise_repository("--"), "job");
        assert_eq!(sanitise_repository("été"), "t");
        assert_eq!(sanitise_repository(&"x".repeat(100)).len(), 64);
    }

    #[test]
    fn run_ids_and_users_are_checked() {
        assert!(valid_run_id("0192f1c2-aaaa-7bbb-8ccc-0123456789ab"));
        assert!(!valid_run_id("-x"));
        assert!(!valid_run_id("a/b"));
        assert!(!valid_run_id(""));
        assert!(!valid_run_id(&"a".repeat(65)));
        assert!(valid_user("65534:65534"));
        assert!(valid_user("1000"));
        assert!(!valid_user("root"));
        assert!(!valid_user("1000:"));
    }

    #[test]
    fn dockerfiles_stay_inside_the_context() {
        assert_eq!(
            relative_inside(Path::new("./a/Dockerfile")).as_deref(),
            Some("a/Dockerfile")
        );
        assert_eq!(relative_inside(Path::new("../Dockerfile")), None);
        assert_eq!(relative_inside(Path::new("/Dockerfile")), None);
        assert_eq!(relative_inside(Path::new(".")), None);
    }
}
