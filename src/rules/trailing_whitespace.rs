//! `trailing-whitespace`: spaces or tabs at the end of a line (not a
//! two-space hard break).

use super::*;
use crate::fix::{Edit, Fix};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "trailing-whitespace",
    default: Level::On(Severity::Info),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "trailing spaces (not the two-space hard break)",
    doc: include_str!("../../rules/trailing-whitespace.md"),
};

pub struct TrailingWhitespace;

impl Rule for TrailingWhitespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let n = doc.lines.line_count();
        for line in 0..n {
            let span = doc.lines.line_span(doc.text, line);
            let s = &doc.text[span.clone()];
            let kept = s.trim_end_matches([' ', '\t']);
            if kept.len() == s.len() || doc.line_in_code_block(line) {
                continue;
            }
            let trailing = &s[kept.len()..];
            // Exactly two spaces after text, before more text: a hard line break.
            let next_has_text = line + 1 < n
                && !doc.text[doc.lines.line_span(doc.text, line + 1)]
                    .trim()
                    .is_empty();
            if trailing == "  " && !kept.trim().is_empty() && next_has_text {
                continue;
            }
            let ws = span.start + kept.len()..span.end;
            out.push(
                Diagnostic::new(META.id, ws.clone(), "trailing whitespace").with_fix(Fix::safe(
                    "remove the trailing whitespace",
                    vec![Edit::delete(ws)],
                )),
            );
        }
    }
}
