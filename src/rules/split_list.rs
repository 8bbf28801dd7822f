//! `split-list`: one section's entries broken into several lists.

use super::*;
use crate::document::{ListKind, Marker};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "split-list",
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Lists,
    summary: "one section's entries broken into several lists (numbering restarts)",
    doc: include_str!("../../rules/split-list.md"),
};

pub struct SplitList;

impl Rule for SplitList {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for (si, section) in doc.sections.iter().enumerate() {
            let ordered: Vec<usize> = section
                .lists
                .iter()
                .copied()
                .filter(|&l| doc.lists[l].ordered && doc.lists[l].kind == ListKind::Entries)
                .collect();
            let n = ordered.len();
            for pair in ordered.windows(2) {
                let (prev, list) = (&doc.lists[pair[0]], &doc.lists[pair[1]]);
                let first = &doc.items[list.items[0]];
                let number = match first.marker {
                    Marker::Ordered { number, .. } => number,
                    Marker::Bullet(_) => continue,
                };
                let title = doc.section_title(si);
                let place = if title.is_empty() {
                    String::new()
                } else {
                    format!(" of `{title}`")
                };
                let message = if number <= 1 {
                    format!(
                        "numbering restarts at {number}: the entries{place} are split into {n} lists"
                    )
                } else {
                    format!(
                        "the entries{place} are split into {n} lists; this one starts a new list at {number}"
                    )
                };
                let cause = cause_between(cx, pair[0], pair[1]);
                let mut d = Diagnostic::new(META.id, first.marker_span.clone(), message);
                let prev_line = doc.lines.line_of(prev.span.end.saturating_sub(1)) + 1;
                d = d.with_note(match cause {
                    Some(c) => c,
                    None => format!("the previous list ends at line {prev_line}"),
                });
                out.push(d);
            }
        }
    }
}

/// Why two lists of one section are separate, when it is visible.
fn cause_between(cx: &Context<'_>, prev: usize, next: usize) -> Option<String> {
    let doc = cx.doc;
    let (a, b) = (doc.lists[prev].span.end, doc.lists[next].span.start);
    let detached = doc.lists.iter().find(|l| {
        matches!(l.kind, ListKind::Detached { .. }) && l.span.start >= a && l.span.start < b
    });
    if let Some(d) = detached {
        let it = &doc.items[d.items[0]];
        let line = doc.lines.line_of(it.marker_span.start) + 1;
        return Some(format!(
            "the bullet at line {line}, indented {} spaces, ends the list before it",
            it.indent
        ));
    }
    let between = &doc.text[a.min(b)..b];
    if between.contains("<!--") {
        return Some("an HTML comment between two entries ends the list".into());
    }
    let delims = |l: usize| match doc.items[doc.lists[l].items[0]].marker {
        Marker::Ordered { delim, .. } => delim,
        Marker::Bullet(c) => c,
    };
    if delims(prev) != delims(next) {
        return Some(format!(
            "a change of delimiter from `{}` to `{}` starts a new list",
            delims(prev) as char,
            delims(next) as char
        ));
    }
    None
}
