//! `awesome-description-punctuation`: an entry's description that does not
//! end as the list's descriptions end (`style`: with a sentence mark, or
//! without a full stop).

use crate::fix::{Edit, Fix};
use crate::rules::awesome::{Ending, ending, is_cjk};
use crate::rules::conventions::Votes;
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-description-punctuation"),
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Awesome,
    summary: "description does not end as the list's descriptions do (`style`: `consistent` by default, `period`, `none`, `awesome-lint`)",
    doc: include_str!("../../../rules/awesome-description-punctuation.md"),
};

pub struct AwesomeDescriptionPunctuation;

/// The rule's options.
pub type Options = options::StyleOption<Style>;

/// The `style` option: how descriptions end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    /// As most of the list's descriptions end (per section where sections
    /// differ): `period` or `none`.
    #[default]
    Consistent,
    /// With a sentence mark: `.`, `!`, `?`, `…` or `。`.
    Period,
    /// Without a full stop (`!`, `?` and `…` are fine).
    #[serde(rename = "none")]
    NoPeriod,
    /// As awesome-lint requires: `period`, names and credits included.
    AwesomeLint,
}

/// How a description ends, as a vote for a convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    FullStop,
    Bare,
}

/// A description, judged.
struct Judged {
    section: usize,
    start: usize,
    end: Ending,
    /// It names rather than describes (`Ian Macdonald`).
    name: bool,
    /// It is written in Chinese or Japanese.
    cjk: bool,
}

impl Rule for AwesomeDescriptionPunctuation {
    rule_facts!(meta: META, options: Options);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let style = cx.options::<Options>(META.id).style;
        // Descriptions outside generated regions, and the names among them.
        let (mut own, mut names) = (0usize, 0usize);
        let mut judged = Vec::new();
        let mut votes: Votes<End> = Votes::default();
        // The full stops of descriptions in Chinese or Japanese: `。`, or
        // `.` in lists that write that.
        let (mut maru, mut dot) = (0usize, 0usize);
        // The text of a description read as a name, one buffer for all.
        let mut plain = String::new();
        for (e, desc) in cx.described_entries() {
            let it = &doc.items[e.item];
            let end = ending(doc, it, desc);
            let until = match end {
                Ending::Unpunctuated { at, .. } => at,
                _ => desc.end,
            };
            let text = &doc.text[desc.start..until];
            // Authors, publishers and dates are not sentences.
            let ascii = text.is_ascii();
            let name = is_name_like(text, ascii, &mut plain);
            let cjk = !ascii && text.chars().any(|c| is_cjk(c) && c.is_alphabetic());
            let section = doc.lists[it.list].section;
            judged.push(Judged {
                section,
                start: desc.start,
                end: end.clone(),
                name,
                cjk,
            });
            // What a generator wrote (markdown-magic, all-contributors)
            // follows the generator's convention, not the list's: it is
            // judged, but does not vote.
            if cx.in_generated(it.marker_span.start) {
                continue;
            }
            own += 1;
            names += usize::from(name);
            match end {
                Ending::Punctuated { at, mark } => {
                    if cjk {
                        maru += usize::from(mark == '。');
                        dot += usize::from(mark == '.');
                    }
                    // Several sentences, or an abbreviation at the end,
                    // fit either convention.
                    if !name
                        && matches!(mark, '.' | '。')
                        && only_sentence(doc.text, desc.start, at)
                    {
                        votes.add(section, End::FullStop);
                    }
                }
                Ending::Unpunctuated { .. } if !name => votes.add(section, End::Bare),
                _ => {}
            }
        }
        // A list whose descriptions are mostly names credits its entries
        // after the dash (`- [Book](url) - Author (PDF)`, a date for each
        // note) instead of describing them: its few sentences are not
        // held to the awesome style either. awesome-lint holds them.
        if style != Style::AwesomeLint && names * 2 >= own {
            return;
        }
        let consistent = style == Style::Consistent;
        // The descriptions come section by section: the last section's
        // convention is kept.
        let mut last: Option<(usize, Option<End>)> = None;
        for j in judged {
            if j.name && style != Style::AwesomeLint {
                continue;
            }
            let want = match style {
                Style::Period | Style::AwesomeLint => End::FullStop,
                Style::NoPeriod => End::Bare,
                Style::Consistent => {
                    let w = match last {
                        Some((at, w)) if at == j.section => w,
                        _ => {
                            let w = votes.convention(j.section).copied();
                            last = Some((j.section, w));
                            w
                        }
                    };
                    match w {
                        Some(w) => w,
                        None => continue,
                    }
                }
            };
            match (want, j.end) {
                (End::FullStop, Ending::Unpunctuated { at, mark }) => {
                    // A sentence in Chinese that ends with a Latin word
                    // (`定位 Postman + JMeter`) takes the list's full stop.
                    let mark = match (j.cjk, maru.cmp(&dot)) {
                        (true, std::cmp::Ordering::Greater) => "。",
                        (true, std::cmp::Ordering::Less) => ".",
                        _ => mark,
                    };
                    // Point at the last character of the sentence.
                    let last = doc.text[..at]
                        .char_indices()
                        .next_back()
                        .map_or(at, |(i, _)| i);
                    let mut d = Diagnostic::new(
                        META.id,
                        last.max(j.start)..at,
                        "description does not end with punctuation",
                    )
                    .with_fix(Fix::safe(
                        format!("end it with `{mark}`"),
                        vec![Edit::insert(at, mark)],
                    ));
                    if consistent {
                        d = d.with_note(
                            "most descriptions of this list end with a full stop (`style = \"consistent\"`)",
                        );
                    }
                    out.push(d);
                }
                (
                    End::Bare,
                    Ending::Punctuated {
                        at,
                        mark: mark @ ('.' | '。'),
                    },
                ) if only_sentence(doc.text, j.start, at) => {
                    let mut d = Diagnostic::new(
                        META.id,
                        at..at + mark.len_utf8(),
                        format!("description ends with `{mark}`"),
                    )
                    .with_fix(Fix::safe(
                        format!("remove the final `{mark}`"),
                        vec![Edit::delete(at..at + mark.len_utf8())],
                    ));
                    if consistent {
                        d = d.with_note(
                            "most descriptions of this list end without a full stop (`style = \"consistent\"`)",
                        );
                    }
                    out.push(d);
                }
                _ => {}
            }
        }
    }
}

