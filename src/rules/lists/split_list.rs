//! `split-list`: one section's entries broken into several lists.

use crate::document::{ListKind, Marker};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("split-list"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Lists,
    summary: "one section's entries broken into several lists (numbering restarts)",
    doc: include_str!("../../../rules/split-list.md"),
};

pub struct SplitList;

impl Rule for SplitList {
    rule_facts!(meta: META, extent: Extent::Section);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for (si, section) in doc.sections.iter().enumerate() {
            let is_entries =
                |l: usize| doc.lists[l].ordered && doc.lists[l].kind == ListKind::Entries;
            let n = section.lists.iter().filter(|&&l| is_entries(l)).count();
            if n < 2 {
                continue;
            }
            let mut prev: Option<usize> = None;
            // The detached bullets seen since the previous ordered list.
            let mut detached: Option<usize> = None;
            for &li in &section.lists {
                if matches!(doc.lists[li].kind, ListKind::Detached { .. }) {
                    detached = Some(li);
                    continue;
                }
                if !is_entries(li) {
                    continue;
                }
                if let Some(p) = prev {
                    out.push(split_at(cx, si, n, p, li, detached));
                }
                prev = Some(li);
                detached = None;
            }
        }
    }
}

fn split_at(
    cx: &Context<'_>,
    si: usize,
    n: usize,
    prev: usize,
    next: usize,
    detached: Option<usize>,
) -> Diagnostic {
    let doc = cx.doc;
    let first = &doc.items[doc.lists[next].items[0]];
    let number = match first.marker {
        Marker::Ordered { number, .. } => number,
        Marker::Bullet(_) => 0,
    };
    let title = doc.section_title(si);
    let place = if title.is_empty() {
        String::new()
    } else {
        format!(" of `{title}`")
    };
    let message = if number <= 1 {
        format!("numbering restarts at {number}: the entries{place} are split into {n} lists")
    } else {
        format!(
            "the entries{place} are split into {n} lists; this one starts a new list at {number}"
        )
    };
    let note = match detached {
        Some(d) => {
            let it = &doc.items[doc.lists[d].items[0]];
            let line = doc.lines.line_of(it.marker_span.start) + 1;
            format!(
                "the bullet at line {line}, indented {} spaces, ends the list before it",
                it.indent
            )
        }
        None => cause_between(cx, prev, next).unwrap_or_else(|| {
            let body = &doc.text[doc.lists[prev].span.clone()];
            let end = doc.lists[prev].span.start + body.trim_end().len();
            let prev_line = doc.lines.line_of(end.saturating_sub(1)) + 1;
            format!("the previous list ends at line {prev_line}")
        }),
    };
    Diagnostic::new(META.id, first.marker_span.clone(), message).with_note(note)
}

/// Why two lists of one section are separate, when it is visible.
fn cause_between(cx: &Context<'_>, prev: usize, next: usize) -> Option<String> {
    let doc = cx.doc;
    let (a, b) = (doc.lists[prev].span.end, doc.lists[next].span.start);
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
