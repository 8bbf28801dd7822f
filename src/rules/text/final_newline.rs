//! `final-newline`: a file that does not end with a line ending.

use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("final-newline"),
    default: Level::On(Severity::Info),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "missing final newline",
    doc: include_str!("../../../rules/final-newline.md"),
};

pub struct FinalNewline;

impl Rule for FinalNewline {
    rule_facts!(meta: META, needs: Needs::Text);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = cx.doc.text;
        if text.is_empty() || text.ends_with(['\n', '\r']) {
            return;
        }
        // The file's own line ending, so a CRLF file stays CRLF.
        let eol = if text.contains("\r\n") {
            "\r\n"
        } else if text.contains('\n') || !text.contains('\r') {
            "\n"
        } else {
            "\r"
        };
        let end = text.len();
        let last = crate::source::clamp_to_char(text, end.saturating_sub(1));
        out.push(
            Diagnostic::new(META.id, last..end, "no newline at end of file")
                .with_fix(Fix::safe("add a newline", vec![Edit::insert(end, eol)])),
        );
    }
}
