//! `invisible-char`: zero-width and other invisible characters out of context.

use crate::fix::{Edit, Fix};
use crate::rules::chars::{invisible_name, is_emoji_part, joins_letters};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("invisible-char"),
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "zero-width spaces and joiners out of context, soft hyphens, a BOM inside the text",
    doc: include_str!("../../../rules/invisible-char.md"),
};

pub struct InvisibleChar;

impl Rule for InvisibleChar {
    rule_facts!(meta: META, needs: Needs::Text, fix_priority: FixPriority::Characters);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = cx.doc.text;
        for &(i, c) in &cx.doc.special_chars {
            let Some(name) = invisible_name(c) else {
                continue;
            };
            let prev = text[..i].chars().next_back();
            let next = text[i + c.len_utf8()..].chars().next();
            // Joiners shape emoji sequences and the letters of some scripts.
            let in_context = match c {
                '\u{200D}' => {
                    prev.is_some_and(|p| is_emoji_part(p) || joins_letters(p))
                        && next.is_some_and(|n| is_emoji_part(n) || joins_letters(n))
                }
                '\u{200C}' => prev.is_some_and(joins_letters) || next.is_some_and(joins_letters),
                _ => false,
            };
            if !in_context {
                let span = i..i + c.len_utf8();
                out.push(
                    Diagnostic::new(
                        META.id,
                        span.clone(),
                        format!("invisible {name} (U+{:04X})", c as u32),
                    )
                    .with_fix(Fix::safe("remove it", vec![Edit::delete(span)])),
                );
            }
        }
    }
}
