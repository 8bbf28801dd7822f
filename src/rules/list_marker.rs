//! `list-marker`: mixed bullet markers or ordered delimiters in one document.

use super::*;
use crate::document::Marker;
use crate::fix::{Edit, Fix};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "list-marker",
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Lists,
    summary: "mixed bullet markers (`-`, `*`, `+`) or ordered delimiters (`.`, `)`) in one document",
    doc: include_str!("../../rules/list-marker.md"),
};

pub struct ListMarker;

fn marker_char(m: Marker) -> u8 {
    match m {
        Marker::Bullet(c) => c,
        Marker::Ordered { delim, .. } => delim,
    }
}

impl Rule for ListMarker {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for ordered in [false, true] {
            let lists: Vec<&crate::document::List> = doc
                .lists
                .iter()
                .filter(|l| l.ordered == ordered && !l.quoted && !l.items.is_empty())
                .collect();
            // The marker most items use wins; ties go to `-` and `.`. A
            // generated table of contents shows the generator's marker,
            // not the list's.
            let mut counts = [0usize; 256];
            for l in &lists {
                if cx.in_generated(doc.items[l.items[0]].marker_span.start) {
                    continue;
                }
                counts[marker_char(doc.items[l.items[0]].marker) as usize] += l.items.len();
            }
            let preferred: &[u8] = if ordered { b".)" } else { b"-*+" };
            let Some(main) = (0..preferred.len())
                .max_by_key(|&i| (counts[preferred[i] as usize], std::cmp::Reverse(i)))
                .map(|i| preferred[i])
            else {
                continue;
            };
            for l in lists {
                let first = &doc.items[l.items[0]];
                let c = marker_char(first.marker);
                if c == main {
                    continue;
                }
                let edits = l
                    .items
                    .iter()
                    .map(|&i| {
                        let m = &doc.items[i].marker_span;
                        Edit::replace(m.end - 1..m.end, (main as char).to_string())
                    })
                    .collect();
                let (what, span) = (
                    if ordered { "delimiter" } else { "marker" },
                    first.marker_span.end - 1..first.marker_span.end,
                );
                out.push(
                    Diagnostic::new(
                        META.id,
                        span,
                        format!(
                            "list {what} `{}` differs from `{}` used in the rest of the document",
                            c as char, main as char
                        ),
                    )
                    .with_fix(Fix::safe(format!("use `{}`", main as char), edits)),
                );
            }
        }
    }
}
