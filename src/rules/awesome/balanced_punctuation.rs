//! `balanced-punctuation`: an unmatched bracket, parenthesis or quote in
//! an awesome entry's name or description.
//!
//! Only the description's own text is read: code spans, link texts and
//! destinations, bare URLs and HTML are not (a Wikipedia URL has its own
//! parentheses). One pass over the characters with a stack of openers;
//! what is left on the stack is unclosed, a closer with no opener is
//! unmatched. What a real list writes without meaning a pair is left
//! alone: emoticons (`:)`, `;-(`), enumerations (`1)`, `a)`), apostrophes
//! (`don't`, `it’s`, `students’`, `’90s`), inch and foot marks (`12"`,
//! `6'`), half-open intervals (`[0, 1)`), kaomoji (`(╯°□°）╯`), and a
//! closing curly quote used alone (`’` is an apostrophe far more often
//! than a quote). An opener closed by a bracket of another kind (`「…]`,
//! `（…)`) is one slip, reported once.

use crate::document::LinkKind;
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("balanced-punctuation"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "an unmatched bracket, parenthesis or quote in an entry's name or description",
    doc: include_str!("../../../rules/balanced-punctuation.md"),
};

pub struct BalancedPunctuation;

/// Kinds of pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pair {
    /// `(…)`, and `（…）` when full-width.
    Paren(bool),
    Square,
    Brace,
    /// `“…”`, `„…“`, `„…”`.
    Double,
    /// `‘…’`, `‚…‘`.
    Single,
    /// `"…"`.
    Straight,
    /// `'…'`.
    StraightSingle,
    /// `”…”` (Swedish, Finnish): a lone `”` waits for another.
    RightDouble,
    /// A CJK bracket pair, by its opener.
    Cjk(char),
}

/// An opener on the stack.
#[derive(Debug, Clone, Copy)]
struct Open {
    pair: Pair,
    at: usize,
    c: char,
}

/// CJK bracket pairs (opener, closer).
const CJK: &[(char, char)] = &[
    ('『', '』'),
    ('《', '》'),
    ('「', '」'),
    ('【', '】'),
    ('〔', '〕'),
    ('〈', '〉'),
];

impl Rule for BalancedPunctuation {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for e in cx.awesome_entries() {
            let it = &doc.items[e.item];
            // The entry's name: the title link's text, without code spans
            // and the links or images inside it.
            let inner: Vec<&crate::source::Span> = it
                .links
                .iter()
                .filter(|&&l| l != e.link)
                .map(|&l| &doc.links[l].span)
                .filter(|s| s.start >= e.name.start && s.end <= e.name.end)
                .collect();
            let chars: Vec<(usize, char)> = pairing_chars(&doc.text[e.name.clone()])
                .map(|(i, c)| (e.name.start + i, c))
                .filter(|&(at, _)| !doc.in_code(at) && !inner.iter().any(|s| s.contains(&at)))
                .collect();
            if !chars.is_empty() {
                let ctx = Ctx::new(doc, it, e.name.clone(), "name");
                check_chars(&ctx, &chars, out);
            }
            let crate::rules::awesome::Shape::Described { desc, .. } = &e.shape else {
                continue;
            };
            let chars = description_chars(doc, it, desc);
            if !chars.is_empty() {
                let ctx = Ctx::new(doc, it, desc.clone(), "description");
                check_chars(&ctx, &chars, out);
            }
        }
    }
}

/// The description's text characters that may pair, with their offsets:
/// text runs (outside links, images and code) inside `desc`, bare URLs
/// left out.
fn description_chars(
    doc: &crate::document::Document<'_>,
    it: &crate::document::Item,
    desc: &crate::source::Span,
) -> Vec<(usize, char)> {
    let bare: Vec<&crate::source::Span> = it
        .links
        .iter()
        .map(|&l| &doc.links[l])
        .filter(|l| l.kind == LinkKind::Bare)
        .map(|l| &l.span)
        .collect();
    let mut out = Vec::new();
    let first = doc.text_runs.partition_point(|r| r.end <= desc.start);
    for run in doc.text_runs[first..]
        .iter()
        .take_while(|r| r.start < desc.end)
    {
        let from = run.start.max(desc.start);
        let to = run.end.min(desc.end);
        if from >= to {
            continue;
        }
        for (i, c) in pairing_chars(&doc.text[from..to]) {
            let at = from + i;
            if bare.iter().any(|b| b.contains(&at)) {
                continue;
            }
            out.push((at, c));
        }
    }
    out
}

