//! The job event files (`WORKER_JOB_EVENT_DIR`): every job event also written as one JSON file
//! in go-worker's file-store format, without its collisions (go-worker.md §6.3, §11.5 item 32).
//!
//! Layout: `<dir>/all/` holds every event and `<dir>/jobs/<encoded job name>/` one job's, so no
//! job (not even one named `all`) shares a directory with the all-events one. The encoding keeps
//! `[A-Za-z0-9_-]` and writes every other byte as `%XX`, so it is reversible and `a.b` and `a_b`
//! stay apart. A file is `<13-digit unix ms>_<12-digit sequence>_<run id>_<attempt>_<status>.json`
//! (snake_case fields, RFC 3339 times): names sort oldest first, so a listing by name descending
//! is newest first, and two events in one millisecond differ in their sequence (never one file
//! over another). Past `WORKER_JOB_EVENT_MAX_ENTRIES` files in a directory the oldest go; the
//! writer lists a directory once, the first time it writes there, and then keeps its file names
//! in memory, so a write never lists the directory again. The memory is bounded: the index
//! keeps [`INDEXED_DIRS`] directories, the least recently written leaving first (listed again
//! if written again), so a node that ran many jobs holds at most that many listings.
//!
//! Files are written by one thread of their own, fed through a bounded queue: the engine hands an
//! event over without waiting, and a failed write (or a full queue) is logged and the event left
//! out of the files; the store stays the record `ListJobEvents` reads. `workerd`'s shutdown
//! drains the queue and stops the thread ([`JobEventFiles::close`]) after its worker drained, so
//! the events of its last runs are in the files. One node per directory.

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};

use crate::engine::JobEventSink;
use crate::engine::jobs::{JobEventRecord, JobSource};

#[cfg(test)]
mod tests;

/// The all-events directory's name (the reference's), beside `jobs/`.
pub const ALL_DIR: &str = "all";
/// The directory the per-job directories live in.
pub const JOBS_DIR: &str = "jobs";
/// Events waiting for the writer; past it events are left out of the files (and logged).
const QUEUE: usize = 4_096;
/// Directories whose file names the writer keeps in memory (`all/` and the jobs' own).
pub const INDEXED_DIRS: usize = 64;

enum Message {
    Event(Box<JobEventRecord>),
    /// Answered once everything sent before it is written.
    Flush(SyncSender<()>),
    /// Write what was sent before it, then stop.
    Stop,
}

/// The [`JobEventSink`] `workerd` gives the engine when `WORKER_JOB_EVENT_DIR` is set.
pub struct JobEventFiles {
    tx: SyncSender<Message>,
    thread: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl JobEventFiles {
    /// Starts the writer thread for `dir`, keeping at most `max_entries` files per directory.
    pub fn start(dir: PathBuf, max_entries: usize) -> std::io::Result<Self> {
        let (tx, rx) = sync_channel(QUEUE);
        let thread = std::thread::Builder::new()
            .name("job-event-files".into())
            .spawn(move || Writer::new(dir, max_entries).run(rx))?;
        Ok(Self {
            tx,
            thread: std::sync::Mutex::new(Some(thread)),
        })
    }

    /// Writes every event handed over before this call, then stops the writer; events handed
    /// over later are logged and left out. Blocks: not for the async runtime's threads.
    pub fn close(&self) {
        let thread = self.thread.lock().expect("writer thread lock").take();
        let Some(thread) = thread else {
            return;
        };
        if self.tx.send(Message::Stop).is_ok() && thread.join().is_err() {
            tracing::warn!("job event files: the writer thread panicked");
        }
    }

    /// Waits until every event handed over before this call is written (or failed). Blocks:
    /// not for the async runtime's threads.
    pub fn flush(&self) {
        let (ack, done) = sync_channel(1);
        if self.tx.send(Message::Flush(ack)).is_ok() {
            let _ = done.recv();
        }
    }
}

impl JobEventSink for JobEventFiles {
    fn record(&self, event: &JobEventRecord) {
        match self.tx.try_send(Message::Event(Box::new(event.clone()))) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                tracing::warn!(run_id = %event.task_id, "job event files: the writer is behind; event left out of the files");
            }
            Err(TrySendError::Disconnected(_)) => {
                tracing::warn!(run_id = %event.task_id, "job event files: the writer has stopped; event left out of the files");
            }
        }
    }
}

/// A job name as a directory name: `[A-Za-z0-9_-]` kept, every other byte `%XX`.
pub fn encode_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The name [`encode_name`] made `encoded` from; `None` for text it cannot have made.
pub fn decode_name(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = encoded.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The directory of `job`'s events under `dir`.
pub fn job_dir(dir: &Path, job: &str) -> PathBuf {
    dir.join(JOBS_DIR).join(encode_name(job))
}

fn rfc3339(ms: Option<i64>) -> serde_json::Value {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| {
            t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                .into()
        })
        .unwrap_or(serde_json::Value::Null)
}

