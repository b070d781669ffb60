//! Cron specs: parsing a spec in a time zone, and its fire times in Unix milliseconds.
//!
//! A spec is 5 fields (minute precision) or 6 (seconds first), a descriptor (`@yearly`,
//! `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`), or `@every <duration>`
//! (`90s`, `15m`, `1h30m`, `2d`; 1 s to 366 d). A 7th (year) field is refused. Cron fields are
//! read in the schedule's IANA time zone (empty: UTC) by `croner`; `@every` ignores the zone:
//! its fire times are the multiples of the interval since the Unix epoch, so every node
//! computes the same times whenever it started.
//!
//! Daylight saving time, Vixie cron's rule, for a fixed local time (single second, minute and
//! hour values, like `30 2 * * *`):
//! - in a spring-forward gap (02:30 does not exist that day) it fires once, at the first
//!   instant after the gap (03:00 local);
//! - in a fall-back overlap (02:30 happens twice) it fires once, at the first occurrence.
//!
//! Interval specs (`*/15 * * * *`, anything not a single second, minute and hour) fire at the
//! matching local times that exist: none in a gap, and in both passes of a fall-back hour (so
//! `*/30` keeps firing every 30 minutes of real time through both transitions in zones whose
//! offsets change by whole hours). Fire times only ever move forward.

use chrono::{DateTime, LocalResult, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds, Year};
use croner::{Cron, JobType};

use crate::engine::Error;
use crate::engine::model::truncate_for_message;

const SECOND_MS: i64 = 1_000;
const MINUTE_MS: i64 = 60 * SECOND_MS;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
/// The longest `@every` interval.
pub const EVERY_MAX_MS: i64 = 366 * DAY_MS;
/// 2000-01-01T00:00:00Z: where a new spec is checked to fire at all.
const PROBE_MS: i64 = 946_684_800_000;
/// How many ambiguous (fall-back) matches a search steps over before giving up; a spec
/// matches at most a few times per repeated hour.
const AMBIGUOUS_STEPS_MAX: usize = 7_200;

/// A parsed spec with its time zone.
#[derive(Clone, Debug)]
pub struct CronSpec {
    kind: Kind,
    tz: Tz,
}

#[derive(Clone, Debug)]
enum Kind {
    Every(i64),
    Cron {
        cron: Box<Cron>,
        /// Day of month, month and weekday are all `*`: a fixed time then reads "every day".
        every_day: bool,
    },
}

impl CronSpec {
    /// Parses `spec` in the time zone named `timezone` (empty: UTC).
    pub fn parse(spec: &str, timezone: &str) -> Result<Self, Error> {
        let tz = parse_timezone(timezone)?;
        let trimmed = spec.trim();
        if trimmed.is_empty() {
            return Err(Error::invalid("invalid_spec", "the cron spec is empty"));
        }
        let lower = trimmed.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("@every") {
            let interval = parse_every(rest.trim())?;
            return Ok(Self {
                kind: Kind::Every(interval),
                tz,
            });
        }
        let pattern = match lower.as_str() {
            // croner knows the other descriptors but not this one.
            "@midnight" => "@daily",
            _ if lower.starts_with('@') => match lower.as_str() {
                "@yearly" | "@annually" | "@monthly" | "@weekly" | "@daily" | "@hourly" => trimmed,
                _ => {
                    return Err(Error::invalid(
                        "invalid_spec",
                        format!(
                            "cron descriptor {trimmed:?} is unknown: use @yearly, @annually, \
                             @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>"
                        ),
                    ));
                }
            },
            _ => trimmed,
        };
        let fields = pattern.split_whitespace().count();
        if !pattern.starts_with('@') && !(5..=6).contains(&fields) {
            return Err(Error::invalid(
                "invalid_spec",
                format!(
                    "cron spec {trimmed:?} has {fields} fields: use 5 (minute hour day month \
                     weekday) or 6 (with seconds first)"
                ),
            ));
        }
        // croner reads an empty list item (`,`, `1,,2`) as a field that matches nothing and
        // then searches for a match second by second until its year limit: minutes of CPU.
        if let Some(field) = pattern
            .split_whitespace()
            .position(|f| !f.starts_with('@') && f.split(',').any(str::is_empty))
        {
            return Err(Error::invalid(
                "invalid_spec",
                format!(
                    "cron spec {trimmed:?}: field {} has an empty list item",
                    field + 1
                ),
            ));
        }
        let parser = CronParser::builder()
            .seconds(Seconds::Optional)
            .year(Year::Disallowed)
            .build();
        let cron = parser.parse(pattern).map_err(|e| {
            Error::invalid(
                "invalid_spec",
                format!(
                    "cron spec {:?} is invalid: {e}",
                    truncate_for_message(trimmed)
                ),
            )
        })?;
        // A pattern that can never fire (like 30 February) is refused now, not at every tick.
        // The probe is a fixed instant: the engine reads no clock of its own.
        let probe = Utc
            .timestamp_millis_opt(PROBE_MS)
            .single()
            .map(|t| t.with_timezone(&tz))
            .ok_or_else(|| Error::Internal("the cron probe instant is invalid".into()))?;
        if cron.find_next_occurrence(&probe, false).is_err() {
            return Err(Error::invalid(
                "invalid_spec",
                format!("cron spec {:?} never fires", truncate_for_message(trimmed)),
            ));
        }
        let every_day = match lower.as_str() {
            "@daily" | "@midnight" | "@hourly" => true,
            _ if lower.starts_with('@') => false,
            _ => {
                let fields: Vec<&str> = pattern.split_whitespace().collect();
                fields[fields.len() - 3..]
                    .iter()
                    .all(|f| *f == "*" || *f == "?")
            }
        };
        Ok(Self {
            kind: Kind::Cron {
                cron: Box::new(cron),
                every_day,
            },
            tz,
        })
    }

