//! Weighted fair choice between queues: smooth weighted round-robin.
//!
//! Each pick adds every candidate's weight to its credit, takes the candidate with the most
//! credit, and charges it the sum of all weights. Over any window the picks follow the weights
//! exactly (6:3:1 gives 6, 3 and 1 picks in every 10) and are interleaved rather than bursty.
//! Credits persist between calls, so fairness holds across lease rounds of any size.

use std::collections::HashMap;

/// Remembers each queue's credit between lease rounds.
#[derive(Debug, Default)]
pub struct FairScheduler {
    credit: HashMap<String, i64>,
}

impl FairScheduler {
    pub fn new() -> Self {
        Self::default()
    }

    /// Splits `n` leases among `candidates` (name, weight) by weight.
    ///
    /// Returns (candidate index, count) pairs in first-pick order. Candidates with weight 0 get
    /// nothing. Queues absent from `candidates` keep their credit for when they come back.
    pub fn plan(&mut self, candidates: &[(&str, u32)], n: u32) -> Vec<(usize, u32)> {
        let total: i64 = candidates.iter().map(|(_, w)| i64::from(*w)).sum();
        if total == 0 || n == 0 {
            return Vec::new();
        }
        let mut counts = vec![0_u32; candidates.len()];
        let mut order = Vec::new();
        for _ in 0..n {
            let mut best: Option<(usize, i64)> = None;
            for (idx, (name, weight)) in candidates.iter().enumerate() {
                if *weight == 0 {
                    continue;
                }
                let credit = self.credit.entry((*name).to_string()).or_insert(0);
                *credit += i64::from(*weight);
                if best.is_none_or(|(_, c)| *credit > c) {
                    best = Some((idx, *credit));
                }
            }
            let Some((idx, _)) = best else { break };
            *self
                .credit
                .get_mut(candidates[idx].0)
                .expect("credit was inserted above") -= total;
            if counts[idx] == 0 {
                order.push(idx);
            }
            counts[idx] += 1;
        }
        order.into_iter().map(|idx| (idx, counts[idx])).collect()
    }

    /// Forgets a queue's credit, for example when it ran dry, so it does not bank a burst.
    pub fn reset(&mut self, name: &str) {
        self.credit.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &mut FairScheduler, cands: &[(&str, u32)], n: u32) -> Vec<u32> {
        let mut out = vec![0; cands.len()];
        for (idx, count) in s.plan(cands, n) {
            out[idx] += count;
        }
        out
    }

    #[test]
    fn one_round_follows_the_weights() {
        let mut s = FairScheduler::new();
        let cands = [("critical", 6), ("default", 3), ("low", 1)];
        assert_eq!(split(&mut s, &cands, 10), vec![6, 3, 1]);
    }

    #[test]
    fn single_leases_follow_the_weights_over_time() {
        let mut s = FairScheduler::new();
        let cands = [("a", 3), ("b", 1)];
        let mut totals = [0; 2];
        for _ in 0..400 {
            for (idx, count) in s.plan(&cands, 1) {
                totals[idx] += count;
            }
        }
        assert_eq!(totals, [300, 100]);
    }

    #[test]
    fn zero_weight_gets_nothing() {
        let mut s = FairScheduler::new();
        assert_eq!(split(&mut s, &[("a", 0), ("b", 2)], 5), vec![0, 5]);
        assert!(s.plan(&[("a", 0)], 5).is_empty());
    }

    #[test]
    fn picks_are_interleaved() {
        let mut s = FairScheduler::new();
        let cands = [("a", 1), ("b", 1)];
        let firsts: Vec<usize> = (0..4).map(|_| s.plan(&cands, 1)[0].0).collect();
        assert_eq!(firsts, vec![0, 1, 0, 1]);
    }
}
