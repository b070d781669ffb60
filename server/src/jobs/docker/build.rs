//! The image build: the context streamed to the engine as a tar made on a blocking thread
//! (never whole in memory) without what its `.dockerignore` excludes, the legacy builder's
//! output passed to the run's log, and each step's image recorded so a failed build leaves
//! none behind.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use bollard::Docker;
use bollard::body_try_stream;
use bollard::errors::Error as EngineError;
use bollard::query_parameters::BuildImageOptionsBuilder;
use bytes::Bytes;
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_stream::wrappers::ReceiverStream;

use super::DockerError;
use super::cleanup::Leftovers;
use super::dockerignore::{self, Ignore};
use super::output::{Budget, OutputSink, OutputStream};
use super::spec::{Limits, Prepared};

/// How a build ended, when the engine could be asked at all.
pub(crate) enum Built {
    Image,
    /// The Dockerfile failed (a step's error, a missing base image): the job's fault.
    Failed(String),
}

pub(crate) struct BuildRequest<'a> {
    pub(crate) context_dir: PathBuf,
    pub(crate) prepared: &'a Prepared,
    pub(crate) limits: &'a Limits,
    pub(crate) network: &'a str,
    pub(crate) max_context_bytes: u64,
}

/// Builds `prepared.image` from the context. The caller bounds it in time: dropping this
/// future closes the connection, and the engine then stops the build and removes its
/// step's container (`forcerm`).
pub(crate) async fn build(
    docker: &Docker,
    request: BuildRequest<'_>,
    leftovers: &mut Leftovers,
    budget: &mut Budget,
    sink: &mut dyn OutputSink,
) -> Result<Built, DockerError> {
    let prepared = request.prepared;
    let memory = i32::try_from(request.limits.memory_mb * 1024 * 1024).unwrap_or(i32::MAX);
    // The default CFS period is 100 ms; the quota is the share of it the steps may use.
    let quota = (request.limits.cpus * 100_000.0)
        .round()
        .clamp(1_000.0, i32::MAX as f64) as i32;
    let options = BuildImageOptionsBuilder::default()
        .dockerfile(&prepared.generated_dockerfile)
        .t(&prepared.image)
        // Every run builds its own layers: a cached step would be shared with another run,
        // whose clean-up could prune it while this build still needs it.
        .nocache(true)
        .rm(true)
        .forcerm(true)
        .memory(memory)
        .memswap(memory)
        .cpuperiod(100_000)
        .cpuquota(quota)
        .networkmode(request.network)
        .build();

    let (tx, rx) = mpsc::channel::<io::Result<Bytes>>(4);
    let dockerfile = GeneratedDockerfile {
        original: request.context_dir.join(&prepared.dockerfile),
        name: prepared.generated_dockerfile.clone(),
        label_instruction: prepared.label_instruction.clone(),
    };
    let tar = spawn_tar(
        request.context_dir,
        dockerfile,
        request.max_context_bytes,
        tx,
    );
    leftovers.image(&prepared.image);
    let mut stream = docker.build_image(
        options,
        None,
        Some(body_try_stream(ReceiverStream::new(rx))),
    );
    let mut failure = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(info) => {
                if let Some(text) = info.stream.or(info.status) {
                    for id in step_images(&text) {
                        leftovers.intermediate(id);
                    }
                    for id in step_containers(&text) {
                        leftovers.step_container(id);
                    }
                    for chunk in budget.admit(OutputStream::Build, Bytes::from(text)) {
                        sink.write(chunk).await;
                    }
                }
            }
            Err(EngineError::DockerStreamError { error }) => {
                failure = Some(error);
                break;
            }
            Err(error) => {
                // The context may be why the engine hung up: say that rather than the
                // broken connection it caused.
                drop(stream);
                if let Ok(Err(problem)) = tar.await {
                    return Err(problem);
                }
                return Err(DockerError::Engine(error));
            }
        }
    }
    drop(stream);
    if let Ok(Err(problem)) = tar.await {
        return Err(problem);
    }
    match failure {
        Some(message) => {
            let notice = format!("build failed: {message}\n");
            for chunk in budget.admit(OutputStream::Notice, Bytes::from(notice)) {
                sink.write(chunk).await;
            }
            Ok(Built::Failed(message))
        }
        None => {
            leftovers.built();
            Ok(Built::Image)
        }
    }
}

