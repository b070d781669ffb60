//! The open run's log as the dashboard keeps it: bounded (the newest lines within a count and a
//! byte budget, counting what was dropped before them), cleaned of terminal control sequences
//! (a container's colours and progress bars must not reach the dashboard's own terminal), and a
//! scroll position that follows the tail until the operator scrolls up.

use std::collections::VecDeque;

use crate::model::LogChunk;
use crate::views::Scroll;

/// Lines kept of one run's output; older ones are dropped (the server keeps them all).
pub const LOG_LINES: usize = 5_000;
/// Bytes kept of one run's output, counting each line's own overhead.
pub const LOG_BYTES: usize = 1 << 20;
/// A longer line is cut into lines of this many bytes, so one line cannot hold the budget.
pub const LINE_BYTES: usize = 2_048;
/// What a line costs besides its text.
const LINE_OVERHEAD: usize = size_of::<LogLine>();

/// Which output a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogStream {
    Stdout,
    Stderr,
    /// The image build.
    Build,
    /// The server's own notes: the truncation marker, a timeout or a cancel acted on.
    System,
}

impl LogStream {
    fn of(name: &str) -> Self {
        match name {
            "stderr" => LogStream::Stderr,
            "build" => LogStream::Build,
            "system" => LogStream::System,
            _ => LogStream::Stdout,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub stream: LogStream,
    pub text: String,
}

/// Where the reader is inside an escape sequence; kept across chunks, which may cut one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Escape {
    #[default]
    Text,
    /// After ESC.
    Start,
    /// `ESC [` … up to a final byte.
    Csi,
    /// `ESC ]` … up to BEL or `ESC \`.
    Osc,
    OscEsc,
}

/// The newest lines of a run's output within [`LOG_LINES`] and [`LOG_BYTES`].
#[derive(Debug, Default)]
pub struct LogBuffer {
    lines: VecDeque<LogLine>,
    bytes: usize,
    /// Lines dropped from the front to stay within the bounds.
    dropped: u64,
    last_seq: i64,
    /// The last line has not ended yet: the next output continues it.
    open: bool,
    /// A carriage return was read; unless a newline follows, the line is written over.
    carriage: bool,
    escape: Escape,
}

impl LogBuffer {
    /// Adds a chunk; one already seen (a follow resumed over it) is ignored.
    pub fn push(&mut self, chunk: &LogChunk) {
        if chunk.seq > 0 && chunk.seq <= self.last_seq {
            return;
        }
        self.last_seq = self.last_seq.max(chunk.seq);
        let stream = LogStream::of(&chunk.stream);
        // Output of another stream starts a line of its own.
        if self.open && self.lines.back().is_some_and(|l| l.stream != stream) {
            self.open = false;
            self.carriage = false;
        }
        for c in chunk.data.chars() {
            self.put(stream, c);
        }
        while self.lines.len() > LOG_LINES || self.bytes > LOG_BYTES {
            let Some(line) = self.lines.pop_front() else {
                break;
            };
            self.bytes -= line.text.len() + LINE_OVERHEAD;
            self.dropped += 1;
        }
        if self.lines.is_empty() {
            self.open = false;
        }
    }

    fn put(&mut self, stream: LogStream, c: char) {
        match self.escape {
            Escape::Text => {}
            Escape::Start => {
                self.escape = match c {
                    '[' => Escape::Csi,
                    ']' => Escape::Osc,
                    _ => Escape::Text,
                };
                return;
            }
            Escape::Csi => {
                if ('@'..='~').contains(&c) {
                    self.escape = Escape::Text;
                }
                return;
            }
            Escape::Osc => {
                match c {
                    '\x07' => self.escape = Escape::Text,
                    '\x1b' => self.escape = Escape::OscEsc,
                    _ => {}
                }
                return;
            }
            Escape::OscEsc => {
                self.escape = Escape::Text;
                return;
            }
        }
        if std::mem::take(&mut self.carriage) && c != '\n' && self.open {
            // A bare carriage return (a progress bar): what follows writes the line over.
            if let Some(line) = self.lines.back_mut() {
                self.bytes -= line.text.len();
                line.text.clear();
            }
        }
        match c {
            '\x1b' => self.escape = Escape::Start,
            '\r' => self.carriage = true,
            '\n' => {
                if !self.open {
                    self.start(stream);
                }
                self.open = false;
            }
            '\t' => {
                let column = self
                    .lines
                    .back()
                    .filter(|_| self.open)
                    .map_or(0, |l| l.text.len());
                for _ in 0..8 - column % 8 {
                    self.append(stream, ' ');
                }
            }
            c if c.is_control() => {}
            c => self.append(stream, c),
        }
    }

    fn start(&mut self, stream: LogStream) {
        self.lines.push_back(LogLine {
            stream,
            text: String::new(),
        });
        self.bytes += LINE_OVERHEAD;
        self.open = true;
    }

    fn append(&mut self, stream: LogStream, c: char) {
        let full = self
            .lines
            .back()
            .is_none_or(|l| l.text.len() + c.len_utf8() > LINE_BYTES);
        if !self.open || full {
            self.start(stream);
        }
        if let Some(line) = self.lines.back_mut() {
            line.text.push(c);
            self.bytes += c.len_utf8();
        }
    }

    /// Lines kept.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.dropped == 0
    }

    /// What the kept lines cost, text and overhead.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Lines dropped before the first kept one.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The newest chunk added: a follow resumes after it.
    pub fn last_seq(&self) -> i64 {
        self.last_seq
    }

    /// Lines ever added: the kept ones are numbered `dropped()..end()`.
    pub fn end(&self) -> u64 {
        self.dropped + self.lines.len() as u64
    }

