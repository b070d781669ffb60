//! Shell completion with names from the server, in a real bash: the generated script sourced
//! in `bash --norc`, `workerctl` on PATH, the connection in the environment, the completion
//! function called as bash calls it, and COMPREPLY read back. With no server, nothing is
//! completed and nothing printed, quickly.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::{Server, workerctl_command};

/// What bash prints of COMPREPLY after completing `line` (the cursor at its end), its stderr,
/// and how long it took.
async fn complete(
    script: &Path,
    bin: &Path,
    env: &[(&str, String)],
    line: &str,
) -> (Vec<String>, String, Duration) {
    let mut words: Vec<String> = line.split(' ').map(|w| format!("'{w}'")).collect();
    if line.ends_with(' ') {
        words.pop();
        words.push("''".into());
    }
    let cword = words.len() - 1;
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={cword}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\n\
         _workerctl_names workerctl \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        words.join(" ")
    );
    let mut cmd = tokio::process::Command::new("bash");
    cmd.args(["--norc", "--noprofile", "-c", &program])
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("HOME", bin)
        .kill_on_drop(true);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let out = cmd.output().await.expect("bash runs");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reply = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    (
        reply,
        String::from_utf8_lossy(&out.stderr).to_string(),
        took,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bash_completes_names_from_the_server_and_nothing_without_one() {
    let server = Server::start(&[], false).await;
    for queue in ["alpha", "beta"] {
        server
            .ok("operator", &["task", "enqueue", "noop", "--queue", queue])
            .await;
    }
    let task = server
        .json("viewer", &["task", "ls", "--queue", "alpha"])
        .await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    // The generated script, as `workerctl completion bash` prints it, and the committed one.
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("workerctl.bash");
    let out = workerctl_command(server.data_dir())
        .args(["completion", "bash"])
        .output()
        .await
        .unwrap();
    assert!(out.status.success());
    std::fs::write(&script, &out.stdout).unwrap();
    let committed =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions/workerctl.bash"))
            .unwrap();
    assert_eq!(
        out.stdout, committed,
        "cargo xtask gen regenerates completions/"
    );
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_workerctl"), bin.join("workerctl")).unwrap();

    let pki = server.pki();
    let env = |server_addr: String| {
        vec![
            ("WORKERCTL_SERVER", server_addr),
            ("WORKERCTL_CA", pki.join("ca.pem").display().to_string()),
            (
                "WORKERCTL_CERT",
                pki.join("viewer.pem").display().to_string(),
            ),
            (
                "WORKERCTL_KEY",
                pki.join("viewer-key.pem").display().to_string(),
            ),
            (
                "WORKERCTL_CONFIG",
                dir.path().join("none.toml").display().to_string(),
            ),
            ("WORKER_DATA_DIR", dir.path().display().to_string()),
        ]
    };
    let up = env(format!("127.0.0.1:{}", server.addr.port()));

    let (reply, err, _) = complete(&script, &bin, &up, "workerctl queue pause ").await;
    assert!(
        reply.contains(&"alpha".to_string()) && reply.contains(&"beta".to_string()),
        "{reply:?} {err}"
    );
    assert_eq!(err, "");
    let (reply, _, _) = complete(&script, &bin, &up, "workerctl task ls --queue al").await;
    assert_eq!(reply, ["alpha"]);
    let (reply, _, _) = complete(&script, &bin, &up, "workerctl task get ").await;
    assert!(reply.contains(&task), "{reply:?}");
    // Where no names fit, clap's completion answers as before.
    let (reply, _, _) = complete(&script, &bin, &up, "workerctl queue pa").await;
    assert_eq!(reply, ["pause"]);

    // No server on the port: nothing, quickly, and not a word on the terminal.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let (reply, err, took) = complete(
        &script,
        &bin,
        &env(format!("127.0.0.1:{closed}")),
        "workerctl queue pause ",
    )
    .await;
    assert_eq!((reply.len(), err.as_str()), (0, ""));
    assert!(took < Duration::from_secs(5), "{took:?}");
    // A server that accepts and never answers: the budget of a second runs out.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let (reply, err, took) = complete(
        &script,
        &bin,
        &env(silent.local_addr().unwrap().to_string()),
        "workerctl task ls --queue ",
    )
    .await;
    assert_eq!((reply.len(), err.as_str()), (0, ""));
    assert!(took < Duration::from_secs(5), "{took:?}");
    drop(silent);
}
