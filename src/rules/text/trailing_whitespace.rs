//! `trailing-whitespace`: spaces or tabs at the end of a line (not a
//! two-space hard break).

use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("trailing-whitespace"),
    default: Level::On(Severity::Info),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "trailing spaces (not the two-space hard break)",
    doc: include_str!("../../../rules/trailing-whitespace.md"),
};

pub struct TrailingWhitespace;

impl Rule for TrailingWhitespace {
    rule_facts!(meta: META, needs: Needs::Text);

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
            // Exactly two spaces after paragraph text, before more paragraph
            // text: a hard line break (not after a heading, nor before a list
            // item, a heading, a quote or a fence, where it breaks nothing).
            let next = if line + 1 < n {
                &doc.text[doc.lines.line_span(doc.text, line + 1)]
            } else {
                ""
            };
            let breaks = !kept.trim().is_empty()
                && !kept.trim_start().starts_with('#')
                && continues_paragraph(next);
            if trailing == "  " && breaks {
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

/// Whether a line would continue the paragraph above it.
fn continues_paragraph(line: &str) -> bool {
    let t = line.trim_start();
    if t.is_empty()
        || t.starts_with(['#', '>', '|'])
        || t.starts_with("```")
        || t.starts_with("~~~")
    {
        return false;
    }
    let bullet =
        t.len() >= 2 && matches!(t.as_bytes()[0], b'-' | b'*' | b'+') && t.as_bytes()[1] == b' ';
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = digits > 0 && matches!(t.as_bytes().get(digits), Some(b'.' | b')'));
    !(bullet || ordered)
}