/// The image ids of finished steps in the legacy builder's output (` ---> 1a2b3c4d5e6f`).
fn step_images(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let id = line.trim().strip_prefix("---> ")?.trim();
        (id.len() >= 12 && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
    })
}

/// The job's Dockerfile with our labels appended, added to the context under its own name.
struct GeneratedDockerfile {
    original: PathBuf,
    name: String,
    label_instruction: String,
}

/// A Dockerfile larger than this is refused (they are a few KiB).
const MAX_DOCKERFILE_BYTES: u64 = 1024 * 1024;

impl GeneratedDockerfile {
    fn contents(&self) -> io::Result<Vec<u8>> {
        let mut text = Vec::new();
        std::fs::File::open(&self.original)?
            .take(MAX_DOCKERFILE_BYTES + 1)
            .read_to_end(&mut text)?;
        if text.len() as u64 > MAX_DOCKERFILE_BYTES {
            return Err(io::Error::other(format!(
                "the Dockerfile is over {MAX_DOCKERFILE_BYTES} bytes"
            )));
        }
        Ok(labelled(&text, &self.label_instruction))
    }
}

/// `dockerfile` with `label` after every `FROM` (so every step's container and image, the
/// intermediate ones a crash mid-build leaves too, carry our labels and the reaper finds
/// them) and once more at the end (the image). Parser directives at the top are left alone;
/// a `FROM` continued over lines (by `\`, or the escape character a directive sets) gets
/// its label after its last line.
fn labelled(dockerfile: &[u8], label: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(dockerfile);
    let escape = directive_escape(&text).unwrap_or('\\');
    let mut out = String::with_capacity(text.len() + 4 * label.len());
    let mut in_from = false;
    // The previous instruction line ended with the escape character: this one goes on with it.
    let mut continuing = false;
    for line in text.split_inclusive('\n') {
        out.push_str(line);
        let trimmed = line.trim();
        // Comments and empty lines end nothing, also inside a continued instruction.
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !continuing {
            in_from = trimmed
                .split_whitespace()
                .next()
                .is_some_and(|word| word.eq_ignore_ascii_case("FROM"));
        }
        continuing = trimmed.ends_with(escape);
        if in_from && !continuing {
            if !line.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(label);
            out.push('\n');
            in_from = false;
        }
    }
    out.push('\n');
    out.push_str(label);
    out.push('\n');
    out.into_bytes()
}

/// The escape character an `# escape=` parser directive at the top sets.
fn directive_escape(text: &str) -> Option<char> {
    for line in text.lines() {
        let rest = line.trim().strip_prefix('#')?;
        let (key, value) = rest.split_once('=')?;
        if key.trim().eq_ignore_ascii_case("escape") {
            return value.trim().chars().next();
        }
    }
    None
}

/// The containers of running steps (` ---> Running in 0123456789ab`): the engine removes them
/// (`forcerm`), but only after it notices a dropped connection, and until then they hold
/// their parent step's image.
fn step_containers(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let id = line.trim().strip_prefix("---> Running in ")?.trim();
        (id.len() >= 12 && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
    })
}

