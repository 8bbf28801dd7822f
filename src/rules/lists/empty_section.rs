//! `empty-section`: a heading with no content before the next heading of the
//! same or a higher level.

use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("empty-section"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Lists,
    summary: "a heading with no content before the next heading of the same or higher level",
    doc: include_str!("../../../rules/empty-section.md"),
};

pub struct EmptySection;

impl Rule for EmptySection {
    rule_facts!(meta: META, extent: Extent::Section);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for (i, h) in doc.headings.iter().enumerate() {
            let next = doc.headings.get(i + 1);
            let end = next.map_or(doc.text.len(), |n| n.span.start);
            // A subsection is content; a sibling or parent heading is not.
            if next.is_some_and(|n| n.level > h.level) {
                continue;
            }
            if has_content(&doc.text[h.span.end.min(end)..end]) {
                continue;
            }
            let title = h.text.trim();
            let span = doc.first_line(&h.span);
            out.push(Diagnostic::new(
                META.id,
                span,
                format!("section `{title}` is empty"),
            ));
        }
    }
}

/// Whether text has anything but whitespace and HTML comments.
fn has_content(mut s: &str) -> bool {
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("<!--") {
            match rest.find("-->") {
                Some(e) => s = &rest[e + 3..],
                None => return false,
            }
        } else {
            return !s.is_empty();
        }
    }
}
