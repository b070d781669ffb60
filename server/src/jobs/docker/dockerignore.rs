//! The build context's `.dockerignore`, read and matched by Docker's own rules (moby's
//! `patternmatcher` and `ignorefile`, which the Docker CLI applies before it sends a context),
//! so a job's context holds what `docker build` would have sent:
//!
//! - one pattern a line; a UTF-8 BOM at the start is dropped; a line starting with `#` is a
//!   comment; blank lines are skipped; surrounding spaces are trimmed;
//! - `!` makes an exception (a later pattern wins over an earlier one);
//! - each pattern is cleaned as a path (`a//b/./c/` is `a/b/c`, `..` resolved) and a leading
//!   `/` dropped: patterns are relative to the context's root;
//! - `*` is any run of characters but `/`, `?` one such character, `[…]` a class, `\` escapes
//!   the next character, `**` any number of directories (zero included);
//! - a path is excluded when the last pattern matching it or one of its parent directories is
//!   not an exception.
//!
//! The matching is ported as Docker has it, its shortcuts included (a pattern without
//! wildcards compares whole paths; `foo/**` is a prefix; `**foo` a suffix), since the few
//! places they differ from the regular expression are what Docker users see.

use regex::Regex;

/// The `.dockerignore` at the root of a context.
pub(crate) const FILE_NAME: &str = ".dockerignore";

/// The patterns of one `.dockerignore`, in order.
#[derive(Debug)]
pub(crate) struct Ignore {
    patterns: Vec<Pattern>,
}

#[derive(Debug)]
struct Pattern {
    /// The cleaned pattern, without its `!`.
    text: String,
    exception: bool,
    how: Match,
}

#[derive(Debug)]
enum Match {
    /// No wildcard: the path is the pattern.
    Exact,
    /// `foo**` (or `foo/**`): the path starts with what is before the `**`.
    Prefix(String),
    /// `**` then no wildcard: the path ends with what follows (`**/foo` also matches `foo`).
    Suffix(String),
    Regex(Regex),
}

impl Ignore {
    /// Reads `.dockerignore`'s text as Docker's `ignorefile.ReadAll` and `patternmatcher.New`
    /// do; a malformed pattern is an error naming its line, as `docker build` refuses it.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut patterns = Vec::new();
        for (n, line) in text.lines().enumerate() {
            // Docker tests for `#` before trimming: ` #x` is a pattern.
            if line.starts_with('#') {
                continue;
            }
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let (exception, rest) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            if rest.is_empty() {
                return Err(format!(
                    "{FILE_NAME} line {}: illegal exclusion pattern \"!\"",
                    n + 1
                ));
            }
            let mut text = clean(rest);
            if text.len() > 1 && text.starts_with('/') {
                text.remove(0);
            }
            let how = compile(&text)
                .map_err(|e| format!("{FILE_NAME} line {}: bad pattern {text:?}: {e}", n + 1))?;
            patterns.push(Pattern {
                text,
                exception,
                how,
            });
        }
        Ok(Self { patterns })
    }

    /// Whether `path` (relative to the context, `/`-separated) is left out: the last pattern
    /// matching it or one of its parents decides (moby's `MatchesOrParentMatches`).
    pub(crate) fn excludes(&self, path: &str) -> bool {
        let parents: Vec<&str> = match path.rfind('/') {
            Some(end) => path[..end].split('/').collect(),
            None => Vec::new(),
        };
        let mut matched = false;
        for pattern in &self.patterns {
            // An inclusion cannot change a match, nor an exception a non-match.
            if pattern.exception != matched {
                continue;
            }
            let hit = pattern.matches(path)
                || (1..=parents.len()).any(|i| pattern.matches(&parents[..i].join("/")));
            if hit {
                matched = !pattern.exception;
            }
        }
        matched
    }

    /// Whether an excluded directory must still be walked because an exception names a path
    /// below it (as Docker's archiver decides: by the exception's text, not by matching).
    pub(crate) fn may_include_below(&self, dir: &str) -> bool {
        let dir = format!("{dir}/");
        self.patterns
            .iter()
            .any(|p| p.exception && format!("{}/", p.text).starts_with(&dir))
    }
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        match &self.how {
            Match::Exact => path == self.text,
            Match::Prefix(prefix) => path.starts_with(prefix.as_str()),
            Match::Suffix(suffix) => {
                path.ends_with(suffix.as_str())
                    || suffix.strip_prefix('/').is_some_and(|rest| path == rest)
            }
            Match::Regex(re) => re.is_match(path),
        }
    }
}

