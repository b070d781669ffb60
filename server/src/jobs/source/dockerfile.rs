//! Finding the Dockerfile in a fetched tree, as go-worker does: `<path>/<dockerfile>`; when
//! that is missing and the job gave no `path`, the root's immediate sub-directories are
//! searched (a tarball usually wraps its files in one), and exactly one must hold it.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{Reason, SourceError, quoted};

/// The build context (absolute) and the Dockerfile relative to it.
pub(super) fn discover(
    tree: &Path,
    path: Option<&Path>,
    dockerfile: &Path,
) -> Result<(PathBuf, PathBuf), SourceError> {
    let root = tree
        .canonicalize()
        .map_err(|e| SourceError::workspace("reading the fetched tree", &e))?;
    let base = root.join(path.unwrap_or(Path::new("")));
    if let Some(context) = holds(&root, &base, dockerfile) {
        return Ok((context, dockerfile.to_path_buf()));
    }
    let shown = |p: &Path| quoted(&p.display().to_string());
    if let Some(path) = path {
        return Err(SourceError::new(
            Reason::DockerfileNotFound,
            format!("no {} in {}", shown(dockerfile), shown(path)),
        ));
    }
    let mut found = Vec::new();
    let dirs =
        fs::read_dir(&root).map_err(|e| SourceError::workspace("reading the fetched tree", &e))?;
    for dir in dirs {
        let dir = dir.map_err(|e| SourceError::workspace("reading the fetched tree", &e))?;
        // Links are not followed into: only directories that are really there.
        if dir.file_type().is_ok_and(|t| t.is_dir())
            && let Some(context) = holds(&root, &dir.path(), dockerfile)
        {
            found.push(context);
        }
    }
    found.sort();
    match found.len() {
        1 => Ok((found.remove(0), dockerfile.to_path_buf())),
        0 => Err(SourceError::new(
            Reason::DockerfileNotFound,
            format!(
                "no {} at the root of the source nor in one of its directories",
                shown(dockerfile)
            ),
        )),
        _ => {
            let names: Vec<String> = found
                .iter()
                .filter_map(|d| d.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect();
            Err(SourceError::new(
                Reason::DockerfileAmbiguous,
                format!(
                    "{} is in several directories ({}); set path to choose one",
                    shown(dockerfile),
                    names.join(", ")
                ),
            ))
        }
    }
}

/// `base` when `base/dockerfile` is a file and both stay inside `root` once links are
/// resolved (a git tree may hold links; none may lead the build out of it).
fn holds(root: &Path, base: &Path, dockerfile: &Path) -> Option<PathBuf> {
    let context = base.canonicalize().ok()?;
    let file = context.join(dockerfile).canonicalize().ok()?;
    let inside = context.starts_with(root) && file.starts_with(root);
    (inside && file.is_file()).then_some(context)
}
