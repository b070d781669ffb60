//! Job-log events: the operator event log's summaries of a run's output, pure logic. The
//! runner's forwarder hands each batch it appended to the run's log to a [`JobLogEvents`],
//! which turns it into at most one [`JobLogNote`] and keeps the event log's share small
//! whatever the job prints (issue 15's rule: coalesced summaries, never an event per line):
//!
//! - one event per batch, batches closer together than [`JOB_LOG_EVENT_INTERVAL_MS`] merged
//!   into one (the forwarder flushes a held one when the interval is over);
//! - each event's data cut to [`JOB_LOG_EVENT_BYTES`] on a UTF-8 boundary, with the seq range
//!   and `truncated` so a reader fetches the rest with `GetJobRunLogs`;
//! - only bytes the log kept (the store's cap, `WORKER_JOB_OUTPUT_BYTES`, bounds the total);
//! - at most [`JobLogEvents::max_events`] per attempt (the cap over the event size, 16 to
//!   256); what comes after the last but one is held and sent as one last event at the end.

use crate::engine::events::JobLogNote;
use crate::engine::jobs::model::{JobLogState, JobLogStream};

/// Most bytes of output one event carries.
pub const JOB_LOG_EVENT_BYTES: usize = 4 * 1024;
/// Least time between two events of one run.
pub const JOB_LOG_EVENT_INTERVAL_MS: i64 = 1_000;
/// Bounds of the events one attempt sends.
const MIN_EVENTS: u64 = 16;
const MAX_EVENTS: u64 = 256;

/// Which run the events are about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobLogOrigin {
    pub run_id: String,
    pub job: String,
    pub attempt: u32,
    pub queue: String,
}

/// One appended batch, as the forwarder saw it: the log's state before and after the append,
/// and the head of the batch's data (at least [`JOB_LOG_EVENT_BYTES`] of it, in order).
#[derive(Clone, Debug, Default)]
pub struct AppendedBatch {
    pub before: JobLogState,
    pub after: JobLogState,
    pub head: Vec<(JobLogStream, Vec<u8>)>,
    /// The batch's data held more than `head`.
    pub head_cut: bool,
    /// The marker the store writes when the batch reached the cap.
    pub marker: Vec<u8>,
}

impl AppendedBatch {
    /// The head of `chunks`: their first [`JOB_LOG_EVENT_BYTES`] bytes, and whether they
    /// hold more.
    pub fn head_of(chunks: &[(JobLogStream, Vec<u8>)]) -> (Vec<(JobLogStream, Vec<u8>)>, bool) {
        let mut head = Vec::new();
        let mut room = JOB_LOG_EVENT_BYTES;
        let mut cut = false;
        for (stream, data) in chunks.iter().filter(|(_, d)| !d.is_empty()) {
            if room == 0 {
                cut = true;
                break;
            }
            let take = data.len().min(room);
            cut |= take < data.len();
            room -= take;
            head.push((*stream, data[..take].to_vec()));
        }
        (head, cut)
    }
}

#[derive(Debug)]
struct Pending {
    first_seq: u64,
    last_seq: u64,
    stream: Option<JobLogStream>,
    mixed: bool,
    data: Vec<u8>,
    truncated: bool,
}

/// One attempt's job-log events. See the module's documentation.
#[derive(Debug)]
pub struct JobLogEvents {
    origin: JobLogOrigin,
    max_events: u64,
    sent: u64,
    last_sent_ms: Option<i64>,
    pending: Option<Pending>,
}

impl JobLogEvents {
    /// For a run whose log keeps at most `cap_bytes`.
    pub fn new(origin: JobLogOrigin, cap_bytes: u64) -> Self {
        Self {
            origin,
            max_events: Self::max_events(cap_bytes),
            sent: 0,
            last_sent_ms: None,
            pending: None,
        }
    }

    /// Events one attempt sends at most: as many as full events the cap holds, 16 to 256.
    pub fn max_events(cap_bytes: u64) -> u64 {
        (cap_bytes / JOB_LOG_EVENT_BYTES as u64).clamp(MIN_EVENTS, MAX_EVENTS)
    }

