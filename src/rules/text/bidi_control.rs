//! `bidi-control`: bidi overrides and isolates, which can hide text.

use crate::rules::chars::{bidi_name, is_bidi_control};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("bidi-control"),
    default: Level::On(Severity::Error),
    fix: FixKind::None,
    scope: Scope::Any,
    summary: "bidi overrides and isolates (they can hide text, see Trojan Source)",
    doc: include_str!("../../../rules/bidi-control.md"),
};

pub struct BidiControl;

impl Rule for BidiControl {
    rule_facts!(meta: META, needs: Needs::Text);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for &(i, c) in &cx.doc.special_chars {
            if is_bidi_control(c) {
                out.push(
                    Diagnostic::new(
                        META.id,
                        i..i + c.len_utf8(),
                        format!("bidi control U+{:04X} ({})", c as u32, bidi_name(c)),
                    )
                    .with_note("it changes the order in which the text around it is shown, and can hide what a link or URL really says"),
                );
            }
        }
    }
}
