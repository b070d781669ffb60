//! A run's output on its way from the container to the run's log: chunks the Docker runner
//! writes to a channel are appended to the store in batches by a task of their own, so a slow
//! store write never stalls the container's output, and the last bytes of stdout and stderr
//! are kept for the handler's error message. Each appended batch is also handed to the
//! attempt's [`JobLogEvents`], which makes the operator event log's `job_log` events from
//! them (one per batch at most, merged and bounded per run); a held event is sent when its
//! interval is over even if the job prints nothing more, and the last at the end.

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::engine::Engine;
use crate::engine::jobs::model::{JobLogState, JobLogStream};
use crate::engine::jobs::{AppendedBatch, JobLogEvents, JobLogOrigin, truncation_marker};
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
    pub(super) fn start(engine: Engine, run_id: TaskId, origin: JobLogOrigin) -> Self {
        let (sender, receiver) = mpsc::channel(CHANNEL);
        let task = tokio::spawn(forward(engine, run_id, origin, receiver));
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
    origin: JobLogOrigin,
    mut receiver: mpsc::Receiver<OutputChunk>,
) -> Vec<u8> {
    let cap = engine.job_output_cap();
    let mut events = JobLogEvents::new(origin, cap);
    // Where the log stood before this attempt's output; kept up to date from each append.
    let mut state: Option<JobLogState> = engine.job_log_state(&run_id).await.ok();
    let mut tail: Vec<u8> = Vec::new();
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let due = events.due_at();
        let received = match due {
            Some(at) => {
                let wait = u64::try_from(at.saturating_sub(engine.now_ms())).unwrap_or(0);
                tokio::select! {
                    n = receiver.recv_many(&mut batch, BATCH) => Some(n),
                    () = tokio::time::sleep(std::time::Duration::from_millis(wait)) => None,
                }
            }
            None => Some(receiver.recv_many(&mut batch, BATCH).await),
        };
        let Some(received) = received else {
            if let Some(note) = events.tick(engine.now_ms()) {
                engine.publish_job_log(note).await;
            }
            continue;
        };
        if received == 0 {
            break;
        }
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
        let (head, head_cut) = AppendedBatch::head_of(&chunks);
        match engine.append_job_output(&run_id, chunks).await {
            Ok(Some(after)) => {
                if let Some(before) = state {
                    let appended = AppendedBatch {
                        before,
                        after,
                        head,
                        head_cut,
                        marker: truncation_marker(cap),
                    };
                    if let Some(note) = events.push(engine.now_ms(), appended) {
                        engine.publish_job_log(note).await;
                    }
                }
                state = Some(after);
            }
            Ok(None) => {}
            Err(e) => {
                // The run goes on; its log misses this piece, which is said once here. Its
                // events resume from the log's state after the next append.
                tracing::warn!(run_id = %run_id, error = %e, "could not append a job's output to its log");
                state = None;
            }
        }
    }
    if let Some(note) = events.finish(engine.now_ms()) {
        engine.publish_job_log(note).await;
    }
    tail
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use futures::StreamExt;

    use super::*;
    use crate::engine::audit::AuditEntry;
    use crate::engine::clock::ManualClock;
    use crate::engine::events::{Event, JobLogNote};
    use crate::engine::jobs::{JobSource, JobSpec, JobTrigger};
    use crate::engine::model::{JobName, QueueName};
    use crate::engine::{EngineConfig, EventsFrom};
    use crate::store::sqlite::{Durability, SqliteStore};

    /// An engine on a real SQLite file keeping `cap` bytes per run, and a queued run.
    async fn run(cap: u64) -> (tempfile::TempDir, Engine, TaskId) {
        let dir = tempfile::tempdir().unwrap();
        let store =
            Arc::new(SqliteStore::open(dir.path().join("w.db"), Durability::Normal).unwrap());
        let config = EngineConfig {
            job_output_bytes: cap,
            ..EngineConfig::default()
        };
        let engine = Engine::new(store, Arc::new(ManualClock::new(1_800_000_000_000)), config)
            .await
            .unwrap();
        let spec = JobSpec {
            name: JobName::new("chatty").unwrap(),
            description: String::new(),
            source: JobSource::TarballPath {
                path: "a.tar.gz".into(),
                sha256: None,
            },
            path: String::new(),
            dockerfile: String::new(),
            command: vec!["talk".into()],
            env: Vec::new(),
            queue: QueueName::new("jobs").unwrap(),
            retries: 0,
            timeout_ms: 0,
            cpus: None,
            memory_mb: None,
            pids: None,
        };
        let entry = AuditEntry {
            at_ms: 0,
            actor: "alice".into(),
            role: "admin".into(),
            request_id: "r".into(),
            action: "job.upsert".into(),
            target: "chatty".into(),
            status: "ok".into(),
            payload_hash: String::new(),
            detail: String::new(),
            metadata: BTreeMap::new(),
        };
        engine.upsert_job(spec, entry).await.unwrap();
        let run = engine
            .run_job(
                &JobName::new("chatty").unwrap(),
                JobTrigger::Manual {
                    actor: "alice".into(),
                },
            )
            .await
            .unwrap();
        (dir, engine, run.run_id)
    }

    fn origin(run_id: &TaskId) -> JobLogOrigin {
        JobLogOrigin {
            run_id: run_id.to_string(),
            job: "chatty".into(),
            attempt: 1,
            queue: "jobs".into(),
        }
    }

    async fn notes(engine: &Engine) -> Vec<JobLogNote> {
        engine
            .read_events(None, 1_000)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|e| match e.event {
                Event::JobLog(note) => Some(note),
                _ => None,
            })
            .collect()
    }

    /// The events cover the log's chunks in order without gaps or overlaps.
    fn assert_cover(notes: &[JobLogNote], last_seq: u64) {
        let mut next = 1;
        for n in notes {
            assert_eq!(n.first_seq, next, "{notes:?}");
            assert!(n.last_seq >= n.first_seq);
            next = n.last_seq + 1;
        }
        assert_eq!(next, last_seq + 1, "{notes:?}");
    }

    #[tokio::test]
    async fn forwarded_output_becomes_job_log_events_that_cover_the_log() {
        let (_dir, engine, run_id) = run(1 << 20).await;
        let forwarder = Forwarder::start(engine.clone(), run_id.clone(), origin(&run_id));
        for (stream, text) in [
            (OutputStream::Stdout, "one\n"),
            (OutputStream::Stdout, "two\n"),
            (OutputStream::Stderr, "oops\n"),
        ] {
            forwarder
                .sender
                .send(OutputChunk::new(stream, text.as_bytes().to_vec()))
                .await
                .unwrap();
        }
        let tail = forwarder.finish().await;
        assert_eq!(tail, b"one\ntwo\noops\n");
        let notes = notes(&engine).await;
        assert!(!notes.is_empty() && notes.len() <= 3, "{notes:?}");
        assert_cover(&notes, 3);
        let data: String = notes.iter().map(|n| n.data.as_str()).collect();
        assert_eq!(data, "one\ntwo\noops\n");
        for n in &notes {
            assert_eq!(
                (n.job.as_str(), n.attempt, n.queue.as_str()),
                ("chatty", 1, "jobs")
            );
            assert!(!n.truncated);
        }
        // The operator event log's followers see them, with the run's queue for filtering.
        let first = engine
            .subscribe(EventsFrom::Start, std::time::Duration::from_millis(10))
            .filter_map(|e| async move {
                match e.unwrap().event {
                    Event::JobLog(note) => Some(note),
                    _ => None,
                }
            });
        futures::pin_mut!(first);
        let seen = first.next().await.unwrap();
        assert_eq!(seen, notes[0]);
        assert_eq!(Event::JobLog(seen).queue(), Some("jobs"));
    }

    #[tokio::test]
    async fn a_run_printing_past_its_cap_makes_bounded_events() {
        const CAP: u64 = 8_192;
        let (_dir, engine, run_id) = run(CAP).await;
        let forwarder = Forwarder::start(engine.clone(), run_id.clone(), origin(&run_id));
        for i in 0..2_000 {
            let line = format!("line-{i:05}-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
            forwarder
                .sender
                .send(OutputChunk::new(OutputStream::Stdout, line.into_bytes()))
                .await
                .unwrap();
        }
        forwarder.finish().await;
        let state = engine.job_log_state(&run_id).await.unwrap();
        assert!(state.truncated && state.stored_bytes == CAP, "{state:?}");
        let notes = notes(&engine).await;
        assert!(
            notes.len() as u64 <= JobLogEvents::max_events(CAP),
            "{} events",
            notes.len()
        );
        assert_cover(&notes, state.last_seq);
        let bytes: usize = notes.iter().map(|n| n.data.len()).sum();
        let marker = truncation_marker(CAP);
        assert!(bytes <= CAP as usize + marker.len(), "{bytes}");
        let data: String = notes.iter().map(|n| n.data.as_str()).collect();
        assert!(data.starts_with("line-00000-"), "{data}");
        assert!(!data.contains("line-01999"));
        // The clock stands still: the first batch went at once, the rest waited for the end
        // and is more than one event holds.
        assert!(notes.last().unwrap().truncated, "{notes:?}");
    }
}
