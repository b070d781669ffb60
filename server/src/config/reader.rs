//! Reading one configuration value: the parsers for durations, booleans and queue weights, and
//! the `Reader` that collects every bad value with its variable's name instead of stopping.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::engine::model::QueueName;

/// Parses durations as Go does (`30s`, `1h30m`, `168h`, `250ms`) and as humantime does
/// (`2h 30min`, `7days`). A bare `0` is zero.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text == "0" {
        return Ok(Duration::ZERO);
    }
    humantime::parse_duration(text).map_err(|e| {
        format!("{text:?} is not a duration ({e}); write it like 30s, 5m, 1h30m or 168h")
    })
}

pub(super) fn parse_bool(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        other => Err(format!("{other:?} is not a boolean; use true or false")),
    }
}

/// Parses `critical=6,default=3,low=1`.
pub fn parse_weights(text: &str) -> Result<BTreeMap<String, u32>, String> {
    let mut out = BTreeMap::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, weight) = part
            .split_once('=')
            .ok_or_else(|| format!("{part:?} is not name=weight"))?;
        let name = QueueName::new(name.trim()).map_err(|e| e.to_string())?;
        let weight: u32 = weight
            .trim()
            .parse()
            .ok()
            .filter(|w| (1..=10_000).contains(w))
            .ok_or_else(|| {
                format!("the weight of {name} must be a whole number from 1 to 10000")
            })?;
        out.insert(name.to_string(), weight);
    }
    Ok(out)
}

/// A name that goes into Redis keys and lock values: 1 to `max` of `A-Z a-z 0-9 . _ : -`.
pub(super) fn token(text: &str, max: usize, what: &str) -> Result<String, String> {
    let t = text.trim();
    let ok = !t.is_empty()
        && t.len() <= max
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'));
    if ok {
        Ok(t.to_string())
    } else {
        Err(format!(
            "{t:?} is not {what}; use 1 to {max} of A-Z a-z 0-9 . _ : -"
        ))
    }
}

pub(super) struct Reader<'a> {
    pub(super) env: &'a BTreeMap<String, String>,
    pub(super) problems: Vec<String>,
}

impl Reader<'_> {
    pub(super) fn raw(&self, key: &str) -> Option<&str> {
        self.env
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    pub(super) fn get<T>(
        &mut self,
        key: &str,
        default: T,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> T {
        match self.raw(key) {
            None => default,
            Some(text) => match parse(text) {
                Ok(value) => value,
                Err(problem) => {
                    self.problems.push(format!("{key}: {problem}"));
                    default
                }
            },
        }
    }

    pub(super) fn path(&self, key: &str) -> Option<PathBuf> {
        self.raw(key).map(|v| PathBuf::from(v.trim()))
    }

    /// A certificate and its key, named by two variables that come together or not at all;
    /// `neither` says what leaving both out means.
    pub(super) fn cert_and_key(
        &mut self,
        cert: &str,
        key: &str,
        neither: &str,
    ) -> Option<(PathBuf, PathBuf)> {
        match (self.path(cert), self.path(key)) {
            (Some(cert), Some(key)) => Some((cert, key)),
            (None, None) => None,
            _ => {
                self.problems
                    .push(format!("{cert} and {key}: set both, or neither {neither}"));
                None
            }
        }
    }

    pub(super) fn duration(&mut self, key: &str, default: Duration) -> Duration {
        self.get(key, default, parse_duration)
    }

    pub(super) fn positive_duration(&mut self, key: &str, default: Duration) -> Duration {
        self.get(key, default, |t| {
            let d = parse_duration(t)?;
            if d.is_zero() {
                Err("must be longer than zero".into())
            } else {
                Ok(d)
            }
        })
    }

    pub(super) fn number<T>(&mut self, key: &str, default: T, min: T, max: T) -> T
    where
        T: std::str::FromStr + PartialOrd + fmt::Display + Copy,
    {
        self.get(key, default, |t| {
            let value: T = t
                .trim()
                .parse()
                .map_err(|_| format!("{t:?} is not a number"))?;
            if value < min || value > max {
                Err(format!("{value} is out of range; use {min} to {max}"))
            } else {
                Ok(value)
            }
        })
    }
}