    /// The first position shown: the "earlier output dropped" marker when lines were dropped
    /// (it stands where the last dropped line was), else the first line.
    pub fn first(&self) -> u64 {
        self.dropped.saturating_sub(1)
    }

    /// Line `n` (numbered from the first ever added); `None` for the marker's place or beyond.
    pub fn line(&self, n: u64) -> Option<&LogLine> {
        self.lines
            .get(usize::try_from(n.checked_sub(self.dropped)?).ok()?)
    }
}

/// Where the log is scrolled: following the tail, or held at a line while the operator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogScroll {
    /// The first line on screen when not following (numbered as in [`LogBuffer::line`]).
    top: u64,
    pub follow: bool,
}

impl Default for LogScroll {
    fn default() -> Self {
        Self {
            top: 0,
            follow: true,
        }
    }
}

impl LogScroll {
    /// The first line on screen in `height` rows.
    pub fn top(&self, log: &LogBuffer, height: usize) -> u64 {
        let last = log.end().saturating_sub(height as u64).max(log.first());
        if self.follow {
            last
        } else {
            self.top.clamp(log.first(), last)
        }
    }

    /// Moves through the log: any step up stops following; reaching the bottom (End) follows
    /// the tail again.
    pub fn step(&mut self, log: &LogBuffer, height: usize, step: Scroll) {
        let first = log.first() as i64;
        let last = (log.end().saturating_sub(height as u64) as i64).max(first);
        let now = self.top(log, height) as i64;
        let page = height.max(1) as i64;
        let next = match step {
            Scroll::Lines(n) => now.saturating_add(n as i64),
            Scroll::Pages(n) => now.saturating_add((n as i64).saturating_mul(page)),
            Scroll::Top => first,
            Scroll::Bottom => last,
        }
        .clamp(first, last);
        self.top = next as u64;
        self.follow = next >= last;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(seq: i64, stream: &str, data: &str) -> LogChunk {
        LogChunk {
            seq,
            stream: stream.into(),
            data: data.into(),
            at_ms: 0,
        }
    }

    fn texts(log: &LogBuffer) -> Vec<&str> {
        (log.dropped()..log.end())
            .filter_map(|n| log.line(n))
            .map(|l| l.text.as_str())
            .collect()
    }

    #[test]
    fn chunks_join_into_lines_and_streams_stay_apart() {
        let mut log = LogBuffer::default();
        log.push(&chunk(1, "stdout", "hel"));
        log.push(&chunk(2, "stdout", "lo\nwor"));
        log.push(&chunk(3, "stderr", "oops\n"));
        log.push(&chunk(4, "stdout", "ld\n\n"));
        assert_eq!(texts(&log), vec!["hello", "wor", "oops", "ld", ""]);
        assert_eq!(log.line(2).unwrap().stream, LogStream::Stderr);
        // A chunk seen before (a follow resumed over it) is not added twice.
        log.push(&chunk(3, "stderr", "oops\n"));
        assert_eq!(log.len(), 5);
        assert_eq!(log.last_seq(), 4);
    }

    #[test]
    fn escapes_and_controls_never_reach_the_screen() {
        let mut log = LogBuffer::default();
        log.push(&chunk(1, "stdout", "\x1b[1;31mred\x1b[0m\tx\r\n"));
        // A sequence cut between chunks, a title (OSC), a progress bar written over.
        log.push(&chunk(2, "stdout", "a\x1b[3"));
        log.push(&chunk(3, "stdout", "2mb\x1b]0;title\x07c\x07\n"));
        log.push(&chunk(4, "stdout", "10%\r50%\r100%\n"));
        assert_eq!(texts(&log), vec!["red     x", "abc", "100%"]);
    }

    #[test]
    fn the_buffer_keeps_the_newest_lines_within_its_bounds() {
        let mut log = LogBuffer::default();
        let line = "x".repeat(99) + "\n";
        for seq in 1..=(LOG_LINES as i64 + 1_000) {
            log.push(&chunk(seq, "stdout", &line));
        }
        assert_eq!(log.len(), LOG_LINES);
        assert_eq!(log.dropped(), 1_000);
        assert!(log.bytes() <= LOG_BYTES);
        // Long lines: the byte budget holds, a line is cut at LINE_BYTES.
        let mut big = LogBuffer::default();
        let long = "y".repeat(LINE_BYTES * 3 + 10);
        for seq in 1..=200 {
            big.push(&chunk(seq, "stdout", &long));
        }
        assert!(big.bytes() <= LOG_BYTES, "{}", big.bytes());
        assert!(big.dropped() > 0);
        assert!(big.line(big.end() - 1).unwrap().text.len() <= LINE_BYTES);
    }

    #[test]
    fn scrolling_up_stops_following_and_the_bottom_resumes_it() {
        let mut log = LogBuffer::default();
        for seq in 1..=50 {
            log.push(&chunk(seq, "stdout", &format!("line {seq}\n")));
        }
        let mut scroll = LogScroll::default();
        assert_eq!(scroll.top(&log, 10), 40);
        scroll.step(&log, 10, Scroll::Lines(-3));
        assert!(!scroll.follow);
        assert_eq!(scroll.top(&log, 10), 37);
        // New output does not move a log held by the operator.
        log.push(&chunk(51, "stdout", "line 51\n"));
        assert_eq!(scroll.top(&log, 10), 37);
        scroll.step(&log, 10, Scroll::Pages(5));
        assert!(scroll.follow, "the bottom follows again");
        assert_eq!(scroll.top(&log, 10), 41);
        scroll.step(&log, 10, Scroll::Top);
        assert_eq!((scroll.top(&log, 10), scroll.follow), (0, false));
        scroll.step(&log, 10, Scroll::Bottom);
        assert!(scroll.follow);
    }
}