/// Abbreviations whose full stop is part of the word, lower-cased.
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "ca", "cf", "co", "corp", "dept", "ed", "eds", "esp", "est", "etc", "excl",
    "fig", "inc", "incl", "jr", "ltd", "misc", "no", "nr", "resp", "sr", "st", "vol", "vs",
];

/// Whether the full stop at `at` ends the only sentence of the description
/// that starts at `start`, and no abbreviation (`etc.`, `e.g.`, `Inc.`,
/// `U.S.`, an initial) or ellipsis (`...`): then removing it leaves the
/// description as the list writes the others. A description of several
/// sentences keeps its final stop in any list.
fn only_sentence(text: &str, start: usize, at: usize) -> bool {
    let before = &text[start..at];
    // Another sentence before: `Fast. Small.`, `classification.日本語…。`
    let boundary = |(i, c): (usize, char)| {
        matches!(c, '.' | '!' | '?')
            && before[i + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_whitespace() || (n.is_alphabetic() && is_cjk(n)))
    };
    // The marks are ASCII, so a byte scan finds them; the full-width ones
    // only occur in text that is not ASCII.
    let b = before.as_bytes();
    if has_wide_mark(b)
        || memchr::memchr3_iter(b'.', b'!', b'?', b).any(|i| boundary((i, char::from(b[i]))))
    {
        return false;
    }
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '/' | '"'))
        .next()
        .unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let Some(last) = word.chars().next_back() else {
        return false;
    };
    if !last.is_alphanumeric() {
        // `...`, `?.`, `).`
        return false;
    }
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        // `e.g`, `U.S`, `v1.0`
        return false;
    }
    if word.chars().count() == 1 && last.is_uppercase() {
        // An initial: `John F.`
        return false;
    }
    !is_one_of(word, &ABBREVIATION_KEYS)
}