/// Writes the context as a tar into `tx` on a blocking thread, leaving out what its
/// `.dockerignore` excludes (a malformed one fails the build, as it fails `docker build`).
/// Links are stored as links, never followed, so nothing outside the context is read; modes
/// keep only the executable bit and owners are zeroed, so the host's ids do not leak into the
/// image.
fn spawn_tar(
    dir: PathBuf,
    dockerfile: GeneratedDockerfile,
    max_bytes: u64,
    tx: mpsc::Sender<io::Result<Bytes>>,
) -> JoinHandle<Result<(), DockerError>> {
    tokio::task::spawn_blocking(move || {
        let ignore = match read_ignore(&dir) {
            Ok(ignore) => ignore,
            Err(problem) => {
                // Fail the request body too, so the engine builds nothing.
                let _ = tx.blocking_send(Err(io::Error::other(problem.clone())));
                return Err(DockerError::Context(problem));
            }
        };
        let writer = ChannelWriter {
            tx,
            buffer: Vec::with_capacity(CHUNK),
            written: 0,
            max_bytes,
        };
        let mut builder = tar::Builder::new(writer);
        builder.follow_symlinks(false);
        builder.mode(tar::HeaderMode::Deterministic);
        let outcome = append_all(&mut builder, &dir, ignore.as_ref(), &dockerfile)
            .and_then(|()| builder.into_inner())
            .and_then(|mut writer| writer.flush());
        match outcome {
            Ok(()) => Ok(()),
            // The engine stopped reading (it refused the build): its answer says why.
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            Err(error) if error.kind() == io::ErrorKind::FileTooLarge => Err(DockerError::Context(
                format!("the build context is over {max_bytes} bytes"),
            )),
            Err(error) => Err(DockerError::Context(format!(
                "reading the build context {}: {error}",
                dir.display()
            ))),
        }
    })
}

/// The context's `.dockerignore`, parsed and as written, if it has one.
fn read_ignore(dir: &Path) -> Result<Option<(Ignore, String)>, String> {
    let path = dir.join(dockerignore::FILE_NAME);
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("reading {}: {e}", dockerignore::FILE_NAME)),
        // Not followed: a link could name a file outside the context.
        Ok(meta) if !meta.is_file() => {
            return Err(format!("{} is not a regular file", dockerignore::FILE_NAME));
        }
        Ok(_) => {}
    }
    let mut text = String::new();
    std::fs::File::open(&path)
        .and_then(|f| f.take(MAX_DOCKERFILE_BYTES + 1).read_to_string(&mut text))
        .map_err(|e| format!("reading {}: {e}", dockerignore::FILE_NAME))?;
    if text.len() as u64 > MAX_DOCKERFILE_BYTES {
        return Err(format!(
            "{} is over {MAX_DOCKERFILE_BYTES} bytes",
            dockerignore::FILE_NAME
        ));
    }
    Ignore::parse(&text).map(|ignore| Some((ignore, text)))
}