    /// Takes a batch in; returns the event to append now, if one is due.
    pub fn push(&mut self, now_ms: i64, batch: AppendedBatch) -> Option<JobLogNote> {
        let first = batch.before.last_seq + 1;
        let last = batch.after.last_seq;
        if last < first || self.sent >= self.max_events {
            return None;
        }
        let kept = batch
            .after
            .stored_bytes
            .saturating_sub(batch.before.stored_bytes);
        let pending = self.pending.get_or_insert(Pending {
            first_seq: first,
            last_seq: last,
            stream: None,
            mixed: false,
            data: Vec::new(),
            truncated: false,
        });
        pending.last_seq = last;
        let mut left = usize::try_from(kept).unwrap_or(usize::MAX);
        let mut whole = !batch.head_cut;
        let marker = (batch.after.truncated && !batch.before.truncated)
            .then_some((JobLogStream::System, batch.marker));
        let pieces = batch
            .head
            .into_iter()
            .map(|(stream, data)| {
                let take = data.len().min(left);
                left -= take;
                if take < data.len() {
                    whole = false;
                }
                (stream, data[..take].to_vec())
            })
            .chain(marker);
        for (stream, data) in pieces.filter(|(_, d)| !d.is_empty()) {
            match pending.stream {
                None => pending.stream = Some(stream),
                Some(s) if s != stream => pending.mixed = true,
                Some(_) => {}
            }
            let room = JOB_LOG_EVENT_BYTES.saturating_sub(pending.data.len());
            if data.len() > room {
                pending.truncated = true;
            }
            pending
                .data
                .extend_from_slice(&data[..data.len().min(room)]);
        }
        // Kept bytes the head did not hold, or a cut by the cap inside the batch.
        if !whole && left > 0 {
            pending.truncated = true;
        }
        if self.due(now_ms) && self.sent + 1 < self.max_events {
            return self.take(now_ms);
        }
        None
    }

    /// When the held event is due (`None`: nothing held, or it waits for the end).
    pub fn due_at(&self) -> Option<i64> {
        self.pending.as_ref()?;
        if self.sent + 1 >= self.max_events {
            return None;
        }
        Some(
            self.last_sent_ms
                .map_or(i64::MIN, |t| t + JOB_LOG_EVENT_INTERVAL_MS),
        )
    }

    /// The held event if its interval is over.
    pub fn tick(&mut self, now_ms: i64) -> Option<JobLogNote> {
        match self.due_at() {
            Some(at) if at <= now_ms => self.take(now_ms),
            _ => None,
        }
    }

    /// The held event, whatever the interval: the attempt's output has ended.
    pub fn finish(&mut self, now_ms: i64) -> Option<JobLogNote> {
        if self.sent >= self.max_events {
            return None;
        }
        self.take(now_ms)
    }

    fn due(&self, now_ms: i64) -> bool {
        self.last_sent_ms
            .is_none_or(|t| now_ms - t >= JOB_LOG_EVENT_INTERVAL_MS)
    }

    fn take(&mut self, now_ms: i64) -> Option<JobLogNote> {
        let p = self.pending.take()?;
        self.sent += 1;
        self.last_sent_ms = Some(now_ms);
        let (data, cut) = utf8_prefix(&p.data);
        Some(JobLogNote {
            run_id: self.origin.run_id.clone(),
            job: self.origin.job.clone(),
            attempt: self.origin.attempt,
            queue: self.origin.queue.clone(),
            stream: if p.mixed {
                "mixed".to_owned()
            } else {
                p.stream.map_or("system", JobLogStream::as_str).to_owned()
            },
            first_seq: p.first_seq,
            last_seq: p.last_seq,
            data,
            truncated: p.truncated || cut,
        })
    }
}

