//! `awesome-spelling`: well-known names misspelled (`Javascript` →
//! `JavaScript`), from `rules/data/spelling.txt`.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

use crate::document::slug::slug;
use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-spelling"),
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Awesome,
    summary: "well-known names misspelled (`Javascript` → `JavaScript`)",
    doc: include_str!("../../../rules/awesome-spelling.md"),
};

pub struct AwesomeSpelling;

/// Wrong form → right form. Looked up for every word of the text, so
/// with a cheaper hash than the default one, whose resistance to chosen
/// collisions a fixed table does not need.
static SPELLING: LazyLock<FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    include_str!("../../../rules/data/spelling.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once("->"))
        .map(|(wrong, right)| (wrong.trim(), right.trim()))
        .collect()
});

/// A name written all in lower case, reported in running text only: its
/// right form, and words of another meaning of it
/// (`python` the snake).
struct Lowercase {
    right: &'static str,
    other: Vec<&'static str>,
}

/// Lower-case form → its right form and other meaning.
static LOWERCASE: LazyLock<FxHashMap<&'static str, Lowercase>> = LazyLock::new(|| {
    include_str!("../../../rules/data/spelling-prose.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (wrong, rest) = l.split_once("->")?;
            let (right, other) = rest.split_once('|').unwrap_or((rest, ""));
            Some((
                wrong.trim(),
                Lowercase {
                    right: right.trim(),
                    other: other.split_whitespace().collect(),
                },
            ))
        })
        .collect()
});

/// The first bytes and lengths of the words the two tables hold: most
/// words of a text have none of them, and are ruled out without hashing.
struct KeyShapes {
    /// By first byte, a bit for each length (63 for any longer).
    lengths: [u64; 256],
}

impl KeyShapes {
    fn bit(word: &str) -> Option<(usize, u64)> {
        let first = *word.as_bytes().first()?;
        Some((usize::from(first), 1u64 << word.len().min(63)))
    }

    /// Whether a word of `len` bytes that starts with byte `first` may be
    /// a key of [`SPELLING`] or [`LOWERCASE`].
    fn may_hold(&self, first: u8, len: usize) -> bool {
        self.lengths[usize::from(first)] & (1u64 << len.min(63)) != 0
    }
}

static KEY_SHAPES: LazyLock<KeyShapes> = LazyLock::new(|| {
    let mut shapes = KeyShapes { lengths: [0; 256] };
    for key in SPELLING.keys().chain(LOWERCASE.keys()) {
        if let Some((first, bit)) = KeyShapes::bit(key) {
            shapes.lengths[first] |= bit;
        }
    }
    shapes
});

/// Words that make the next one a package, a module or a command, not the
/// product: `pip install django`, `import numpy`, `Package sqlite is`.
const PACKAGE_WORDS: &[&str] = &["import", "install", "package", "require", "uninstall"];

/// How far around a lower-case name its other meaning is looked for, in
/// words.
const CONTEXT_WORDS: usize = 4;

/// The right form of `word`, a name written all in lower case, when it
/// means the name: not after `install` or `import`, not as a `:shortcode:`
/// or a `[tag]`, and not among words of another meaning of it (`ball
/// python`, `python snakes`). `before` and `after` are the text around it
/// on its line.
pub(crate) fn lowercase_name(before: &str, word: &str, after: &str) -> Option<&'static str> {
    let entry = LOWERCASE.get(word)?;
    // Joined to a path or a list of alternatives (`vuejs/vue-cli`,
    // `mongodb/mongo-go-driver`), a `plugin:github:` key, a tag
    // (`[python]`) or a name that goes on (`php[architect]`).
    if before.ends_with(['/', ':', '['])
        || after.starts_with(['/', '[', '('])
        || after.starts_with(':') && !after[1..].starts_with(char::is_whitespace)
    {
        return None;
    }
    // The sentence around the word, a few words each side.
    let before = before
        .rsplit(['.', '!', '?', '。'])
        .next()
        .unwrap_or(before);
    let after = after.split(['.', '!', '?', '。']).next().unwrap_or(after);
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let previous: Vec<String> = before
        .split_whitespace()
        .rev()
        .take(CONTEXT_WORDS)
        .map(clean)
        .collect();
    if previous
        .first()
        .is_some_and(|w| PACKAGE_WORDS.contains(&w.as_str()))
    {
        return None;
    }
    let next = after.split_whitespace().take(CONTEXT_WORDS).map(clean);
    let other = previous
        .iter()
        .cloned()
        .chain(next)
        .any(|w| entry.other.contains(&w.as_str()));
    (!other).then_some(entry.right)
}

