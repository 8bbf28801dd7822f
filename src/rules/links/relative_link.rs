//! `relative-link`: a relative link to a file that does not exist.

use crate::document::LinkKind;
use crate::document::anchor::percent_decode;
use crate::rules::urls::{is_relative_path, split_fragment};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("relative-link"),
    default: Level::On(Severity::Error),
    fix: FixKind::None,
    scope: Scope::Any,
    summary: "a relative link to a file that does not exist",
    doc: include_str!("../../../rules/relative-link.md"),
};

pub struct RelativeLink;

impl Rule for RelativeLink {
    rule_facts!(meta: META);

    /// A link to a missing file is broken wherever it is written.
    fn keeps_severity_in_generated(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for link in unique_targets(doc) {
            if matches!(link.kind, LinkKind::Bare | LinkKind::Autolink)
                || !is_relative_path(&link.url)
                || urls::not_a_path(&link.url).is_some()
            {
                continue;
            }
            let (path, _) = split_fragment(&link.url);
            let path = path.split('?').next().unwrap_or(path);
            if path.is_empty() || path.contains("{{") {
                continue;
            }
            let target = cx
                .fs
                .resolve(cx.path(), &percent_decode(path), &cx.settings.link_root);
            if cx.fs.exists(&target) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    META.id,
                    link.dest_span.clone(),
                    format!("{} does not exist", code(path)),
                )
                .with_note(format!("looked for `{}`", target.display()))
                .with_url(link.url.clone()),
            );
        }
    }
}
