//! `link-syntax`: links that do not render as intended.

use crate::document::LinkKind;
use crate::fix::{Edit, Fix};
use crate::rules::*;
use crate::source::Span;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("link-syntax"),
    default: Level::On(Severity::Error),
    fix: FixKind::SafeWhenUnambiguous,
    scope: Scope::Any,
    summary: "malformed links: `[text] (url)`, unclosed brackets, empty text or URL, spaces in URL, undefined references, invalid URLs",
    doc: include_str!("../../../rules/link-syntax.md"),
};

pub struct LinkSyntax;

/// A link the parser did not recognise, found in plain text.
pub(crate) struct Malformed {
    pub span: Span,
    pub message: String,
    pub fix: Option<Fix>,
}

/// Longest destination looked at: keeps a 10 MB line of brackets linear.
const MAX_DEST: usize = 2048;

/// Whether a parenthesised text is meant as a link destination.
fn looks_like_url(s: &str) -> bool {
    let s = s.trim_start_matches('<');
    [
        "http://", "https://", "www.", "./", "../", "mailto:", "ftp://",
    ]
    .iter()
    .any(|p| s.starts_with(p))
        || (s.starts_with('#') && s.len() > 1 && !s[1..].starts_with(' '))
        || (s.starts_with('/') && s.len() > 1 && !s.contains(' '))
}

/// `[text] (url)`, `[text])(url)`, `[text](url with spaces)` and
/// `[text](url` in plain text.
pub(crate) fn malformed(doc: &crate::document::Document<'_>) -> Vec<Malformed> {
    let mut found = Vec::new();
    for run in &doc.text_runs {
        let s = &doc.text[run.clone()];
        let b = s.as_bytes();
        let mut i = 0;
        // The `[`s not closed yet, tracked in one forward pass: a `]`
        // closes the last one, so `[[pdf]] (url)` is the text `[pdf]`.
        let mut opens: Vec<usize> = Vec::new();
        // Brackets found by one byte search for both: most runs have none.
        while let Some(off) = memchr::memchr2(b'[', b']', &b[i..]) {
            let at = i + off;
            i = at + 1;
            if b[at] == b'[' {
                if at == 0 || b[at - 1] != b'\\' {
                    opens.push(at);
                }
                continue;
            }
            let close = at;
            let Some(open) = opens.pop() else { continue };
            if s[open + 1..close].trim().is_empty() {
                continue;
            }
            let after = &s[close + 1..];
            // `[gym])(url)`: a stray `)` where the destination should open.
            let stray = usize::from(after.starts_with(")("));
            let gap = after.len() - after[stray..].trim_start_matches(' ').len() - stray;
            if !after[stray + gap..].starts_with('(') {
                continue;
            }
            let dest_start = close + 1 + stray + gap + 1;
            if !looks_like_url(&s[dest_start..]) {
                continue;
            }
            let (dest_end, closed) = match balanced_close(&s[dest_start..]) {
                Some(e) => (dest_start + e, true),
                None => (s.len(), false),
            };
            let dest = &s[dest_start..dest_end];
            if !looks_like_url(dest) {
                continue;
            }
            let abs = |a: usize, z: usize| run.start + a..run.start + z;
            let span = abs(open, if closed { dest_end + 1 } else { dest_end });
            let m = if stray > 0 {
                // The `)` may close a parenthesis opened before the link
                // (`(successor of [gym])(url)`): where it belongs is the
                // author's call.
                Malformed {
                    span,
                    message: "`)` between `]` and `(` breaks the link".into(),
                    fix: None,
                }
            } else if gap > 0 && closed && !dest.trim().contains(' ') {
                Malformed {
                    span,
                    message: "space between `]` and `(` breaks the link".into(),
                    fix: Some(Fix::safe(
                        "remove the space",
                        vec![Edit::delete(abs(close + 1, close + 1 + gap))],
                    )),
                }
            } else if !closed {
                Malformed {
                    span,
                    message: "link destination has no closing `)`".into(),
                    fix: None,
                }
            } else if gap == 0 && dest.trim().contains(' ') {
                let trimmed = dest.trim();
                let lead = dest.len() - dest.trim_start().len();
                // Encoding is unambiguous for a path, not for a host name.
                let host = trimmed
                    .split_once("://")
                    .map_or("", |(_, r)| r.split('/').next().unwrap_or(r));
                let fix = (!trimmed.contains(['"', '\'']) && !host.contains(' ')).then(|| {
                    Fix::safe(
                        "encode the spaces as `%20`",
                        vec![Edit::replace(
                            abs(dest_start + lead, dest_start + lead + trimmed.len()),
                            trimmed.replace(' ', "%20"),
                        )],
                    )
                });
                Malformed {
                    span,
                    message: "spaces in the link destination break the link".into(),
                    fix,
                }
            } else {
                continue;
            };
            // Brackets inside the reported span were read past; `i` never
            // moves back.
            i = i.max(m.span.end - run.start);
            found.push(m);
        }
    }
    found
}