    /// The `@every` interval, if this is one.
    pub fn interval_ms(&self) -> Option<i64> {
        match self.kind {
            Kind::Every(ms) => Some(ms),
            Kind::Cron { .. } => None,
        }
    }

    /// The first fire time strictly after `ms`.
    pub fn next_after(&self, ms: i64) -> Option<i64> {
        match &self.kind {
            Kind::Every(interval) => ms
                .div_euclid(*interval)
                .checked_add(1)?
                .checked_mul(*interval),
            Kind::Cron { cron, .. } => self.cron_next_after(cron, ms),
        }
    }

    /// The latest fire time at or before `ms`.
    pub fn prev_at_or_before(&self, ms: i64) -> Option<i64> {
        match &self.kind {
            Kind::Every(interval) => ms.div_euclid(*interval).checked_mul(*interval),
            Kind::Cron { cron, .. } => {
                let start = self.at(ms.div_euclid(SECOND_MS) * SECOND_MS)?;
                let found = cron.find_previous_occurrence(&start, true).ok()?;
                Some(found.timestamp_millis())
            }
        }
    }

    /// The spec in words, like "every 15 minutes".
    pub fn describe(&self) -> String {
        let text = match &self.kind {
            Kind::Every(interval) => describe_every(*interval),
            Kind::Cron { cron, every_day } => describe_cron(cron, *every_day),
        };
        if self.tz == Tz::UTC {
            text
        } else {
            format!("{text} ({})", self.tz.name())
        }
    }

    fn at(&self, ms: i64) -> Option<DateTime<Tz>> {
        match self.tz.timestamp_millis_opt(ms) {
            LocalResult::Single(t) => Some(t),
            _ => None,
        }
    }

    fn cron_next_after(&self, cron: &Cron, ms: i64) -> Option<i64> {
        // croner works in whole seconds: starting at the second `ms` falls in, exclusive, the
        // result is strictly after `ms` too.
        let start = self.at(ms.div_euclid(SECOND_MS) * SECOND_MS)?;
        let fixed = cron.determine_job_type() == JobType::FixedTime;
        let found = self.search(cron, start, ms, fixed)?;
        if fixed {
            return Some(found);
        }
        // An interval spec fires in the second pass of a fall-back hour too, which croner's
        // search jumps over when it starts in the first pass: search again from just before
        // the repeated local times, taking their second occurrences.
        if let Some(transition) = self.fall_back_between(ms, found) {
            let before = self.at(transition)?.naive_local() - chrono::Duration::seconds(1);
            if let Some(cursor) = self.tz.from_local_datetime(&before).earliest()
                && let Some(second_pass) = self.search(cron, cursor, ms, fixed)
            {
                return Some(found.min(second_pass));
            }
        }
        Some(found)
    }

