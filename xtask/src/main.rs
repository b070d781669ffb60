//! `cargo xtask`: project tasks. `gen` writes `completions/` and `man/` from workerctl's clap
//! command; `gen --check` fails when the committed files are stale.

#![allow(clippy::print_stderr, reason = "xtask reports on stderr")]

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["gen"] => gen_files(false),
        ["gen", "--check"] => gen_files(true),
        _ => bail!("usage: cargo xtask gen [--check]"),
    }
}

fn gen_files(check: bool) -> anyhow::Result<()> {
    let root = root();
    let files = workerctl::generate::files();
    let mut stale = Vec::new();
    for dir in ["completions", "man"] {
        let dir = root.join(dir);
        if dir.exists() {
            for entry in std::fs::read_dir(&dir)? {
                let path = entry?.path();
                let rel = path.strip_prefix(&root)?.to_path_buf();
                if !files.iter().any(|(p, _)| *p == rel) {
                    if check {
                        stale.push(format!("{} is not generated any more", rel.display()));
                    } else {
                        std::fs::remove_file(&path)?;
                    }
                }
            }
        }
    }
    for (rel, contents) in &files {
        let path = root.join(rel);
        let current = std::fs::read(&path).ok();
        if current.as_deref() == Some(contents.as_slice()) {
            continue;
        }
        if check {
            stale.push(format!("{} is stale", rel.display()));
        } else {
            std::fs::create_dir_all(path.parent().expect("files live in a directory"))?;
            std::fs::write(&path, contents)
                .with_context(|| format!("writing {}", path.display()))?;
        }
    }
    if !stale.is_empty() {
        for line in &stale {
            eprintln!("{line}");
        }
        bail!("generated files are stale; run cargo xtask gen");
    }
    eprintln!(
        "{} files {}",
        files.len(),
        if check { "up to date" } else { "written" }
    );
    Ok(())
}