/// The whole tar: the context (without its own `.dockerignore`), then the generated
/// Dockerfile, then a `.dockerignore` that names it, as the Docker CLI sends a Dockerfile from
/// outside the context: the engine reads the Dockerfile, then drops the files that
/// `.dockerignore` names from the context (the Dockerfile it built from and the
/// `.dockerignore` itself, nothing else), so no `COPY . …` ever sees our file. The job's own
/// `.dockerignore`, when the context would have held it, goes with our line appended (and
/// stays in the context as before); otherwise the one sent also names itself.
fn append_all<W: Write>(
    builder: &mut tar::Builder<W>,
    dir: &Path,
    ignore: Option<&(Ignore, String)>,
    dockerfile: &GeneratedDockerfile,
) -> io::Result<()> {
    append_context(builder, dir, ignore.map(|(i, _)| i))?;
    let mut append = |name: &str, contents: &[u8]| {
        let mut header = tar::Header::new_gnu();
        header.set_size(contents.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        builder.append_data(&mut header, name, contents)
    };
    append(&dockerfile.name, &dockerfile.contents()?)?;
    let own = ignore.filter(|(i, _)| !i.excludes(dockerignore::FILE_NAME));
    let text = match own {
        Some((_, text)) => format!("{text}\n{}\n", dockerfile.name),
        None => format!("{}\n{}\n", dockerignore::FILE_NAME, dockerfile.name),
    };
    append(dockerignore::FILE_NAME, text.as_bytes())
}

/// Appends the context's entries under their relative names, in name order, walking as
/// Docker's archiver walks: an excluded file is left out; an excluded directory is left out
/// with all below it, unless an exception names a path below it, in which case it is walked
/// and what is not excluded below it is sent. The Dockerfile is no exception: Docker's engine
/// drops it from the context when it is excluded, and the build reads ours, not it. The root's
/// `.dockerignore` is left to [`append_all`].
fn append_context<W: Write>(
    builder: &mut tar::Builder<W>,
    root: &Path,
    ignore: Option<&Ignore>,
) -> io::Result<()> {
    let mut stack = vec![String::new()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<(String, std::fs::FileType)> = std::fs::read_dir(root.join(&dir))?
            .map(|entry| {
                let entry = entry?;
                let name = entry.file_name().into_string().map_err(|name| {
                    io::Error::other(format!("a file name that is not UTF-8: {name:?}"))
                })?;
                Ok((name, entry.file_type()?))
            })
            .collect::<io::Result<_>>()?;
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut below = Vec::new();
        for (name, kind) in entries {
            if dir.is_empty() && name == dockerignore::FILE_NAME {
                // Sent last by `append_all`, with the generated Dockerfile's name added.
                continue;
            }
            let path = if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            };
            let excluded = ignore.is_some_and(|i| i.excludes(&path));
            if excluded {
                if kind.is_dir() && ignore.is_some_and(|i| i.may_include_below(&path)) {
                    below.push(path);
                }
                continue;
            }
            builder.append_path_with_name(root.join(&path), &path)?;
            if kind.is_dir() {
                below.push(path);
            }
        }
        // Reversed onto the stack, so directories are walked in name order.
        stack.extend(below.into_iter().rev());
    }
    Ok(())
}

const CHUNK: usize = 64 * 1024;

