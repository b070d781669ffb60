//! External tools some tests use: present, they are used; missing, the test says so and
//! returns, unless `WORKER_TEST_REQUIRE` names the tool (CI sets it), which makes it fail.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `promtool check metrics` on `text` and fails on any problem it reports.
pub(crate) fn check_with_promtool(text: &str) {
    let Some(promtool) = worker_testkit::tool("promtool", "apt-get install prometheus") else {
        return;
    };
    let mut child = Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "promtool check metrics failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
