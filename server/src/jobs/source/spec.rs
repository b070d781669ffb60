//! A job's source as written (`SourceFields`, the reference's field names) and as checked
//! (`SourceSpec`): which of git tag, tarball URL or tarball file, and the build context's
//! sub-directory and Dockerfile. Pure: no I/O, so a job can be checked when it is saved.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use reqwest::Url;

use super::error::{Reason, SourceError, quoted};

/// The Dockerfile a job that names none uses.
pub const DEFAULT_DOCKERFILE: &str = "Dockerfile";

/// The source fields of a job as stored and sent, with go-worker's names. Empty means unset;
/// surrounding whitespace is ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceFields {
    /// `git_tag`, `tarball_url` or `tarball_path` (any case); empty infers it from which
    /// tarball field is set, and `git_tag` when neither is.
    pub source: String,
    pub repo: String,
    pub tag: String,
    /// The commit the tag must resolve to (40 or 64 hex digits), when the job pins one.
    pub commit: String,
    pub tarball_url: String,
    /// Relative to `WORKER_JOB_TARBALL_DIR`.
    pub tarball_path: String,
    pub tarball_sha256: String,
    /// The build context's sub-directory inside the fetched tree.
    pub path: String,
    /// Relative to the build context; `Dockerfile` when empty.
    pub dockerfile: String,
}

/// Which kind of source, by its wire name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    GitTag,
    TarballUrl,
    TarballPath,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::GitTag => "git_tag",
            SourceKind::TarballUrl => "tarball_url",
            SourceKind::TarballPath => "tarball_path",
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the build context comes from, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    GitTag {
        repo: String,
        tag: String,
        /// Lowercase hex.
        commit: Option<String>,
    },
    TarballUrl {
        /// https, with a host and no user or password.
        url: Url,
        /// Lowercase hex.
        sha256: Option<String>,
    },
    TarballPath {
        /// Relative, with no `..` and no `.`.
        path: PathBuf,
        /// Lowercase hex.
        sha256: Option<String>,
    },
}

/// A checked source: what to fetch and where the Dockerfile is inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceSpec {
    pub source: Source,
    /// The build context inside the fetched tree; `None` is the tree's root, and then a
    /// Dockerfile missing there is looked for in the root's immediate sub-directories.
    pub path: Option<PathBuf>,
    /// Relative to the build context, with no `..` and no `.`.
    pub dockerfile: PathBuf,
}

impl SourceSpec {
    /// Checks the fields as go-worker does on upsert, and stricter where it was weak: the tag
    /// follows git's ref rules, digests are hex, URLs are https without credentials, and a
    /// field that belongs to another source is refused rather than ignored.
    pub fn parse(fields: &SourceFields) -> Result<Self, SourceError> {
        let f = Trimmed::new(fields);
        let kind = infer_kind(&f)?;
        let foreign: &[(&str, &str)] = match kind {
            SourceKind::GitTag => &[
                ("tarball_url", f.tarball_url),
                ("tarball_path", f.tarball_path),
                ("tarball_sha256", f.tarball_sha256),
            ],
            SourceKind::TarballUrl => &[
                ("repo", f.repo),
                ("tag", f.tag),
                ("commit", f.commit),
                ("tarball_path", f.tarball_path),
            ],
            SourceKind::TarballPath => &[
                ("repo", f.repo),
                ("tag", f.tag),
                ("commit", f.commit),
                ("tarball_url", f.tarball_url),
            ],
        };
        if let Some((name, _)) = foreign.iter().find(|(_, v)| !v.is_empty()) {
            return Err(SourceError::invalid(format!(
                "{name} does not apply to a {kind} source; leave it empty"
            )));
        }
        let source = match kind {
            SourceKind::GitTag => Source::GitTag {
                repo: repo(f.repo)?,
                tag: tag(f.tag)?,
                commit: optional_hex(f.commit, "commit", &[40, 64])?,
            },
            SourceKind::TarballUrl => Source::TarballUrl {
                url: tarball_url(f.tarball_url)?,
                sha256: optional_hex(f.tarball_sha256, "tarball_sha256", &[64])?,
            },
            SourceKind::TarballPath => {
                if f.tarball_path.is_empty() {
                    return Err(SourceError::invalid(
                        "tarball_path is required for a tarball_path source",
                    ));
                }
                Source::TarballPath {
                    path: relative("tarball_path", f.tarball_path)?,
                    sha256: optional_hex(f.tarball_sha256, "tarball_sha256", &[64])?,
                }
            }
        };
        let path = if f.path.is_empty() {
            None
        } else {
            Some(relative("path", f.path)?).filter(|p| !p.as_os_str().is_empty())
        };
        let dockerfile = if f.dockerfile.is_empty() {
            PathBuf::from(DEFAULT_DOCKERFILE)
        } else {
            relative("dockerfile", f.dockerfile)?
        };
        if dockerfile.as_os_str().is_empty() {
            return Err(SourceError::invalid("dockerfile must name a file"));
        }
        Ok(Self {
            source,
            path,
            dockerfile,
        })
    }

    pub fn kind(&self) -> SourceKind {
        match self.source {
            Source::GitTag { .. } => SourceKind::GitTag,
            Source::TarballUrl { .. } => SourceKind::TarballUrl,
            Source::TarballPath { .. } => SourceKind::TarballPath,
        }
    }
}

