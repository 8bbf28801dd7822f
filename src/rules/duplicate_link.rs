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

/// The normalised title links of a document's entries, with their spans;
/// in an awesome list also those of the link entries nested under entries
/// (a plugin under its editor), in document order.
pub(crate) fn title_links(
    doc: &crate::document::Document<'_>,
    preset: Option<crate::document::Preset>,
) -> Vec<(String, crate::source::Span, String)> {
    let mut links: Vec<usize> = Vec::new();
    for e in &doc.entries {
        links.extend(e.title_link);
        if preset == Some(crate::document::Preset::Awesome) {
            super::awesome::sub_entry_items(doc, e.item, &mut |n| {
                links.extend(doc.items[n].title_link);
            });
        }
    }
    links.sort_unstable_by_key(|&l| (doc.links[l].span.start, l));
    links.dedup();
    links
        .into_iter()
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
        for (key, span, url) in title_links(doc, cx.preset) {
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

#[cfg(test)]
mod tests {
    use crate::rules::awesome::test_support::{check, spans};

    #[test]
    fn nested_awesome_entries_and_url_forms() {
        let md = "# A\n\n## Algorithms\n\n- Ensembles\n  - [AdaBoost](https://en.wikipedia.org/wiki/AdaBoost)\n- [Boosting](https://b.org) - Boosting.\n  - [AdaBoost again](https://en.wikipedia.org/wiki/AdaBoost/) - Same page.\n- [Agner](http://www.agner.org/optimize/) - Manuals.\n- [Agner Fog](https://agner.org/optimize/index.html) - Manuals.\n- [Data](https://m.com/d?utm_source=x) - Book.\n- [Data for All](https://m.com/d) - Book.\n- [Other](https://m.com/d?id=2) - Book.\n";
        let diags = check("duplicate-link", md);
        assert_eq!(
            spans(md, &diags),
            [
                "[AdaBoost again](https://en.wikipedia.org/wiki/AdaBoost/)",
                "[Agner Fog](https://agner.org/optimize/index.html)",
                "[Data for All](https://m.com/d)",
            ]
        );
    }
}