/// The characters of `s` that may pair, with their offsets. Most bytes
/// are ruled out by a table; only characters that start with the byte of a
/// pairing mark are decoded.
fn pairing_chars(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(&x) = b.get(i) {
            let at = i;
            i += 1;
            if !MAY_PAIR[usize::from(x)] {
                continue;
            }
            let c = if x.is_ascii() {
                char::from(x)
            } else {
                s[at..].chars().next()?
            };
            if is_pairing(c) {
                return Some((at, c));
            }
        }
        None
    })
}

/// The bytes a pairing mark starts with: the ASCII marks, and the first
/// byte of the others (`（`, `“`, `‘`, `「` … are U+2018 to U+FF09: E2, E3
/// and EF in UTF-8).
const MAY_PAIR: [bool; 256] = {
    let mut t = [false; 256];
    let marks = b"()[]{}\"'\xE2\xE3\xEF";
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
};

fn is_pairing(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '（'
            | '）'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '\''
            | '“'
            | '”'
            | '„'
            | '‘'
            | '’'
            | '‚'
    ) || CJK.iter().any(|&(o, e)| c == o || c == e)
}

/// The text being paired: a description or a name.
struct Ctx<'a> {
    text: &'a str,
    desc: crate::source::Span,
    /// `description` or `name`, for the messages.
    part: &'static str,
    /// Where links and code spans start and end: a word touches them
    /// (`[Rust](u)'s`, `` `x`'s ``).
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl<'a> Ctx<'a> {
    fn new(
        doc: &'a crate::document::Document<'a>,
        it: &crate::document::Item,
        desc: crate::source::Span,
        part: &'static str,
    ) -> Self {
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for &l in &it.links {
            let span = &doc.links[l].span;
            starts.push(span.start);
            ends.push(span.end);
        }
        let c0 = doc.code.partition_point(|c| c.end <= desc.start);
        for c in doc.code[c0..].iter().take_while(|c| c.start < desc.end) {
            starts.push(c.start);
            ends.push(c.end);
        }
        starts.sort_unstable();
        ends.sort_unstable();
        Self {
            text: doc.text,
            desc,
            part,
            starts,
            ends,
        }
    }

    fn before(&self, at: usize) -> Option<char> {
        if at <= self.desc.start {
            return None;
        }
        self.text[..at].chars().next_back()
    }

    fn after(&self, at: usize, c: char) -> Option<char> {
        let end = at + c.len_utf8();
        if end >= self.desc.end {
            return None;
        }
        self.text[end..].chars().next()
    }

    /// A letter, digit or `_` before `at`, or the end of a link or code
    /// span right there.
    fn word_before(&self, at: usize) -> bool {
        self.before(at).is_some_and(is_word) || self.ends.binary_search(&at).is_ok()
    }

    fn word_after(&self, at: usize, c: char) -> bool {
        self.after(at, c).is_some_and(is_word)
            || self.starts.binary_search(&(at + c.len_utf8())).is_ok()
    }

    /// `:)`, `:-(`, `;)`, `=)`, `:'(`, `:]`.
    fn emoticon(&self, at: usize) -> bool {
        let before = &self.text[self.desc.start..at];
        let mut rev = before.chars().rev();
        let mut c = rev.next();
        if matches!(c, Some('-' | '\'' | '^')) {
            c = rev.next();
        }
        matches!(c, Some(':' | ';' | '='))
    }

    /// `1)`, `2.)`, `a)`, `iv)`: a short label at the start of the
    /// description or after a space.
    fn enumeration(&self, at: usize) -> bool {
        let before = &self.text[self.desc.start..at];
        let before = before.strip_suffix('.').unwrap_or(before);
        let label_len = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let label = &before[before.len() - label_len..];
        let rest = &before[..before.len() - label_len];
        let short = (1..=3).contains(&label.len())
            && (label.bytes().all(|b| b.is_ascii_digit())
                || label.len() == 1
                || label
                    .bytes()
                    .all(|b| matches!(b, b'i' | b'v' | b'x' | b'I' | b'V' | b'X')));
        short && (rest.is_empty() || rest.ends_with(char::is_whitespace))
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The last opener of `pair` on the stack.
fn find(stack: &[Open], pair: Pair) -> Option<usize> {
    stack.iter().rposition(|o| o.pair == pair)
}

fn check_chars(cx: &Ctx<'_>, chars: &[(usize, char)], out: &mut Vec<Diagnostic>) {
    let mut stack: Vec<Open> = Vec::new();
    for &(at, c) in chars {
        let open = |pair| Open { pair, at, c };
        match c {
            '(' | '（' => {
                // `:(`: a sad face.
                if !(c == '(' && cx.emoticon(at)) {
                    stack.push(open(Pair::Paren(c == '（')));
                }
            }
            ')' | '）' => {
                if let Some(i) = find(&stack, Pair::Paren(c == '）')) {
                    stack.remove(i);
                } else if let Some(i) = interval(cx, &stack, at, c) {
                    stack.remove(i);
                } else if c == ')' && (cx.emoticon(at) || cx.enumeration(at)) {
                } else {
                    close_other(cx, &mut stack, at, c, out);
                }
            }
            '[' => stack.push(open(Pair::Square)),
            ']' => {
                if let Some(i) = find(&stack, Pair::Square) {
                    stack.remove(i);
                } else if let Some(i) = interval(cx, &stack, at, c) {
                    stack.remove(i);
                } else if cx.emoticon(at) {
                } else {
                    close_other(cx, &mut stack, at, c, out);
                }
            }
            '{' => stack.push(open(Pair::Brace)),
            '}' => match find(&stack, Pair::Brace) {
                Some(i) => {
                    stack.remove(i);
                }
                None => close_other(cx, &mut stack, at, c, out),
            },
            '„' => stack.push(open(Pair::Double)),
            '“' => {
                // `„…“` closes a German opener; otherwise it opens.
                match stack
                    .iter()
                    .rposition(|o| o.pair == Pair::Double && o.c == '„')
                {
                    Some(i) => {
                        stack.remove(i);
                    }
                    None => stack.push(open(Pair::Double)),
                }
            }
            '”' => {
                if let Some(i) = find(&stack, Pair::Double) {
                    stack.remove(i);
                } else if let Some(i) = find(&stack, Pair::RightDouble) {
                    stack.remove(i);
                } else {
                    stack.push(open(Pair::RightDouble));
                }
            }
            '‚' => stack.push(open(Pair::Single)),
            '‘' => {
                match stack
                    .iter()
                    .rposition(|o| o.pair == Pair::Single && o.c == '‚')
                {
                    Some(i) => {
                        stack.remove(i);
                    }
                    None => stack.push(open(Pair::Single)),
                }
            }
            '’' => {
                // Inside a word or before one it is an apostrophe (`it’s`,
                // `’90s`); after a word it closes an open `‘` or is a
                // possessive (`students’`). Alone, it is never reported.
                let inside = cx.word_after(at, c);
                if !inside && let Some(i) = find(&stack, Pair::Single) {
                    stack.remove(i);
                }
            }
            '"' => {
                if let Some(i) = find(&stack, Pair::Straight) {
                    stack.remove(i);
                } else if cx.before(at).is_some_and(|b| b.is_ascii_digit()) {
                    // `12"`: inches.
                } else {
                    stack.push(open(Pair::Straight));
                }
            }
            '\'' => {
                let before = cx.word_before(at);
                let after = cx.word_after(at, c);
                match (before, after) {
                    // `don't`
                    (true, true) => {}
                    // `'quoted`; but `'90s`, an elision (`Shoot 'em Up`)
                    // and a possessive after a space (`(国税庁) 's`) open
                    // nothing
                    (false, true) => {
                        let rest = &cx.text[at + 1..cx.desc.end];
                        let elision = ["s", "em", "til", "cause", "tis", "twas", "bout"]
                            .iter()
                            .any(|w| {
                                rest.get(..w.len())
                                    .is_some_and(|h| h.eq_ignore_ascii_case(w))
                                    && !rest[w.len()..].starts_with(is_word)
                            });
                        if !elision && !rest.starts_with(|n: char| n.is_ascii_digit()) {
                            stack.push(open(Pair::StraightSingle));
                        }
                    }
                    // `quoted'`, `students'`, `6'`
                    (true, false) | (false, false) => {
                        if let Some(i) = find(&stack, Pair::StraightSingle) {
                            stack.remove(i);
                        }
                    }
                }
            }
            _ => {
                if let Some(&(o, _)) = CJK.iter().find(|&&(o, _)| o == c) {
                    stack.push(open(Pair::Cjk(o)));
                } else if let Some(&(o, _)) = CJK.iter().find(|&&(_, e)| e == c) {
                    match find(&stack, Pair::Cjk(o)) {
                        Some(i) => {
                            stack.remove(i);
                        }
                        None => close_other(cx, &mut stack, at, c, out),
                    }
                }
            }
        }
    }
    for o in stack {
        let span = o.at..o.at + o.c.len_utf8();
        let d = if o.pair == Pair::RightDouble {
            Diagnostic::new(
                META.id,
                span,
                format!("unmatched `{}` in the {}", o.c, cx.part),
            )
        } else {
            Diagnostic::new(
                META.id,
                span,
                format!("unclosed `{}` in the {}", o.c, cx.part),
            )
        };
        // `It‘s`: the opening quote typed for an apostrophe.
        let d = if o.c == '‘' && cx.word_before(o.at) && cx.word_after(o.at, o.c) {
            d.with_note("between two letters it reads as an apostrophe, which is `’`")
        } else {
            d
        };
        out.push(d);
    }
}

/// A half-open interval, `[0, 1)` or `(0, 1]`: the last opener is the
/// other bracket, a few characters before, with a comma between.
fn interval(cx: &Ctx<'_>, stack: &[Open], at: usize, c: char) -> Option<usize> {
    let i = stack.len().checked_sub(1)?;
    let o = stack[i];
    let inner = &cx.text[o.at + o.c.len_utf8()..at];
    let other = matches!((o.c, c), ('[', ')') | ('(', ']'));
    (other && inner.len() <= 24 && inner.contains(',')).then_some(i)
}

/// A closer `c` with no opener of its kind: when the last opener is a
/// bracket of another kind, one slip (`「日本語]`, `（PDF)`) reported once;
/// otherwise an unmatched closer. A kaomoji, `(╯°□°）╯︵ ┻━┻`, mixes
/// widths on purpose: a pair of parentheses around no letter or digit is
/// fine.
fn close_other(cx: &Ctx<'_>, stack: &mut Vec<Open>, at: usize, c: char, out: &mut Vec<Diagnostic>) {
    let top = stack.last().copied().filter(|o| {
        matches!(
            o.pair,
            Pair::Paren(_) | Pair::Square | Pair::Brace | Pair::Cjk(_)
        )
    });
    let Some(o) = top else {
        out.push(Diagnostic::new(
            META.id,
            at..at + c.len_utf8(),
            format!("unmatched `{c}` in the {}", cx.part),
        ));
        return;
    };
    stack.pop();
    let inner = &cx.text[o.at + o.c.len_utf8()..at];
    if matches!(o.pair, Pair::Paren(_))
        && matches!(c, ')' | '）')
        && !inner.chars().any(char::is_alphanumeric)
    {
        return;
    }
    out.push(Diagnostic::new(
        META.id,
        at..at + c.len_utf8(),
        format!("`{}` is closed by `{c}` in the {}", o.c, cx.part),
    ));
}

#[cfg(test)]
mod tests {
    #[test]
    fn pairing_marks_start_with_the_bytes_of_the_table() {
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| super::is_pairing(c))
        {
            let mut buf = [0u8; 4];
            let first = c.encode_utf8(&mut buf).as_bytes()[0];
            assert!(super::MAY_PAIR[usize::from(first)], "{c}");
        }
        let s = "a(b）c「d」’";
        let found: Vec<char> = super::pairing_chars(s).map(|(_, c)| c).collect();
        assert_eq!(found, ['(', '）', '「', '」', '’']);
    }

    use crate::rules::test_support::{check, spans};

    const ID: &str = "balanced-punctuation";

    fn found(desc: &str) -> Vec<String> {
        let md = format!("# Awesome X\n\n- [Name](https://example.org) - {desc}\n");
        check(ID, &md)
            .iter()
            .map(|d| format!("{} {}", &md[d.span.clone()], d.message))
            .collect()
    }

    #[test]
    fn unmatched_and_unclosed_pairs_are_reported() {
        assert_eq!(
            found("A tool (for Rust."),
            ["( unclosed `(` in the description"]
        );
        assert_eq!(
            found("A tool for Rust)."),
            [") unmatched `)` in the description"]
        );
        assert_eq!(
            found("The \"fast parser."),
            ["\" unclosed `\"` in the description"]
        );
        assert_eq!(
            found("The “fast parser."),
            ["“ unclosed `“` in the description"]
        );
        assert_eq!(
            found("A [beta tool."),
            ["[ unclosed `[` in the description"]
        );
        assert_eq!(
            found("A 「beta tool."),
            ["「 unclosed `「` in the description"]
        );
        assert_eq!(
            found("A beta】 tool."),
            ["】 unmatched `】` in the description"]
        );
        assert_eq!(
            found("用の「日本語]の Prompt."),
            ["] `「` is closed by `]` in the description"]
        );
        assert_eq!(
            found("A book（PDF) here."),
            [") `（` is closed by `)` in the description"]
        );
        assert_eq!(found("Set {a, b."), ["{ unclosed `{` in the description"]);
        assert_eq!(found("It‘s a tool."), ["‘ unclosed `‘` in the description"]);
        assert_eq!(
            found("The 'fast parser."),
            ["' unclosed `'` in the description"]
        );
    }

    #[test]
    fn the_note_names_the_apostrophe() {
        let md = "# Awesome X\n\n- [Name](https://example.org) - It‘s a tool.\n";
        let d = check(ID, md);
        assert_eq!(
            d[0].note.as_deref(),
            Some("between two letters it reads as an apostrophe, which is `’`")
        );
    }

    #[test]
    fn balanced_text_is_fine() {
        for desc in [
            "A tool (for Rust) [beta] {x}.",
            "The “fast” parser, the \"fast\" one, and the 'fast' one.",
            "German „Anführung“ and „zitat” and Swedish ”citat”.",
            "A ‘quoted’ word and a ‚German‘ one.",
            "Nested (quotes “in (parens)”).",
            "中文（简体）和「引号」。",
            "A kaomoji (╯°□°）╯︵ ┻━┻ flips.",
        ] {
            assert!(found(desc).is_empty(), "{desc}: {:?}", found(desc));
        }
    }

    #[test]
    fn what_a_list_writes_without_a_pair_is_fine() {
        for desc in [
            // Apostrophes, straight and curly.
            "Don't panic, it's Rust's and the students' choice.",
            "It’s Rust’s and the students’ choice of the ’90s and '90s.",
            "The 1990’s and 1990's tools.",
            // Emoticons.
            "Have fun :) and :-) and ;) and :( and :-( and :] too.",
            // Enumerations.
            "Three steps: 1) install, 2) run, 3.) profit.",
            "Either a) this or b) that, iv) or this.",
            // Inch and foot marks.
            "For 12\" and 15\" screens, 6' tall.",
            // Half-open intervals.
            "Samples in [0, 1) uniformly, or in (0, 1].",
            "A possessive after a space: Japan National Tax Agency (国税庁) 's scheme.",
            "HTML5 Shoot 'em Up, Rock 'n' Roll, 'til dawn 'cause why not.",
            // Code spans, URLs and link texts.
            "Call `f(` or `\"` and see https://en.wikipedia.org/wiki/Rust_(language) now.",
            "Like [a (b](https://example.org/x_(y)) and [c \"d](https://e.org).",
            // A word touching a link or code span.
            "The [Rust](https://rust-lang.org)'s way and `x`'s value.",
        ] {
            assert!(found(desc).is_empty(), "{desc}: {:?}", found(desc));
        }
    }

    #[test]
    fn only_names_and_descriptions_are_read() {
        let md = "# Awesome (X\n\nAn intro (with a slip.\n\n- [Name `(`](https://example.org) - Fine.\n- [Bare ![(](https://e.org/i.png)](https://example.org)\n";
        assert!(check(ID, md).is_empty());
        let md = "# Awesome X\n\n- [正規表現（CoffeeScript)](https://example.org) - 飯塚直\n- [Name (beta](https://example.org)\n";
        assert_eq!(
            check(ID, md)
                .iter()
                .map(|d| d.message.as_str())
                .collect::<Vec<_>>(),
            [
                "`（` is closed by `)` in the name",
                "unclosed `(` in the name"
            ]
        );
    }

    #[test]
    fn each_slip_is_one_diagnostic() {
        let md = "# Awesome X\n\n- [Name](https://example.org) - A (b) cd) e (f.\n";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), [")", "("]);
    }

    #[test]
    fn quotes_across_lines_of_one_description_pair() {
        let md = "# Awesome X\n\n- [Name](https://example.org) - A \"long\n  quote\" here.\n";
        assert!(check(ID, md).is_empty());
    }
}
