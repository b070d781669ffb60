//! `tarball_path` sources: inside `WORKER_JOB_TARBALL_DIR` only, never through `..` or a link.

use std::os::unix::fs::symlink;

use worker_server::jobs::source::{Reason, SourceFields};

use super::*;

fn at(path: &str, sha: &str) -> SourceFields {
    SourceFields {
        tarball_path: path.into(),
        tarball_sha256: sha.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_tarball_inside_the_directory_is_extracted_and_its_dockerfile_found() {
    let dirs = Dirs::new();
    let bytes = project("FROM scratch\n");
    std::fs::create_dir(dirs.tarballs.join("team")).unwrap();
    std::fs::write(dirs.tarballs.join("team/app.tgz"), &bytes).unwrap();
    let policy = dirs.policy();
    let fetched = fetch(at("team/app.tgz", &sha256(&bytes)), &policy)
        .await
        .unwrap();
    // No path given: the Dockerfile is found in the one sub-directory, which is the context.
    assert_eq!(fetched.context.file_name().unwrap(), "proj");
    assert_eq!(
        read(&fetched.context.join(&fetched.dockerfile)),
        "FROM scratch\n"
    );
    assert_eq!(read(&fetched.context.join("run.sh")), "echo hi\n");
    assert_eq!(fetched.sha256.as_deref(), Some(sha256(&bytes).as_str()));
    assert_eq!(fetched.tarball_bytes, Some(bytes.len() as u64));
    assert_eq!(fetched.extracted.entries, 3);
    assert!(
        fetched
            .context
            .starts_with(fetched.workspace().canonicalize().unwrap())
    );
    assert!(
        !fetched.workspace().join("download").exists(),
        "the tarball copy is gone"
    );
    fetched.remove().await.unwrap();
    dirs.assert_clean();
}

#[tokio::test]
async fn paths_outside_the_directory_are_refused() {
    let dirs = Dirs::new();
    let bytes = project("FROM scratch\n");
    std::fs::write(dirs.outside.join("app.tgz"), &bytes).unwrap();
    let policy = dirs.policy();

    let e = refused(at("../outside/app.tgz", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::TarballPathEscape, "{e}");

    // A link to the file outside.
    symlink(dirs.outside.join("app.tgz"), dirs.tarballs.join("link.tgz")).unwrap();
    let e = refused(at("link.tgz", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::TarballPathEscape, "{e}");

    // A linked directory on the way out.
    symlink(&dirs.outside, dirs.tarballs.join("elsewhere")).unwrap();
    let e = refused(at("elsewhere/app.tgz", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::TarballPathEscape, "{e}");

    // Even a link that stays inside names something other than the file the job names.
    std::fs::write(dirs.tarballs.join("real.tgz"), &bytes).unwrap();
    symlink(
        dirs.tarballs.join("real.tgz"),
        dirs.tarballs.join("alias.tgz"),
    )
    .unwrap();
    let e = refused(at("alias.tgz", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::TarballPathEscape, "{e}");

    let e = refused(at("missing.tgz", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::TarballNotFound, "{e}");

    let off = worker_server::jobs::source::SourcePolicy {
        tarball_dir: None,
        ..policy.clone()
    };
    let e = refused(at("real.tgz", ""), &dirs, &off).await;
    assert_eq!(e.reason(), Reason::TarballDirNotConfigured, "{e}");
}

#[tokio::test]
async fn a_sha256_mismatch_or_an_oversize_file_extracts_nothing() {
    let dirs = Dirs::new();
    let bytes = project("FROM scratch\n");
    std::fs::write(dirs.tarballs.join("app.tgz"), &bytes).unwrap();
    let mut policy = dirs.policy();
    let wrong = sha256(b"something else");
    let e = refused(at("app.tgz", &wrong), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::Sha256Mismatch, "{e}");
    assert!(e.message().contains(&sha256(&bytes)), "{e}");

    policy.tarball_max_bytes = bytes.len() as u64 - 1;
    let e = refused(at("app.tgz", ""), &dirs, &policy).await;
    assert_eq!(e.reason(), Reason::TarballTooLarge, "{e}");
}

#[tokio::test]
async fn a_plain_tar_with_trailing_padding_matches_its_sha256() {
    // go-worker hashed only what its tar reader consumed, so padding after the end-of-archive
    // marker made a correct digest mismatch; here every byte of the file is hashed.
    let dirs = Dirs::new();
    let mut bytes = tar(&[file("Dockerfile", b"FROM scratch\n")]);
    bytes.extend_from_slice(&[0u8; 10 * 1024]);
    std::fs::write(dirs.tarballs.join("app.tar"), &bytes).unwrap();
    let fetched = fetch(at("app.tar", &sha256(&bytes)), &dirs.policy())
        .await
        .unwrap();
    assert_eq!(fetched.dockerfile, PathBuf::from("Dockerfile"));
    assert_eq!(
        fetched.context,
        fetched.workspace().join("tree").canonicalize().unwrap()
    );
}
