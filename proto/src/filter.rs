//! The one filter language of listings and bulk actions: [`Filter`] (queue, handler, state,
//! text, error fingerprint, age) with its textual form (`queue:emails state:dead older:2h
//! "timed out"`), parsed and printed here so `workerctl`, the gateway and the dashboard read
//! and write it alike, and its `worker.v1.TaskFilter` message.

use std::fmt;
use std::time::Duration;

use crate::v1;

/// What a listing or a bulk action selects. Every field narrows; an empty filter selects all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub queue: Option<String>,
    pub handler: Option<String>,
    /// A state's lower-case name (`pending`, `dead`, …), as `lifecycle::state_name` prints it.
    pub state: Option<String>,
    /// Case-insensitive substring of the id, the handler or the last error (DLQ), as the
    /// listings' `query`.
    pub text: Option<String>,
    /// Dead tasks whose error has this fingerprint (one group of `dlq groups`).
    pub fingerprint: Option<String>,
    /// Only tasks created (DLQ entries: dead) at least this long ago.
    pub older_than: Option<Duration>,
}

/// Why a filter's text does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError(pub String);

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FilterError {}

/// The keys of the textual form, with their long aliases.
const KEYS: &[(&str, &str)] = &[
    ("queue", "queue"),
    ("q", "queue"),
    ("handler", "handler"),
    ("h", "handler"),
    ("state", "state"),
    ("s", "state"),
    ("fp", "fingerprint"),
    ("fingerprint", "fingerprint"),
    ("older", "older"),
    ("older_than", "older"),
    ("text", "text"),
];

/// The states a filter may name.
pub const STATES: &[&str] = &[
    "scheduled",
    "pending",
    "running",
    "retrying",
    "succeeded",
    "dead",
    "cancelled",
];

impl Filter {
    /// True when no field narrows.
    pub fn is_empty(&self) -> bool {
        self == &Filter::default()
    }

    /// Reads the textual form: `key:value` words (`queue`, `handler`, `state`, `fp`, `older`,
    /// `text`; a value may be quoted) and free words, which together are the text. Each key at
    /// most once; a state must be one of [`STATES`]; `older` a duration such as `90s`, `2h`,
    /// `1h30m`, `7d`.
    pub fn parse(input: &str) -> Result<Self, FilterError> {
        let mut filter = Filter::default();
        let mut free: Vec<String> = Vec::new();
        for word in words(input)? {
            let Word { key, value } = word;
            let Some(key) = key else {
                free.push(value);
                continue;
            };
            let Some((_, key)) = KEYS.iter().find(|(k, _)| k.eq_ignore_ascii_case(&key)) else {
                return Err(FilterError(format!(
                    "unknown filter key {key:?}; use queue:, handler:, state:, fp:, older: or text:"
                )));
            };
            if value.is_empty() {
                return Err(FilterError(format!("{key}: needs a value")));
            }
            let slot = match *key {
                "queue" => &mut filter.queue,
                "handler" => &mut filter.handler,
                "state" => &mut filter.state,
                "fingerprint" => &mut filter.fingerprint,
                "text" => &mut filter.text,
                _ => {
                    if filter.older_than.is_some() {
                        return Err(FilterError("older: is given twice".into()));
                    }
                    filter.older_than = Some(parse_age(&value)?);
                    continue;
                }
            };
            if slot.is_some() {
                return Err(FilterError(format!("{key}: is given twice")));
            }
            *slot = Some(value);
        }
        if !free.is_empty() {
            if filter.text.is_some() {
                return Err(FilterError(
                    "text is given twice (text: and free words)".into(),
                ));
            }
            filter.text = Some(free.join(" "));
        }
        filter.check()?;
        Ok(filter)
    }

    /// Checks what the textual form and the message share: a known state, a positive age.
    pub fn check(&self) -> Result<(), FilterError> {
        if let Some(state) = &self.state
            && !STATES.contains(&state.as_str())
        {
            return Err(FilterError(format!(
                "unknown state {state:?}; one of {}",
                STATES.join(", ")
            )));
        }
        if self.older_than.is_some_and(|d| d.is_zero()) {
            return Err(FilterError("older: must be more than 0".into()));
        }
        Ok(())
    }

    /// The message form.
    pub fn to_message(&self) -> v1::TaskFilter {
        v1::TaskFilter {
            queue: self.queue.clone().unwrap_or_default(),
            handler: self.handler.clone().unwrap_or_default(),
            state: self.state.clone().unwrap_or_default(),
            text: self.text.clone().unwrap_or_default(),
            fingerprint: self.fingerprint.clone().unwrap_or_default(),
            older_than_ms: self
                .older_than
                .map_or(0, |d| d.as_millis().min(i64::MAX as u128) as i64),
        }
    }

    /// From the message form; empty strings are absent fields.
    pub fn from_message(m: &v1::TaskFilter) -> Result<Self, FilterError> {
        let some = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        if m.older_than_ms < 0 {
            return Err(FilterError("older_than_ms must not be negative".into()));
        }
        let filter = Filter {
            queue: some(&m.queue),
            handler: some(&m.handler),
            state: some(&m.state).map(|s| s.to_ascii_lowercase()),
            text: some(&m.text),
            fingerprint: some(&m.fingerprint),
            older_than: (m.older_than_ms > 0)
                .then(|| Duration::from_millis(m.older_than_ms as u64)),
        };
        filter.check()?;
        Ok(filter)
    }
}

