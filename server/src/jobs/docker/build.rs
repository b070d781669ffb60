//! The image build: the context streamed to the engine as a tar made on a blocking thread
//! (never whole in memory), the legacy builder's output passed to the run's log, and each
//! step's image recorded so a failed build leaves none behind.

use std::io::{self, Read, Write};
use std::path::PathBuf;

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
        // At the end, so it labels the last stage (the image) and leaves parser directives
        // at the top alone.
        text.extend_from_slice(format!("\n{}\n", self.label_instruction).as_bytes());
        Ok(text)
    }
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

/// Writes the context as a tar into `tx` on a blocking thread. Links are stored as links,
/// never followed, so nothing outside the context is read; modes keep only the executable
/// bit and owners are zeroed, so the host's ids do not leak into the image.
fn spawn_tar(
    dir: PathBuf,
    dockerfile: GeneratedDockerfile,
    max_bytes: u64,
    tx: mpsc::Sender<io::Result<Bytes>>,
) -> JoinHandle<Result<(), DockerError>> {
    tokio::task::spawn_blocking(move || {
        let writer = ChannelWriter {
            tx,
            buffer: Vec::with_capacity(CHUNK),
            written: 0,
            max_bytes,
        };
        let mut builder = tar::Builder::new(writer);
        builder.follow_symlinks(false);
        builder.mode(tar::HeaderMode::Deterministic);
        let outcome = builder
            .append_dir_all(".", &dir)
            .and_then(|()| {
                let contents = dockerfile.contents()?;
                let mut header = tar::Header::new_gnu();
                header.set_size(contents.len() as u64);
                header.set_mode(0o644);
                header.set_mtime(0);
                builder.append_data(&mut header, &dockerfile.name, contents.as_slice())
            })
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

    #[test]
    fn step_images_are_read_from_build_output() {
        let text = "Step 2/3 : COPY busybox /bin/busybox\n ---> 3f2a1b4c5d6e\nStep 3/3 : RUN false\n ---> Running in 0123456789ab\n";
        assert_eq!(step_images(text).collect::<Vec<_>>(), ["3f2a1b4c5d6e"]);
        assert_eq!(step_images(" ---> Using cache\n").count(), 0);
        assert_eq!(step_containers(text).collect::<Vec<_>>(), ["0123456789ab"]);
    }
}
