//! Scrolling and virtualization: a cursor that keeps the selection on screen, and a sparse
//! page cache for lists too long to fetch whole (the DLQ, a queue's tasks). Only the pages on
//! screen are fetched and only the rows on screen are drawn, so ten thousand rows cost what
//! twenty do.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Rows fetched per request.
pub const PAGE: u64 = 100;

/// The selected row and the first row on screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Moves by `delta` within `len` rows and scrolls so the selection stays within `height`.
    pub fn shift(&mut self, delta: isize, len: usize, height: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
        self.follow(len, height);
    }

    pub fn top(&mut self) {
        *self = Cursor::default();
    }

    pub fn bottom(&mut self, len: usize, height: usize) {
        self.selected = len.saturating_sub(1);
        self.follow(len, height);
    }

    /// Keeps the selection inside `len` and on screen.
    pub fn follow(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        self.selected = self.selected.min(len - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    /// The rows on screen.
    pub fn window(&self, len: usize, height: usize) -> Range<usize> {
        let start = self.offset.min(len);
        start..(start + height).min(len)
    }
}

/// A long server-side list, held as the pages that were fetched. A refresh bumps the
/// generation: pages stay on screen until their fresh copy arrives (no flicker), and answers
/// to older requests are dropped.
#[derive(Debug, Clone)]
pub struct Paged<T> {
    generation: u64,
    total: Option<u64>,
    pages: HashMap<u64, (u64, Vec<T>)>,
    pending: HashSet<u64>,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Self {
            generation: 1,
            total: None,
            pages: HashMap::new(),
            pending: HashSet::new(),
        }
    }
}

impl<T> Paged<T> {
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Known length; `None` before the first answer.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    pub fn len(&self) -> usize {
        self.total.unwrap_or(0) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        if index >= self.len() {
            return None;
        }
        let page = index as u64 / PAGE;
        let (_, rows) = self.pages.get(&page)?;
        rows.get(index - (page * PAGE) as usize)
    }

    /// The data changed on the server: fetch again what is looked at, keep showing the rest.
    pub fn refresh(&mut self) {
        self.generation += 1;
        self.pending.clear();
    }

    /// What is shown changed (another filter, queue or state): forget everything.
    pub fn reset(&mut self) {
        self.refresh();
        self.pages.clear();
        self.total = None;
    }

    /// Page offsets to fetch so `rows` (plus a page of look-ahead) are current; marks them
    /// pending.
    pub fn wanted(&mut self, rows: Range<usize>) -> Vec<u64> {
        let first = rows.start as u64 / PAGE;
        let last = (rows.end as u64 + PAGE / 2) / PAGE;
        let last = match self.total {
            Some(total) => last.min(total.saturating_sub(1) / PAGE),
            None => first,
        };
        let mut out = Vec::new();
        for page in first..=last {
            let current = self
                .pages
                .get(&page)
                .is_some_and(|(generation, _)| *generation == self.generation);
            if !current && self.pending.insert(page) {
                out.push(page * PAGE);
            }
        }
        out
    }

    /// An answer: `rows` from `offset`, and the list's total at that moment.
    pub fn insert(&mut self, generation: u64, offset: u64, rows: Vec<T>, total: u64) -> bool {
        if generation != self.generation {
            return false;
        }
        let page = offset / PAGE;
        self.pending.remove(&page);
        self.total = Some(total);
        self.pages.insert(page, (generation, rows));
        // Pages wholly past the end are gone on the server.
        self.pages.retain(|p, _| p * PAGE < total.max(1));
        true
    }

    /// The loaded rows in `range` (for actions over what is on screen).
    pub fn rows(&self, range: Range<usize>) -> impl Iterator<Item = &T> {
        range.filter_map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_keeps_the_selection_on_screen() {
        let mut c = Cursor::default();
        c.shift(25, 100, 10);
        assert_eq!((c.selected, c.offset), (25, 16));
        c.shift(-20, 100, 10);
        assert_eq!((c.selected, c.offset), (5, 5));
        c.bottom(100, 10);
        assert_eq!((c.selected, c.offset), (99, 90));
        c.shift(5, 100, 10);
        assert_eq!(c.selected, 99);
        c.follow(3, 10);
        assert_eq!((c.selected, c.offset), (2, 0));
        assert_eq!(c.window(3, 10), 0..3);
    }

    #[test]
    fn only_missing_pages_are_requested_once() {
        let mut p: Paged<u32> = Paged::default();
        assert_eq!(p.wanted(0..20), vec![0]);
        assert!(p.wanted(0..20).is_empty(), "already pending");
        assert!(p.insert(1, 0, (0..100).collect(), 10_000));
        assert_eq!(p.get(42), Some(&42));
        assert_eq!(p.get(142), None);
        assert_eq!(p.wanted(5_000..5_020), vec![5_000]);
        // A refresh asks for the page on screen again but keeps it meanwhile.
        p.refresh();
        assert_eq!(p.get(42), Some(&42));
        assert_eq!(p.wanted(0..20), vec![0]);
        // An answer to the old generation is dropped.
        assert!(!p.insert(1, 5_000, vec![7; 100], 10_000));
        assert_eq!(p.get(5_000), None);
    }

    #[test]
    fn a_shrinking_list_drops_pages_past_its_end() {
        let mut p: Paged<u32> = Paged::default();
        p.wanted(0..1);
        p.insert(1, 0, (0..100).collect(), 300);
        p.wanted(200..201);
        p.insert(1, 200, (200..300).collect(), 300);
        p.refresh();
        p.wanted(0..1);
        p.insert(2, 0, (0..50).collect(), 50);
        assert_eq!(p.len(), 50);
        assert_eq!(p.get(200), None);
        assert_eq!(p.get(49), Some(&49));
    }
}
