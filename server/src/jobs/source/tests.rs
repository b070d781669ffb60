//! Unit tests of the pure parts: spec parsing and inference, allowlists, reasons.

use std::collections::HashSet;
use std::path::PathBuf;

use super::*;

fn parse(f: SourceFields) -> Result<SourceSpec, SourceError> {
    SourceSpec::parse(&f)
}

fn reason(f: SourceFields) -> &'static str {
    parse(f).unwrap_err().reason().as_str()
}

const SHA: &str = "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

#[test]
fn the_source_is_inferred_from_the_tarball_fields_and_defaults_to_git_tag() {
    let git = parse(SourceFields {
        repo: "https://example.com/r.git".into(),
        tag: "v1".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(git.kind(), SourceKind::GitTag);
    assert_eq!(git.dockerfile, PathBuf::from("Dockerfile"));
    assert_eq!(git.path, None);
    let url = parse(SourceFields {
        tarball_url: "https://example.com/a.tgz".into(),
        tarball_sha256: SHA.into(),
        ..Default::default()
    })
    .unwrap();
    match url.source {
        Source::TarballUrl { sha256, .. } => assert_eq!(sha256.unwrap(), SHA.to_lowercase()),
        other => panic!("{other:?}"),
    }
    let path = parse(SourceFields {
        source: "TARBALL_PATH".into(),
        tarball_path: "./jobs/a.tar".into(),
        path: "./ctx/".into(),
        dockerfile: "build/Dockerfile.job".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        path.source,
        Source::TarballPath {
            path: "jobs/a.tar".into(),
            sha256: None
        }
    );
    assert_eq!(path.path, Some(PathBuf::from("ctx")));
    assert_eq!(path.dockerfile, PathBuf::from("build/Dockerfile.job"));
}

#[test]
fn ambiguous_unknown_and_mixed_sources_are_refused() {
    assert_eq!(
        reason(SourceFields {
            tarball_url: "https://a/x".into(),
            tarball_path: "x".into(),
            ..Default::default()
        }),
        "job_source_invalid"
    );
    assert_eq!(
        reason(SourceFields {
            source: "svn".into(),
            ..Default::default()
        }),
        "job_source_invalid"
    );
    let mixed = parse(SourceFields {
        source: "git_tag".into(),
        repo: "r".into(),
        tag: "v1".into(),
        tarball_sha256: SHA.into(),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(mixed.reason(), Reason::SourceInvalid);
    assert!(mixed.message().contains("tarball_sha256"), "{mixed}");
}

#[test]
fn git_fields_follow_git_rules() {
    let git = |repo: &str, tag: &str, commit: &str| {
        parse(SourceFields {
            repo: repo.into(),
            tag: tag.into(),
            commit: commit.into(),
            ..Default::default()
        })
    };
    assert!(git("r", "v1.2.3", "").is_ok());
    assert!(git("r", "release/2026-01", &"A".repeat(40)).is_ok());
    for tag in [
        "", "v 1", "a..b", "-x", "x.lock", "x/", ".x", "a@{1}", "a:b", "x.",
    ] {
        let e = git("r", tag, "").unwrap_err();
        assert_eq!(e.reason(), Reason::SourceInvalid, "{tag:?}");
    }
    for repo in ["", "--upload-pack=touch /tmp/x", "a b"] {
        assert_eq!(
            git(repo, "v1", "").unwrap_err().reason(),
            Reason::SourceInvalid
        );
    }
    for commit in ["abc", &"g".repeat(40), &"a".repeat(41)] {
        assert_eq!(
            git("r", "v1", commit).unwrap_err().reason(),
            Reason::SourceInvalid
        );
    }
}

#[test]
fn tarball_fields_are_checked() {
    let url = |u: &str| {
        parse(SourceFields {
            tarball_url: u.into(),
            ..Default::default()
        })
    };
    assert_eq!(
        url("http://example.com/a.tgz").unwrap_err().reason(),
        Reason::TarballNotHttps
    );
    assert_eq!(
        url("not a url").unwrap_err().reason(),
        Reason::SourceInvalid
    );
    assert_eq!(
        url("https://user:pw@example.com/a.tgz")
            .unwrap_err()
            .reason(),
        Reason::SourceInvalid
    );
    for sha in ["abc", &"z".repeat(64), &"a".repeat(65)] {
        let e = parse(SourceFields {
            tarball_url: "https://example.com/a".into(),
            tarball_sha256: sha.into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.reason(), Reason::SourceInvalid, "{sha}");
    }
    let path = |p: &str| {
        parse(SourceFields {
            tarball_path: p.into(),
            ..Default::default()
        })
    };
    assert_eq!(
        path("../x.tar").unwrap_err().reason(),
        Reason::TarballPathEscape
    );
    assert_eq!(
        path("a/../../x.tar").unwrap_err().reason(),
        Reason::TarballPathEscape
    );
    assert_eq!(
        path("/etc/x.tar").unwrap_err().reason(),
        Reason::SourceInvalid
    );
}

#[test]
fn context_path_and_dockerfile_stay_inside() {
    for (path, dockerfile) in [
        ("../x", ""),
        ("/abs", ""),
        ("", "../Dockerfile"),
        ("", "/Dockerfile"),
        ("", "."),
    ] {
        let e = parse(SourceFields {
            repo: "r".into(),
            tag: "v1".into(),
            path: path.into(),
            dockerfile: dockerfile.into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.reason(), Reason::SourceInvalid, "{path:?} {dockerfile:?}");
    }
}

#[test]
fn allowlists_read_as_the_reference_does() {
    assert!(!Allowlist::parse_repos("").allows("r"));
    assert!(Allowlist::parse_repos("*").allows("anything"));
    let repos = Allowlist::parse_repos(" https://a/r.git , file:///srv/x ");
    assert!(repos.allows("https://a/r.git"));
    assert!(!repos.allows("https://a/r.git/"), "exact match only");
    let hosts =
        Allowlist::parse_hosts("Example.COM, https://files.example.org:8443/x, bücher.de").unwrap();
    for host in ["example.com", "files.example.org", "xn--bcher-kva.de"] {
        assert!(hosts.allows(host), "{host}");
    }
    assert!(!hosts.allows("evil.example.com"));
    assert!(Allowlist::parse_hosts("a b").is_err());
}

#[test]
fn the_policy_refuses_before_any_io() {
    let spec = |f: SourceFields| SourceSpec::parse(&f).unwrap();
    let policy = SourcePolicy {
        repos: Allowlist::exact(["https://a/r.git"]),
        tarball_hosts: Allowlist::parse_hosts("files.example.com").unwrap(),
        ..SourcePolicy::default()
    };
    let git = spec(SourceFields {
        repo: "https://a/other.git".into(),
        tag: "v1".into(),
        ..Default::default()
    });
    assert_eq!(
        policy.check(&git).unwrap_err().reason(),
        Reason::RepoNotAllowed
    );
    let url = spec(SourceFields {
        tarball_url: "https://evil.example.com/a.tgz?token=secret".into(),
        ..Default::default()
    });
    let e = policy.check(&url).unwrap_err();
    assert_eq!(e.reason(), Reason::TarballHostNotAllowed);
    assert!(
        !e.message().contains("secret"),
        "the query is not shown: {e}"
    );
    let path = spec(SourceFields {
        tarball_path: "a.tar".into(),
        ..Default::default()
    });
    assert_eq!(
        policy.check(&path).unwrap_err().reason(),
        Reason::TarballDirNotConfigured
    );
}

#[test]
fn reasons_are_distinct_snake_case_and_classified() {
    let all = [
        Reason::SourceInvalid,
        Reason::RepoNotAllowed,
        Reason::TagNotFound,
        Reason::CommitMismatch,
        Reason::TarballHostNotAllowed,
        Reason::TarballNotHttps,
        Reason::TarballTooManyRedirects,
        Reason::TarballDirNotConfigured,
        Reason::TarballNotFound,
        Reason::TarballPathEscape,
        Reason::TarballTooLarge,
        Reason::Sha256Mismatch,
        Reason::ArchiveUnsafe,
        Reason::ArchiveTooLarge,
        Reason::ArchiveInvalid,
        Reason::FetchFailed,
        Reason::FetchTimeout,
        Reason::DockerfileNotFound,
        Reason::DockerfileAmbiguous,
        Reason::WorkspaceFailed,
    ];
    let names: HashSet<&str> = all.iter().map(|r| r.as_str()).collect();
    assert_eq!(names.len(), all.len());
    for name in names {
        assert!(
            name.starts_with("job_")
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        );
    }
    assert!(Reason::FetchTimeout.is_transient());
    assert!(!Reason::Sha256Mismatch.is_transient());
}

#[test]
fn addresses_inside_the_network_are_told_from_public_ones() {
    use std::net::IpAddr;

    use super::download::is_internal;
    let internal = [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "255.255.255.255",
        "224.0.0.1",
        "198.18.0.1",
        "::1",
        "::",
        "fc00::1",
        "fd12::1",
        "fe80::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "2001:db8::1",
    ];
    for ip in internal {
        assert!(is_internal(ip.parse::<IpAddr>().unwrap()), "{ip}");
    }
    for ip in [
        "93.184.216.34",
        "8.8.8.8",
        "2606:4700::1111",
        "::ffff:8.8.8.8",
    ] {
        assert!(!is_internal(ip.parse::<IpAddr>().unwrap()), "{ip}");
    }
}
