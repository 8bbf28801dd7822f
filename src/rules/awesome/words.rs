//! Word helpers the `awesome-*` rules share: letters with case, CJK text,
//! words that name a kind of thing, headings by name.

/// Han, kana and the CJK punctuation and full-width blocks.
pub(crate) fn is_cjk(c: char) -> bool {
    // Asked of every character of many texts, most of them below the
    // first block: one comparison says no to those.
    let c = c as u32;
    c >= 0x3000
        && matches!(c,
        0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// Words that name a kind of thing, not a person, a publisher or a
/// project (`Library`, `Blog`, `SDK`), lower-cased, singular and sorted.
const KINDS: &[&str] = &[
    "access",
    "actor",
    "analyzer",
    "api",
    "app",
    "application",
    "archive",
    "benchmark",
    "binding",
    "bitmap",
    "blog",
    "channel",
    "classifier",
    "cli",
    "client",
    "cms",
    "component",
    "container",
    "controller",
    "corpus",
    "course",
    "database",
    "dataset",
    "dictionary",
    "download",
    "driver",
    "editor",
    "emulator",
    "engine",
    "extension",
    "framework",
    "game",
    "gateway",
    "generator",
    "homepage",
    "icon",
    "implementation",
    "interface",
    "language",
    "libraries",
    "library",
    "manager",
    "mode",
    "model",
    "module",
    "notation",
    "orm",
    "page",
    "parser",
    "plugin",
    "processor",
    "protocol",
    "scanner",
    "sdk",
    "server",
    "solution",
    "stemmer",
    "system",
    "testing",
    "tokenizer",
    "tool",
    "toolbox",
    "toolkit",
    "vpn",
    "wrapper",
];

/// Whether lower-cased `word` names a kind of thing (`library`,
/// `wrappers`, `sdk`).
pub(crate) fn names_a_kind(word: &str) -> bool {
    KINDS.binary_search(&word).is_ok()
        || word
            .strip_suffix('s')
            .is_some_and(|w| KINDS.binary_search(&w).is_ok())
}

/// `text` without emoji shortcodes (`:anger: Contents` → ` Contents`).
fn without_shortcodes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(':') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(':') {
        let after = &rest[i + 1..];
        let n = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(after.len());
        if n > 0 && after[n..].starts_with(':') {
            out.push_str(&rest[..i]);
            rest = &after[n + 1..];
        } else {
            out.push_str(&rest[..=i]);
            rest = after;
        }
    }
    out.push_str(rest);
    out.into()
}

/// Headings whose text (lower-cased, without emoji or punctuation around
/// it) is one of `names`.
pub(crate) fn heading_is(text: &str, names: &[&str]) -> bool {
    let t = normalize_title(text);
    names.iter().any(|n| t == *n)
}

/// A heading's text lower-cased, without emoji, punctuation and spaces
/// around it, inner runs of spaces collapsed.
pub(crate) fn normalize_title(text: &str) -> String {
    let text = without_shortcodes(text);
    let t = text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_sorted() {
        assert!(KINDS.windows(2).all(|w| w[0] < w[1]));
        assert!(names_a_kind("libraries") && names_a_kind("wrappers") && !names_a_kind("reda"));
    }

    #[test]
    fn heading_names() {
        assert!(heading_is("🤝 Contributing", &["contributing"]));
        assert!(heading_is("Related  Lists", &["related lists"]));
        assert!(!heading_is("Contributing guide", &["contributing"]));
        assert!(heading_is(
            ":anger: \u{a0}Table of Contents",
            &["table of contents"]
        ));
        assert!(heading_is("Time: 10:30", &["time: 10:30"]));
    }
}