/// moby's `Pattern.compile`: the pattern as a regular expression, or one of its shortcuts.
fn compile(pattern: &str) -> Result<Match, String> {
    #[derive(PartialEq)]
    enum Kind {
        Exact,
        Prefix,
        Suffix,
        Regex,
    }
    let mut re = String::from("^");
    let mut kind = Kind::Exact;
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    let mut first = true;
    while i < chars.len() {
        let ch = chars[i];
        i += 1;
        match ch {
            '*' if chars.get(i) == Some(&'*') => {
                i += 1;
                // `**/` is `**`: the slash is eaten.
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                if i == chars.len() {
                    if kind == Kind::Exact {
                        kind = Kind::Prefix;
                    } else {
                        re.push_str(".*");
                        kind = Kind::Regex;
                    }
                } else {
                    re.push_str("(.*/)?");
                    kind = Kind::Regex;
                }
                if first {
                    kind = Kind::Suffix;
                }
            }
            '*' => {
                re.push_str("[^/]*");
                kind = Kind::Regex;
            }
            '?' => {
                re.push_str("[^/]");
                kind = Kind::Regex;
            }
            '.' | '+' | '(' | ')' | '|' | '{' | '}' | '$' => {
                re.push('\\');
                re.push(ch);
            }
            '\\' => match chars.get(i) {
                Some(&next) => {
                    i += 1;
                    re.push_str(&regex::escape(&next.to_string()));
                    kind = Kind::Regex;
                }
                // Go's `filepath.Match`, which Docker asks first, refuses it.
                None => return Err("a trailing backslash escapes nothing".into()),
            },
            '[' | ']' => {
                re.push(ch);
                kind = Kind::Regex;
            }
            _ => re.push(ch),
        }
        first = false;
    }
    re.push('$');
    // Compiled whatever the shortcut, so a malformed class is refused as Docker refuses it.
    let compiled = Regex::new(&re).map_err(|e| e.to_string())?;
    Ok(match kind {
        Kind::Exact => Match::Exact,
        Kind::Prefix => Match::Prefix(pattern[..pattern.len() - 2].to_owned()),
        Kind::Suffix => Match::Suffix(pattern[2..].to_owned()),
        Kind::Regex => Match::Regex(compiled),
    })
}

