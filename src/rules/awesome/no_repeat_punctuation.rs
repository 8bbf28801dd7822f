//! `no-repeat-punctuation`: `!!`, `??`, `,,` and the like in the text of
//! an awesome list.
//!
//! The marks awesome-lint checks (its `no-repeat-punctuation`
//! configuration): `!`, `?`, `,`, `·` and the full-width `！`, `？`, `，`,
//! `～`. Dots are left out, so `...`, `…` and `。。。` are fine, and so are
//! mixed marks (`?!`); `~~` is GitHub's strikethrough, whose delimiters
//! the text runs keep between two words. Text outside code, links and
//! images is read (headings, paragraphs, list items, tables): an entry's
//! name is written as its project writes it, and a URL is not prose. A
//! kaomoji, `∩(,,Ò‿Ó,,)∩`, repeats marks on purpose: a word with a symbol
//! of no script in it (`‿`, `∩`, `°`, `□`) is left alone.

use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("no-repeat-punctuation"),
    default: Level::On(Severity::Warning),
    fix: FixKind::Unsafe,
    scope: Scope::Awesome,
    summary: "repeated punctuation (`!!`, `??`, `,,`) in the text",
    doc: include_str!("../../../rules/no-repeat-punctuation.md"),
};

pub struct NoRepeatPunctuation;

fn is_checked(c: char) -> bool {
    matches!(c, '!' | '?' | ',' | '·' | '！' | '？' | '，' | '～')
}

impl Rule for NoRepeatPunctuation {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        // Bare URLs lie in text runs; their `??` or `,,` is not prose.
        let bare = BareUrls::of(doc);
        let in_bare = |at: usize| bare.contain(at);
        for run in &doc.text_runs {
            let s = doc.slice(run);
            // Most runs have no mark twice in a row: byte scans first.
            if !may_repeat(s) {
                continue;
            }
            let mut chars = s.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if !is_checked(c) {
                    continue;
                }
                let mut end = i + c.len_utf8();
                while let Some(&(j, n)) = chars.peek()
                    && n == c
                {
                    end = j + n.len_utf8();
                    chars.next();
                }
                let at = run.start + i;
                if end == i + c.len_utf8() || in_bare(at) || kaomoji(s, i, end) {
                    continue;
                }
                let span = at..run.start + end;
                let repeated = doc.slice(&span);
                out.push(
                    Diagnostic::new(
                        META.id,
                        span.clone(),
                        format!("repeated punctuation `{repeated}`"),
                    )
                    .with_fix(Fix::unsafe_(
                        format!("keep one `{c}`"),
                        vec![Edit::replace(span, c.to_string())],
                    )),
                );
            }
        }
    }
}

/// Whether `s` may have a checked mark twice in a row: an ASCII one
/// followed by the same byte, or a character that starts as the others do
/// (`·`, the full-width marks) followed by the same bytes.
fn may_repeat(s: &str) -> bool {
    let b = s.as_bytes();
    let twice = |at: usize, n: usize| b.get(at..at + n) == b.get(at + n..at + 2 * n);
    let mut from = 0;
    while let Some(i) = memchr::memchr3(b'!', b'?', b',', &b[from..]) {
        let at = from + i;
        if twice(at, 1) {
            return true;
        }
        from = at + 1;
    }
    let mut from = 0;
    while let Some(i) = memchr::memchr2(0xC2, 0xEF, &b[from..]) {
        let at = from + i;
        if twice(at, if b[at] == 0xC2 { 2 } else { 3 }) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// Whether the word around `s[i..end]` holds a symbol of no script
/// (`‿`, `∩`, `°`): a kaomoji, not a sentence.
fn kaomoji(s: &str, i: usize, end: usize) -> bool {
    // Whitespace may be wider than a byte (a no-break space).
    let from = s[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(p, c)| p + c.len_utf8());
    let to = s[end..]
        .find(char::is_whitespace)
        .map_or(s.len(), |p| end + p);
    s[from..to].chars().any(|c| {
        !c.is_ascii()
            && !c.is_alphanumeric()
            && !c.is_whitespace()
            && !crate::rules::awesome::is_cjk(c)
            && !is_checked(c)
            && !matches!(
                c,
                '…' | '—' | '–' | '’' | '‘' | '“' | '”' | '«' | '»' | '„' | '‚'
            )
            && !crate::rules::awesome::is_emoji(c)
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, spans};

    const ID: &str = "no-repeat-punctuation";

    #[test]
    fn repeated_marks_are_reported_once_per_run() {
        let md = "# Awesome X!!\n\nFast,, small??? and “fun！！” and ～～ and ··\n\n- [a](https://a.org) - Great!!!\n";
        let d = check(ID, md);
        assert_eq!(
            spans(md, &d),
            ["!!", ",,", "???", "！！", "～～", "··", "!!!"]
        );
        assert_eq!(d[0].message, "repeated punctuation `!!`");
        let fix = d[2].fix.as_ref().unwrap();
        assert_eq!(fix.title, "keep one `?`");
        assert_eq!(fix.edits[0].replacement, "?");
    }

    #[test]
    fn dots_mixed_marks_code_links_and_urls_are_fine() {
        let md = "# Awesome X\n\nWait... what?! Really… 。。。 `a ?? b` and https://e.org/?a=1,,2 too.\n\n- [Yahoo!!](https://a.org) - A `!!` operator, ~~struck~~ ~~twice~~.\n- [b](https://b.org) - 顔文字辞書∩(,,Ò‿Ó,,)∩ and (╯°□°）╯!!\n\n```\nx!!\n```\n";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }
}
