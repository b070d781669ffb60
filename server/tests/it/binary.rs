//! The `workerd` binary's command line: help, version, a configuration error's exit code, and a
//! redirected log without colour codes.

use std::process::Command;

fn workerd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_workerd"))
}

#[test]
fn help_and_version_work_without_touching_anything() {
    let help = workerd().arg("--help").output().unwrap();
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    for flag in ["--demo", "--no-worker", "--version"] {
        assert!(text.contains(flag), "{flag} in {text}");
    }
    let version = workerd().arg("--version").output().unwrap();
    assert!(version.status.success());
    assert_eq!(
        String::from_utf8(version.stdout).unwrap().trim(),
        format!("workerd {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_bad_configuration_exits_2_naming_every_bad_variable() {
    let dir = tempfile::tempdir().unwrap();
    let out = workerd()
        .env("WORKER_DATA_DIR", dir.path())
        .env("WORKER_DURABLE_LEASE", "forever")
        .env("WORKER_ADMIN_REQUIRE_APPROVAL", "true")
        .env("WORKER_LOG", "error")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("WORKER_DURABLE_LEASE"), "{stderr}");
    assert!(stderr.contains("WORKER_ADMIN_APPROVAL_TOKEN"), "{stderr}");
    assert!(
        !dir.path().join("worker.db").exists(),
        "nothing is created on bad input"
    );
}

#[test]
fn a_log_written_to_a_file_has_no_colour_codes() {
    // Redirected like `workerd 2>workerd.log`: stderr is a file, not a terminal, and NO_COLOR is
    // unset, so only the terminal check can keep the escape codes out.
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("workerd.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let status = workerd()
        .env("WORKER_DATA_DIR", dir.path())
        .env("WORKER_DURABLE_LEASE", "forever")
        .env("WORKER_LOG", "info")
        .env_remove("NO_COLOR")
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
    let text = std::fs::read_to_string(&log_path).unwrap();
    assert!(text.contains("WORKER_DURABLE_LEASE"), "{text}");
    assert!(!text.contains("\x1b["), "colour codes in {text:?}");
}
