//! Shell completion with names from the server, in real shells. Bash: the generated script
//! sourced in `bash --norc`, `workerctl` on PATH, the connection in the environment, the
//! completion function called as bash calls it, and COMPREPLY read back. Fish: the script
//! sourced and `complete -C` asked. Zsh: an interactive zsh in tmux with the script in `fpath`
//! as it is installed, Tab pressed, and the screen read. With no server, nothing is completed and
//! nothing printed, quickly.

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
    // Deletes take ids, one or many.
    let (reply, _, _) = complete(&script, &bin, &up, "workerctl task delete ").await;
    assert!(reply.contains(&task), "{reply:?}");
    let (reply, _, _) = complete(
        &script,
        &bin,
        &up,
        &format!("workerctl task delete {task} "),
    )
    .await;
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

/// What the zsh and fish tests share: a server with queues `alpha` and `beta`, a task and a dead
/// one, the generated script of `shell` (checked against the committed one), `workerctl` on a
/// PATH of its own, and the environment that reaches the server as a viewer.
struct Shell {
    server: Server,
    dir: tempfile::TempDir,
    script: std::path::PathBuf,
    task: String,
    dead: String,
}

impl Shell {
    async fn start(shell: &str, committed: &str, file: &str) -> Self {
        let server = Server::start(&[], true).await;
        for queue in ["alpha", "beta"] {
            server
                .ok(
                    "operator",
                    &["task", "enqueue", "noop", "--queue", queue, "--in", "1h"],
                )
                .await;
        }
        let task = server
            .json("viewer", &["task", "ls", "--queue", "alpha"])
            .await[0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        server
            .ok(
                "operator",
                &[
                    "task",
                    "enqueue",
                    "fail",
                    "--queue",
                    "gamma",
                    "--max-retries",
                    "0",
                ],
            )
            .await;
        crate::support::eventually("a dead task", || async {
            server.json("viewer", &["dlq", "ls"]).await[0]["id"].is_string()
        })
        .await;
        let dead = server.json("viewer", &["dlq", "ls"]).await[0]["id"]
            .as_str()
            .unwrap()
            .to_string();

        let dir = tempfile::tempdir().unwrap();
        let out = workerctl_command(server.data_dir())
            .args(["completion", shell])
            .output()
            .await
            .unwrap();
        assert!(out.status.success());
        let committed = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../completions")
                .join(committed),
        )
        .unwrap();
        assert_eq!(
            out.stdout, committed,
            "cargo xtask gen regenerates completions/"
        );
        let script = dir.path().join(file);
        std::fs::write(&script, &out.stdout).unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_workerctl"), bin.join("workerctl")).unwrap();
        Self {
            server,
            dir,
            script,
            task,
            dead,
        }
    }

    /// The environment of the shell: `server` is the address completion asks.
    fn env(&self, server: &str) -> Vec<(String, String)> {
        let pki = self.server.pki();
        let path = |p: std::path::PathBuf| p.display().to_string();
        vec![
            (
                "PATH".into(),
                format!("{}:/usr/bin:/bin", self.dir.path().join("bin").display()),
            ),
            ("HOME".into(), path(self.dir.path().to_path_buf())),
            ("WORKERCTL_SERVER".into(), server.to_string()),
            ("WORKERCTL_CA".into(), path(pki.join("ca.pem"))),
            ("WORKERCTL_CERT".into(), path(pki.join("viewer.pem"))),
            ("WORKERCTL_KEY".into(), path(pki.join("viewer-key.pem"))),
            (
                "WORKERCTL_CONFIG".into(),
                path(self.dir.path().join("none.toml")),
            ),
            (
                "WORKER_DATA_DIR".into(),
                path(self.dir.path().to_path_buf()),
            ),
        ]
    }

    fn up(&self) -> Vec<(String, String)> {
        self.env(&format!("127.0.0.1:{}", self.server.addr.port()))
    }
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// What fish offers for `line`: `complete -C`, its stderr, and how long it took.
async fn fish(
    bin: &Path,
    script: &Path,
    env: &[(String, String)],
    line: &str,
) -> (Vec<String>, String, Duration) {
    let program = format!(
        "source '{}'; complete -C '{}'",
        script.display(),
        line.replace('\'', "\\'")
    );
    let mut cmd = tokio::process::Command::new(bin);
    cmd.args(["--no-config", "-c", &program])
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .kill_on_drop(true);
    let started = Instant::now();
    let out = cmd.output().await.expect("fish runs");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reply = String::from_utf8_lossy(&out.stdout)
        .lines()
        // A candidate and its description are separated by a tab.
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    (
        reply,
        String::from_utf8_lossy(&out.stderr).to_string(),
        took,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fish_completes_names_from_the_server_and_nothing_without_one() {
    let Some(bin) = crate::support::tool("fish", "apt-get install fish") else {
        return;
    };
    let shell = Shell::start("fish", "workerctl.fish", "workerctl.fish").await;
    let up = shell.up();
    let at = |line: &'static str| fish(&bin, &shell.script, &up, line);

    let (reply, err, _) = at("workerctl queue pause ").await;
    for queue in ["alpha", "beta", "gamma"] {
        assert!(reply.contains(&queue.to_string()), "{reply:?} {err}");
    }
    assert_eq!(err, "");
    // Names only: no files, no subcommands.
    assert!(
        reply
            .iter()
            .all(|r| ["alpha", "beta", "gamma"].contains(&r.as_str()) || r == "default"),
        "{reply:?}"
    );
    assert_eq!(at("workerctl task ls --queue al").await.0, ["alpha"]);
    assert!(at("workerctl task get ").await.0.contains(&shell.task));
    assert!(at("workerctl task delete ").await.0.contains(&shell.task));
    assert!(at("workerctl dlq delete ").await.0.contains(&shell.dead));
    assert!(at("workerctl dlq get ").await.0.contains(&shell.dead));
    // Where no names fit, clap's completions answer as before.
    assert_eq!(at("workerctl queue pa").await.0, ["pause"]);

    // No server on the port, or one that never answers: nothing, quickly, not a word.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    for server in [
        format!("127.0.0.1:{}", closed_port()),
        silent.local_addr().unwrap().to_string(),
    ] {
        let (reply, err, took) = fish(
            &bin,
            &shell.script,
            &shell.env(&server),
            "workerctl queue pause ",
        )
        .await;
        assert_eq!((reply.len(), err.as_str()), (0, ""), "{reply:?}");
        assert!(took < Duration::from_secs(5), "{took:?}");
    }
    drop(silent);
}

/// An interactive zsh in a tmux server of its own, killed when dropped.
struct Zsh {
    tmux: std::path::PathBuf,
    socket: std::path::PathBuf,
}

impl Zsh {
    fn tmux(&self, args: &[&str]) -> String {
        let out = std::process::Command::new(&self.tmux)
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "zsh"])
    }

