//! `unused-suppression`: an inline suppression that suppressed nothing.
//!
//! Computed after every other rule ran, from the suppressions they used.

use super::*;
use crate::document::suppress::{Kind, Suppressions};
use crate::fix::{Edit, Fix};

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("unused-suppression"),
    default: Level::On(Severity::Info),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "an inline suppression that suppressed nothing",
    doc: include_str!("../../rules/unused-suppression.md"),
};

pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    rule_facts!(meta: META);

    /// Nothing to do here: see [`Rule::check_suppressions`].
    fn check(&self, _: &Context<'_>, _: &mut Vec<Diagnostic>) {}

    fn check_suppressions(
        &self,
        cx: &Context<'_>,
        sup: &Suppressions,
        runs: &dyn Fn(&str) -> bool,
        out: &mut Vec<Diagnostic>,
    ) {
        report_unused(cx.doc, sup, runs, out);
    }
}

/// Reports directives (or rule names in them) that silenced nothing, for
/// the rules that ran; unknown rule names are always reported.
fn report_unused(
    doc: &crate::document::Document<'_>,
    sup: &Suppressions,
    ran: &dyn Fn(&str) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    for d in &sup.directives {
        if d.kind == Kind::Enable {
            continue;
        }
        let text = doc.slice(&d.span);
        if d.rules.is_empty() {
            if !d.used[0] {
                out.push(
                    Diagnostic::new(
                        META.id,
                        d.span.clone(),
                        "suppression comment silences nothing",
                    )
                    .with_fix(Fix::safe(
                        "remove the comment",
                        vec![remove_comment(doc, &d.span)],
                    )),
                );
            }
            continue;
        }
        let unknown = |r: &str| crate::rules::meta(r).is_none();
        let unused: Vec<&String> = d
            .rules
            .iter()
            .zip(&d.used)
            .filter(|(r, used)| unknown(r) || (!**used && ran(r)))
            .map(|(r, _)| r)
            .collect();
        if unused.is_empty() {
            continue;
        }
        let names = unused
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = if unused.iter().all(|r| unknown(r)) {
            format!("suppression names unknown rule {names}")
        } else {
            format!("suppression of {names} silences nothing")
        };
        let whole = unused.len() == d.rules.len();
        let edit = if whole {
            remove_comment(doc, &d.span)
        } else {
            let keep: Vec<&str> = d
                .rules
                .iter()
                .filter(|r| !unused.contains(r))
                .map(String::as_str)
                .collect();
            let directive = text
                .trim_start_matches("<!--")
                .split_whitespace()
                .next()
                .unwrap_or("");
            Edit::replace(
                d.span.clone(),
                format!("<!-- {directive} {} -->", keep.join(" ")),
            )
        };
        out.push(
            Diagnostic::new(META.id, d.span.clone(), message).with_fix(Fix::safe(
                if whole {
                    "remove the comment"
                } else {
                    "remove the unused names"
                },
                vec![edit],
            )),
        );
    }
}

/// Deletes a comment, with its line when it stands alone on it.
fn remove_comment(doc: &crate::document::Document<'_>, span: &crate::source::Span) -> Edit {
    let line = doc.lines.line_of(span.start);
    let ls = doc.lines.line_span(doc.text, line);
    let alone = doc.text[ls.start..span.start].trim().is_empty()
        && doc.text[span.end.min(ls.end)..ls.end].trim().is_empty()
        && span.end <= ls.end;
    if alone {
        let next = if line + 1 < doc.lines.line_count() {
            doc.lines.line_start(line + 1)
        } else {
            doc.text.len()
        };
        Edit::delete(ls.start..next)
    } else {
        let before = &doc.text[ls.start..span.start];
        let ws = before.len() - before.trim_end().len();
        Edit::delete(span.start - ws..span.end)
    }
}
