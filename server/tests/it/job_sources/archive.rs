//! Archives that must not be unpacked: absolute paths, `..`, links, devices, fifos, too many
//! entries or bytes, garbage. Each is refused and nothing extracted stays. Also where the
//! Dockerfile is looked for.

use tar::EntryType;
use worker_server::jobs::source::{Reason, SourceFields, SourcePolicy};

use super::*;

/// Puts `bytes` in the tarball directory and fetches it as a `tarball_path` source.
async fn fetch_bytes(
    dirs: &Dirs,
    policy: &SourcePolicy,
    bytes: &[u8],
    path: &str,
) -> Result<Fetched, SourceError> {
    std::fs::write(dirs.tarballs.join("a.tgz"), bytes).unwrap();
    fetch(
        SourceFields {
            tarball_path: "a.tgz".into(),
            path: path.into(),
            ..Default::default()
        },
        policy,
    )
    .await
}

async fn refusal(dirs: &Dirs, bytes: &[u8]) -> SourceError {
    let e = fetch_bytes(dirs, &dirs.policy(), bytes, "")
        .await
        .expect_err("the archive is refused");
    dirs.assert_clean();
    e
}

fn special<'a>(name: &'a str, kind: EntryType, link: &'a str) -> Entry<'a> {
    Entry {
        name,
        kind,
        data: b"",
        link,
    }
}

#[tokio::test]
async fn unsafe_entries_are_refused_after_safe_ones_were_written() {
    let dirs = Dirs::new();
    let cases: Vec<(&str, Entry<'_>, &str)> = vec![
        ("absolute path", file("/tmp/evil", b"x"), "absolute"),
        ("parent", file("../evil", b"x"), ".."),
        ("nested parent", file("proj/../../evil", b"x"), ".."),
        (
            "symlink",
            special("proj/link", EntryType::Symlink, "/etc/passwd"),
            "symbolic link",
        ),
        (
            "hard link",
            special("proj/hard", EntryType::Link, "proj/Dockerfile"),
            "hard link",
        ),
        (
            "char device",
            special("proj/null", EntryType::Char, ""),
            "character device",
        ),
        (
            "block device",
            special("proj/sda", EntryType::Block, ""),
            "block device",
        ),
        ("fifo", special("proj/pipe", EntryType::Fifo, ""), "fifo"),
    ];
    for (what, bad, says) in cases {
        // Safe entries first, so the refusal has something to clean up.
        let bytes = gzip(&tar(&[
            dir("proj/"),
            file("proj/Dockerfile", b"FROM scratch\n"),
            bad,
        ]));
        let e = refusal(&dirs, &bytes).await;
        assert_eq!(e.reason(), Reason::ArchiveUnsafe, "{what}: {e}");
        assert!(e.message().contains(says), "{what}: {e}");
    }
    assert!(!dirs.work.parent().unwrap().join("evil").exists());
}

#[tokio::test]
async fn too_many_entries_or_bytes_are_refused() {
    let dirs = Dirs::new();
    let names: Vec<String> = (0..20).map(|i| format!("f{i}")).collect();
    let mut entries = vec![file("Dockerfile", b"FROM scratch\n")];
    entries.extend(names.iter().map(|n| file(n, b"x")));
    let many = tar(&entries);
    let policy = SourcePolicy {
        max_files: 10,
        ..dirs.policy()
    };
    let e = fetch_bytes(&dirs, &policy, &many, "").await.unwrap_err();
    dirs.assert_clean();
    assert_eq!(e.reason(), Reason::ArchiveTooLarge, "{e}");
    assert!(e.message().contains("more than 10 files"), "{e}");

    // A small gzip that expands past the byte cap.
    let big = gzip(&tar(&[file("Dockerfile", &[b'#'; 1 << 20])]));
    let policy = SourcePolicy {
        max_extracted_bytes: 64 * 1024,
        ..dirs.policy()
    };
    let e = fetch_bytes(&dirs, &policy, &big, "").await.unwrap_err();
    dirs.assert_clean();
    assert_eq!(e.reason(), Reason::ArchiveTooLarge, "{e}");

    // Just under both caps is fine.
    let policy = SourcePolicy {
        max_files: 21,
        max_extracted_bytes: 13 + 20,
        ..dirs.policy()
    };
    let fetched = fetch_bytes(&dirs, &policy, &many, "").await.unwrap();
    assert_eq!(fetched.extracted.entries, 21);
    assert_eq!(fetched.extracted.bytes, 33);
}

#[tokio::test]
async fn garbage_is_not_an_archive() {
    let dirs = Dirs::new();
    let e = refusal(&dirs, &[7u8; 4096]).await;
    assert_eq!(e.reason(), Reason::ArchiveInvalid, "{e}");
    let mut cut = project("FROM scratch\n");
    cut.truncate(cut.len() / 2);
    let e = refusal(&dirs, &cut).await;
    assert_eq!(e.reason(), Reason::ArchiveInvalid, "{e}");
}

#[tokio::test]
async fn the_dockerfile_is_found_once_or_refused() {
    let dirs = Dirs::new();
    let policy = dirs.policy();
    let two = tar(&[
        file("a/Dockerfile", b"FROM scratch\n"),
        file("b/Dockerfile", b"FROM scratch\n"),
    ]);
    let e = fetch_bytes(&dirs, &policy, &two, "").await.unwrap_err();
    dirs.assert_clean();
    assert_eq!(e.reason(), Reason::DockerfileAmbiguous, "{e}");
    assert!(e.message().contains("a, b"), "{e}");

    // A path chooses.
    let fetched = fetch_bytes(&dirs, &policy, &two, "b").await.unwrap();
    assert_eq!(fetched.context.file_name().unwrap(), "b");
    drop(fetched);
    dirs.assert_clean();

    let none = tar(&[file("src/main.c", b"int main;")]);
    let e = fetch_bytes(&dirs, &policy, &none, "").await.unwrap_err();
    dirs.assert_clean();
    assert_eq!(e.reason(), Reason::DockerfileNotFound, "{e}");
    // With a path, sub-directories are not searched.
    let e = fetch_bytes(&dirs, &policy, &two, "c").await.unwrap_err();
    assert_eq!(e.reason(), Reason::DockerfileNotFound, "{e}");

    // A named Dockerfile at the root wins over the search.
    let named = tar(&[
        file("build/job.Dockerfile", b"FROM scratch\n"),
        file("x/Dockerfile", b"FROM scratch\n"),
    ]);
    std::fs::write(dirs.tarballs.join("n.tar"), &named).unwrap();
    let fetched = fetch(
        SourceFields {
            tarball_path: "n.tar".into(),
            dockerfile: "build/job.Dockerfile".into(),
            ..Default::default()
        },
        &policy,
    )
    .await
    .unwrap();
    assert_eq!(fetched.dockerfile, PathBuf::from("build/job.Dockerfile"));
    assert_eq!(
        fetched.context,
        fetched.workspace().join("tree").canonicalize().unwrap()
    );
}

#[tokio::test]
async fn set_id_and_world_write_bits_do_not_survive() {
    use std::os::unix::fs::PermissionsExt;
    let dirs = Dirs::new();
    let mut builder = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_path("Dockerfile").unwrap();
    h.set_size(13);
    h.set_mode(0o6777);
    h.set_cksum();
    builder.append(&h, &b"FROM scratch\n"[..]).unwrap();
    let bytes = builder.into_inner().unwrap();
    let fetched = fetch_bytes(&dirs, &dirs.policy(), &bytes, "")
        .await
        .unwrap();
    let mode = std::fs::metadata(fetched.context.join("Dockerfile"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o7777, 0o755);
}