impl Rule for AwesomeSpelling {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        // Text runs never include code, link text or destinations; bare
        // URLs are in them, so their spans are skipped.
        let bare = BareUrls::of(doc);
        let in_bare = |at: usize| bare.contain(at);
        let in_heading = |at: usize| {
            let i = doc.headings.partition_point(|h| h.span.start <= at);
            i > 0 && doc.headings[i - 1].span.contains(&at)
        };
        let mut found: Vec<(crate::source::Span, &str, &'static str)> = Vec::new();
        for run in &doc.text_runs {
            for (span, word) in words(doc.text, run) {
                let right = match SPELLING.get(word) {
                    Some(&right) => right,
                    // A heading that is only the name is a tag (`## sqlite`
                    // in a list of notes filed by topic).
                    None if LOWERCASE.contains_key(word)
                        && !(in_heading(span.start) && heading_is_only(doc, span.start, word)) =>
                    {
                        let line = doc.lines.line_span(doc.text, doc.lines.line_of(span.start));
                        let before = &doc.text[line.start.max(run.start)..span.start];
                        let after = &doc.text[span.end..line.end.min(run.end).max(span.end)];
                        match lowercase_name(before, word, after) {
                            Some(right) => right,
                            None => continue,
                        }
                    }
                    None => continue,
                };
                if !in_bare(span.start) {
                    found.push((span, word, right));
                }
            }
        }
        let mut written: FxHashMap<&str, usize> = FxHashMap::default();
        for (_, word, _) in &found {
            *written.entry(word).or_default() += 1;
        }
        let mut right_written: FxHashMap<&str, usize> = FxHashMap::default();
        for (span, word, right) in found {
            let mut d = Diagnostic::new(
                META.id,
                span.clone(),
                format!("{} is spelled {}", code(word), code(right)),
            );
            let wrong_count = written[word];
            let right_count = if wrong_count >= OWN_SPELLING_MIN {
                *right_written
                    .entry(right)
                    .or_insert_with(|| count_written(doc, right))
            } else {
                0
            };
            // In a heading, a fix that changes its anchor would break
            // the links to it (`Stackoverflow` → `Stack Overflow`).
            if in_heading(span.start) && slug(word) != slug(right) {
                d = d.with_note("no automatic fix in a heading: its anchor would change");
            } else if own_spelling(wrong_count, right_count) {
                // The list's own way of writing the name: fixing it is
                // the maintainer's call, not an unattended one.
                d = d
                    .with_note(format!(
                        "the list writes {} {wrong_count} times and {} {right_count}: \
                         its own spelling, so the fix is unsafe",
                        code(word),
                        code(right)
                    ))
                    .with_fix(Fix::unsafe_(
                        format!("write {}", code(right)),
                        vec![Edit::replace(span, right)],
                    ));
            } else {
                d = d.with_fix(Fix::safe(
                    format!("write {}", code(right)),
                    vec![Edit::replace(span, right)],
                ));
            }
            out.push(d);
        }
    }
}

/// How often a misspelling must be written for it to count as the list's
/// own spelling, with at least three times in four of the name's uses (the
/// share the style rules call consistent).
const OWN_SPELLING_MIN: usize = 3;

fn own_spelling(wrong: usize, right: usize) -> bool {
    wrong >= OWN_SPELLING_MIN && right <= wrong / 3
}

