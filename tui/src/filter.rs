//! The `/` filter language: `key:value` tokens the server filters by, the rest free text the
//! dashboard matches itself (case-insensitive substring).

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(crate) keys: BTreeMap<String, String>,
    /// The words that are not `key:value`, joined by single spaces; lower-cased.
    pub(crate) text: String,
}

/// Splits `input` into known `key:value` tokens and free text. A token with an unknown key is
/// an error, so a typo does not silently match nothing.
pub(crate) fn parse(input: &str, known: &[&str]) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    let mut words = Vec::new();
    for word in input.split_whitespace() {
        match word.split_once(':') {
            Some((key, value))
                if !key.is_empty()
                    && key.chars().all(|c| c.is_ascii_alphabetic())
                    && !value.starts_with('/') =>
            {
                if !known.contains(&key) {
                    return Err(if known.is_empty() {
                        format!("unknown filter key {key:?}: this view filters by text only")
                    } else {
                        format!(
                            "unknown filter key {key:?}: this view knows {}",
                            known
                                .iter()
                                .map(|k| format!("{k}:"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                }
                if value.is_empty() {
                    return Err(format!("{key}: needs a value, like {key}:default"));
                }
                parsed.keys.insert(key.to_string(), value.to_string());
            }
            _ => words.push(word.to_lowercase()),
        }
    }
    parsed.text = words.join(" ");
    Ok(parsed)
}

/// Case-insensitive: does any of `fields` contain `needle` (already lower-case)?
pub(crate) fn matches(needle: &str, fields: &[&str]) -> bool {
    needle.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_text_are_split() {
        let p = parse(
            "queue:default  Timeout  handler:send",
            &["queue", "handler"],
        )
        .unwrap();
        assert_eq!(p.keys["queue"], "default");
        assert_eq!(p.keys["handler"], "send");
        assert_eq!(p.text, "timeout");
    }

    #[test]
    fn an_unknown_key_or_an_empty_value_is_refused() {
        let err = parse("queu:default", &["queue"]).unwrap_err();
        assert!(err.contains("queue:"), "{err}");
        assert!(
            parse("queue:", &["queue"])
                .unwrap_err()
                .contains("needs a value")
        );
        // Colons inside free text (an error message, a URL) are text.
        let p = parse("http://x 12:30", &[]).unwrap();
        assert_eq!(p.text, "http://x 12:30");
    }

    #[test]
    fn matching_ignores_case() {
        assert!(matches("time", &["Timeout exceeded"]));
        assert!(!matches("time", &["ok"]));
        assert!(matches("", &[]));
    }
}
