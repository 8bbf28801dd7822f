//! GitHub heading anchors.
//!
//! GitHub lower-cases the heading's rendered text, drops every character that
//! is not a letter, mark, number, connector punctuation, space or hyphen,
//! turns each space into `-`, and suffixes repeats with `-1`, `-2`, ….
//! Images (badges) render no text, so `# Awesome LLM [![..](..)](..)` keeps
//! its trailing space and becomes `awesome-llm-`.

use rustc_hash::FxHashSet;

/// The GitHub slug of a heading's plain text, before de-duplication.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim_matches(['\n', '\r']).chars() {
        if c.is_ascii() {
            if c == ' ' {
                out.push('-');
            } else if c == '-' || c == '_' || c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() || is_mark(c) {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Combining marks, which `is_alphanumeric` does not cover (`é` written as
/// `e` + U+0301 keeps its accent in the slug).
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957
        | 0x0962..=0x0963 | 0x0981..=0x0983 | 0x09BC..=0x09D7 | 0x0E31 | 0x0E34..=0x0E3A
        | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0x302A..=0x302F | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

/// Assigns GitHub's `-N` suffixes to repeated slugs, in document order.
#[derive(Default)]
pub struct Slugger {
    seen: FxHashSet<String>,
}

impl Slugger {
    pub fn unique(&mut self, base: String) -> String {
        if self.seen.insert(base.clone()) {
            return base;
        }
        let mut n = 1;
        loop {
            let candidate = format!("{base}-{n}");
            if self.seen.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_slugs() {
        assert_eq!(slug("Awesome LLM "), "awesome-llm-");
        assert_eq!(slug("C++ & Rust: a Tour!"), "c--rust-a-tour");
        assert_eq!(slug("Über Café"), "über-café");
        assert_eq!(slug("中文 自然语言处理"), "中文-自然语言处理");
        assert_eq!(slug("🚀 Tools"), "-tools");
        assert_eq!(slug("snake_case-name"), "snake_case-name");
    }

    #[test]
    fn repeated_headings_get_suffixes() {
        let mut s = Slugger::default();
        let got: Vec<_> = ["a", "a", "a-1", "a"]
            .iter()
            .map(|h| s.unique(slug(h)))
            .collect();
        assert_eq!(got, ["a", "a-1", "a-1-1", "a-2"]);
    }
}
