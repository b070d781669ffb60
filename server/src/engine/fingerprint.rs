//! Error fingerprints: an error text with what varies between occurrences of one cause
//! (numbers, ids, hex digests, quoted values, addresses) masked, so dead tasks can be grouped by
//! cause ("connection refused to <addr>" once, not once per port). Pure text rules.

/// Longest fingerprint kept; longer texts are cut (on a character boundary) after masking, so
/// a huge stack trace cannot make a huge group key.
pub const FINGERPRINT_MAX: usize = 256;

/// The fingerprint of `error`: runs of digits become `<n>`, UUIDs `<id>`, hex strings of 8 or
/// more characters that hold a digit `<hex>`, quoted values `"…"`/`'…'`/`` `…` `` become `<q>`,
/// IPv4 addresses (with a port) `<addr>`, and whitespace runs one space. Lower and upper case
/// are kept: `Timeout` and `timeout` may come from different code.
pub fn fingerprint(error: &str) -> String {
    let chars: Vec<char> = error.chars().collect();
    let mut out = String::with_capacity(error.len().min(FINGERPRINT_MAX));
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(end) = quoted(&chars, i) {
            out.push_str("<q>");
            i = end;
        } else if let Some(end) = uuid(&chars, i) {
            out.push_str("<id>");
            i = end;
        } else if let Some(end) = ipv4(&chars, i) {
            out.push_str("<addr>");
            i = end;
        } else if let Some(end) = hex_word(&chars, i) {
            out.push_str("<hex>");
            i = end;
        } else if c.is_ascii_digit() && !word_char_before(&chars, i) {
            let mut end = i;
            while end < chars.len() && (chars[end].is_ascii_digit() || is_number_tail(&chars, end))
            {
                end += 1;
            }
            out.push_str("<n>");
            i = end;
        } else if c.is_whitespace() {
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    let trimmed = out.trim_end();
    cut(trimmed, FINGERPRINT_MAX).to_owned()
}

/// A `.` or `_` inside a number (`1.5`, `1_000`) belongs to it.
fn is_number_tail(chars: &[char], at: usize) -> bool {
    matches!(chars[at], '.' | '_')
        && at + 1 < chars.len()
        && chars[at + 1].is_ascii_digit()
        && at > 0
        && chars[at - 1].is_ascii_digit()
}

/// Digits glued to letters (`v2`, `http2`, `x86_64`) are part of a name, not a count (a
/// digit after a digit only reaches here inside such a word: numbers are consumed whole).
fn word_char_before(chars: &[char], at: usize) -> bool {
    at > 0 && (chars[at - 1].is_alphanumeric() || chars[at - 1] == '_')
}

fn quoted(chars: &[char], at: usize) -> Option<usize> {
    let open = chars[at];
    if !matches!(open, '"' | '\'' | '`') {
        return None;
    }
    // An apostrophe inside a word (`can't`) opens nothing.
    if open == '\'' && at > 0 && chars[at - 1].is_alphanumeric() {
        return None;
    }
    let close = chars[at + 1..].iter().position(|&c| c == open)?;
    Some(at + 1 + close + 1)
}

fn hex_run(chars: &[char], at: usize) -> usize {
    chars[at..]
        .iter()
        .take_while(|c| c.is_ascii_hexdigit())
        .count()
}

fn boundary(chars: &[char], at: usize) -> bool {
    at >= chars.len() || !chars[at].is_alphanumeric()
}

fn uuid(chars: &[char], at: usize) -> Option<usize> {
    if at > 0 && chars[at - 1].is_alphanumeric() {
        return None;
    }
    let mut i = at;
    for (n, len) in [8, 4, 4, 4, 12].into_iter().enumerate() {
        if hex_run(chars, i) < len {
            return None;
        }
        i += len;
        if n < 4 {
            if chars.get(i) != Some(&'-') {
                return None;
            }
            i += 1;
        }
    }
    boundary(chars, i).then_some(i)
}

fn hex_word(chars: &[char], at: usize) -> Option<usize> {
    if at > 0 && chars[at - 1].is_alphanumeric() {
        return None;
    }
    let start = if chars[at] == '0' && matches!(chars.get(at + 1), Some('x' | 'X')) {
        at + 2
    } else {
        at
    };
    let len = hex_run(chars, start);
    let end = start + len;
    let has_digit = chars[start..end].iter().any(|c| c.is_ascii_digit());
    let prefixed = start != at;
    let long_enough = len >= 8 || (prefixed && len >= 1);
    (long_enough && (has_digit || prefixed) && boundary(chars, end)).then_some(end)
}

fn ipv4(chars: &[char], at: usize) -> Option<usize> {
    if at > 0 && (chars[at - 1].is_alphanumeric() || chars[at - 1] == '.') {
        return None;
    }
    let mut i = at;
    for octet in 0..4 {
        let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=3).contains(&digits) {
            return None;
        }
        i += digits;
        if octet < 3 {
            if chars.get(i) != Some(&'.') {
                return None;
            }
            i += 1;
        }
    }
    if chars.get(i) == Some(&':') {
        let port = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if port > 0 {
            i += 1 + port;
        }
    }
    boundary(chars, i).then_some(i)
}

fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real-looking error texts: each row's texts must share one fingerprint, and the rows'
    /// fingerprints must differ.
    const SAME_CAUSE: &[(&str, &[&str])] = &[
        (
            "dial tcp <addr>: connect: connection refused",
            &[
                "dial tcp 10.0.3.17:5432: connect: connection refused",
                "dial tcp 10.0.3.18:5433: connect:  connection refused",
            ],
        ),
        (
            "order <id> not found",
            &[
                "order 0190f3c2-7a1b-7c3d-9e8f-0123456789ab not found",
                "order 0190F3C2-7A1B-7C3D-9E8F-ABCDEF012345 not found",
            ],
        ),
        (
            "timed out after <n> ms",
            &["timed out after 10000 ms", "timed out after 2.5 ms"],
        ),
        (
            "HTTP <n> from <q>: rate limited, retry in <n>s",
            &[
                "HTTP 429 from \"https://api.example.com/v2/charge\": rate limited, retry in 30s",
                "HTTP 429 from 'https://api.example.com/v2/refund': rate limited, retry in 5s",
            ],
        ),
        (
            "blob <hex> is corrupt (crc <hex>)",
            &[
                "blob 9f86d081884c7d659a2feaa0c55ad015 is corrupt (crc 0xdeadbeef)",
                "blob 2c26b46b68ffc68ff99b453c1d304134 is corrupt (crc 0x1f)",
            ],
        ),
        (
            "user <q> can't access bucket <q>",
            &[
                "user `alice` can't access bucket `photos-2024`",
                "user `bob` can't access bucket `logs`",
            ],
        ),
    ];

    #[test]
    fn texts_of_one_cause_share_a_fingerprint_and_causes_differ() {
        let mut seen = Vec::new();
        for (want, texts) in SAME_CAUSE {
            for text in *texts {
                assert_eq!(fingerprint(text), *want, "fingerprint of {text:?}");
            }
            assert!(!seen.contains(want), "two causes share {want:?}");
            seen.push(*want);
        }
    }

    #[test]
    fn digits_inside_names_are_kept() {
        assert_eq!(
            fingerprint("http2 stream reset on s3 upload (x86_64)"),
            "http2 stream reset on s3 upload (x86_64)"
        );
        assert_eq!(fingerprint("sha256 mismatch"), "sha256 mismatch");
        // Hex-looking words without a digit are words.
        assert_eq!(fingerprint("deadbeefcafe failed"), "deadbeefcafe failed");
    }

    #[test]
    fn long_texts_are_cut_on_a_character_boundary() {
        let text = "é".repeat(400);
        let fp = fingerprint(&text);
        assert!(fp.len() <= FINGERPRINT_MAX);
        assert!(fp.chars().all(|c| c == 'é'));
        assert_eq!(fingerprint(""), "");
        assert_eq!(fingerprint("   \n "), "");
        // An unclosed quote masks nothing.
        assert_eq!(fingerprint("bad \"value"), "bad \"value");
    }
}
