//! `bare-url`: a URL in text that is not a link.

use crate::document::LinkKind;
use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("bare-url"),
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "a URL in text that is not a link",
    doc: include_str!("../../../rules/bare-url.md"),
};

pub struct BareUrl;

impl Rule for BareUrl {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let mut broken: Vec<_> = cx.malformed().iter().map(|m| m.span.clone()).collect();
        broken.extend(doc.broken_refs.iter().map(|b| b.span.clone()));
        broken.sort_by_key(|b| b.start);
        for link in doc.links.iter().filter(|l| l.kind == LinkKind::Bare) {
            // `broken` is sorted by start and its spans do not overlap.
            let i = broken.partition_point(|b| b.start <= link.span.start);
            if i > 0 && broken[i - 1].contains(&link.span.start) {
                continue; // link-syntax reports the whole construct
            }
            let url = &link.url;
            // GitHub links `www.` addresses to `http://`: so does the fix,
            // which must not change where the link leads (an upgrade to
            // https is `insecure-link`'s, checked with `--links`).
            let replacement = if url.starts_with("www.") {
                format!("[{url}](http://{url})")
            } else {
                format!("<{url}>")
            };
            out.push(
                Diagnostic::new(
                    META.id,
                    link.span.clone(),
                    format!("bare URL {}", code(url)),
                )
                .with_url(url.clone())
                .with_fix(Fix::safe(
                    "make it a link",
                    vec![Edit::replace(link.span.clone(), replacement)],
                )),
            );
        }
    }
}
