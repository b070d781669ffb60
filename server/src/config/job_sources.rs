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

pub(super) fn read(r: &mut Reader<'_>) -> SourcePolicy {
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
    let allow_private = r.get(
        "WORKER_JOB_TARBALL_ALLOW_PRIVATE",
        false,
        super::reader::parse_bool,
    );
    SourcePolicy {
        allow_private,
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::jobs::source::{DEFAULT_TARBALL_MAX_BYTES, DEFAULT_TIMEOUT};

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn defaults_allow_nothing_with_the_references_limits() {
        let p = job_source_policy(&env(&[])).unwrap();
        assert!(p.repos.is_empty() && p.tarball_hosts.is_empty());
        assert_eq!(p.tarball_max_bytes, DEFAULT_TARBALL_MAX_BYTES);
        assert_eq!(p.timeout, DEFAULT_TIMEOUT);
        assert_eq!(p.tarball_dir, None);
        assert_eq!(p.git, PathBuf::from("git"));
        assert!(p.extra_roots.is_empty());
    }

    #[test]
    fn reads_every_variable() {
        let dir = tempfile::tempdir().unwrap();
        let ca = worker_pki::Authority::new("test").unwrap();
        let ca_file = dir.path().join("ca.pem");
        std::fs::write(&ca_file, &ca.material().cert_pem).unwrap();
        let p = job_source_policy(&env(&[
            (
                "WORKER_JOB_REPO_ALLOWLIST",
                "https://a/r.git, https://b/s.git",
            ),
            (
                "WORKER_JOB_TARBALL_ALLOWLIST",
                "files.example.com,https://cdn.example.org/x",
            ),
            ("WORKER_JOB_TARBALL_MAX_BYTES", "1048576"),
            ("WORKER_JOB_TARBALL_TIMEOUT", "2m"),
            ("WORKER_JOB_TARBALL_DIR", "/srv/tarballs"),
            ("WORKER_JOB_WORKDIR", "/var/tmp/jobs"),
            ("WORKER_JOB_EXTRACT_MAX_FILES", "100"),
            ("WORKER_JOB_EXTRACT_MAX_BYTES", "2048"),
            ("WORKER_JOB_GIT_BIN", "/usr/bin/git"),
            ("WORKER_JOB_TARBALL_CA", ca_file.to_str().unwrap()),
        ]))
        .unwrap();
        assert!(p.repos.allows("https://b/s.git") && !p.repos.allows("https://c/t.git"));
        assert!(p.tarball_hosts.allows("cdn.example.org"));
        assert_eq!(p.tarball_max_bytes, 1 << 20);
        assert_eq!(p.timeout, Duration::from_secs(120));
        assert_eq!(p.tarball_dir, Some(PathBuf::from("/srv/tarballs")));
        assert_eq!(p.workdir, PathBuf::from("/var/tmp/jobs"));
        assert_eq!((p.max_files, p.max_extracted_bytes), (100, 2048));
        assert_eq!(p.git, PathBuf::from("/usr/bin/git"));
        assert_eq!(p.extra_roots.len(), 1);
    }

    #[test]
    fn every_bad_value_is_reported_by_name() {
        let e = job_source_policy(&env(&[
            ("WORKER_JOB_TARBALL_ALLOWLIST", "a b"),
            ("WORKER_JOB_TARBALL_MAX_BYTES", "-1"),
            ("WORKER_JOB_TARBALL_TIMEOUT", "0"),
            ("WORKER_JOB_TARBALL_CA", "/nonexistent/ca.pem"),
        ]))
        .unwrap_err();
        for name in [
            "WORKER_JOB_TARBALL_ALLOWLIST",
            "WORKER_JOB_TARBALL_MAX_BYTES",
            "WORKER_JOB_TARBALL_TIMEOUT",
            "WORKER_JOB_TARBALL_CA",
        ] {
            assert!(
                e.problems.iter().any(|p| p.starts_with(name)),
                "{name} in {e}"
            );
        }
    }
}