/// How often `right` is written in the document's prose, as a whole word.
fn count_written(doc: &crate::document::Document<'_>, right: &str) -> usize {
    let text = doc.text;
    // One searcher for all the runs: building it costs more than most
    // runs take to search.
    let finder = memchr::memmem::Finder::new(right);
    doc.text_runs
        .iter()
        .map(|run| {
            let s = &text[run.clone()];
            finder
                .find_iter(s.as_bytes())
                .filter(|&at| {
                    let before = s[..at].chars().next_back();
                    let after = s[at + right.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                })
                .count()
        })
        .sum()
}

/// Whether the heading at `at` reads `word` and nothing else.
fn heading_is_only(doc: &crate::document::Document<'_>, at: usize, word: &str) -> bool {
    let i = doc.headings.partition_point(|h| h.span.start <= at);
    i > 0 && doc.headings[i - 1].text.trim() == word
}

/// The words of a text run that stand on their own and may be in the
/// tables (see [`KeyShapes`]): letters and digits,
/// with inner dots (`Node.JS`), not touching a path, handle, hashtag,
/// file name or hyphenated name (`@Github`, `#Javascript`, `Youtube-dl`,
/// `Github.com`). Alternatives joined by slashes are words
/// (`Typescript/JavaScript`, `RHEL/Centos`), and so is a Latin word
/// written between Chinese or Japanese characters (`超轻MacOS实用工具`).
fn words<'t>(
    text: &'t str,
    run: &crate::source::Span,
) -> impl Iterator<Item = (crate::source::Span, &'t str)> {
    let s = &text[run.clone()];
    let bytes = s.as_bytes();
    let mut i = 0;
    let shapes: &KeyShapes = &KEY_SHAPES;
    // The character at `at` and its length, read from the byte where text
    // is ASCII (most of it).
    let char_at = |at: usize| match bytes.get(at) {
        Some(&b) if b.is_ascii() => Some((char::from(b), 1)),
        Some(_) => s[at..].chars().next().map(|c| (c, c.len_utf8())),
        None => None,
    };
    std::iter::from_fn(move || {
        while i < s.len() {
            // Every byte of the text passes here: ASCII is told apart by
            // the byte, other characters are decoded.
            while let Some(&b) = bytes.get(i)
                && BETWEEN_WORDS[usize::from(b)]
            {
                i += 1;
            }
            let Some(&b) = bytes.get(i) else {
                break;
            };
            if !b.is_ascii() {
                let (c, n) = char_at(i)?;
                if !is_word_char(c) {
                    i += n;
                    continue;
                }
            }
            let start = i;
            let mut end = i;
            let mut at = i;
            loop {
                let from = at;
                while let Some(&b) = bytes.get(at)
                    && IN_WORDS[usize::from(b)]
                {
                    at += 1;
                }
                if at > from {
                    end = at;
                }
                match bytes.get(at) {
                    // An inner dot, when a letter or digit follows.
                    Some(b'.') if char_at(at + 1).is_some_and(|(n, _)| n.is_alphanumeric()) => {
                        at += 1;
                    }
                    Some(b) if !b.is_ascii() => match char_at(at) {
                        Some((ch, n)) if is_word_char(ch) => {
                            at += n;
                            end = at;
                        }
                        _ => break,
                    },
                    _ => break,
                }
            }
            i = end;
            // Most words are in neither table: ruled out before their
            // neighbours are read.
            if !shapes.may_hold(bytes[start], end - start) {
                continue;
            }
            let before = s[..start].chars().next_back();
            let after = s[end..].chars().next();
            let joined = |c: Option<char>| {
                c.is_some_and(|c| {
                    matches!(
                        c,
                        '-' | '_' | '/' | '\\' | '@' | '#' | '$' | '~' | '.' | '+' | '='
                    )
                })
            };
            // A dot after the word ends a sentence unless a word follows.
            let after_joined = match after {
                Some('.') => bytes
                    .get(end + 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'/'),
                other => joined(other),
            };
            let alternatives =
                (before == Some('/') || after == Some('/')) && slash_alternatives(s, start, end);
            if !alternatives && (joined(before) || after_joined) {
                continue;
            }
            return Some((run.start + start..run.start + end, &s[start..end]));
        }
        None
    })
}

/// ASCII letters and digits, by byte.
const IN_WORDS: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The other ASCII bytes, by byte: what lies between words.
const BETWEEN_WORDS: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = !IN_WORDS[b];
        b += 1;
    }
    t
};

