//! Unit tests of the job model's pure rules: spec validation, redaction, run status order and
//! the run cursor.

use super::model::*;
use crate::engine::Error;
use crate::engine::model::{JobName, QueueName, TaskId};

fn spec() -> JobSpec {
    JobSpec {
        name: JobName::new("build.site").unwrap(),
        description: "builds the site".into(),
        source: JobSource::GitTag {
            repo: "https://git.example.com/site.git".into(),
            tag: "v1.2.0".into(),
            commit: None,
        },
        path: "app".into(),
        dockerfile: String::new(),
        command: vec!["make".into(), "all".into()],
        env: vec![
            JobEnv {
                name: "MODE".into(),
                value: "release".into(),
                secret: false,
            },
            JobEnv {
                name: "API_TOKEN".into(),
                value: "s3cret".into(),
                secret: true,
            },
        ],
        queue: QueueName::new("default").unwrap(),
        retries: 2,
        timeout_ms: 60_000,
        cpus: Some(0.5),
        memory_mb: Some(256),
        pids: Some(64),
    }
}

fn reason(result: Result<(), Error>) -> &'static str {
    match result {
        Err(Error::InvalidArgument { reason, .. }) => reason,
        other => panic!("expected an invalid argument, got {other:?}"),
    }
}

#[test]
fn job_names_follow_the_name_rules() {
    assert!(JobName::new("nightly:build-2.x_y").is_ok());
    for bad in ["", "has space", "a/b", &"x".repeat(129)] {
        let err = JobName::new(bad).unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidArgument {
                    reason: "invalid_job_name",
                    ..
                }
            ),
            "{bad:?}: {err:?}"
        );
    }
}

#[test]
fn a_well_formed_spec_passes() {
    spec().validate().unwrap();
    let mut tarball = spec();
    tarball.source = JobSource::TarballUrl {
        url: "HTTPS://files.example.com/site.tgz".into(),
        sha256: Some("ab".repeat(32)),
    };
    tarball.validate().unwrap();
    tarball.source = JobSource::TarballPath {
        path: "releases/site.tgz".into(),
        sha256: None,
    };
    tarball.validate().unwrap();
}

#[test]
fn sources_are_checked_by_shape() {
    let bad = [
        JobSource::GitTag {
            repo: String::new(),
            tag: "v1".into(),
            commit: None,
        },
        JobSource::GitTag {
            repo: "r".into(),
            tag: "v 1".into(),
            commit: None,
        },
        JobSource::GitTag {
            repo: "r".into(),
            tag: "v1".into(),
            commit: Some("abc123".into()),
        },
        JobSource::TarballUrl {
            url: "http://files.example.com/a.tgz".into(),
            sha256: None,
        },
        JobSource::TarballUrl {
            url: "https://files.example.com/a.tgz".into(),
            sha256: Some("zz".repeat(32)),
        },
        JobSource::TarballPath {
            path: "../etc/a.tgz".into(),
            sha256: None,
        },
        JobSource::TarballPath {
            path: "/abs/a.tgz".into(),
            sha256: None,
        },
    ];
    for source in bad {
        let mut s = spec();
        s.source = source.clone();
        assert_eq!(reason(s.validate()), "job_source_invalid", "{source:?}");
    }
}

#[test]
fn paths_env_and_limits_are_checked() {
    let mut s = spec();
    s.path = "a/../../b".into();
    assert_eq!(reason(s.validate()), "invalid_job_spec");
    let mut s = spec();
    s.dockerfile = "/Dockerfile".into();
    assert_eq!(reason(s.validate()), "invalid_job_spec");
    for name in ["1ABC", "A-B", ""] {
        let mut s = spec();
        s.env[0].name = name.into();
        assert_eq!(reason(s.validate()), "invalid_job_env", "{name:?}");
    }
    let mut s = spec();
    s.env[1].name = "MODE".into();
    assert_eq!(reason(s.validate()), "invalid_job_env", "duplicate name");
    for (cpus, memory_mb, pids) in [
        (Some(0.0), None, None),
        (Some(f64::NAN), None, None),
        (None, Some(1), None),
        (None, None, Some(0)),
    ] {
        let mut s = spec();
        (s.cpus, s.memory_mb, s.pids) = (cpus, memory_mb, pids);
        assert_eq!(reason(s.validate()), "invalid_job_limits");
    }
    let mut s = spec();
    s.timeout_ms = -1;
    assert_eq!(reason(s.validate()), "invalid_timeout");
    s.timeout_ms = JOB_TIMEOUT_MAX_MS + 1;
    assert_eq!(reason(s.validate()), "invalid_timeout");
}

#[test]
fn redaction_hides_only_secret_values_and_debug_never_shows_them() {
    let s = spec();
    let redacted = s.redacted();
    assert_eq!(redacted.env[0].value, "release");
    assert_eq!(redacted.env[1].value, REDACTED);
    assert_eq!(redacted.env[1].name, "API_TOKEN");
    assert_eq!(s.env[1].value, "s3cret", "the original is untouched");
    assert!(!format!("{s:?}").contains("s3cret"));
}

#[test]
fn run_status_never_goes_back_within_an_attempt() {
    use JobRunStatus::*;
    assert!(Queued.may_become(1, Running, 1));
    assert!(
        Running.may_become(1, Running, 1),
        "a rewrite with new figures"
    );
    assert!(Running.may_become(1, Succeeded, 1));
    assert!(Queued.may_become(1, Cancelled, 1));
    assert!(!Running.may_become(1, Queued, 1));
    assert!(!Succeeded.may_become(1, Running, 1));
    assert!(!Cancelled.may_become(1, Failed, 1), "an end is final");
    assert!(Failed.may_become(1, Failed, 1));
    // A retry waits as the next attempt; a late write of an older attempt is refused.
    assert!(Running.may_become(1, Queued, 2));
    assert!(!Queued.may_become(2, Running, 1));
    assert!(!Failed.may_become(3, Running, 2));
    // An operator's replay of a finished run is a later attempt.
    assert!(Failed.may_become(3, Queued, 4));
}

#[test]
fn run_cursors_round_trip_and_refuse_foreign_text() {
    let cursor = JobRunCursor {
        queued_at_ms: 1_700_000_000_123,
        run_id: TaskId::generate(),
    };
    assert_eq!(JobRunCursor::parse(&cursor.encode()).unwrap(), cursor);
    for bad in ["", "12", "x_y", "12_not-a-uuid"] {
        assert!(JobRunCursor::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn the_truncation_marker_starts_with_its_prefix() {
    assert!(truncation_marker(65_536).starts_with(JOB_LOG_MARKER_PREFIX.as_bytes()));
}