/// Whether `b` holds `。`, `！` or `？`.
fn has_wide_mark(b: &[u8]) -> bool {
    // `。` is E3 80 82; `！` and `？` are EF BC 81 and EF BC 9F.
    memchr::memchr2_iter(0xE3, 0xEF, b).any(|i| {
        matches!(
            b.get(i..i + 3),
            Some([0xE3, 0x80, 0x82] | [0xEF, 0xBC, 0x81 | 0x9F])
        )
    })
}

/// Whether `word`, lower-cased, is one of the words whose [`key`]s are
/// `keys`.
fn is_one_of(word: &str, keys: &[u64]) -> bool {
    // Asked of many words of many descriptions: compared as numbers.
    if word.is_ascii() {
        return key(word.as_bytes()).is_some_and(|k| keys.contains(&k));
    }
    // The words are ASCII: a word with a letter that does not become ASCII
    // in lower case (most letters beyond it; not `K`, the Kelvin sign) is
    // none of them.
    if !word
        .chars()
        .all(|c| c.is_ascii() || c.to_lowercase().all(|l| l.is_ascii()))
    {
        return false;
    }
    key(word.to_lowercase().as_bytes()).is_some_and(|k| keys.contains(&k))
}

/// An ASCII word of up to 8 bytes, lower-cased, as a number (its bytes
/// from the highest, zeros after it): two such words are equal when their
/// numbers are. `None` for a longer word or one with a NUL byte.
const fn key(word: &[u8]) -> Option<u64> {
    if word.len() > 8 {
        return None;
    }
    let mut k = 0u64;
    let mut i = 0;
    while i < 8 {
        k <<= 8;
        if i < word.len() {
            if word[i] == 0 {
                return None;
            }
            k |= word[i].to_ascii_lowercase() as u64;
        }
        i += 1;
    }
    Some(k)
}

/// The [`key`]s of `list`, checked when the program is built.
const fn keys<const N: usize>(list: &[&str]) -> [u64; N] {
    let mut out = [0u64; N];
    let mut i = 0;
    while i < N {
        out[i] = match key(list[i].as_bytes()) {
            Some(k) => k,
            None => panic!("a word of more than 8 bytes"),
        };
        i += 1;
    }
    out
}

const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = keys(ABBREVIATIONS);
const CONNECTOR_KEYS: [u64; CONNECTORS.len()] = keys(CONNECTORS);

/// What separates the words of a description read as a name.
fn word_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | '/' | '·')
}

/// What a word of a description read as a name holds (at its ends).
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '@'
}

/// A word of a description read as a name without what is not a
/// [`word_char`] at its ends.
fn trim_word(w: &str) -> &str {
    // ASCII is trimmed by the byte; a character beyond it is decoded.
    let stops = |x: &u8| x.is_ascii_alphanumeric() || *x == b'@' || !x.is_ascii();
    let b = w.as_bytes();
    let Some(start) = b.iter().position(stops) else {
        return "";
    };
    let end = b.iter().rposition(stops).map_or(start, |i| i + 1);
    let w = &w[start..end];
    if w.as_bytes().first().is_some_and(u8::is_ascii)
        && w.as_bytes().last().is_some_and(u8::is_ascii)
    {
        return w;
    }
    w.trim_matches(|c: char| !word_char(c))
}

/// Small words that names and titles keep in lower case.
const CONNECTORS: &[&str] = &[
    "a", "al", "an", "and", "at", "by", "da", "de", "del", "den", "der", "di", "du", "e", "et",
    "for", "from", "i", "in", "la", "le", "of", "on", "the", "to", "und", "van", "von", "with",
    "y",
];