    /// croner's next match from `cursor` that is strictly after `ms`.
    fn search(&self, cron: &Cron, mut cursor: DateTime<Tz>, ms: i64, fixed: bool) -> Option<i64> {
        for _ in 0..AMBIGUOUS_STEPS_MAX {
            let found = cron.find_next_occurrence(&cursor, false).ok()?;
            let found_ms = found.timestamp_millis();
            if found_ms > ms {
                return Some(found_ms);
            }
            // croner answers the first occurrence of a repeated (fall-back) local time even
            // when the search began in the second pass, i.e. after it. A fixed time fired at
            // that first occurrence already; an interval spec may still fire at the second.
            let later = self.tz.from_local_datetime(&found.naive_local()).latest()?;
            let later_ms = later.timestamp_millis();
            if !fixed && later_ms > ms {
                return Some(later_ms);
            }
            cursor = later;
        }
        None
    }

    fn utc_offset_s(&self, ms: i64) -> Option<i32> {
        self.at(ms).map(|t| t.offset().fix().local_minus_utc())
    }

    /// The first instant after `from` and at or before `to` whose UTC offset is smaller than
    /// `from`'s (the clocks went back), if any.
    fn fall_back_between(&self, from: i64, to: i64) -> Option<i64> {
        let before = self.utc_offset_s(from)?;
        if self.utc_offset_s(to)? >= before {
            return None;
        }
        let (mut lo, mut hi) = (from, to);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.utc_offset_s(mid)? < before {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }
}

/// The time zone named `name`; empty is UTC.
pub fn parse_timezone(name: &str) -> Result<Tz, Error> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(Tz::UTC);
    }
    name.parse::<Tz>().map_err(|_| {
        Error::invalid(
            "invalid_timezone",
            format!(
                "time zone {:?} is unknown: use an IANA name like Europe/Berlin, or empty for UTC",
                truncate_for_message(name)
            ),
        )
    })
}

/// Parses `90s`, `15m`, `1h30m`, `2d` (units d, h, m, s, in any combination).
fn parse_every(text: &str) -> Result<i64, Error> {
    let bad = |why: &str| {
        Error::invalid(
            "invalid_spec",
            format!(
                "@every {:?}: {why}; write a duration like 90s, 15m, 1h30m or 2d",
                truncate_for_message(text)
            ),
        )
    };
    if text.is_empty() {
        return Err(bad("the duration is missing"));
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            'd' => DAY_MS,
            'h' => HOUR_MS,
            'm' => MINUTE_MS,
            's' => SECOND_MS,
            _ => return Err(bad(&format!("{c:?} is not a unit (d, h, m, s)"))),
        };
        if digits.is_empty() {
            return Err(bad("a unit without a number"));
        }
        let n: i64 = digits.parse().map_err(|_| bad("the number is too large"))?;
        digits.clear();
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| bad("the duration is too long"))?;
    }
    if !digits.is_empty() {
        return Err(bad("a number without a unit"));
    }
    if total < SECOND_MS {
        return Err(bad("the interval must be at least 1s"));
    }
    if total > EVERY_MAX_MS {
        return Err(bad("the interval must be at most 366d"));
    }
    Ok(total)
}

/// croner's English, in the lower-case phrase style of `@every`'s: "at 02:30 every day",
/// "every 15 minutes".
fn describe_cron(cron: &Cron, every_day: bool) -> String {
    let text = cron.describe();
    let text = text.trim().trim_end_matches('.');
    if let Some(rest) = text.strip_prefix("At every ") {
        return format!("every {rest}");
    }
    let mut out = match text.strip_prefix("At ") {
        Some(rest) => format!("at {rest}"),
        None => text.to_string(),
    };
    if every_day && cron.determine_job_type() == JobType::FixedTime {
        out.push_str(" every day");
    }
    out
}

fn describe_every(interval: i64) -> String {
    let mut parts = Vec::new();
    let mut rest = interval;
    for (unit, name) in [
        (DAY_MS, "day"),
        (HOUR_MS, "hour"),
        (MINUTE_MS, "minute"),
        (SECOND_MS, "second"),
    ] {
        let n = rest / unit;
        rest %= unit;
        if n > 0 {
            parts.push((n, name));
        }
    }
    match parts.as_slice() {
        [(1, name)] => format!("every {name}"),
        _ => {
            let words: Vec<String> = parts
                .iter()
                .map(|(n, name)| {
                    if *n == 1 {
                        format!("1 {name}")
                    } else {
                        format!("{n} {name}s")
                    }
                })
                .collect();
            format!("every {}", words.join(" "))
        }
    }
}

#[cfg(test)]
#[path = "tests/cron.rs"]
mod tests;