/// Go's `filepath.Clean` for `/`-separated paths.
fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignore(text: &str) -> Ignore {
        Ignore::parse(text).unwrap()
    }

    #[test]
    fn paths_are_cleaned_as_go_cleans_them() {
        for (path, want) in [
            ("a//b/./c/", "a/b/c"),
            ("./a", "a"),
            ("a/../b", "b"),
            ("../a", "../a"),
            ("/../a", "/a"),
            ("/", "/"),
            (".", "."),
            ("a/..", "."),
        ] {
            assert_eq!(clean(path), want, "{path}");
        }
    }

    /// Cases from moby's patternmatcher tests (`TestMatches`) and Docker's documentation.
    #[test]
    fn patterns_match_as_docker_matches_them() {
        let table: &[(&str, &str, bool)] = &[
            ("**", "file", true),
            ("**", "file/", true),
            ("**/", "file", true),
            ("**/", "file/", true),
            ("**", "/", true),
            ("**/", "/", true),
            ("**", "dir/file", true),
            ("**/", "dir/file", true),
            ("**", "dir/file/", true),
            ("**/", "dir/file/", true),
            ("**/**", "dir/file", true),
            ("**/**", "dir/file/", true),
            ("dir/**", "dir/file", true),
            ("dir/**", "dir/file/", true),
            ("dir/**", "dir/dir2/file", true),
            ("dir/**", "dir/dir2/file/", true),
            ("**/dir", "dir", true),
            ("**/dir", "dir/file", true),
            ("**/dir2/*", "dir/dir2/file", true),
            ("**/dir2/*", "dir/dir2/file/", true),
            ("**/dir2/**", "dir/dir2/dir3/file", true),
            ("**/dir2/**", "dir/dir2/dir3/file/", true),
            ("**file", "file", true),
            ("**file", "dir/file", true),
            ("**/file", "dir/file", true),
            ("**file", "dir/dir/file", true),
            ("**/file", "dir/dir/file", true),
            ("**/file*", "dir/dir/file", true),
            ("**/file*", "dir/dir/file.txt", true),
            ("**/file*txt", "dir/dir/file.txt", true),
            ("**/file*.txt", "dir/dir/file.txt", true),
            ("**/file*.txt*", "dir/dir/file.txt", true),
            ("**/**/*.txt", "dir/dir/file.txt", true),
            ("**/**/*.txt2", "dir/dir/file.txt", false),
            ("**/*.txt", "file.txt", true),
            ("**/**/*.txt", "file.txt", true),
            ("a**/*.txt", "a/file.txt", true),
            ("a**/*.txt", "a/dir/file.txt", true),
            ("a**/*.txt", "a/dir/dir/file.txt", true),
            ("a/*.txt", "a/dir/file.txt", false),
            ("a/*.txt", "a/file.txt", true),
            ("a/*.txt**", "a/file.txt", true),
            ("a[b-d]e", "ae", false),
            ("a[b-d]e", "ace", true),
            ("a[b-d]e", "aae", false),
            ("a[^b-d]e", "aze", true),
            (".*", ".foo", true),
            (".*", "foo", false),
            ("abc.def", "abcdef", false),
            ("abc.def", "abc.def", true),
            ("abc.def", "abcZdef", false),
            ("abc?def", "abcZdef", true),
            ("abc?def", "abcdef", false),
            ("a\\\\", "a\\", true),
            ("**/foo/bar", "foo/bar", true),
            ("**/foo/bar", "dir/foo/bar", true),
            ("**/foo/bar", "dir/dir2/foo/bar", true),
            ("abc/**", "abc", false),
            ("abc/**", "abc/def", true),
            ("abc/**", "abc/def/ghi", true),
            ("**/.foo", ".foo", true),
            ("**/.foo", "bar.foo", false),
            ("a(b)c/def", "a(b)c/def", true),
            ("a(b)c/def", "a(b)c/xyz", false),
            ("a.|)$(}+{bc", "a.|)$(}+{bc", true),
            (
                "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
                "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
                true,
            ),
            // Docker's suffix shortcut: `**foo` is any path ending in foo.
            ("**foo", "barfoo", true),
            ("*.md", "README.md", true),
            ("*.md", "docs/README.md", false),
            ("*/*.md", "docs/README.md", true),
            ("/secret.txt", "secret.txt", true),
            ("./secret.txt", "secret.txt", true),
            ("secret.txt/", "secret.txt", true),
        ];
        for (pattern, path, want) in table {
            let got = ignore(pattern).excludes(path);
            assert_eq!(got, *want, "{pattern:?} against {path:?}");
        }
    }

    #[test]
    fn a_directory_excludes_what_is_below_it_and_later_exceptions_win() {
        let i = ignore("# build output\n\ntarget\n*.log\n!keep.log\n  !  docs/important.log  \n");
        assert!(i.excludes("target"));
        assert!(i.excludes("target/debug/app"));
        assert!(i.excludes("app.log"));
        assert!(!i.excludes("keep.log"));
        assert!(!i.excludes("docs/notes.log"), "*.log is top level only");
        assert!(!i.excludes("src/main.rs"));
        assert!(!i.excludes("# build output"));

        // An exception, then a later pattern that excludes again.
        let i = ignore("*\n!src\nsrc/secret\n");
        assert!(i.excludes("Dockerfile"));
        assert!(!i.excludes("src"));
        assert!(!i.excludes("src/main.rs"));
        assert!(i.excludes("src/secret"));
        assert!(i.excludes("src/secret/key"));

        // A comment only at the start of the line; a BOM is dropped.
        let i = ignore("\u{feff}a\n #b\n");
        assert!(i.excludes("a"));
        assert!(i.excludes("#b"));
    }

    #[test]
    fn only_an_exception_naming_a_path_below_keeps_an_excluded_directory_walked() {
        let i = ignore("vendor\n!vendor/keep\n");
        assert!(i.excludes("vendor"));
        assert!(i.may_include_below("vendor"));
        assert!(!i.excludes("vendor/keep"));
        assert!(i.excludes("vendor/other"));
        assert!(!i.may_include_below("other"));
        let i = ignore("vendor\n!**/keep\n");
        assert!(!i.may_include_below("vendor"));
    }

    #[test]
    fn malformed_patterns_are_refused_with_their_line() {
        for text in ["ok\n!\n", "a[\n", "x\\"] {
            let e = Ignore::parse(text).unwrap_err();
            assert!(e.contains(FILE_NAME) && e.contains("line"), "{text:?}: {e}");
        }
        assert!(Ignore::parse("").unwrap().patterns.is_empty());
        assert!(!ignore("# only a comment\n").excludes("anything"));
    }
}