/// Whether a description names rather than describes: a few words that
/// all start with a capital or a digit, small connecting words aside
/// (`Ian Macdonald`, `Jens Gustedt (PDF)`, `by Hobson Lane and Maria
/// Dyshel`, `University of Oxford`, `2020-07-29`), a lone word or handle (`azu`),
/// or a short name in a script without case (`紫藤貴文`). Parentheticals,
/// tags and code spans are left out; a link counts as its text
/// (`[OpenSSL](url) bindings` is a phrase, not the lone word `bindings`).
/// `ascii` says whether `text` is ASCII (it then has no Chinese or
/// Japanese); `plain` is a buffer for the text read (parentheticals, tags
/// and code left out).
fn is_name_like(text: &str, ascii: bool, plain: &mut String) -> bool {
    plain.clear();
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut code = false;
    // Where the text of a link being read ends: its `]`.
    let mut link_text_end: Option<usize> = None;
    // The words of `plain` (as split below) seen so far: a description
    // of more than 8 is no name, and most are read no further than that.
    let (mut words_done, mut in_word) = (0usize, false);
    // Where the word being read starts in `plain`, and whether a word
    // read so far is one that names do not have.
    let (mut word_start, mut odd_word) = (0usize, false);
    let mut at = 0;
    while at < b.len() {
        // ASCII (most text) is read by the byte, the rest decoded.
        let c = match b[at] {
            a if a.is_ascii() => char::from(a),
            _ => text[at..].chars().next().unwrap_or(' '),
        };
        let here = at;
        at += c.len_utf8();
        if link_text_end == Some(here) {
            link_text_end = None;
            continue;
        }
        match c {
            '`' => code = !code,
            _ if code => {}
            '[' if depth == 0 && link_text_end.is_none() => match link_text(text, here) {
                Some(end) => link_text_end = Some(end),
                None => depth += 1,
            },
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => {
                if word_separator(c) {
                    if in_word {
                        words_done += 1;
                        let word = trim_word(&plain[word_start..]);
                        // Two words of which one no name has, or a
                        // sentence in Chinese: no name, whatever follows.
                        if !ascii && is_cjk_prose(word) {
                            return false;
                        }
                        odd_word |= !is_name_word(word);
                        if odd_word && words_done >= 2 {
                            return false;
                        }
                    }
                    in_word = false;
                    plain.push(c);
                    word_start = plain.len();
                    continue;
                } else if word_char(c) {
                    if !in_word && odd_word {
                        return false;
                    }
                    in_word = true;
                    if words_done >= 8 {
                        return false;
                    }
                    // The ASCII letters and digits after the first of a
                    // word change nothing of the above: copied at once.
                    let run = b[at..]
                        .iter()
                        .take_while(|x| x.is_ascii_alphanumeric())
                        .count();
                    plain.push_str(&text[here..at + run]);
                    at += run;
                    continue;
                }
                plain.push(c);
            }
            _ => {}
        }
    }
    let words: Vec<&str> = plain
        .split(word_separator)
        .map(trim_word)
        .filter(|w| !w.is_empty())
        // More than 8 is too many for a name: the rest need not be split.
        .take(9)
        .collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    // Chinese and Japanese need no spaces: a long run of their letters, or
    // one with a grammatical particle (`的`, `の`, `を`), is a sentence.
    if !ascii && words.iter().any(|w| is_cjk_prose(w)) {
        return false;
    }
    // A lone word is a handle or a name (`azu`, `beanshell.org`).
    if words.len() == 1 {
        return true;
    }
    words.iter().all(|w| is_name_word(w)) && !is_tagline(&words)
}

/// Whether a word of a description read as a name is a run of Chinese or
/// Japanese that is a sentence: long, or with a grammatical particle
/// (`的`, `の`, `を`).
fn is_cjk_prose(w: &str) -> bool {
    if w.is_ascii() {
        return false;
    }
    // One pass, to the first particle or the seventh letter without case;
    // ASCII letters all have case.
    let mut caseless = 0usize;
    for c in w.chars().filter(|c| !c.is_ascii()) {
        if PARTICLES.contains(&c) {
            return true;
        }
        if c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase() {
            caseless += 1;
            if caseless > 6 {
                return true;
            }
        }
    }
    false
}

/// Whether a name may have the word `w`: a capitalised word, a number, a
/// handle, a domain or a small connecting word.
fn is_name_word(w: &str) -> bool {
    // `@handle`, `example.org`
    if w.starts_with('@') || w.as_bytes().contains(&b'.') {
        return true;
    }
    let first = w.chars().next().unwrap_or(' ');
    first.is_uppercase()
        || first.is_ascii_digit()
        || (first.is_alphabetic() && !first.is_lowercase())
        || is_one_of(w, &CONNECTOR_KEYS)
}