    /// Waits until the screen shows `text` (another process's screen can only be looked at).
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `line` on a cleared screen, presses Tab, and returns the screen once zsh is done
    /// completing (a marker typed after the Tab shows up), with how long that took.
    fn complete(&self, line: &str) -> (String, Duration) {
        self.tmux(&["send-keys", "-t", "zsh", "C-u", "C-l"]);
        // The screen is cleared: the last line's marker is gone.
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.screen().contains("@@") || !self.screen().contains("READY>") {
            assert!(Instant::now() < deadline, "not cleared: {}", self.screen());
            std::thread::sleep(Duration::from_millis(50));
        }
        self.tmux(&["send-keys", "-t", "zsh", "-l", line]);
        let started = Instant::now();
        self.tmux(&["send-keys", "-t", "zsh", "Tab"]);
        self.tmux(&["send-keys", "-t", "zsh", "-l", "@@"]);
        let screen = self.wait_for("@@");
        (screen, started.elapsed())
    }
}

impl Drop for Zsh {
    fn drop(&mut self) {
        let _ = std::process::Command::new(&self.tmux)
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zsh_completes_names_from_the_server_and_nothing_without_one() {
    let Some(zsh) = crate::support::tool("zsh", "apt-get install zsh") else {
        return;
    };
    let Some(tmux) = crate::support::tool("tmux", "apt-get install tmux") else {
        return;
    };
    let shell = Shell::start("zsh", "_workerctl", "_workerctl").await;
    // Installed as packages install it: the file `_workerctl` in a directory of `fpath`.
    let functions = shell.script.parent().unwrap().to_path_buf();
    std::fs::write(
        shell.dir.path().join(".zshrc"),
        format!(
            // Lists the matches at the first Tab even when a common prefix is inserted (task
            // ids share their time), so one Tab shows them.
            "fpath=({} $fpath)\nautoload -U compinit\ncompinit -u -D\nunsetopt list_ambiguous\nPROMPT='READY> '\n",
            quote(&functions.display().to_string())
        ),
    )
    .unwrap();
    let mut env = shell.up();
    env.push(("ZDOTDIR".into(), shell.dir.path().display().to_string()));
    env.push(("TERM".into(), "xterm".into()));
    let command = format!(
        "env -i {} {} -i",
        env.iter()
            .map(|(k, v)| quote(&format!("{k}={v}")))
            .collect::<Vec<_>>()
            .join(" "),
        quote(&zsh.display().to_string())
    );
    let z = Zsh {
        tmux,
        socket: shell.dir.path().join("tmux.sock"),
    };
    z.tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "zsh",
        "-x",
        "200",
        "-y",
        "50",
        &command,
    ]);
    z.wait_for("READY>");

    let (screen, _) = z.complete("workerctl queue pause ");
    for queue in ["alpha", "beta", "gamma"] {
        assert!(screen.contains(queue), "{screen}");
    }
    // One name fits: it is inserted.
    let (screen, _) = z.complete("workerctl task ls --queue al");
    assert!(screen.contains("--queue alpha @@"), "{screen}");
    let (screen, _) = z.complete("workerctl task get ");
    assert!(screen.contains(&shell.task), "{screen}");
    let (screen, _) = z.complete(&format!("workerctl task delete {} ", shell.task));
    assert!(screen.matches(&shell.task).count() >= 2, "{screen}");
    let (screen, _) = z.complete("workerctl dlq delete ");
    assert!(
        screen.contains(&format!("dlq delete {} @@", shell.dead)),
        "{screen}"
    );
    // Where no names fit, clap's completion answers as before.
    let (screen, _) = z.complete("workerctl queue pa");
    assert!(screen.contains("queue pause @@"), "{screen}");

    // No server on the port: nothing, quickly, not a word on the terminal.
    z.tmux(&["send-keys", "-t", "zsh", "C-u"]);
    z.tmux(&[
        "send-keys",
        "-t",
        "zsh",
        "-l",
        &format!("export WORKERCTL_SERVER=127.0.0.1:{}", closed_port()),
    ]);
    z.tmux(&["send-keys", "-t", "zsh", "Enter"]);
    let (screen, took) = z.complete("workerctl queue pause ");
    assert!(!screen.contains("alpha"), "{screen}");
    assert!(screen.contains("queue pause @@"), "{screen}");
    let lines: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "nothing but the prompt: {screen}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}
