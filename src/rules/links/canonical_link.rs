//! `canonical-link`: non-canonical forms of well-known links, from
//! `rules/data/canonical.toml` (e.g. an arXiv PDF instead of its abstract page).

use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("canonical-link"),
    default: Level::On(Severity::Info),
    fix: FixKind::Unsafe,
    scope: Scope::Any,
    summary: "non-canonical forms of well-known links (e.g. arXiv PDF instead of the abstract page)",
    doc: include_str!("../../../rules/canonical-link.md"),
};

pub struct CanonicalLink;

impl Rule for CanonicalLink {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for link in unique_targets(doc) {
            if link.image {
                continue;
            }
            let Some((canonical, form)) = urls::canonical(&link.url) else {
                continue;
            };
            let mut d = Diagnostic::new(
                META.id,
                link.dest_span.clone(),
                format!("{} is not the canonical link of this page", code(&link.url)),
            )
            .with_note(format!("{}: {}", form.name, form.why))
            .with_url(link.url.clone());
            if doc.slice(&link.dest_span) == link.url {
                d = d.with_fix(Fix::unsafe_(
                    format!("link {}", code(&canonical)),
                    vec![Edit::replace(link.dest_span.clone(), canonical)],
                ));
            }
            out.push(d);
        }
    }
}