struct Trimmed<'a> {
    source: &'a str,
    repo: &'a str,
    tag: &'a str,
    commit: &'a str,
    tarball_url: &'a str,
    tarball_path: &'a str,
    tarball_sha256: &'a str,
    path: &'a str,
    dockerfile: &'a str,
}

impl<'a> Trimmed<'a> {
    fn new(f: &'a SourceFields) -> Self {
        Self {
            source: f.source.trim(),
            repo: f.repo.trim(),
            tag: f.tag.trim(),
            commit: f.commit.trim(),
            tarball_url: f.tarball_url.trim(),
            tarball_path: f.tarball_path.trim(),
            tarball_sha256: f.tarball_sha256.trim(),
            path: f.path.trim(),
            dockerfile: f.dockerfile.trim(),
        }
    }
}

fn infer_kind(f: &Trimmed<'_>) -> Result<SourceKind, SourceError> {
    match f.source.to_ascii_lowercase().as_str() {
        "" => match (f.tarball_url.is_empty(), f.tarball_path.is_empty()) {
            (false, false) => Err(SourceError::invalid(
                "both tarball_url and tarball_path are set; set one, or name the source",
            )),
            (false, true) => Ok(SourceKind::TarballUrl),
            (true, false) => Ok(SourceKind::TarballPath),
            (true, true) => Ok(SourceKind::GitTag),
        },
        "git_tag" => Ok(SourceKind::GitTag),
        "tarball_url" => Ok(SourceKind::TarballUrl),
        "tarball_path" => Ok(SourceKind::TarballPath),
        _ => Err(SourceError::invalid(format!(
            "source {} is not one of git_tag, tarball_url, tarball_path",
            quoted(f.source)
        ))),
    }
}

fn repo(text: &str) -> Result<String, SourceError> {
    if text.is_empty() {
        return Err(SourceError::invalid(
            "repo is required for a git_tag source",
        ));
    }
    // A leading '-' would read as an option to git; whitespace and control characters have
    // no place in a repository URL or path.
    if text.starts_with('-') || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(SourceError::invalid(format!(
            "repo {} is not a repository URL or path",
            quoted(text)
        )));
    }
    Ok(text.to_string())
}

/// git's rules for a ref name (`git check-ref-format`), applied to `refs/tags/<tag>`.
fn tag(text: &str) -> Result<String, SourceError> {
    if text.is_empty() {
        return Err(SourceError::invalid("tag is required for a git_tag source"));
    }
    let bad_char = text
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || "~^:?*[\\".contains(c));
    let bad_component = text
        .split('/')
        .any(|c| c.is_empty() || c.starts_with('.') || c.ends_with(".lock"));
    if text.len() > 255
        || bad_char
        || bad_component
        || text.starts_with('-')
        || text.ends_with('.')
        || text.contains("..")
        || text.contains("@{")
        || text == "@"
    {
        return Err(SourceError::invalid(format!(
            "tag {} is not a valid git tag name",
            quoted(text)
        )));
    }
    Ok(text.to_string())
}

fn optional_hex(text: &str, field: &str, lengths: &[usize]) -> Result<Option<String>, SourceError> {
    if text.is_empty() {
        return Ok(None);
    }
    if !lengths.contains(&text.len()) || !text.chars().all(|c| c.is_ascii_hexdigit()) {
        let lengths: Vec<String> = lengths.iter().map(ToString::to_string).collect();
        return Err(SourceError::invalid(format!(
            "{field} {} must be {} hexadecimal digits",
            quoted(text),
            lengths.join(" or ")
        )));
    }
    Ok(Some(text.to_ascii_lowercase()))
}

fn tarball_url(text: &str) -> Result<Url, SourceError> {
    if text.is_empty() {
        return Err(SourceError::invalid(
            "tarball_url is required for a tarball_url source",
        ));
    }
    let url = Url::parse(text).map_err(|e| {
        SourceError::invalid(format!("tarball_url {} is not a URL ({e})", quoted(text)))
    })?;
    if url.scheme() != "https" {
        return Err(SourceError::new(
            Reason::TarballNotHttps,
            format!("tarball_url must be https, not {}", url.scheme()),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(SourceError::invalid("tarball_url has no host"));
    }
    // Credentials would be stored with the job and shown to everyone who may read it.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(SourceError::invalid(
            "tarball_url must not carry a user name or password",
        ));
    }
    Ok(url)
}

/// A relative path that stays below where it is joined: no root, no `..`; `.` parts dropped.
pub(super) fn relative(field: &str, text: &str) -> Result<PathBuf, SourceError> {
    if text.contains('\0') {
        return Err(SourceError::invalid(format!("{field} contains a NUL byte")));
    }
    let mut out = PathBuf::new();
    for part in Path::new(text).components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => {
                return Err(SourceError::invalid(format!(
                    "{field} {} must be relative",
                    quoted(text)
                )));
            }
            Component::ParentDir => {
                let reason = if field == "tarball_path" {
                    Reason::TarballPathEscape
                } else {
                    Reason::SourceInvalid
                };
                return Err(SourceError::new(
                    reason,
                    format!("{field} {} must not contain ..", quoted(text)),
                ));
            }
        }
    }
    Ok(out)
}
