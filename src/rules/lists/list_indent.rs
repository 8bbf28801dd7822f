//! `list-indent`: a nested bullet indented less than its parent's content
//! column (it leaves the list) or differently from its siblings.

use crate::document::{ListKind, Marker};
use crate::fix::Fix;
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("list-indent"),
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Lists,
    summary: "a nested bullet indented less than its parent's content column or differently from its siblings",
    doc: include_str!("../../../rules/list-indent.md"),
};

pub struct ListIndent;

impl Rule for ListIndent {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        // A field bullet indented less than its entry's content column, right
        // under it, continues the entry's paragraph instead of nesting.
        for entry in &doc.entries {
            let p = &doc.items[entry.item];
            for f in &entry.fields {
                let Some(indent) = &f.lazy else { continue };
                let width = crate::document::visual_width(doc.slice(indent));
                let entry_marker = doc.slice(&p.marker_span);
                out.push(
                    Diagnostic::new(
                        META.id,
                        indent.clone(),
                        format!(
                            "nested bullet indented {width} {}, less than the {} that entry `{entry_marker}` needs",
                            spaces(width),
                            p.content_col
                        ),
                    )
                    .with_note("a bullet indented less than its entry's content joins the entry's text")
                    .with_fix(Fix::safe(
                        format!("indent it to {} spaces", p.content_col),
                        vec![crate::fix::Edit::replace(indent.clone(), " ".repeat(p.content_col))],
                    )),
                );
            }
        }
        for list in &doc.lists {
            if list.quoted || list.items.is_empty() {
                continue;
            }
            if let ListKind::Detached { parent } = list.kind {
                let p = &doc.items[parent];
                let first = &doc.items[list.items[0]];
                let line_start = doc
                    .lines
                    .line_start(doc.lines.line_of(first.marker_span.start));
                let delta = p.content_col as isize - first.indent as isize;
                let edits = shift_lines(doc, &list.span, false, 0, delta);
                let entry = match p.marker {
                    Marker::Ordered { number, delim } => format!("{number}{}", delim as char),
                    Marker::Bullet(c) => (c as char).to_string(),
                };
                out.push(
                    Diagnostic::new(
                        META.id,
                        line_start..first.marker_span.start,
                        format!(
                            "nested bullet indented {} {}, less than the {} that entry `{entry}` needs",
                            first.indent,
                            spaces(first.indent),
                            p.content_col
                        ),
                    )
                    .with_note(format!(
                        "the content of `{entry}` starts at column {}: a bullet indented less ends the list",
                        p.content_col + 1
                    ))
                    .with_fix(Fix::safe(format!("indent it to {} spaces", p.content_col), edits)),
                );
                continue;
            }
            // Siblings: every item of one list at the first item's indentation.
            let want = doc.items[list.items[0]].indent;
            for &i in &list.items[1..] {
                let it = &doc.items[i];
                if it.indent == want {
                    continue;
                }
                let line_start = doc
                    .lines
                    .line_start(doc.lines.line_of(it.marker_span.start));
                let delta = want as isize - it.indent as isize;
                let edits = shift_lines(doc, &it.span, false, 0, delta);
                out.push(
                    Diagnostic::new(
                        META.id,
                        line_start..it.marker_span.start,
                        format!(
                            "list item indented {} spaces, its siblings {want}",
                            it.indent
                        ),
                    )
                    .with_fix(Fix::safe(format!("indent it to {want} spaces"), edits)),
                );
            }
        }
    }
}

fn spaces(n: usize) -> &'static str {
    if n == 1 { "space" } else { "spaces" }
}