/// `bytes` as text of at most [`JOB_LOG_EVENT_BYTES`]: a character cut at the end is dropped,
/// invalid bytes are replaced (which may lengthen the text, so it is cut again on a character
/// boundary). Says whether anything was dropped.
fn utf8_prefix(bytes: &[u8]) -> (String, bool) {
    let mut end = bytes.len();
    if let Err(e) = std::str::from_utf8(bytes)
        && e.error_len().is_none()
    {
        end = e.valid_up_to();
    }
    let mut text = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut cut = end < bytes.len();
    if text.len() > JOB_LOG_EVENT_BYTES {
        let mut at = JOB_LOG_EVENT_BYTES;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.truncate(at);
        cut = true;
    }
    (text, cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> JobLogOrigin {
        JobLogOrigin {
            run_id: "r1".into(),
            job: "build".into(),
            attempt: 2,
            queue: "default".into(),
        }
    }

    fn state(stored: u64, last_seq: u64, truncated: bool) -> JobLogState {
        JobLogState {
            stored_bytes: stored,
            dropped_bytes: 0,
            truncated,
            last_seq,
        }
    }

    fn batch(before: JobLogState, chunks: &[(JobLogStream, &[u8])]) -> AppendedBatch {
        let chunks: Vec<_> = chunks.iter().map(|(s, d)| (*s, d.to_vec())).collect();
        let bytes: u64 = chunks.iter().map(|(_, d)| d.len() as u64).sum();
        let (head, head_cut) = AppendedBatch::head_of(&chunks);
        AppendedBatch {
            before,
            after: state(
                before.stored_bytes + bytes,
                before.last_seq + chunks.len() as u64,
                false,
            ),
            head,
            head_cut,
            marker: Vec::new(),
        }
    }

    #[test]
    fn a_batch_is_one_event_with_its_seq_range() {
        let mut events = JobLogEvents::new(origin(), 1 << 20);
        let b = batch(
            state(10, 3, false),
            &[
                (JobLogStream::Stdout, b"one\n"),
                (JobLogStream::Stdout, b"two\n"),
            ],
        );
        let note = events.push(1_000, b).expect("the first batch goes at once");
        assert_eq!(note.run_id, "r1");
        assert_eq!(note.job, "build");
        assert_eq!(note.attempt, 2);
        assert_eq!((note.first_seq, note.last_seq), (4, 5));
        assert_eq!(note.stream, "stdout");
        assert_eq!(note.data, "one\ntwo\n");
        assert!(!note.truncated);
        assert!(events.finish(1_001).is_none());
    }

    #[test]
    fn batches_within_the_interval_are_merged() {
        let mut events = JobLogEvents::new(origin(), 1 << 20);
        let first = batch(state(0, 0, false), &[(JobLogStream::Stdout, b"a")]);
        assert!(events.push(0, first).is_some());
        let second = batch(state(1, 1, false), &[(JobLogStream::Stdout, b"b")]);
        assert!(events.push(100, second).is_none());
        let third = batch(state(2, 2, false), &[(JobLogStream::Stderr, b"c")]);
        assert!(events.push(200, third).is_none());
        assert_eq!(events.due_at(), Some(JOB_LOG_EVENT_INTERVAL_MS));
        assert!(events.tick(999).is_none());
        let note = events.tick(1_000).expect("due");
        assert_eq!((note.first_seq, note.last_seq), (2, 3));
        assert_eq!(note.data, "bc");
        assert_eq!(note.stream, "mixed");
        assert!(events.due_at().is_none());
    }

    #[test]
    fn data_is_cut_on_a_character_boundary() {
        let mut events = JobLogEvents::new(origin(), 1 << 20);
        // 4095 ASCII bytes then a 3-byte character that crosses the event's size.
        let mut text = "x".repeat(JOB_LOG_EVENT_BYTES - 1);
        text.push('€');
        let b = batch(
            state(0, 0, false),
            &[(JobLogStream::Stdout, text.as_bytes())],
        );
        let note = events.push(0, b).unwrap();
        assert_eq!(note.data.len(), JOB_LOG_EVENT_BYTES - 1);
        assert!(note.truncated);
        assert!(note.data.chars().all(|c| c == 'x'));
    }

    #[test]
    fn only_kept_bytes_are_carried_and_the_marker_once() {
        let mut events = JobLogEvents::new(origin(), 16);
        let chunks = vec![(JobLogStream::Stdout, b"0123456789abcdefXYZ".to_vec())];
        let (head, head_cut) = AppendedBatch::head_of(&chunks);
        let b = AppendedBatch {
            before: state(10, 1, false),
            after: JobLogState {
                stored_bytes: 16,
                dropped_bytes: 13,
                truncated: true,
                last_seq: 3,
            },
            head,
            head_cut,
            marker: b"\n[output truncated]\n".to_vec(),
        };
        let note = events.push(0, b).unwrap();
        assert_eq!(note.data, "012345\n[output truncated]\n");
        assert_eq!(note.stream, "mixed");
        assert!(!note.truncated, "the event holds all the log kept");
        // Later batches write nothing: no event.
        let after = JobLogState {
            stored_bytes: 16,
            dropped_bytes: 50,
            truncated: true,
            last_seq: 3,
        };
        let dropped = AppendedBatch {
            before: after,
            after,
            head: vec![(JobLogStream::Stdout, b"more".to_vec())],
            head_cut: false,
            marker: Vec::new(),
        };
        assert!(events.push(5_000, dropped).is_none());
        assert!(events.finish(6_000).is_none());
    }

    #[test]
    fn an_attempt_sends_a_bounded_number_of_events() {
        let max = JobLogEvents::max_events(0);
        assert_eq!(max, MIN_EVENTS);
        assert_eq!(JobLogEvents::max_events(1 << 20), MAX_EVENTS);
        assert_eq!(JobLogEvents::max_events(u64::MAX), MAX_EVENTS);
        let mut events = JobLogEvents::new(origin(), 0);
        let mut sent = 0;
        let mut before = state(0, 0, false);
        for i in 0..1_000_i64 {
            let b = batch(before, &[(JobLogStream::Stdout, b"line\n")]);
            before = b.after;
            sent += events.push(i * JOB_LOG_EVENT_INTERVAL_MS, b).is_some() as u64;
            sent += events.tick(i * JOB_LOG_EVENT_INTERVAL_MS).is_some() as u64;
        }
        assert_eq!(sent, max - 1, "the last one waits for the end");
        let last = events.finish(i64::MAX).expect("the rest in one event");
        assert_eq!(last.last_seq, 1_000);
        assert_eq!(last.first_seq, max);
        assert!(last.truncated, "it held more than one event's size");
        assert!(events.finish(i64::MAX).is_none());
    }
}