/// A duration such as `90s`, `2h`, `1h30m` or `7d` (humantime's units).
pub fn parse_age(text: &str) -> Result<Duration, FilterError> {
    humantime::parse_duration(text.trim()).map_err(|e| {
        FilterError(format!(
            "{text:?} is not a duration such as 90s, 2h or 7d: {e}"
        ))
    })
}

/// The textual form [`Filter::parse`] reads back: keys in a fixed order, then the text,
/// quoted when it holds a space, a quote, a colon or a backslash.
impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        for (key, value) in [
            ("queue", &self.queue),
            ("handler", &self.handler),
            ("state", &self.state),
            ("fp", &self.fingerprint),
        ] {
            if let Some(value) = value {
                parts.push(format!("{key}:{}", quote(value)));
            }
        }
        if let Some(age) = self.older_than {
            parts.push(format!("older:{}", humantime::format_duration(age)).replace(' ', ""));
        }
        if let Some(text) = &self.text {
            parts.push(quote(text));
        }
        f.write_str(&parts.join(" "))
    }
}

fn quote(value: &str) -> String {
    if !value.is_empty()
        && !value
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | ':' | '\\'))
    {
        return value.to_string();
    }
    let mut out = String::from("\"");
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

struct Word {
    key: Option<String>,
    value: String,
}

/// Splits on whitespace outside quotes; `key:value` where a word's first `:` comes before
/// any quote. A quoted value takes `\"` and `\\` escapes.
fn words(input: &str) -> Result<Vec<Word>, FilterError> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(out);
        }
        let mut key = None;
        let mut value = String::new();
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            match c {
                ':' if key.is_none() && !quoted && !value.is_empty() => {
                    key = Some(std::mem::take(&mut value));
                }
                '"' => {
                    quoted = true;
                    loop {
                        match chars.next() {
                            None => return Err(FilterError("a quote is not closed".into())),
                            Some('"') => break,
                            Some('\\') => match chars.next() {
                                Some(e) => value.push(e),
                                None => return Err(FilterError("a quote is not closed".into())),
                            },
                            Some(other) => value.push(other),
                        }
                    }
                }
                other => value.push(other),
            }
        }
        if key.is_none() && value.is_empty() && !quoted {
            continue;
        }
        out.push(Word { key, value });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Filter {
        Filter::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn keys_values_and_free_text() {
        let f = parse(r#"queue:emails handler:send state:dead older:2h "timed out""#);
        assert_eq!(f.queue.as_deref(), Some("emails"));
        assert_eq!(f.handler.as_deref(), Some("send"));
        assert_eq!(f.state.as_deref(), Some("dead"));
        assert_eq!(f.older_than, Some(Duration::from_secs(7200)));
        assert_eq!(f.text.as_deref(), Some("timed out"));
        assert_eq!(parse("timed out").text.as_deref(), Some("timed out"));
        assert_eq!(parse("q:a h:b s:pending").state.as_deref(), Some("pending"));
        assert_eq!(parse(r#"text:"a:b""#).text.as_deref(), Some("a:b"));
        assert_eq!(parse("fp:ab12").fingerprint.as_deref(), Some("ab12"));
        assert_eq!(
            parse("older:1h30m").older_than,
            Some(Duration::from_secs(5400))
        );
        assert!(parse("").is_empty());
        assert!(parse("   ").is_empty());
    }

    #[test]
    fn what_does_not_parse_says_why() {
        for (input, says) in [
            ("color:red", "unknown filter key"),
            ("state:sleepy", "unknown state"),
            ("queue:a queue:b", "given twice"),
            ("older:soon", "not a duration"),
            ("older:0s", "more than 0"),
            ("queue:", "needs a value"),
            (r#""open"#, "not closed"),
            ("text:x y", "text is given twice"),
        ] {
            let err = Filter::parse(input).unwrap_err();
            assert!(err.0.contains(says), "{input}: {err}");
        }
    }

    #[test]
    fn printing_reads_back() {
        for input in [
            r#"queue:emails handler:send state:dead older:2h "timed out""#,
            r#"text:"say \"hi\" \\ now""#,
            "fp:abc older:1h 30m",
            "queue:a.b:c",
            r#""q:x""#,
        ] {
            let f = parse(input);
            let printed = f.to_string();
            assert_eq!(parse(&printed), f, "{input} printed as {printed}");
        }
        assert_eq!(
            parse("older:2h state:dead queue:q x").to_string(),
            "queue:q state:dead older:2h x"
        );
    }

    #[test]
    fn the_message_form_round_trips() {
        let f = parse(r#"queue:q handler:h state:dead fp:f older:90s "some text""#);
        assert_eq!(Filter::from_message(&f.to_message()).unwrap(), f);
        let mut m = f.to_message();
        m.older_than_ms = -1;
        assert!(Filter::from_message(&m).is_err());
        m.older_than_ms = 0;
        m.state = "nope".into();
        assert!(Filter::from_message(&m).is_err());
    }
}