/// A `Write` that sends 64 KiB chunks into the request body, waiting while the engine is
/// slower than the disk, and refuses more than `max_bytes`.
struct ChannelWriter {
    tx: mpsc::Sender<io::Result<Bytes>>,
    buffer: Vec<u8>,
    written: u64,
    max_bytes: u64,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK),
        ));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.written += buf.len() as u64;
        if self.written > self.max_bytes {
            // Fail the request body too, so the engine does not build a cut context.
            let _ = self
                .tx
                .blocking_send(Err(io::Error::other("build context too large")));
            return Err(io::ErrorKind::FileTooLarge.into());
        }
        self.buffer.extend_from_slice(buf);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENERATED: &str = ".worker-job-r1-2.Dockerfile";

    /// The tar's entries, with the contents of the `.dockerignore` sent; the generated
    /// Dockerfile is checked and left out of the names.
    fn sent(dir: &Path) -> (Vec<String>, String) {
        let ignore = read_ignore(dir).unwrap();
        let mut builder = tar::Builder::new(Vec::new());
        builder.follow_symlinks(false);
        let dockerfile = GeneratedDockerfile {
            original: dir.join("Dockerfile"),
            name: GENERATED.into(),
            label_instruction: "LABEL worker.managed=\"true\"".into(),
        };
        append_all(&mut builder, dir, ignore.as_ref(), &dockerfile).unwrap();
        let bytes = builder.into_inner().unwrap();
        let mut names = Vec::new();
        let mut sent_ignore = String::new();
        for entry in tar::Archive::new(bytes.as_slice()).entries().unwrap() {
            let mut entry = entry.unwrap();
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            if name == GENERATED {
                let mut text = String::new();
                entry.read_to_string(&mut text).unwrap();
                assert!(
                    text.ends_with("\nLABEL worker.managed=\"true\"\n"),
                    "{text}"
                );
                continue;
            }
            if name == dockerignore::FILE_NAME {
                entry.read_to_string(&mut sent_ignore).unwrap();
            }
            names.push(name);
        }
        (names, sent_ignore)
    }

    #[test]
    fn the_context_is_sent_without_what_dockerignore_excludes() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for sub in ["src", "target/debug", "vendor/keep", "vendor/drop", "docs"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        for file in [
            "Dockerfile",
            "secret.txt",
            "src/main.rs",
            "src/secret.txt",
            "target/debug/app",
            "vendor/keep/lib.rs",
            "vendor/drop/lib.rs",
            "docs/a.md",
            "notes.md",
        ] {
            std::fs::write(d.join(file), file).unwrap();
        }
        std::os::unix::fs::symlink("/etc/passwd", d.join("link")).unwrap();
        std::fs::write(
            d.join(".dockerignore"),
            "# not needed in the image
/secret.txt
target/
vendor
!vendor/keep
*.md
!docs
Dockerfile
.dockerignore
",
        )
        .unwrap();
        let (mut names_sent, ignore_sent) = sent(d);
        names_sent.sort();
        // The `.dockerignore` sent names itself (the job's excluded it) and our Dockerfile,
        // so the engine drops both after reading the Dockerfile.
        assert_eq!(
            names_sent,
            [
                ".dockerignore",
                "docs",
                "docs/a.md",
                "link",
                "src",
                "src/main.rs",
                "src/secret.txt",
                "vendor/keep",
                "vendor/keep/lib.rs",
            ]
        );
        assert_eq!(ignore_sent, format!(".dockerignore\n{GENERATED}\n"));

        // Without a .dockerignore everything goes, the file itself included when present,
        // then with our line appended.
        std::fs::write(d.join(".dockerignore"), "# none").unwrap();
        let (all, ignore_sent) = sent(d);
        assert_eq!(all.len(), 18, "{all:?}");
        assert_eq!(ignore_sent, format!("# none\n{GENERATED}\n"));
        std::fs::remove_file(d.join(".dockerignore")).unwrap();
        let (all, ignore_sent) = sent(d);
        assert_eq!(all.len(), 18, "{all:?}");
        assert_eq!(ignore_sent, format!(".dockerignore\n{GENERATED}\n"));

        std::fs::write(
            d.join(".dockerignore"),
            "ok
[
",
        )
        .unwrap();
        let e = read_ignore(d).unwrap_err();
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn every_stage_is_labelled_right_after_its_from() {
        let label = "LABEL worker.managed=\"true\"";
        let text = "# syntax=docker/dockerfile:1\nARG BASE=scratch\nFROM $BASE AS build\nRUN make\n\
                    from scratch \\\n  AS final\nCOPY --from=build /a /a\nCMD [\"/a\"]";
        let out = String::from_utf8(labelled(text.as_bytes(), label)).unwrap();
        assert_eq!(
            out,
            format!(
                "# syntax=docker/dockerfile:1\nARG BASE=scratch\nFROM $BASE AS build\n{label}\nRUN make\n\
                 from scratch \\\n  AS final\n{label}\nCOPY --from=build /a /a\nCMD [\"/a\"]\n{label}\n"
            )
        );
        // With a directive's escape character, continuations end with it.
        let text = "# escape=`\nFROM scratch `\n  AS x\nRUN a\n";
        let out = String::from_utf8(labelled(text.as_bytes(), label)).unwrap();
        assert_eq!(
            out,
            format!("# escape=`\nFROM scratch `\n  AS x\n{label}\nRUN a\n\n{label}\n")
        );
    }

    #[test]
    fn step_images_are_read_from_build_output() {
        let text = "Step 2/3 : COPY busybox /bin/busybox\n ---> 3f2a1b4c5d6e\nStep 3/3 : RUN false\n ---> Running in 0123456789ab\n";
        assert_eq!(step_images(text).collect::<Vec<_>>(), ["3f2a1b4c5d6e"]);
        assert_eq!(step_images(" ---> Using cache\n").count(), 0);
        assert_eq!(step_containers(text).collect::<Vec<_>>(), ["0123456789ab"]);
    }
}
