//! `entry-link`: an entry that is not a link entry where links are required.

use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("entry-link"),
    default: Level::On(Severity::Error),
    fix: FixKind::None,
    scope: Scope::Lists,
    summary: "an entry that is not a link entry, in a section where links are required",
    doc: include_str!("../../../rules/entry-link.md"),
};

pub struct EntryLink;

impl Rule for EntryLink {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for entry in &doc.entries {
            if entry.title_link.is_some() || !cx.link_required(entry) {
                continue;
            }
            let it = &doc.items[entry.item];
            let line_end = doc
                .lines
                .line_span(doc.text, doc.lines.line_of(it.content_start))
                .end;
            let span = it.content_start..line_end.min(it.lead.end).max(it.content_start);
            // `[x] (url)` and other broken links are link-syntax's to report.
            if doc.slice(&span).starts_with('[') {
                continue;
            }
            let span = if span.is_empty() {
                it.marker_span.clone()
            } else {
                span
            };
            out.push(
                Diagnostic::new(META.id, span, "entry does not start with a link")
                    .with_note("entries of this section must start with a link: `[Name](url)`"),
            );
        }
    }
}
