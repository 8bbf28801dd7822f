//! Which anchor a link's `#fragment` names: one reading for links to a
//! place in the same file, in another Markdown file, in a table of
//! contents and on a web page.
//!
//! A fragment is tried as written, percent-decoded, and without GitHub's
//! `user-content-` prefix (GitHub renders a heading's anchor as
//! `user-content-<slug>` and resolves both); a heading's slug also in lower
//! case. `#` and `#top` (any case) name the top of every page.

use std::borrow::Cow;
use std::collections::HashSet;

/// A link's fragment (without the `#`), in the forms it may name an anchor.
pub struct Fragment<'a> {
    written: &'a str,
    decoded: Cow<'a, str>,
}

impl<'a> Fragment<'a> {
    pub fn new(written: &'a str) -> Self {
        let decoded = if written.contains('%') {
            Cow::Owned(percent_decode(written))
        } else {
            Cow::Borrowed(written)
        };
        Self { written, decoded }
    }

    /// Percent-decoded.
    pub fn decoded(&self) -> &str {
        &self.decoded
    }

    /// The anchor's name: decoded, without `user-content-`.
    pub fn name(&self) -> &str {
        self.decoded
            .strip_prefix("user-content-")
            .unwrap_or(&self.decoded)
    }

    /// The top of the page, which needs no anchor.
    pub fn is_top(&self) -> bool {
        let name = self.name();
        name.is_empty() || name.eq_ignore_ascii_case("top")
    }

    /// GitHub's line anchors: `L10`, `L10-L20`, `L10C5-L12C3`.
    pub fn is_line_range(&self) -> bool {
        self.decoded.split('-').all(|part| {
            part.strip_prefix('L').is_some_and(|n| {
                !n.is_empty()
                    && n.split('C')
                        .all(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            })
        })
    }

    /// The anchor the fragment names: `exact` looks up an anchor as it is
    /// written (tried with the fragment as written, decoded, and its name),
    /// `slug` a heading slug (tried with the name, then in lower case).
    pub fn find<T>(
        &self,
        exact: impl Fn(&str) -> Option<T>,
        slug: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let name = self.name();
        let mut forms = vec![self.written];
        for f in [self.decoded(), name] {
            if !forms.contains(&f) {
                forms.push(f);
            }
        }
        if let Some(found) = forms.into_iter().find_map(&exact) {
            return Some(found);
        }
        slug(name).or_else(|| {
            let lower = name.to_lowercase();
            (lower != name).then(|| slug(&lower)).flatten()
        })
    }
}

/// Decodes `%XX` escapes (either case) of a fragment or a path; when the
/// result is not UTF-8, the text as written (it names nothing decoded).
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The anchors a Markdown file defines: heading slugs and explicit ids.
#[derive(Debug, Default)]
pub struct Anchors {
    pub slugs: HashSet<String>,
    pub ids: HashSet<String>,
}

impl Anchors {
    pub fn of(doc: &crate::document::Document<'_>) -> Self {
        Self {
            slugs: doc.headings.iter().map(|h| h.slug.clone()).collect(),
            ids: doc.anchors.iter().cloned().collect(),
        }
    }

    /// Whether `fragment` (as written, maybe percent-encoded) names an anchor.
    pub fn contains(&self, fragment: &str) -> bool {
        let f = Fragment::new(fragment);
        f.is_top()
            || f.find(
                |n| self.ids.contains(n).then_some(()),
                |n| self.slugs.contains(n).then_some(()),
            )
            .is_some()
    }

