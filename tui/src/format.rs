//! How numbers, durations and times read on screen. Pure functions of their inputs (the
//! current time is passed in), so snapshots are stable.

/// `12,345`.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 entry`, `12,345 entries`: a count and the noun that agrees with it.
pub fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// `850ms`, `1.2s`, `3m4s`, `2h5m`, `3d4h`.
pub fn short_ms(ms: i64) -> String {
    if ms <= 0 {
        return "0s".into();
    }
    if ms < 1_000 {
        return format!("{ms}ms");
    }
    if ms < 60_000 {
        return format!("{:.1}s", ms as f64 / 1000.0);
    }
    let secs = ms / 1000;
    if secs < 3_600 {
        format!("{}m{}s", secs / 60, secs % 60)
    } else if secs < 86_400 {
        format!("{}h{}m", secs / 3_600, (secs % 3_600) / 60)
    } else {
        format!("{}d{}h", secs / 86_400, (secs % 86_400) / 3_600)
    }
}

/// How long ago `at_ms` was, coarse: `4s`, `12m`, `3h`, `2d`; `-` when unset.
pub fn ago(now_ms: i64, at_ms: i64) -> String {
    if at_ms <= 0 {
        return "-".into();
    }
    let secs = (now_ms - at_ms).max(0) / 1000;
    if secs < 60 {
        format!("{secs}s")
    } else if secs < 3_600 {
        format!("{}m", secs / 60)
    } else if secs < 86_400 {
        format!("{}h", secs / 3_600)
    } else {
        format!("{}d", secs / 86_400)
    }
}

/// A countdown to `at_ms`: `in 42s`, `in 4m12s`, `in 3h5m`, `in 2d4h`; `now` within a second,
/// `overdue 12s` once past; `-` when unset.
pub fn countdown(now_ms: i64, at_ms: i64) -> String {
    if at_ms <= 0 {
        return "-".into();
    }
    let left = at_ms - now_ms;
    if left.abs() < 1_000 {
        return "now".into();
    }
    let words = |ms: i64| {
        let secs = ms / 1000;
        if secs < 60 {
            format!("{secs}s")
        } else if secs < 3_600 {
            format!("{}m{}s", secs / 60, secs % 60)
        } else if secs < 86_400 {
            format!("{}h{}m", secs / 3_600, (secs % 3_600) / 60)
        } else {
            format!("{}d{}h", secs / 86_400, (secs % 86_400) / 3_600)
        }
    };
    if left > 0 {
        format!("in {}", words(left))
    } else {
        format!("overdue {}", words(-left))
    }
}

/// A time relative to now: `in 4m12s` when to come, `3m ago` when past, `-` when unset.
pub fn relative(now_ms: i64, at_ms: i64) -> String {
    if at_ms <= 0 {
        "-".into()
    } else if at_ms >= now_ms + 1_000 {
        countdown(now_ms, at_ms)
    } else {
        format!("{} ago", ago(now_ms, at_ms))
    }
}

/// `HH:MM:SS` in UTC.
pub fn clock(at_ms: i64) -> String {
    if at_ms <= 0 {
        return "--:--:--".into();
    }
    let secs = at_ms / 1000 % 86_400;
    format!("{:02}:{:02}:{:02}", secs / 3_600, secs / 60 % 60, secs % 60)
}

/// RFC 3339 UTC to the second; `-` when unset.
pub fn timestamp(at_ms: i64) -> String {
    if at_ms <= 0 {
        return "-".into();
    }
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_millis(at_ms as u64);
    humantime::format_rfc3339_seconds(at).to_string()
}

/// The first line of `text`, at most `max` characters, with `…` when cut.
pub fn one_line(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    let cut = line.chars().count() > max || text.lines().nth(1).is_some();
    if !cut {
        return line.to_string();
    }
    let mut out: String = line.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Values as a line of block characters (`▁▂▃▄▅▆▇█`), one per value, scaled to the largest;
/// a zero is a space so quiet stretches read as gaps.
pub fn sparkline(values: &[i64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let peak = values.iter().copied().max().unwrap_or(0).max(1);
    values
        .iter()
        .map(|&v| {
            if v <= 0 {
                ' '
            } else {
                BARS[(((v - 1) * 8 / peak) as usize).min(7)]
            }
        })
        .collect()
}

/// `+12%`, `-3%`, `=` against the previous window; `new` when it had nothing.
pub fn change(now: i64, before: i64) -> String {
    if before == 0 {
        return if now == 0 { "=".into() } else { "new".into() };
    }
    let pct = (now - before) as f64 * 100.0 / before as f64;
    if pct.abs() < 0.5 {
        "=".into()
    } else {
        format!("{pct:+.0}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(-1_234_567), "-1,234,567");
    }

    #[test]
    fn durations_and_ages_read_short() {
        assert_eq!(short_ms(850), "850ms");
        assert_eq!(short_ms(1_250), "1.2s");
        assert_eq!(short_ms(184_000), "3m4s");
        assert_eq!(ago(100_000, 40_000), "1m");
        assert_eq!(ago(100_000, 95_000), "5s");
        assert_eq!(ago(100_000, 0), "-");
        assert_eq!(clock(3_723_000), "01:02:03");
        assert_eq!(countdown(100_000, 352_000), "in 4m12s");
        assert_eq!(countdown(100_000, 100_500), "now");
        assert_eq!(countdown(100_000, 88_000), "overdue 12s");
        assert_eq!(countdown(100_000, 0), "-");
        assert_eq!(relative(100_000, 142_000), "in 42s");
        assert_eq!(relative(100_000, 40_000), "1m ago");
        assert_eq!(relative(100_000, 0), "-");
    }

    #[test]
    fn sparklines_scale_to_the_peak_and_changes_read_as_percent() {
        assert_eq!(sparkline(&[0, 1, 4, 8]), " ▁▄█");
        assert_eq!(sparkline(&[]), "");
        assert_eq!(change(12, 10), "+20%");
        assert_eq!(change(5, 10), "-50%");
        assert_eq!(change(3, 0), "new");
        assert_eq!(change(0, 0), "=");
    }

    #[test]
    fn one_line_cuts_with_an_ellipsis() {
        assert_eq!(one_line("short", 10), "short");
        assert_eq!(one_line("a long line of text", 6), "a lon…");
        assert_eq!(one_line("first\nsecond", 20), "first…");
    }
}
