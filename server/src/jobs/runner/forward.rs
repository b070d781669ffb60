//! A run's output on its way from the container to the run's log: chunks the Docker runner
//! writes to a channel are appended to the store in batches by a task of their own, so a slow
//! store write never stalls the container's output, and the last bytes of stdout and stderr
//! are kept for the handler's error message.

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::engine::Engine;
use crate::engine::jobs::model::JobLogStream;
use crate::engine::model::TaskId;
use crate::jobs::docker::{OutputChunk, OutputStream};

/// Chunks waiting between the container and the store; a full channel slows the reader of the
/// container's output, never drops it.
const CHANNEL: usize = 256;
/// Most chunks appended in one store call.
const BATCH: usize = 64;
/// Bytes of stdout and stderr kept for a failed run's error message.
pub(super) const TAIL_BYTES: usize = 512;

/// The sending half goes to the Docker runner; `finish` waits for the rest to be written.
pub(super) struct Forwarder {
    pub(super) sender: mpsc::Sender<OutputChunk>,
    task: JoinHandle<Vec<u8>>,
}

impl Forwarder {
    pub(super) fn start(engine: Engine, run_id: TaskId) -> Self {
        let (sender, receiver) = mpsc::channel(CHANNEL);
        let task = tokio::spawn(forward(engine, run_id, receiver));
        Self { sender, task }
    }

    /// Closes the channel, waits until everything is in the store, and returns the tail of
    /// the run's stdout and stderr.
    pub(super) async fn finish(self) -> Vec<u8> {
        drop(self.sender);
        self.task.await.unwrap_or_default()
    }
}

async fn forward(
    engine: Engine,
    run_id: TaskId,
    mut receiver: mpsc::Receiver<OutputChunk>,
) -> Vec<u8> {
    let mut tail: Vec<u8> = Vec::new();
    let mut batch = Vec::with_capacity(BATCH);
    while receiver.recv_many(&mut batch, BATCH).await > 0 {
        let chunks: Vec<(JobLogStream, Vec<u8>)> = batch
            .drain(..)
            .map(|chunk| {
                let stream = match chunk.stream {
                    OutputStream::Build => JobLogStream::Build,
                    OutputStream::Stdout => JobLogStream::Stdout,
                    OutputStream::Stderr => JobLogStream::Stderr,
                    OutputStream::Notice => JobLogStream::System,
                };
                if matches!(stream, JobLogStream::Stdout | JobLogStream::Stderr) {
                    tail.extend_from_slice(&chunk.bytes);
                    let excess = tail.len().saturating_sub(TAIL_BYTES);
                    tail.drain(..excess);
                }
                (stream, chunk.bytes.to_vec())
            })
            .collect();
        if let Err(e) = engine.append_job_output(&run_id, chunks).await {
            // The run goes on; its log misses this piece, which is said once here.
            tracing::warn!(run_id = %run_id, error = %e, "could not append a job's output to its log");
        }
    }
    tail
}
