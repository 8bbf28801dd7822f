//! `duplicate-link`: two entries whose title links are the same URL.

use std::collections::HashMap;

use super::urls::normalize;
use super::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "duplicate-link",
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Lists,
    summary: "two entries whose title links are the same URL (after normalisation)",
    doc: include_str!("../../rules/duplicate-link.md"),
};

pub struct DuplicateLink;

/// The normalised title links of a document's entries, with their spans.
pub(crate) fn title_links(
    doc: &crate::document::Document<'_>,
) -> Vec<(String, crate::source::Span, String)> {
    doc.entries
        .iter()
        .filter_map(|e| e.title_link)
        .map(|l| &doc.links[l])
        .filter(|l| !l.url.is_empty() && !l.url.starts_with('#'))
        .map(|l| (normalize(&l.url), l.span.clone(), l.url.clone()))
        .collect()
}

impl Rule for DuplicateLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let mut first: HashMap<String, usize> = HashMap::new();
        for (key, span, url) in title_links(doc) {
            match first.get(&key) {
                Some(&at) => {
                    let line = doc.lines.line_of(at) + 1;
                    out.push(
                        Diagnostic::new(
                            META.id,
                            span,
                            format!("{} is already listed at line {line}", code(&url)),
                        )
                        .with_url(url),
                    );
                }
                None => {
                    first.insert(key, span.start);
                }
            }
        }
    }
}
