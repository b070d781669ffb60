//! The job source policy from `WORKER_JOB_*`: the reference's allowlists, tarball limits,
//! tarball directory, work directory and git program, plus this house's extraction limits
//! and extra CA roots for tarball hosts.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use crate::jobs::source::{Allowlist, SourcePolicy};

use super::ConfigError;
use super::reader::Reader;

/// Reads the policy; every bad variable is reported at once, each with its name. Reads the
/// `WORKER_JOB_TARBALL_CA` file now, so a bad file stops the start rather than a run.
pub fn job_source_policy(env: &BTreeMap<String, String>) -> Result<SourcePolicy, ConfigError> {
    let mut r = Reader {
        env,
        problems: Vec::new(),
    };
    let policy = read(&mut r);
    if r.problems.is_empty() {
        Ok(policy)
    } else {
        Err(ConfigError {
            problems: r.problems,
        })
    }
}

fn read(r: &mut Reader<'_>) -> SourcePolicy {
    let d = SourcePolicy::default();
    let repos = r
        .raw("WORKER_JOB_REPO_ALLOWLIST")
        .map(Allowlist::parse_repos)
        .unwrap_or_default();
    let tarball_hosts = r.get(
        "WORKER_JOB_TARBALL_ALLOWLIST",
        Allowlist::default(),
        Allowlist::parse_hosts,
    );
    let tarball_max_bytes = r.number(
        "WORKER_JOB_TARBALL_MAX_BYTES",
        d.tarball_max_bytes,
        1,
        1 << 40,
    );
    let timeout = r.positive_duration("WORKER_JOB_TARBALL_TIMEOUT", d.timeout);
    let tarball_dir = r.path("WORKER_JOB_TARBALL_DIR");
    let workdir = r.path("WORKER_JOB_WORKDIR").unwrap_or(d.workdir);
    let max_files = r.number("WORKER_JOB_EXTRACT_MAX_FILES", d.max_files, 1, 100_000_000);
    let max_extracted_bytes = r.number(
        "WORKER_JOB_EXTRACT_MAX_BYTES",
        d.max_extracted_bytes,
        1,
        1 << 44,
    );
    let git = r.path("WORKER_JOB_GIT_BIN").unwrap_or(d.git);
    let extra_roots = match r.path("WORKER_JOB_TARBALL_CA") {
        None => Vec::new(),
        Some(path) => match roots(&path) {
            Ok(roots) => roots,
            Err(problem) => {
                r.problems.push(format!("WORKER_JOB_TARBALL_CA: {problem}"));
                Vec::new()
            }
        },
    };
    SourcePolicy {
        repos,
        tarball_hosts,
        tarball_max_bytes,
        timeout,
        tarball_dir,
        workdir,
        max_files,
        max_extracted_bytes,
        git,
        extra_roots,
        ..d
    }
}

fn roots(path: &PathBuf) -> Result<Vec<CertificateDer<'static>>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{}: not PEM certificates ({e})", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{}: holds no certificate", path.display()));
    }
    Ok(certs)
}