/// The reference's `JobEvent` as snake_case JSON; the attempt goes in `metadata.attempt`, as
/// the event stream carries it.
pub fn event_json(e: &JobEventRecord) -> serde_json::Value {
    let (repo, tag) = match &e.source {
        JobSource::GitTag { repo, tag, .. } => (repo.as_str(), tag.as_str()),
        _ => ("", ""),
    };
    let mut metadata = e.metadata.clone();
    metadata.insert("attempt".into(), e.attempt.to_string());
    serde_json::json!({
        "task_id": e.task_id.as_str(),
        "name": e.name.as_str(),
        "status": e.status.as_str(),
        "queue": e.queue,
        "repo": repo,
        "tag": tag,
        "path": e.path,
        "dockerfile": e.dockerfile,
        "command": e.command.join(" "),
        "schedule_name": e.schedule_name.as_ref().map(|s| s.as_str()).unwrap_or_default(),
        "schedule_spec": e.schedule_spec,
        "started_at": rfc3339(e.started_at_ms),
        "finished_at": rfc3339(e.finished_at_ms),
        "duration_ms": e.duration_ms.unwrap_or(0),
        "result": e.result,
        "error": e.error,
        "metadata": metadata,
    })
}

struct Writer {
    dir: PathBuf,
    max_entries: usize,
    seq: u64,
    /// Per directory written to, its `.json` file names, oldest first; at most
    /// [`INDEXED_DIRS`] directories.
    known: HashMap<PathBuf, VecDeque<String>>,
    /// The indexed directories, least recently written first.
    recent: VecDeque<PathBuf>,
}

impl Writer {
    fn new(dir: PathBuf, max_entries: usize) -> Self {
        Self {
            dir,
            max_entries: max_entries.max(1),
            seq: 0,
            known: HashMap::new(),
            recent: VecDeque::new(),
        }
    }

    fn run(mut self, rx: Receiver<Message>) {
        while let Ok(message) = rx.recv() {
            match message {
                Message::Event(event) => {
                    if let Err(e) = self.write(&event) {
                        tracing::warn!(run_id = %event.task_id, dir = %self.dir.display(), error = %e, "job event files: could not write an event");
                    }
                }
                Message::Flush(ack) => {
                    let _ = ack.send(());
                }
                Message::Stop => return,
            }
        }
    }

    fn write(&mut self, event: &JobEventRecord) -> std::io::Result<()> {
        self.seq += 1;
        let name = format!(
            "{:013}_{:012}_{}_{}_{}.json",
            event.at_ms.max(0),
            self.seq,
            event.task_id.as_str(),
            event.attempt,
            event.status.as_str()
        );
        let mut body = serde_json::to_vec_pretty(&event_json(event))?;
        body.push(b'\n');
        let all = self.dir.join(ALL_DIR);
        let job = job_dir(&self.dir, event.name.as_str());
        self.put(all, &name, &body)?;
        self.put(job, &name, &body)
    }

    /// Writes one file into `dir` (made and listed the first time), then removes the oldest
    /// files past the bound.
    fn put(&mut self, dir: PathBuf, name: &str, body: &[u8]) -> std::io::Result<()> {
        if !self.known.contains_key(&dir) {
            std::fs::create_dir_all(&dir)?;
            let mut names: Vec<String> = std::fs::read_dir(&dir)?
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".json"))
                .collect();
            names.sort();
            self.known.insert(dir.clone(), names.into());
            if self.recent.len() >= INDEXED_DIRS
                && let Some(oldest) = self.recent.pop_front()
            {
                self.known.remove(&oldest);
            }
        } else if let Some(at) = self.recent.iter().position(|d| d == &dir) {
            self.recent.remove(at);
        }
        self.recent.push_back(dir.clone());
        // Written aside and renamed in, so a reader never sees half a file; a name taken by a
        // file of an earlier process gets a suffix rather than replacing it.
        let tmp = dir.join(format!(".{name}.tmp"));
        let mut final_name = name.to_string();
        let mut k = 0;
        while dir.join(&final_name).exists() {
            k += 1;
            final_name = format!("{}_{k}.json", name.trim_end_matches(".json"));
        }
        {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(body)?;
        }
        std::fs::rename(&tmp, dir.join(&final_name))?;
        let index = self.known.get_mut(&dir).expect("listed above");
        index.push_back(final_name);
        while index.len() > self.max_entries {
            if let Some(oldest) = index.pop_front()
                && let Err(e) = std::fs::remove_file(dir.join(&oldest))
                && e.kind() != std::io::ErrorKind::NotFound
            {
                tracing::warn!(file = %oldest, error = %e, "job event files: could not remove an old event");
            }
        }
        Ok(())
    }
}
