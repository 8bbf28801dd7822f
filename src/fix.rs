//! Fixes as data: byte-range edits with an applicability.

use crate::source::Span;

/// Whether a fix may change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Never changes meaning; applied by `fix`.
    Safe,
    /// May change meaning (a link target); needs `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Self {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self {
            span: at..at,
            replacement: text.into(),
        }
    }

    pub fn delete(span: Span) -> Self {
        Self {
            span,
            replacement: String::new(),
        }
    }
}

/// How a fix changes the way the file is written rather than its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rewrite {
    /// Write the decoded text as UTF-8.
    Utf8,
    /// Write it without the byte-order mark.
    WithoutBom,
}

/// A set of edits that applies whole or not at all.
#[derive(Debug, Clone)]
pub struct Fix {
    /// Imperative: "renumber from 3", "remove `utm_source`".
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
    /// A fix without edits that changes how the file is written.
    pub rewrite: Option<Rewrite>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            title: title.into(),
            applicability: Applicability::Safe,
            edits,
            rewrite: None,
        }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            title: title.into(),
            applicability: Applicability::Unsafe,
            edits,
            rewrite: None,
        }
    }

    /// A safe fix that changes how the file is written, not its text.
    pub fn rewrite(title: impl Into<String>, rewrite: Rewrite) -> Self {
        Self {
            title: title.into(),
            applicability: Applicability::Safe,
            edits: Vec::new(),
            rewrite: Some(rewrite),
        }
    }
}

/// Applies non-overlapping edits of the given fixes to `text`; a fix whose
/// edits overlap an earlier accepted one is skipped whole. Returns the new
/// text and how many fixes were applied.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let applied = apply_edits(text, fixes);
    (applied.text, applied.fixes)
}

/// What [`apply_edits`] did.
pub struct Applied<'f> {
    pub text: String,
    /// How many fixes were applied.
    pub fixes: usize,
    /// The edits applied, in text order (spans in the old text).
    pub edits: Vec<&'f Edit>,
}

/// [`apply`], also saying which edits were made.
pub fn apply_edits<'f>(text: &str, fixes: &[&'f Fix]) -> Applied<'f> {
    if let Some(edits) = in_order(fixes) {
        return Applied {
            text: splice(text, &edits),
            fixes: fixes.len(),
            edits,
        };
    }
    let mut accepted: Vec<&Edit> = Vec::new();
    // Accepted spans, ordered: a clash is found by looking at neighbours
    // only, so applying n fixes costs n log n.
    let mut taken: std::collections::BTreeSet<(usize, usize)> = std::collections::BTreeSet::new();
    let clashes = |taken: &std::collections::BTreeSet<(usize, usize)>, e: &Span| -> bool {
        let (s, end) = (e.start, e.end);
        if s == end {
            // An insertion clashes with one at the same place or inside a replaced span.
            return taken.contains(&(s, s))
                || taken
                    .range(..(s, usize::MAX))
                    .next_back()
                    .is_some_and(|&(a, b)| a < s && s < b);
        }
        // Something starting inside (an empty span at `s` is fine)…
        if taken.range((s, s + 1)..(end, 0)).next().is_some() {
            return true;
        }
        // …or a span from before that reaches into it.
        taken
            .range(..(s, s))
            .next_back()
            .is_some_and(|&(_, b)| b > s)
    };
    let mut applied = 0;
    for fix in fixes {
        // A fix's own edits never overlap (each rule makes them so).
        if fix.edits.iter().any(|e| clashes(&taken, &e.span)) {
            continue;
        }
        applied += 1;
        for e in &fix.edits {
            taken.insert((e.span.start, e.span.end));
            accepted.push(e);
        }
    }
    accepted.sort_by_key(|e| (e.span.start, e.span.end));
    Applied {
        text: splice(text, &accepted),
        fixes: applied,
        edits: accepted,
    }
}

/// The edits of all `fixes`, when they come in text order and none
/// clashes with the one before (the common case: one rule's fixes, sorted
/// by start): then every fix applies and no clash search is needed.
fn in_order<'f>(fixes: &[&'f Fix]) -> Option<Vec<&'f Edit>> {
    let mut edits: Vec<&Edit> = Vec::new();
    let mut prev: Option<&Edit> = None;
    for e in fixes.iter().flat_map(|f| &f.edits) {
        if let Some(p) = prev {
            // Starts before the previous edit ends, or a second insertion
            // at the same place: leave it to the clash search.
            let empty_twice =
                p.span.is_empty() && e.span.is_empty() && p.span.start == e.span.start;
            if e.span.start < p.span.end || empty_twice {
                return None;
            }
        }
        edits.push(e);
        prev = Some(e);
    }
    Some(edits)
}

/// `text` with sorted, non-overlapping edits applied.
fn splice(text: &str, edits: &[&Edit]) -> String {
    let added: usize = edits.iter().map(|e| e.replacement.len()).sum();
    let mut out = String::with_capacity(text.len() + added);
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.replacement);
        pos = e.span.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_in_text_order_all_apply() {
        let a = Fix::safe("a", vec![Edit::insert(0, "<")]);
        let b = Fix::safe("b", vec![Edit::replace(0..1, "A")]);
        let c = Fix::safe("c", vec![Edit::delete(1..2), Edit::insert(3, "!")]);
        let d = Fix::safe("d", vec![Edit::replace(3..4, "D")]);
        let (out, n) = apply("abcd", &[&a, &b, &c, &d]);
        assert_eq!((out.as_str(), n), ("<Ac!D", 4));
    }

    #[test]
    fn clashes_out_of_order_are_still_found() {
        // A replacement, then an insertion at its start (it goes before
        // it), and the same insertion twice (the second clashes).
        let a = Fix::safe("a", vec![Edit::replace(1..3, "X")]);
        let b = Fix::safe("b", vec![Edit::insert(1, "!")]);
        let c = Fix::safe("c", vec![Edit::insert(4, "?")]);
        let d = Fix::safe("d", vec![Edit::insert(4, "?")]);
        let (out, n) = apply("abcde", &[&a, &b, &c, &d]);
        assert_eq!((out.as_str(), n), ("a!Xd?e", 3));
        // Out of text order.
        let (out, n) = apply("abcde", &[&c, &a]);
        assert_eq!((out.as_str(), n), ("aXd?e", 2));
    }

    #[test]
    fn overlapping_fixes_are_deferred_whole() {
        let a = Fix::safe(
            "a",
            vec![Edit::replace(0..3, "x"), Edit::replace(5..6, "y")],
        );
        let b = Fix::safe("b", vec![Edit::replace(2..4, "z")]);
        let c = Fix::safe("c", vec![Edit::insert(7, "!")]);
        let (out, n) = apply("abcdefgh", &[&a, &b, &c]);
        assert_eq!((out.as_str(), n), ("xdeyg!h", 2));
    }
}
