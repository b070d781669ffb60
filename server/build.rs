//! Build facts for `GetHealth`: the git commit, its time, and the Rust toolchain.

use std::process::Command;

fn output(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
}

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let rustc_version = output(&rustc, &["--version"]).unwrap_or_else(|| "rustc unknown".into());
    let commit = output("git", &["rev-parse", "HEAD"]).unwrap_or_else(|| "unknown".into());
    // The commit's time rather than the wall clock, so rebuilding the same commit gives the same
    // binary.
    let time = output("git", &["log", "-1", "--format=%cI"]).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=WORKER_BUILD_RUSTC={rustc_version}");
    println!("cargo:rustc-env=WORKER_BUILD_COMMIT={commit}");
    println!("cargo:rustc-env=WORKER_BUILD_TIME={time}");
    if let Some(git_dir) = output("git", &["rev-parse", "--git-dir"]) {
        println!("cargo:rerun-if-changed={git_dir}/HEAD");
        println!("cargo:rerun-if-changed={git_dir}/refs/heads");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