/// A letter or digit of a word that may be misspelled: Chinese and
/// Japanese characters are not, so a name glued to them stands alone.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // The cheap test first: much of the text beyond ASCII is Chinese or
    // Japanese.
    !crate::rules::awesome::is_cjk(c) && c.is_alphanumeric()
}

/// Whether the slash-joined token around `s[start..end]` lists
/// alternatives (`Typescript/JavaScript`, `sync/async/websocket`) rather
/// than naming a path or URL (`/usr/Github`, `docs/Github.md`): two to
/// five plain words, neither starting nor ending with a slash.
fn slash_alternatives(s: &str, start: usize, end: usize) -> bool {
    let part = |c: char| is_word_char(c) || matches!(c, '/' | '+' | '#' | '-' | '.' | '_' | '~');
    let from = s[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| !part(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = s[end..]
        .find(|c: char| !part(c))
        .map_or(s.len(), |i| end + i);
    let token = s[from..to].trim_end_matches('.');
    let parts: Vec<&str> = token.split('/').collect();
    // `SublimeText/LaTeXTools`: an owner and a repository, written as
    // their owners write them.
    let repository = parts.len() == 2
        && parts
            .iter()
            .any(|p| p.chars().skip(1).filter(|c| c.is_uppercase()).count() >= 3);
    !repository
        && (2..=5).contains(&parts.len())
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| is_word_char(c) || matches!(c, '+' | '#' | '-'))
        })
}

#[cfg(test)]
mod tests {
    use super::SPELLING;
    use crate::rules::test_support::{check, fixed, spans};

    const ID: &str = "awesome-spelling";

    #[test]
    fn the_table_loads_and_never_maps_a_word_to_itself() {
        assert!(SPELLING.len() > 50);
        for (wrong, right) in SPELLING.iter() {
            assert_ne!(wrong, right);
            assert!(!SPELLING.contains_key(right), "{right} is also wrong");
        }
    }

    #[test]
    fn misspelled_names_in_text_are_fixed() {
        let md = "# Awesome X\n\n- [a](https://a) - A Javascript and Nodejs library for Github's API, on MacOS.\n";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["Javascript", "Nodejs", "Github", "MacOS"]);
        assert_eq!(d[0].message, "`Javascript` is spelled `JavaScript`");
        assert_eq!(
            fixed(ID, md),
            "# Awesome X\n\n- [a](https://a) - A JavaScript and Node.js library for GitHub's API, on macOS.\n"
        );
    }

    #[test]
    fn code_links_urls_and_names_are_left_alone() {
        let md = "\
# Awesome X

- [Javascript Garden](https://github.com/Github/Javascript) - See `Javascript` and https://example.org/Javascript/Github.
- [b](https://b) - The GITHUB and Github.com forms, `javascript`, @Github, #Javascript, Youtube-dl, Nodejs_bindings.
- [c](https://c) - On <https://Github.com>.

```
Javascript
```
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn a_heading_is_not_fixed_when_its_anchor_would_change() {
        let md = "# Awesome X\n\n## Stackoverflow answers\n\n## Javascript\n";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["Stackoverflow", "Javascript"]);
        assert!(d[0].fix.is_none());
        assert!(d[1].fix.is_some());
    }

    #[test]
    fn names_glued_to_slashes_or_cjk_text_are_words() {
        let md = "# Awesome X\n\n- [a](https://a) - Compiles Go to Javascript/C++/C#, for RHEL/Centos and Typescript/JavaScript.\n- [b](https://b) - 一个超轻MacOS实用工具，适用于MacOS/iOS。\n- [c](https://c) - See /usr/Javascript, Github/x.js, ~/Github and docs/Github.md.\n- [d](https://d) - Plugin from SublimeText/LaTeXTools.\n";
        let d = check(ID, md);
        assert_eq!(
            spans(md, &d),
            ["Javascript", "Typescript", "MacOS", "MacOS"],
            "{d:?}"
        );
    }

    #[test]
    fn a_word_at_the_end_of_a_sentence_is_still_a_word() {
        let md = "- [a](https://a) - Runs on Github.\n";
        assert_eq!(fixed(ID, md), "- [a](https://a) - Runs on GitHub.\n");
    }
}
