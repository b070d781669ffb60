//! Tidy: the house rules of ARCHITECTURE.md checked on every `cargo test`, so a boundary that
//! is only written down cannot quietly erode. Each test names the files that break its rule.

use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root: this crate lives in `xtask/`.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

/// Every `.rs` file under `dir`, skipping build output and hidden directories.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    pending.push(path);
                }
            } else if name.ends_with(".rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Lines of code, without comment lines, so a comment may name what the code must not use.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
}

/// Whether `line` names `path` as a path (`tonic::…`, `use tonic;`), not as part of a longer
/// identifier (`my_tonic::`).
fn names(line: &str, path: &str) -> bool {
    line.match_indices(path).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = &line[at + path.len()..];
        let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let ends_path = after.starts_with("::")
            || after.starts_with(';')
            || after.starts_with(" as ")
            || after.starts_with(',')
            || after.starts_with('}')
            || path.ends_with("::")
            || path.contains("::");
        starts_word && ends_path
    })
}

/// Whether a file is test code: `tests.rs`, or anything under a `tests` directory.
fn is_test(rel: &str) -> bool {
    rel.ends_with("/tests.rs") || rel.split('/').any(|part| part == "tests")
}

/// Files under `dir` whose code names any of `forbidden`, as `file:line: what`.
fn offenders(dir: &str, forbidden: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in rust_files(&root().join(dir)) {
        let text = read(&file);
        for (n, line) in code_lines(&text) {
            for path in forbidden {
                if names(line, path) {
                    found.push(format!("{}:{n}: {path}", relative(&file)));
                }
            }
        }
    }
    found
}

#[test]
fn every_rust_file_opens_with_a_line_saying_what_it_owns() {
    let missing: Vec<_> = rust_files(&root())
        .into_iter()
        .filter(|f| !read(f).starts_with("//!"))
        .map(|f| relative(&f))
        .collect();
    assert!(
        missing.is_empty(),
        "these files do not open with a `//!` line saying what they own:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_engine_knows_no_transport_store_backend_wire_type_or_file() {
    // The engine's own tests run it on a real SQLite file and read what it archived.
    let found: Vec<_> = offenders(
        "server/src/engine",
        &[
            "tonic",
            "axum",
            "hyper",
            "prost",
            "rusqlite",
            "redis",
            "worker_proto",
            "crate::api",
            "crate::store::sqlite",
            "crate::store::redis",
            "std::fs",
            "std::net",
            "tokio::fs",
            "tokio::net",
        ],
    )
    .into_iter()
    .filter(|f| !is_test(f.split(':').next().unwrap_or_default()))
    .collect();
    assert!(
        found.is_empty(),
        "server/src/engine/ must stay free of transports, store backends, wire types and files \
         (ARCHITECTURE.md, invariants):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_dashboard_views_do_no_io_and_read_no_clock() {
    let found = offenders(
        "tui/src/views",
        &[
            "tokio",
            "tonic",
            "worker_proto::v1",
            "crate::client",
            "crossterm::event::read",
            "crossterm::event::poll",
            "crossterm::event::EventStream",
            "std::fs",
            "std::net",
            "std::process",
            "std::io::stdin",
            "SystemTime::now",
            "Instant::now",
        ],
    );
    assert!(
        found.is_empty(),
        "tui/src/views/ draws from state only: no I/O, no waiting, no clock \
         (ARCHITECTURE.md, invariants):\n{}",
        found.join("\n")
    );
}

#[test]
fn only_the_dashboards_client_and_convert_modules_name_wire_types() {
    let found: Vec<_> = offenders("tui/src", &["worker_proto::v1", "pb::"])
        .into_iter()
        .filter(|f| {
            // `client.rs` keeps its calls by domain in `client/` (the jobs view's in `jobs.rs`).
            !f.starts_with("tui/src/client.rs")
                && !f.starts_with("tui/src/client/")
                && !f.starts_with("tui/src/convert.rs")
        })
        .collect();
    assert!(
        found.is_empty(),
        "only tui/src/client.rs (with client/) and tui/src/convert.rs may name worker.v1 types:\n{}",
        found.join("\n")
    );
}

/// Above this a file is holding more than one thing; split it by domain. Tests are exempt.
const MAX_LINES: usize = 800;

#[test]
fn no_source_file_is_a_monolith() {
    let too_long: Vec<_> = rust_files(&root())
        .into_iter()
        .filter(|f| !is_test(&relative(f)))
        .filter_map(|f| {
            let n = read(&f).lines().count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", relative(&f)))
        })
        .collect();
    assert!(
        too_long.is_empty(),
        "these non-test files are over {MAX_LINES} lines; split them by domain:\n{}",
        too_long.join("\n")
    );
}

#[test]
fn the_rules_catch_what_they_are_for() {
    assert!(names("use tonic::Status;", "tonic"));
    assert!(names("    let s: tonic::Status = x;", "tonic"));
    assert!(names("use redis;", "redis"));
    assert!(!names("use crate::store::redis_helpers::x;", "redis"));
    assert!(!names("let my_tonic::x = 1;", "tonic"));
    assert!(names("let t = SystemTime::now();", "SystemTime::now"));
    assert!(names("use crate::client::Client;", "crate::client"));
    let code: Vec<_> = code_lines("// tonic::Status is not used here\nuse axum::Router;\n")
        .map(|(n, _)| n)
        .collect();
    assert_eq!(code, vec![2]);
}