/// The `)` that closes a destination, within [`MAX_DEST`] bytes on one line.
fn balanced_close(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices().take_while(|(i, _)| *i < MAX_DEST) {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            '\n' | '\r' => return None,
            _ => {}
        }
    }
    None
}

/// Whether `s` is empty or all whitespace. Asked of every link's text:
/// most start with a letter, which settles it.
fn blank(s: &str) -> bool {
    !s.as_bytes().first().is_some_and(u8::is_ascii_graphic) && s.trim().is_empty()
}

/// Scheme typos and the scheme they stand for.
const TYPOS: &[(&str, &str)] = &[
    ("htp://", "http://"),
    ("htps://", "https://"),
    ("htttp://", "http://"),
    ("htttps://", "https://"),
    ("hhtp://", "http://"),
    ("hhtps://", "https://"),
    ("ttp://", "http://"),
    ("ttps://", "https://"),
    ("http//", "http://"),
    ("https//", "https://"),
    ("http;//", "http://"),
    ("https;//", "https://"),
    ("http:///", "http://"),
    ("https:///", "https://"),
    ("http:\\\\", "http://"),
    ("https:\\\\", "https://"),
];

fn scheme_typo(url: &str) -> Option<(usize, &'static str)> {
    // Nearly every URL: `http://` or `https://` and then no third `/`.
    let b = url.as_bytes();
    for ok in [&b"http://"[..], b"https://"] {
        if b.len() > ok.len() && b[..ok.len()].eq_ignore_ascii_case(ok) && b[ok.len()] != b'/' {
            return None;
        }
    }
    let head = url.get(..10.min(url.len()))?;
    // Lower-cased on the stack: this runs for every link.
    let mut buf = [0u8; 10];
    let lower = &mut buf[..head.len()];
    lower.copy_from_slice(head.as_bytes());
    lower.make_ascii_lowercase();
    for (bad, good) in TYPOS {
        if lower.starts_with(bad.as_bytes()) {
            return Some((bad.len(), good));
        }
    }
    for (bad, good) in [("http:/", "http://"), ("https:/", "https://")] {
        if lower.starts_with(bad.as_bytes()) && lower.get(bad.len()) != Some(&b'/') {
            return Some((bad.len(), good));
        }
    }
    None
}

impl Rule for LinkSyntax {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for m in cx.malformed() {
            let mut d = Diagnostic::new(META.id, m.span.clone(), m.message.clone());
            d.fix = m.fix.clone();
            out.push(d);
        }
        for b in &doc.broken_refs {
            let what = if b.collapsed {
                "collapsed reference"
            } else {
                "reference"
            };
            out.push(Diagnostic::new(
                META.id,
                b.span.clone(),
                format!("{what} `[{}]` has no definition", b.reference),
            ));
        }
        for link in &doc.links {
            if matches!(link.kind, LinkKind::Inline | LinkKind::Reference) && !link.image {
                let text = link.text_span.as_ref().map_or("", |s| doc.slice(s));
                if blank(text) {
                    out.push(
                        Diagnostic::new(META.id, link.span.clone(), "link text is empty")
                            .with_url(link.url.clone()),
                    );
                    continue;
                }
            }
            if link.kind == LinkKind::Inline && blank(&link.url) {
                out.push(Diagnostic::new(
                    META.id,
                    link.span.clone(),
                    "link destination is empty",
                ));
            }
        }
        for link in unique_targets(doc) {
            if link.kind == LinkKind::Bare || link.url.is_empty() {
                continue;
            }
            let raw = doc.slice(&link.dest_span);
            if let Some((len, good)) = scheme_typo(&link.url) {
                let bad = &link.url[..len];
                let mut d = Diagnostic::new(
                    META.id,
                    link.dest_span.clone(),
                    format!("`{bad}` is not a URL scheme"),
                )
                .with_url(link.url.clone());
                if raw.get(..len).is_some_and(|r| r.eq_ignore_ascii_case(bad)) {
                    let span = link.dest_span.start..link.dest_span.start + len;
                    d = d.with_fix(Fix::safe(
                        format!("write `{good}`"),
                        vec![Edit::replace(span, good)],
                    ));
                }
                out.push(d);
                continue;
            }
            if let Some(problem) = urls::not_a_path(&link.url)
                && link.kind != LinkKind::Autolink
            {
                out.push(
                    Diagnostic::new(
                        META.id,
                        link.dest_span.clone(),
                        format!("{problem}: {}", code(&link.url)),
                    )
                    .with_url(link.url.clone()),
                );
                continue;
            }
            if urls::is_http(&link.url)
                && !urls::plainly_valid(&link.url)
                && let Err(e) = url::Url::parse(&link.url)
            {
                out.push(
                    Diagnostic::new(
                        META.id,
                        link.dest_span.clone(),
                        format!("invalid URL {}: {e}", code(&link.url)),
                    )
                    .with_url(link.url.clone()),
                );
            }
        }
    }
}
