//! `replacement-char`: U+FFFD, text that was already lost.

use crate::rules::*;
use crate::source::Encoding as Enc;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("replacement-char"),
    default: Level::On(Severity::Error),
    fix: FixKind::None,
    scope: Scope::Any,
    summary: "U+FFFD replacement characters: text already lost",
    doc: include_str!("../../../rules/replacement-char.md"),
};

pub struct ReplacementChar;

impl Rule for ReplacementChar {
    rule_facts!(meta: META, needs: Needs::Text);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // In a file that is not valid UTF-8 they come from reading it:
        // `encoding` reports that.
        if matches!(cx.source.encoding, Enc::InvalidUtf8 { .. }) {
            return;
        }
        let mut run: Option<std::ops::Range<usize>> = None;
        let fffd = cx
            .doc
            .special_chars
            .iter()
            .filter(|&&(_, c)| c == '\u{FFFD}')
            .map(|&(i, _)| i);
        for i in fffd.map(Some).chain([None]) {
            match (i, &mut run) {
                (Some(i), Some(r)) if r.end == i => {
                    r.end = i + 3;
                    continue;
                }
                _ => {}
            }
            if let Some(r) = run.take() {
                let n = (r.end - r.start) / 3;
                let what = if n == 1 {
                    "a replacement character".to_owned()
                } else {
                    format!("{n} replacement characters")
                };
                out.push(
                    Diagnostic::new(
                        META.id,
                        r,
                        format!("{what} (U+FFFD): the original text was lost"),
                    )
                    .with_note("restore it from the source the text came from"),
                );
            }
            run = i.map(|i| i..i + 3);
        }
    }
}