/// Whether capitalised words are a tagline in title case rather than a
/// name (`Predictable State Container for JavaScript Apps`, `The Elegant
/// Parser`, `Personal Blog`): an article, a preposition that names do not
/// take, a word that names a kind of thing, or more words than a name has.
/// A credit (`by Hobson Lane and Maria Dyshel`) and an institution
/// (`Institute for Advanced Study`, `University of Oxford`) are names.
fn is_tagline(words: &[&str]) -> bool {
    const PREPOSITIONS: &[&str] = &["a", "an", "the", "for", "with", "on", "in", "to", "from"];
    const INSTITUTIONS: &[&str] = &[
        "academy",
        "association",
        "center",
        "centre",
        "college",
        "department",
        "foundation",
        "institute",
        "laboratory",
        "museum",
        "school",
        "society",
        "university",
    ];
    // Each word lower-cased in turn, in one buffer.
    let mut lower = String::new();
    let mut tagline = words.len() >= 5;
    for (i, w) in words.iter().enumerate() {
        lower.clear();
        if w.is_ascii() {
            lower.push_str(w);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&w.to_lowercase());
        }
        let lower = lower.as_str();
        if (i == 0 && lower == "by") || INSTITUTIONS.contains(&lower) {
            return false;
        }
        tagline =
            tagline || PREPOSITIONS.contains(&lower) || crate::rules::awesome::names_a_kind(lower);
    }
    tagline
}

