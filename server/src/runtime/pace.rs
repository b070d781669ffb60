//! How many tasks a pool leases ahead of its free slots ([`Prefetch`]), and the arithmetic of
//! the automatic setting: how long the pool's handlers run and its leases take to come back,
//! averaged as it runs, and how many tasks that says to hold ahead.

use std::time::Duration;

/// How many tasks a pool leases ahead of its free slots.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Prefetch {
    /// As many as its slots finish within one lease round trip, measured as it runs, up to its
    /// concurrency: a slot that frees finds its next task waiting instead of waiting a commit
    /// for it, while a pool of long handlers leases only for free slots. None until a handler
    /// has returned and a lease has brought tasks; and a pool whose handlers neither start nor
    /// return for a heartbeat interval gives back what it holds ahead beyond that (usually
    /// all), so tasks held behind long handlers go to another pool.
    #[default]
    Auto,
    /// Up to this many, refilled once fewer than this many (or the concurrency, if smaller)
    /// are left ahead; 0 leases only for free slots.
    Fixed(u32),
}

impl std::str::FromStr for Prefetch {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("auto") {
            return Ok(Self::Auto);
        }
        text.parse()
            .map(Self::Fixed)
            .map_err(|_| format!("{text:?} is neither `auto` nor a number of tasks"))
    }
}

/// The weight of a new sample in the running averages: an eighth, so a change of workload
/// shows within a few dozen tasks while one slow task or one slow commit moves little.
const WEIGHT: f64 = 0.125;

/// Running averages of a pool's handler time and lease round trip, in seconds: one pair for
/// the whole pool, whatever handlers it runs.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Pace {
    run: Option<f64>,
    lease: Option<f64>,
}

impl Pace {
    /// A handler returned `took` after it started.
    pub(super) fn handler_ran(&mut self, took: Duration) {
        average(&mut self.run, took);
    }

    /// A lease that brought tasks came back `took` after it was sent. One that brought none
    /// is not a sample: it may not have reached the store at all (every queue paused).
    pub(super) fn lease_took(&mut self, took: Duration) {
        average(&mut self.lease, took);
    }

    /// Tasks to hold ahead of free slots: as many as `concurrency` slots finish within one
    /// lease round trip (rounded to the nearest), at most `concurrency`; none until both
    /// averages have a sample. `quiet` is how long the running handlers have gone without one
    /// starting or returning (zero when none runs): handlers still running after that long
    /// run at least that long, whatever the average of those that returned says, so a pool
    /// whose slots filled with long handlers stops leasing ahead at once.
    pub(super) fn ahead(&self, concurrency: u32, quiet: Duration) -> u32 {
        let (Some(run), Some(lease)) = (self.run, self.lease) else {
            return 0;
        };
        let slots = f64::from(concurrency);
        // A handler that returns at once still took a little; a microsecond keeps the ratio
        // finite and caps it at `concurrency` below.
        let run = run.max(quiet.as_secs_f64()).max(1e-6);
        (slots * lease / run).round().min(slots) as u32
    }
}

fn average(avg: &mut Option<f64>, sample: Duration) {
    let sample = sample.as_secs_f64();
    *avg = Some(match *avg {
        None => sample,
        Some(old) => old + WEIGHT * (sample - old),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Duration = Duration::ZERO;

    fn pace(run_ms: f64, lease_ms: f64) -> Pace {
        let mut pace = Pace::default();
        pace.handler_ran(Duration::from_secs_f64(run_ms / 1e3));
        pace.lease_took(Duration::from_secs_f64(lease_ms / 1e3));
        pace
    }

    #[test]
    fn nothing_ahead_before_both_are_measured() {
        let mut pace = Pace::default();
        assert_eq!(pace.ahead(100, NOW), 0);
        pace.handler_ran(Duration::from_micros(5));
        assert_eq!(pace.ahead(100, NOW), 0, "no lease has come back yet");
        let mut pace = Pace::default();
        pace.lease_took(Duration::from_millis(1));
        assert_eq!(pace.ahead(100, NOW), 0, "no handler has returned yet");
    }

    #[test]
    fn short_handlers_fill_up_to_the_concurrency() {
        assert_eq!(pace(0.005, 1.0).ahead(100, NOW), 100);
        assert_eq!(
            pace(0.0, 1.0).ahead(7, NOW),
            7,
            "a zero run time is capped, not infinite"
        );
        // Four slots finishing a 1 ms task each within a 2 ms round trip: eight, capped.
        assert_eq!(
            pace(1.0, 2.0).ahead(4, NOW),
            4,
            "never more than the concurrency"
        );
        assert_eq!(pace(10.0, 2.0).ahead(10, NOW), 2);
    }

    #[test]
    fn long_handlers_hold_nothing_ahead() {
        assert_eq!(
            pace(1_000.0, 1.0).ahead(100, NOW),
            0,
            "0.1 of a task rounds to none"
        );
        assert_eq!(pace(100.0, 1.0).ahead(100, NOW), 1);
    }

    #[test]
    fn handlers_running_long_without_a_return_stop_the_lease_ahead() {
        // Quick handlers so far, then every slot taken by ones that do not come back.
        let quick = pace(0.01, 1.0);
        assert_eq!(quick.ahead(10, Duration::from_micros(100)), 10);
        assert_eq!(quick.ahead(10, Duration::from_millis(5)), 2);
        assert_eq!(quick.ahead(10, Duration::from_millis(100)), 0);
        // A quiet shorter than the average changes nothing.
        assert_eq!(pace(10.0, 2.0).ahead(10, Duration::from_millis(1)), 2);
    }

    #[test]
    fn the_averages_follow_a_change_of_workload() {
        let mut pace = pace(0.01, 1.0);
        assert_eq!(pace.ahead(10, NOW), 10);
        for _ in 0..60 {
            pace.handler_ran(Duration::from_secs(1));
        }
        assert_eq!(
            pace.ahead(10, NOW),
            0,
            "handlers that now run a second each"
        );
        // One slow task among quick ones moves the average by an eighth of the difference.
        let mut pace = Pace::default();
        for _ in 0..40 {
            pace.handler_ran(Duration::from_micros(10));
        }
        pace.lease_took(Duration::from_millis(1));
        pace.handler_ran(Duration::from_millis(100));
        assert_eq!(
            pace.ahead(10, NOW),
            1,
            "about 12.5 ms on average: 10 × 1 / 12.5 rounds to 1"
        );
    }
}