    /// The closest anchor, for a "did you mean" note: within a third of
    /// the fragment's length in edits, compared only with anchors of a
    /// length that could be that close.
    pub fn closest(&self, fragment: &str) -> Option<&str> {
        let f: Vec<char> = percent_decode(fragment)
            .to_lowercase()
            .chars()
            .take(200)
            .collect();
        let max = (f.len() / 3).max(1);
        let mut row = Vec::new();
        let mut best: Option<(usize, &str)> = None;
        for s in self.slugs.iter().chain(self.ids.iter()) {
            let len = s.chars().count();
            if len.abs_diff(f.len()) > max || len > 200 {
                continue;
            }
            if let Some(d) = bounded_distance(&f, s, max, &mut row)
                && best.is_none_or(|(bd, bs)| (d, s.as_str()) < (bd, bs))
            {
                best = Some((d, s.as_str()));
            }
        }
        best.map(|(_, s)| s)
    }
}

/// Levenshtein distance if at most `max`, stopping as soon as every entry
/// of a row exceeds it. Only the band of cells within `max` of the
/// diagonal is computed: a cell outside it is more than `max` edits away.
fn bounded_distance(a: &[char], b: &str, max: usize, row: &mut Vec<usize>) -> Option<usize> {
    if a.is_empty() {
        let d = b.chars().count();
        return (d <= max).then_some(d);
    }
    row.clear();
    row.extend(0..=a.len());
    for (j, cb) in b.chars().enumerate() {
        let j = j + 1;
        let lo = j.saturating_sub(max).max(1);
        let hi = (j + max).min(a.len());
        if lo > hi {
            // `b` is more than `max` longer than `a`.
            return None;
        }
        let mut diag = row[lo - 1];
        // Left of the band: `j` edits at the row's start, else out of reach.
        row[lo - 1] = if lo == 1 { j } else { max + 1 };
        let mut row_min = row[lo - 1];
        for i in lo..=hi {
            // Right of the last row's band, `row[i]` still holds `i`,
            // which is more than `max`: out of reach too.
            let up = row[i];
            let v = (diag + usize::from(a[i - 1] != cb))
                .min(up + 1)
                .min(row[i - 1] + 1);
            diag = up;
            row[i] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
    }
    let d = row[a.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Levenshtein distance, every cell computed.
    fn distance(a: &[char], b: &str) -> usize {
        let mut row: Vec<usize> = (0..=a.len()).collect();
        for (j, cb) in b.chars().enumerate() {
            let mut diag = row[0];
            row[0] = j + 1;
            for i in 1..=a.len() {
                let up = row[i];
                row[i] = (diag + usize::from(a[i - 1] != cb))
                    .min(up + 1)
                    .min(row[i - 1] + 1);
                diag = up;
            }
        }
        row[a.len()]
    }

    proptest! {
        #[test]
        fn bounded_distance_is_the_distance_within_the_bound(
            a in "[abc-]{0,12}",
            b in "[abcé-]{0,12}",
            max in 0usize..6,
        ) {
            let a: Vec<char> = a.chars().collect();
            let d = distance(&a, &b);
            let mut row = Vec::new();
            prop_assert_eq!(bounded_distance(&a, &b, max, &mut row), (d <= max).then_some(d));
        }
    }

    #[test]
    fn percent_escapes_in_any_case() {
        assert_eq!(percent_decode("%E4%B8%AD"), "中");
        assert_eq!(percent_decode("%e4%b8%ad"), "中");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn fragments_name_anchors_in_every_form() {
        let ids = ["café", "user-content-readme", "a%20b"];
        let slugs = ["install-it"];
        let finds = |fragment: &str| {
            Fragment::new(fragment).find(
                |n| ids.contains(&n).then_some(n.to_owned()),
                |n| slugs.contains(&n).then_some(n.to_owned()),
            )
        };
        assert_eq!(finds("caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(finds("a%20b").as_deref(), Some("a%20b"));
        assert_eq!(
            finds("user-content-readme").as_deref(),
            Some("user-content-readme")
        );
        assert_eq!(
            finds("user-content-install-it").as_deref(),
            Some("install-it")
        );
        assert_eq!(finds("Install-It").as_deref(), Some("install-it"));
        assert_eq!(finds("Café"), None, "an id is matched as written");
        assert!(Fragment::new("").is_top() && Fragment::new("Top").is_top());
        assert!(Fragment::new("user-content-top").is_top());
        assert!(Fragment::new("L10-L20").is_line_range());
        assert!(Fragment::new("L3C1-L4C2").is_line_range());
        assert!(!Fragment::new("L10-").is_line_range() && !Fragment::new("Lx").is_line_range());
    }
}
