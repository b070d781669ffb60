//! External tools some tests use: present, they are used; missing, the test says so and
//! returns, unless `WORKER_TEST_REQUIRE` names the tool (CI sets it), which makes it fail.

use std::io::Write;
use std::process::{Command, Stdio};

fn required(tool: &str) -> bool {
    std::env::var("WORKER_TEST_REQUIRE")
        .unwrap_or_default()
        .split(',')
        .any(|t| t.trim() == tool)
}

fn find(tool: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(tool))
            .find(|path| path.is_file())
    })
}

/// Runs `promtool check metrics` on `text` and fails on any problem it reports.
#[allow(clippy::print_stderr, reason = "a skipped check says so")]
pub(crate) fn check_with_promtool(text: &str) {
    let Some(promtool) = find("promtool") else {
        assert!(
            !required("promtool"),
            "promtool is required (WORKER_TEST_REQUIRE) but not installed"
        );
        eprintln!("skipped: promtool is not installed (apt-get install prometheus)");
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
