//! `control-char`: C0 and C1 control characters other than tab, CR and LF.

use crate::fix::{Edit, Fix};
use crate::rules::chars::is_control;
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("control-char"),
    default: Level::On(Severity::Error),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "C0/C1 control characters other than tab, CR and LF",
    doc: include_str!("../../../rules/control-char.md"),
};

pub struct ControlChar;

/// Whether a C1 control at this place may be a byte of mojibake (UTF-8 read
/// as Latin-1 turns continuation bytes 0x80–0x9F into C1 controls), or a
/// Windows-1252 character read as Latin-1 (`don` U+0092 `t` for `don’t`):
/// then deleting it would lose what `mojibake` can repair.
fn maybe_mojibake(prev: Option<char>, c: char) -> bool {
    let code = c as u32;
    if !(0x80..=0x9F).contains(&code) {
        return false;
    }
    // The five bytes Windows-1252 leaves undefined mean nothing on their own.
    let cp1252_meaning = !matches!(code, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D);
    cp1252_meaning
        || prev.is_some_and(|p| {
            (0x80..=0xFF).contains(&(p as u32)) || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(p)
        })
}

/// The span a fix removes: the control, or a whole ANSI escape sequence
/// (`ESC [ 31 m`) so no `[31m` is left behind.
fn removal(text: &str, i: usize, c: char) -> std::ops::Range<usize> {
    let end = i + c.len_utf8();
    if c == '\u{1B}' && text[end..].starts_with('[') {
        let params = &text[end + 1..];
        if let Some(k) = params.find(|ch: char| !(ch.is_ascii_digit() || ch == ';' || ch == '?')) {
            let fin = params.as_bytes()[k];
            if (0x40..=0x7E).contains(&fin) {
                return i..end + 1 + k + 1;
            }
        }
    }
    i..end
}

impl Rule for ControlChar {
    rule_facts!(meta: META, needs: Needs::Text, fix_priority: FixPriority::Characters);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = cx.doc.text;
        // A control right after one this pass removes is judged by what
        // will precede it then: else a run of U+0090 loses one control per
        // pass of `fix`, and a second `fix` still finds some (found by the
        // `fix` fuzz target).
        let mut removed: Option<(usize, Option<char>)> = None;
        for &(i, c) in &cx.doc.special_chars {
            if !is_control(c) {
                continue;
            }
            let prev = match removed {
                Some((end, before)) if end == i => before,
                _ => text[..i].chars().next_back(),
            };
            let span = i..i + c.len_utf8();
            let mut d = Diagnostic::new(
                META.id,
                span.clone(),
                format!("control character U+{:04X}", c as u32),
            );
            if maybe_mojibake(prev, c) {
                d = d.with_note(
                    "it may be a byte of mojibake or a Windows-1252 character: not removed",
                );
            } else {
                let gone = removal(text, i, c);
                removed = Some((gone.end, prev));
                d = d.with_fix(Fix::safe("remove it", vec![Edit::delete(gone)]));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::fixed;

    const ID: &str = "control-char";

    #[test]
    fn an_ansi_escape_sequence_goes_whole() {
        assert_eq!(
            fixed(ID, "- [a](https://a) - \u{1B}[1;31mRed\u{1B}[0m text.\n"),
            "- [a](https://a) - Red text.\n"
        );
        // Not a sequence: the escape alone goes.
        assert_eq!(
            fixed(ID, "- [a](https://a) - \u{1B}[31 text.\n"),
            "- [a](https://a) - [31 text.\n"
        );
    }
}
