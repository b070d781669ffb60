//! A run's output on its way to the run's log: chunks tagged with their stream, the
//! `OutputSink` that receives them as they come, and the byte budget that bounds them.

use async_trait::async_trait;
use bytes::Bytes;
use tokio::sync::mpsc;

/// Where a chunk of output came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputStream {
    /// The image build's progress (`docker build` output).
    Build,
    Stdout,
    Stderr,
    /// A line from the runner itself: a truncation marker, a timeout or cancel being acted on.
    Notice,
}

/// Bytes as the engine delivered them: not split at line ends, maybe not valid UTF-8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputChunk {
    pub stream: OutputStream,
    pub bytes: Bytes,
}

impl OutputChunk {
    pub fn new(stream: OutputStream, bytes: impl Into<Bytes>) -> Self {
        Self {
            stream,
            bytes: bytes.into(),
        }
    }
}

/// Receives a run's output live, in the order the engine delivered it. A slow sink slows the
/// job (its writes wait), so a sink should hand chunks on rather than do slow work inline.
#[async_trait]
pub trait OutputSink: Send {
    async fn write(&mut self, chunk: OutputChunk);
}

/// Collects everything (tests, short runs).
#[async_trait]
impl OutputSink for Vec<OutputChunk> {
    async fn write(&mut self, chunk: OutputChunk) {
        self.push(chunk);
    }
}

/// Hands chunks to another task; once the receiver is gone, output is dropped (the run goes on).
#[async_trait]
impl OutputSink for mpsc::Sender<OutputChunk> {
    async fn write(&mut self, chunk: OutputChunk) {
        let _ = self.send(chunk).await;
    }
}

/// Drops everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct DiscardOutput;

#[async_trait]
impl OutputSink for DiscardOutput {
    async fn write(&mut self, _chunk: OutputChunk) {}
}

/// What a phase's output came to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutputSummary {
    /// Bytes the engine delivered.
    pub seen: u64,
    /// Bytes passed to the sink (at most the cap).
    pub kept: u64,
    pub truncated: bool,
}

/// Caps one phase's output: passes chunks through until `cap` bytes, cuts the one that
/// crosses it, then says once that the rest is dropped and drops it (still counting).
#[derive(Debug)]
pub(crate) struct Budget {
    cap: u64,
    summary: OutputSummary,
}

impl Budget {
    pub(crate) fn new(cap: u64) -> Self {
        Self {
            cap,
            summary: OutputSummary::default(),
        }
    }

    /// The part of `bytes` to keep, and the truncation marker when this chunk crossed the cap.
    pub(crate) fn admit(&mut self, stream: OutputStream, bytes: Bytes) -> Vec<OutputChunk> {
        let len = bytes.len() as u64;
        self.summary.seen += len;
        if self.summary.truncated {
            return Vec::new();
        }
        let room = self.cap - self.summary.kept;
        if len <= room {
            self.summary.kept += len;
            return if bytes.is_empty() {
                Vec::new()
            } else {
                vec![OutputChunk { stream, bytes }]
            };
        }
        self.summary.kept = self.cap;
        self.summary.truncated = true;
        let mut out = Vec::with_capacity(2);
        if room > 0 {
            out.push(OutputChunk {
                stream,
                bytes: bytes.slice(..room as usize),
            });
        }
        out.push(OutputChunk::new(
            OutputStream::Notice,
            format!(
                "\n...output truncated after {} bytes; the rest was dropped...\n",
                self.cap
            ),
        ));
        out
    }

    pub(crate) fn summary(&self) -> OutputSummary {
        self.summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(chunks: &[OutputChunk]) -> Vec<(OutputStream, String)> {
        chunks
            .iter()
            .map(|c| (c.stream, String::from_utf8_lossy(&c.bytes).into_owned()))
            .collect()
    }

    #[test]
    fn output_under_the_cap_passes_whole() {
        let mut budget = Budget::new(10);
        let out = budget.admit(OutputStream::Stdout, Bytes::from_static(b"hello"));
        assert_eq!(texts(&out), [(OutputStream::Stdout, "hello".to_owned())]);
        let out = budget.admit(OutputStream::Stderr, Bytes::from_static(b"12345"));
        assert_eq!(texts(&out), [(OutputStream::Stderr, "12345".to_owned())]);
        assert_eq!(
            budget.summary(),
            OutputSummary {
                seen: 10,
                kept: 10,
                truncated: false
            }
        );
    }

    #[test]
    fn the_crossing_chunk_is_cut_and_marked_once_then_dropped_but_counted() {
        let mut budget = Budget::new(4);
        let out = budget.admit(OutputStream::Stdout, Bytes::from_static(b"abcdef"));
        assert_eq!(out.len(), 2);
        assert_eq!(
            texts(&out[..1]),
            [(OutputStream::Stdout, "abcd".to_owned())]
        );
        assert_eq!(out[1].stream, OutputStream::Notice);
        assert!(String::from_utf8_lossy(&out[1].bytes).contains("truncated after 4 bytes"));
        assert!(
            budget
                .admit(OutputStream::Stderr, Bytes::from_static(b"more"))
                .is_empty()
        );
        assert_eq!(
            budget.summary(),
            OutputSummary {
                seen: 10,
                kept: 4,
                truncated: true
            }
        );
    }

    #[test]
    fn a_chunk_after_an_exactly_full_budget_only_marks() {
        let mut budget = Budget::new(3);
        assert_eq!(
            budget
                .admit(OutputStream::Stdout, Bytes::from_static(b"abc"))
                .len(),
            1
        );
        let out = budget.admit(OutputStream::Stdout, Bytes::from_static(b"d"));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].stream, OutputStream::Notice);
        let mut zero = Budget::new(0);
        assert!(zero.admit(OutputStream::Stdout, Bytes::new()).is_empty());
    }
}
