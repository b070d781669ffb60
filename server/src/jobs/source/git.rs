//! Fetching one git tag, never a branch of the same name: `git init`, then
//! `git fetch --depth 1 <repo> refs/tags/<tag>`, then checkout of the fetched commit. git
//! runs with a clean environment: no host configuration, credentials, agent or prompts, no
//! hooks, no `ext::` transport. The `.git` directory is removed afterwards, so the build
//! context holds the tagged files only.

use std::path::Path;
use std::process::Stdio;

use tokio::process::Command;

use super::error::{Reason, SourceError, quoted};
use super::policy::SourcePolicy;

/// Checks out `tag` of `repo` into the empty directory `tree` and returns the commit it
/// resolved to (lowercase hex), refusing another than `pinned`. `home` is an empty directory
/// git may use as its home. The caller bounds the whole call by the policy's timeout.
pub(super) async fn fetch_tag(
    policy: &SourcePolicy,
    repo: &str,
    tag: &str,
    pinned: Option<&str>,
    tree: &Path,
    home: &Path,
) -> Result<String, SourceError> {
    let git = Git { policy, tree, home };
    git.run(&["init", "--quiet", "--template=", "."]).await?;
    let refspec = format!("refs/tags/{tag}");
    // The URL after `--`, so nothing in it is read as an option (the spec also refuses a
    // leading '-'); the refspec names the tag namespace, so a branch never matches.
    let fetched = git
        .run(&[
            "fetch",
            "--quiet",
            "--depth=1",
            "--no-tags",
            "--no-recurse-submodules",
            "--",
            repo,
            &refspec,
        ])
        .await;
    if let Err(e) = fetched {
        if e.message().contains("couldn't find remote ref") {
            return Err(SourceError::new(
                Reason::TagNotFound,
                format!("repository {} has no tag {}", quoted(repo), quoted(tag)),
            ));
        }
        return Err(e);
    }
    let commit = git
        .run(&["rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}"])
        .await?;
    let commit = commit.trim().to_ascii_lowercase();
    if let Some(pinned) = pinned
        && pinned != commit
    {
        return Err(SourceError::new(
            Reason::CommitMismatch,
            format!(
                "tag {} is at commit {commit}, but the job pins {pinned}",
                quoted(tag)
            ),
        ));
    }
    git.run(&["checkout", "--quiet", "--detach", &commit])
        .await?;
    tokio::fs::remove_dir_all(tree.join(".git"))
        .await
        .map_err(|e| SourceError::workspace("removing .git from the checkout", &e))?;
    Ok(commit)
}

/// git in one checkout.
struct Git<'a> {
    policy: &'a SourcePolicy,
    tree: &'a Path,
    home: &'a Path,
}

impl Git<'_> {
    /// Runs git in the tree and returns its stdout, or its stderr as a `job_fetch_failed`.
    async fn run(&self, args: &[&str]) -> Result<String, SourceError> {
        run(self.policy, self.tree, self.home, args).await
    }
}

async fn run(
    policy: &SourcePolicy,
    dir: &Path,
    home: &Path,
    args: &[&str],
) -> Result<String, SourceError> {
    let mut cmd = Command::new(&policy.git);
    cmd.env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    cmd.env("HOME", home)
        .env("LC_ALL", "C")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GCM_INTERACTIVE", "never")
        // ssh with no agent, no keys and no configuration of this host's user.
        .env(
            "GIT_SSH_COMMAND",
            "ssh -F /dev/null -o BatchMode=yes -o IdentityAgent=none -o IdentitiesOnly=yes -o IdentityFile=/dev/null",
        );
    for config in [
        "core.hooksPath=/dev/null",
        "core.fsmonitor=false",
        "credential.helper=",
        "protocol.ext.allow=never",
        "transfer.fsckObjects=true",
        "advice.detachedHead=false",
        "init.defaultBranch=main",
    ] {
        cmd.arg("-c").arg(config);
    }
    cmd.args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let output = cmd.output().await.map_err(|e| {
        SourceError::new(
            Reason::FetchFailed,
            format!(
                "git ({}) could not be started: {e}",
                quoted(&policy.git.display().to_string())
            ),
        )
    })?;
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let tail: String = {
        let text = stderr.trim();
        let start = text.len().saturating_sub(600);
        let start = (start..=text.len())
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(text.len());
        text[start..].to_string()
    };
    Err(SourceError::new(
        Reason::FetchFailed,
        format!("git {} failed ({}): {tail}", args[0], output.status),
    ))
}