/// Where the text of the link `[text](…)` that starts at `at` ends (its
/// `]`), when it is a link with text that is not an image.
fn link_text(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    for (i, &c) in b.iter().enumerate().skip(at) {
        match c {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    let inner = &text[at + 1..i];
                    return (b.get(i + 1) == Some(&b'(')
                        && !inner.starts_with('!')
                        && !inner.starts_with('['))
                    .then_some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Chinese and Japanese particles and function words that names do not
/// contain.
const PARTICLES: &[char] = &[
    '的', '了', '是', '在', '和', '与', '让', '用', '为', '及', 'の', 'を', 'に', 'は', 'が', 'で',
    'と', 'へ', 'や', 'も',
];

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check_with, fixed_with, spans, style};

    const ID: &str = "awesome-description-punctuation";

    proptest::proptest! {
        #[test]
        fn a_word_is_trimmed_as_by_character(w in "[a-z@.,()'é中!-]{0,8}") {
            proptest::prop_assert_eq!(
                super::trim_word(&w),
                w.trim_matches(|c: char| !super::word_char(c))
            );
        }
    }

    /// With `style = "period"`, the checks of awesome-lint's convention
    /// (names and credits aside).
    fn check(id: &str, md: &str) -> Vec<crate::diagnostic::Diagnostic> {
        check_with(&style(ID, "period"), id, md)
    }

    fn fixed(id: &str, md: &str) -> String {
        fixed_with(&style(ID, "period"), id, md)
    }

    #[test]
    fn a_missing_period_is_added() {
        assert_eq!(
            fixed(ID, "- [a](https://a) - A fast parser\n"),
            "- [a](https://a) - A fast parser.\n"
        );
        assert_eq!(
            fixed(ID, "- [a](https://a) - 网易云音乐第三方播放器\n"),
            "- [a](https://a) - 网易云音乐第三方播放器。\n"
        );
    }

    #[test]
    fn tags_after_the_sentence_keep_the_period_before_them() {
        assert_eq!(
            fixed(ID, "- [a](https://a) - A fast parser [[code](https://c)]\n"),
            "- [a](https://a) - A fast parser. [[code](https://c)]\n"
        );
        let md = "- [a](https://a) - A fast parser. [[code](https://c)]\n- [b](https://b) - A fast parser. [![Stars](https://s.svg)](https://r)\n";
        assert!(check(ID, md).is_empty());
    }

    #[test]
    fn closers_after_the_mark_are_fine() {
        let md = "\
- [a](https://a) - Desc (really.)
- [b](https://b) - \"Desc.\"
- [c](https://c) - Desc. (Japanese)
- [d](https://d) - Desc. *(Japanese)*
- [e](https://e) - Desc. 📷
- [f](https://f) - Node.js is running but you don't know why?
- [g](https://g) - 描述。
- [h](https://h)
- [i](https://i) (PDF)
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn a_description_that_starts_with_a_link_is_a_sentence() {
        assert_eq!(
            fixed(
                ID,
                "- [a](https://a) - [OpenSSL](https://o) bindings\n- [b](https://b) - [Author Name](https://t)\n- [c](https://c) - A parser.\n"
            ),
            "- [a](https://a) - [OpenSSL](https://o) bindings.\n- [b](https://b) - [Author Name](https://t)\n- [c](https://c) - A parser.\n"
        );
    }

    #[test]
    fn authors_publishers_and_dates_are_not_sentences() {
        let md = "\
- [a](https://a) - Ian Macdonald
- [b](https://b) - Jens Gustedt (PDF) (CC BY-NC-ND)
- [c](https://c) - by Hobson Lane and Maria Dyshel
- [d](https://d) - 2020-07-29
- [e](https://e) - 紫藤貴文
- [f](https://f) - Евгений Сулейманов
- [g](https://g) - University of Oxford
- [h](https://h) - azu
- [i](https://i) - beanshell.org (HTML)
- [j](https://j) - William J. Turkel, `trl:` @moroshigeki
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
        let md = "\
- [a](https://a) - State machines for the modern web
- [b](https://b) - Learn about Data Science
- [c](https://c) - VRChatにAI Botを作るためのリポジトリ
- [d](https://d) - 免费的 BitTorrent 客户端
";
        assert_eq!(check(ID, md).len(), 4);
    }

    #[test]
    fn taglines_in_title_case_are_sentences() {
        let md = "\
- [a](https://a) - Predictable State Container for JavaScript Apps
- [b](https://b) - The Elegant Parser
- [c](https://c) - Personal Blog
- [d](https://d) - Rusty Object Notation
- [e](https://e) - Fault-tolerant Async Actors Built on Tokio
- [f](https://f) - A fast parser.
- [g](https://g) - Greg Reda
";
        let diags = check(ID, md);
        let lines: Vec<usize> = diags
            .iter()
            .map(|d| md[..d.span.start].matches('\n').count())
            .collect();
        assert_eq!(lines, [0, 1, 2, 3, 4], "{diags:?}");
    }

    #[test]
    fn credits_and_institutions_in_a_described_list_are_names() {
        let md = "\
- [a](https://a) - A fast parser.
- [b](https://b) - A slow parser.
- [c](https://c) - by Hobson Lane and Maria Dyshel
- [d](https://d) - Institute for Advanced Study
- [e](https://e) - University of Oxford
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn a_list_that_credits_its_entries_is_left_alone() {
        let md = "\
- [Modern C](https://a) - Jens Gustedt (PDF)
- [C Programming](https://b) - Wikibooks
- [Learn Arduino](https://c) - Compiled from StackOverflow documentation (PDF)
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn links_after_a_dash_follow_the_sentence() {
        // Issue 15: the period was appended after `[source](…)`.
        let md = "\
- [Cppcheck](https://c) - A tool for static C/C++ code analysis. - [source](https://s)
- [OCLint](https://o) - A static analysis tool. | [docs](https://d) - [source](https://s)
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
        assert_eq!(
            fixed(
                ID,
                "- [a](https://a) - A static analyser - [source](https://s)\n"
            ),
            "- [a](https://a) - A static analyser. - [source](https://s)\n"
        );
    }

    #[test]
    fn descriptions_made_only_of_links_are_not_judged() {
        let md = "\
- [word2vec](https://w) - [implementation](https://i) - [explainer blog](https://e)
- [a](https://a) - [the docs](https://d), [a demo](https://e)
- [b](https://b) - [the docs](https://d) / [a demo](https://e)
- [c](https://c) - A parser.
- [d](https://d) - A lexer.
- [e](https://e) - A printer.
- [f](https://f) - A linter.
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn symbols_at_the_end_are_not_judged() {
        let md = "- [a](https://a) - Generate sparklines ▁▂▃▅▂▇\n- [b](https://b) - Supports:\n";
        assert!(check(ID, md).is_empty());
    }

    /// `n` entries described with `desc`, in a section of their own.
    fn section(title: &str, n: usize, desc: &str) -> String {
        let mut md = format!("## {title}\n\n");
        for i in 0..n {
            md.push_str(&format!("- [e{i}](https://e/{title}{i}) - {desc}\n"));
        }
        md.push('\n');
        md
    }

    #[test]
    fn consistent_follows_the_list_and_its_sections() {
        let consistent = |md: &str| check_with("", ID, md);
        // Most descriptions end with a full stop: the others get one.
        let md = format!(
            "{}{}",
            section("A", 6, "Parses JSON files."),
            section("B", 2, "Parses YAML files")
        );
        let d = consistent(&md);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].note.as_deref().unwrap().contains("consistent"));
        // A section of fragments in such a list keeps them.
        let md = format!(
            "{}{}{}",
            section("A", 12, "Parses JSON files."),
            section("B", 3, "Parses YAML files"),
            section("C", 1, "Parses TOML files")
        );
        let d = consistent(&md);
        assert_eq!(spans(&md, &d), ["s"], "{d:?}");
        // Mixed evenly: no convention, nothing reported.
        let md = format!(
            "{}{}",
            section("A", 4, "Parses JSON files."),
            section("B", 3, "Parses YAML files")
        );
        assert!(consistent(&md).is_empty());
    }

    #[test]
    fn none_removes_a_lone_full_stop_only() {
        let none = style(ID, "none");
        let md = "\
- [a](https://a) - Parses JSON files.
- [b](https://b) - Parses JSON files, YAML files, etc.
- [c](https://c) - Parses JSON. Writes YAML.
- [j](https://j) - Parses JSON.構文を判定。
- [d](https://d) - Made in the U.S.
- [e](https://e) - Wait for it...
- [f](https://f) - Is it fast?
- [g](https://g) - Runs on Node.js.
- [h](https://h) - 用于解析 JSON 文件的工具。
- [i](https://i) - Parses JSON files. [[crate](https://c)]
";
        assert_eq!(
            fixed_with(&none, ID, md),
            md.replace("JSON files.\n", "JSON files\n")
                .replace("Node.js.", "Node.js")
                .replace("工具。", "工具")
                .replace("files. [[", "files [[")
        );
    }

    #[test]
    fn awesome_lint_judges_names_too() {
        let md = "- [a](https://a) - Jens Gustedt (PDF)\n- [b](https://b) - Ian Macdonald\n";
        assert!(check(ID, md).is_empty());
        assert_eq!(
            fixed_with(&style(ID, "awesome-lint"), ID, md),
            "- [a](https://a) - Jens Gustedt (PDF).\n- [b](https://b) - Ian Macdonald.\n"
        );
    }

    #[test]
    fn a_chinese_sentence_takes_the_full_stop_the_list_uses() {
        // Its Chinese descriptions end with `.`: the missing one gets `.`, not `。`.
        let md = "- [a](https://a) - 一个快速的解析器.\n- [b](https://b) - 一个漂亮的客户端.\n- [c](https://c) - 网易云音乐第三方播放器\n";
        assert_eq!(
            fixed(ID, md),
            "- [a](https://a) - 一个快速的解析器.\n- [b](https://b) - 一个漂亮的客户端.\n- [c](https://c) - 网易云音乐第三方播放器.\n"
        );
    }

    #[test]
    fn abbreviations_and_connectors_are_found_in_any_case() {
        for list in [super::ABBREVIATIONS, super::CONNECTORS] {
            assert!(list.iter().all(|w| *w == w.to_ascii_lowercase()));
        }
        let abbreviation = |w| super::is_one_of(w, &super::ABBREVIATION_KEYS);
        assert!(abbreviation("Etc") && abbreviation("ETC") && abbreviation("al"));
        assert!(!abbreviation("etcetera") && !abbreviation("a") && !abbreviation("etc\0"));
        let connector = |w| super::is_one_of(w, &super::CONNECTOR_KEYS);
        assert!(connector("Von") && !connector("vön") && !connector("Дe"));
        // The Kelvin sign is a `k` in lower case: read as one, no connector.
        assert!(!connector("\u{212A}"));
    }

    #[test]
    fn a_credit_with_a_year_is_a_name() {
        // A word that starts with a digit belongs to a name as a
        // capitalised one does.
        assert!(check(ID, "- [a](https://a) - Jane Doe 2019\n").is_empty());
    }
}
