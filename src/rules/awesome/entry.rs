//! What the `awesome-*` rules share: each link entry taken apart into its
//! name, the annotations after it, the separator and the description
//! (`- [Name](url) - Description.`), found once per file.
//!
//! awesome-lint's conventions, as its fixtures and issues settle them: an
//! entry may have no description at all (`- [Name](url)`), or only
//! annotations after its link (a parenthetical `(PDF)`, badges, emoji,
//! `[[crate](url)]` tags); a description follows ` - `.

use crate::document::{Document, Item, LinkKind};
use crate::source::Span;

use super::words::is_cjk;

use crate::rules::Context;

/// A link entry of an awesome list, taken apart.
#[derive(Debug, Clone)]
pub(crate) struct AwesomeEntry {
    /// The entry's item.
    pub item: usize,
    /// The title link (index into `Document::links`).
    pub link: usize,
    /// The title link's text, inside the brackets.
    pub name: Span,
    pub shape: Shape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// The link, maybe followed by annotations, and nothing else.
    Bare,
    /// A separator, then the description.
    Described {
        /// From the end of the link (and its annotations) to the description.
        sep: Span,
        /// The dash or colon that separates (`-`, `—`, `:` …).
        token: &'static str,
        /// The description, to the end of the entry's lead, trimmed.
        desc: Span,
    },
    /// A dash with no description after it.
    EmptyDescription { sep: Span },
    /// Text right after the link with no separator: the span of its first
    /// word.
    NoSeparator { text: Span },
}

/// Separators that mean ` - `, longest first so `--` wins over `-`.
pub(crate) const SEPARATORS: [&str; 7] = ["->", "--", "-", "—", "–", ":", "："];

/// The link entries of a list of links (awesome preset), taken apart.
pub(crate) fn entries(cx: &Context<'_>) -> Vec<AwesomeEntry> {
    let doc = cx.doc;
    let mut out = Vec::with_capacity(doc.entries.len());
    // Whether a list is a list of links depends on its section and the
    // list only: decided once per list, not once per entry.
    let mut required: rustc_hash::FxHashMap<(usize, usize), bool> =
        rustc_hash::FxHashMap::default();
    let mut continued = Vec::new();
    for entry in &doc.entries {
        let list = doc.items[entry.item].list;
        if entry.title_link.is_some() {
            let of_links = *required
                .entry((entry.section, list))
                .or_insert_with(|| cx.link_required(entry));
            push_entry(doc, entry.item, !of_links, &mut out, &mut continued);
        }
        sub_entry_items(doc, entry.item, &mut |n| {
            push_entry(doc, n, false, &mut out, &mut continued);
        });
    }
    // Lowercase text after a link, with no separator, is a description
    // missing its dash when at least half the entries of its list are described (`-
    // [hvalid](u) hvalid is a validation library`); in a list of such
    // phrases (steps, prose) it is part of the sentence the link starts.
    let mut described: rustc_hash::FxHashMap<usize, (usize, usize)> =
        rustc_hash::FxHashMap::default();
    for e in &out {
        let n = described.entry(doc.items[e.item].list).or_default();
        n.1 += 1;
        if matches!(e.shape, Shape::Described { .. } | Shape::NoSeparator { .. }) {
            n.0 += 1;
        }
    }
    for (i, text) in continued {
        let (d, n) = described[&doc.items[out[i].item].list];
        if d > 0 && d * 2 >= n {
            out[i].shape = Shape::NoSeparator { text };
        }
    }
    out.sort_by_key(|e| e.item);
    out
}

/// Takes item `item` apart when it is a link entry (an image, an HTML or a
/// bare link is not a title).
/// `continued` collects the entries (by index in `out`) whose lowercase
/// text after the link may be a description missing its dash, with the
/// span of its first word. A `lone` link entry, in a list of other things,
/// counts only when it has a description (`- [docker.el](u) Manage docker
/// from Emacs.` among plain bullets).
fn push_entry(
    doc: &Document<'_>,
    item: usize,
    lone: bool,
    out: &mut Vec<AwesomeEntry>,
    continued: &mut Vec<(usize, Span)>,
) {
    let it = &doc.items[item];
    let Some(link) = it.title_link else {
        return;
    };
    let l = &doc.links[link];
    if l.image || l.kind == LinkKind::Html || l.kind == LinkKind::Bare {
        return;
    }
    let name = l.text_span.clone().unwrap_or_else(|| l.span.clone());
    let (shape, continuation) = shape_of(doc, it, link);
    if lone && shape == Shape::Bare {
        return;
    }
    if let Some(text) = continuation {
        continued.push((out.len(), text));
    }
    out.push(AwesomeEntry {
        item,
        link,
        name,
        shape,
    });
}

/// Link entries nested under an entry (`- [Vim](u) - Editor.` with its
/// plugins below it) follow the same format: awesome lists nest entries
/// under entries.
/// Calls `f` with each item nested under `item`, at any depth, that starts
/// with a link in a list whose items mostly do.
pub(crate) fn sub_entry_items(doc: &Document<'_>, item: usize, f: &mut dyn FnMut(usize)) {
    // Depth first, in document order, with a stack of its own: a list
    // nested thousands deep needs no recursion. Each nested item comes with
    // whether its list is a list of links.
    let mut stack: Vec<(usize, bool)> = Vec::new();
    let push_nested = |stack: &mut Vec<(usize, bool)>, item: usize| {
        let from = stack.len();
        for &c in &doc.items[item].children {
            let list = &doc.lists[c];
            let links = list
                .items
                .iter()
                .filter(|&&i| doc.items[i].title_link.is_some())
                .count();
            let of_links = links * 2 > list.items.len();
            stack.extend(list.items.iter().map(|&n| (n, of_links)));
        }
        stack[from..].reverse();
    };
    push_nested(&mut stack, item);
    while let Some((n, of_links)) = stack.pop() {
        if of_links && doc.items[n].title_link.is_some() {
            f(n);
        }
        push_nested(&mut stack, n);
    }
}

/// An item's own links (HTML attributes aside), by where
/// they start and end. Most items have a few, read in a row; an item with
/// many has them sorted and found by binary search, so an item with
/// thousands of links costs no more than their number.
pub(crate) struct ItemLinks<'i> {
    /// The item's links, in the order of `Document::links`.
    own: &'i [usize],
    /// For an item with many links: those links sorted.
    sorted: Option<Sorted>,
}

/// Links (by index) sorted by where they start and by where they end.
struct Sorted {
    by_start: Vec<(usize, usize)>,
    by_end: Vec<(usize, usize)>,
}

/// Up to this many links, an item's are read in a row.
const FEW_LINKS: usize = 16;

impl<'i> ItemLinks<'i> {
    pub(crate) fn new(doc: &Document<'_>, it: &'i Item) -> Self {
        let own = it.links.as_slice();
        if own.len() <= FEW_LINKS {
            return Self { own, sorted: None };
        }
        let mut by_start: Vec<(usize, usize)> = own
            .iter()
            .filter(|&&i| doc.links[i].kind != LinkKind::Html)
            .map(|&i| (doc.links[i].span.start, i))
            .collect();
        let mut by_end: Vec<(usize, usize)> = by_start
            .iter()
            .map(|&(_, i)| (doc.links[i].span.end, i))
            .collect();
        by_start.sort_unstable();
        by_end.sort_unstable();
        Self {
            own,
            sorted: Some(Sorted { by_start, by_end }),
        }
    }

    /// The outermost link that starts at `at` (of those as long, the last).
    fn starting<'d, 't>(
        &self,
        doc: &'d Document<'t>,
        at: usize,
    ) -> Option<&'d crate::document::Link<'t>> {
        let Some(Sorted { by_start, .. }) = &self.sorted else {
            // The item's links are in the order of their indexes, as the
            // sorted ones are among those that start together.
            return self
                .own
                .iter()
                .map(|&l| &doc.links[l])
                .filter(|l| l.span.start == at && l.kind != LinkKind::Html)
                .max_by_key(|l| l.span.end);
        };
        let i = by_start.partition_point(|&(s, _)| s < at);
        by_start[i..]
            .iter()
            .take_while(|&&(s, _)| s == at)
            .map(|&(_, l)| &doc.links[l])
            .max_by_key(|l| l.span.end)
    }

    /// The outermost link that ends at `at` and starts at or after `from`
    /// (of those as long, the first).
    fn ending<'d, 't>(
        &self,
        doc: &'d Document<'t>,
        at: usize,
        from: usize,
    ) -> Option<&'d crate::document::Link<'t>> {
        let Some(Sorted { by_end, .. }) = &self.sorted else {
            return self
                .own
                .iter()
                .map(|&l| &doc.links[l])
                .filter(|l| l.span.end == at && l.span.start >= from && l.kind != LinkKind::Html)
                .min_by_key(|l| l.span.start);
        };
        let i = by_end.partition_point(|&(e, _)| e < at);
        by_end[i..]
            .iter()
            .take_while(|&&(e, _)| e == at)
            .map(|&(_, l)| &doc.links[l])
            .filter(|l| l.span.start >= from)
            .min_by_key(|l| l.span.start)
    }
}

/// The entry's shape, and for a link followed by lowercase text that may
/// be a description missing its dash, the span of that text's first word
/// (the shape is then `Bare`: the list decides, see [`entries`]).
fn shape_of(doc: &Document<'_>, it: &Item, link: usize) -> (Shape, Option<Span>) {
    let links = ItemLinks::new(doc, it);
    let text = doc.text;
    let l = &doc.links[link];
    let end = it.lead.end.max(l.span.end);
    // Close the emphasis the link is wrapped in (`**[Name](url)**`).
    let mut p = l.span.end;
    // (After the emoji or badges before the link, if any.)
    let before = &text[it.content_start.min(l.span.start)..l.span.start];
    let opening = &before[before.trim_end_matches(['*', '_', '~']).len()..];
    if !opening.is_empty() {
        let closing: String = opening.chars().rev().collect();
        if text[p..end].starts_with(&closing) {
            p += closing.len();
        }
    }
    let p = skip_annotations(doc, &links, p, end);
    let mut q = skip_ws(text, p, end);
    if q >= end {
        return (Shape::Bare, None);
    }
    // An ideographic space (U+3000, what a CJK keyboard types) before a
    // separator spaces it like an ASCII one.
    let wide = skip_wide_ws(text, q, end);
    if wide > q && SEPARATORS.iter().any(|s| text[wide..end].starts_with(s)) {
        q = wide;
    }
    let rest = &text[q..end];
    let first_word = |from: usize| {
        let r = &text[from..end];
        let n = r.find(char::is_whitespace).unwrap_or(r.len());
        from..from + n.max(r.chars().next().map_or(1, char::len_utf8))
    };
    let Some(token) = SEPARATORS.iter().copied().find(|s| rest.starts_with(s)) else {
        // A description starts like a sentence: with a capital, a digit or
        // a letter of a script without case (`[Name](url) A library.`).
        // Anything else continues the name as a phrase (`[Title](url) by
        // Someone`, `on YouTube`, `, a library`) or is a stray mark
        // (`[Name](url).`): the entry is prose, not a described link.
        let first = rest.chars().next().unwrap_or(' ');
        // `[American fuzzy lop](u) a.k.a. afl-fuzz - Fuzzer.`: an alias
        // before a dash that is there.
        if has_late_separator(rest) {
            return (Shape::Bare, None);
        }
        if is_small_letter(first) {
            let name = l.text_span.as_ref().map_or("", |t| &text[t.clone()]);
            return match continuation(rest, names_a_thing(name)) {
                Continuation::Description => (
                    Shape::NoSeparator {
                        text: first_word(q),
                    },
                    None,
                ),
                Continuation::Maybe => (Shape::Bare, Some(first_word(q))),
                Continuation::Phrase => (Shape::Bare, None),
            };
        }
        if !first.is_alphanumeric() {
            return (Shape::Bare, None);
        }
        // Without case, a short word is a name (`廖雪峰`, an author; `系列`,
        // "series"), a long one a description (`漂亮的笔记本应用程序。`).
        if !first.is_uppercase()
            && !first.is_ascii_digit()
            && rest
                .split(char::is_whitespace)
                .next()
                .unwrap_or("")
                .chars()
                .count()
                < 5
        {
            return (Shape::Bare, None);
        }
        return (
            Shape::NoSeparator {
                text: first_word(q),
            },
            None,
        );
    };
    let after = q + token.len();
    let d = skip_wide_ws(text, after, end);
    if d >= end {
        // A colon before nested bullets introduces them; a dash promises a
        // description.
        if token.starts_with(':') || token == "：" {
            return (Shape::Bare, None);
        }
        return (Shape::EmptyDescription { sep: p..end }, None);
    }
    (
        Shape::Described {
            sep: p..d,
            token,
            desc: d..end,
        },
        None,
    )
}

/// What lowercase text right after an entry's link is.
#[derive(Debug, PartialEq, Eq)]
enum Continuation {
    /// A credit then a colon and a description (`by Maxime Labonne:
    /// Tutorial on …`), or what the entry is (`is an API reader`, `a tool
    /// that …`): a description missing its dash.
    Description,
    /// A few words that do not start like a phrase about the name (`is a
    /// validation library`, `collection of blog posts`): a description
    /// missing its dash if the list's other entries are described.
    Maybe,
    /// A phrase that continues the name (`by Someone`, `on YouTube`, `and
    /// [b](v) are …`) or a word or two.
    Phrase,
}

/// Words that start a phrase about the name rather than a description.
const PHRASE_STARTS: &[&str] = &[
    "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "over", "to", "under",
    "via", "vs", "with",
];

/// What the lowercase text `rest` after a link is; `named` says the link
/// text is a name (`DevDocs`, `Recommender Systems Specialization`) rather
/// than a phrase (`Open an issue`).
fn continuation(rest: &str, named: bool) -> Continuation {
    let line = rest.lines().next().unwrap_or("");
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(first) = words.first() else {
        return Continuation::Phrase;
    };
    let first = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    if first == "by" {
        // `by Name:` (a credit of at most four words), then a description.
        return match words.iter().take(5).position(|w| w.ends_with(':')) {
            Some(i) if words.len() >= i + 3 => Continuation::Description,
            _ => Continuation::Phrase,
        };
    }
    if PHRASE_STARTS.contains(&first) || words.len() < 3 {
        return Continuation::Phrase;
    }
    // `[DevDocs](u) is an API documentation reader`, `[sphinx](u) a tool
    // that …`: says what the named thing is (`[Open an issue](u) is the
    // best way …` is a sentence that starts with a link).
    if named && matches!(first, "is" | "a" | "an") {
        return Continuation::Description;
    }
    Continuation::Maybe
}

/// Whether link text reads as a name: one word, or words that start with
/// a capital or a digit, small connecting words aside (`Recommender
/// Systems Specialization from University of Minnesota`).
fn names_a_thing(text: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "and", "at", "for", "from", "in", "of", "on", "the", "to", "with",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() == 1
        || words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphabetic())
                || SMALL.contains(w)
        })
}

/// Whether a separator (` - `, ` — `, ` – `) follows within the first few
/// words of `rest`, on its line.
fn has_late_separator(rest: &str) -> bool {
    let line = rest.lines().next().unwrap_or("");
    let words: Vec<&str> = line.split_whitespace().take(5).collect();
    words.iter().skip(1).any(|w| matches!(*w, "-" | "—" | "–"))
}

fn skip_ws(text: &str, mut p: usize, end: usize) -> usize {
    let b = text.as_bytes();
    while p < end && b[p].is_ascii_whitespace() {
        p += 1;
    }
    p
}

/// [`skip_ws`], ideographic spaces (U+3000) included.
fn skip_wide_ws(text: &str, mut p: usize, end: usize) -> usize {
    loop {
        p = skip_ws(text, p, end);
        match text[p..end].strip_prefix('\u{3000}') {
            Some(_) => p += '\u{3000}'.len_utf8(),
            None => return p,
        }
    }
}

/// Skips what may stand between an entry's link and its separator: badges
/// and images, `[[crate](url)]` and `[MIT]` tags, parentheticals (also in
/// emphasis), code spans such as `` `⚠` ``, inline HTML, emoji and
/// `:shortcodes:`, and further links joined by `/`, `,`, `&`, `|`, `and`
/// or `or`. Returns where the skipped run ends (before any whitespace).
fn skip_annotations(doc: &Document<'_>, links: &ItemLinks<'_>, mut p: usize, end: usize) -> usize {
    let text = doc.text;
    loop {
        let q = skip_ws(text, p, end);
        if q >= end {
            return p;
        }
        let Some(next) = annotation_end(doc, links, q, end) else {
            return p;
        };
        p = next;
    }
}

/// The end of the annotation that starts at `q`, if one does.
fn annotation_end(
    doc: &Document<'_>,
    links: &ItemLinks<'_>,
    q: usize,
    end: usize,
) -> Option<usize> {
    let text = doc.text;
    let rest = &text[q..end];
    let link_at = |at: usize| links.starting(doc, at);
    if let Some(l) = link_at(q)
        && (l.image || is_badge(doc, l))
    {
        return Some(l.span.end);
    }
    if let Some(c) = code_at(doc, q) {
        return Some(c.end.min(end));
    }
    let first = rest.chars().next()?;
    match first {
        '[' | '(' => group_end(text, q, end),
        '*' | '_' => {
            // `*(Japanese)*`, `**(PDF)**`, `**[Deprecated]**`, and the
            // same with the closing emphasis forgotten.
            let n = rest.len() - rest.trim_start_matches(first).len();
            if !rest[n..].starts_with(['(', '[']) {
                return emphasised_tag_end(text, q, n, first, end);
            }
            let close = group_end(text, q + n, end)?;
            let tail = &text[close..end];
            let m = tail.len() - tail.trim_start_matches(first).len();
            (m == n || m == 0).then_some(close + m)
        }
        '<' if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') => {
            let line_end = rest.find('\n').unwrap_or(rest.len());
            rest[..line_end].find('>').map(|i| q + i + 1)
        }
        ':' => {
            // `:zap:`
            let body = &rest[1..];
            let n = body
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
                .unwrap_or(body.len());
            (n > 0 && body[n..].starts_with(':')).then_some(q + n + 2)
        }
        '/' | ',' | '&' | '|' | '+' | 'a' | 'o' => {
            // Another link joined to the first: `[a](u) / [b](v)`.
            let word = if first == 'a' {
                "and"
            } else if first == 'o' {
                "or"
            } else {
                &rest[..1]
            };
            if !rest.starts_with(word) {
                return None;
            }
            let mut after = skip_ws(text, q + word.len(), end);
            if after == q + word.len() && word.len() > 1 {
                return None;
            }
            // `[a](u), [b](v), and [c](w)`
            if word == ","
                && let Some(conj) = ["and ", "or "]
                    .iter()
                    .find(|c| text[after..end].starts_with(**c))
            {
                after = skip_ws(text, after + conj.len(), end);
            }
            link_at(after).map(|l| l.span.end)
        }
        c if is_emoji(c) => {
            let n = rest.find(|c: char| !is_emoji(c)).unwrap_or(rest.len());
            Some(q + n)
        }
        _ => None,
    }
}

/// The end of a few emphasised words right before the separator:
/// `**NEW** - …`, `*deprecated* - …`. `q` is where the
/// opening run of `n` delimiters `d` starts.
fn emphasised_tag_end(text: &str, q: usize, n: usize, d: char, end: usize) -> Option<usize> {
    let inner_start = q + n;
    let line = &text[inner_start..end];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let close = line.find(d)?;
    let inner = &line[..close];
    let run = line[close..].len() - line[close..].trim_start_matches(d).len();
    let words = inner.split_whitespace().count();
    if run != n || inner.trim() != inner || !(1..=3).contains(&words) || inner.contains(['[', '('])
    {
        return None;
    }
    let after = inner_start + close + run;
    let next = skip_ws(text, after, end);
    // A separator after a space, then a space: ` - `, ` — `.
    let sep = SEPARATORS.iter().any(|s| {
        text[next..end].starts_with(s) && text[next + s.len()..end].starts_with(char::is_whitespace)
    });
    (sep && next > after).then_some(after)
}

/// The code span that starts at `at`.
fn code_at<'d>(doc: &'d Document<'_>, at: usize) -> Option<&'d Span> {
    let i = doc.code.partition_point(|s| s.start < at);
    doc.code.get(i).filter(|s| s.start == at)
}

/// The code span that ends at `at`.
fn code_ending_at<'d>(doc: &'d Document<'_>, at: usize) -> Option<&'d Span> {
    let i = doc.code.partition_point(|s| s.start < at);
    doc.code[..i].last().filter(|s| s.end == at)
}

/// A link whose text is an image: `[![Stars](badge.svg)](url)`.
fn is_badge(doc: &Document<'_>, l: &crate::document::Link) -> bool {
    l.text_span
        .as_ref()
        .is_some_and(|t| doc.text[t.clone()].trim_start().starts_with("!["))
}

/// The end of the balanced `[…]` or `(…)` group that starts at `q`, on
/// its line.
fn group_end(text: &str, q: usize, end: usize) -> Option<usize> {
    let b = text.as_bytes();
    let (open, close) = match b[q] {
        b'[' => (b'[', b']'),
        _ => (b'(', b')'),
    };
    let mut depth = 0usize;
    let mut i = q;
    while i < end {
        match b[i] {
            b'\\' => i += 1,
            b'\n' => return None,
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The start of the balanced `[…]` or `(…)` group that ends at `e`
/// (exclusive), on its line.
fn group_start(text: &str, start: usize, e: usize) -> Option<usize> {
    let b = text.as_bytes();
    let (open, close) = match b.get(e.checked_sub(1)?)? {
        b']' => (b'[', b']'),
        b')' => (b'(', b')'),
        _ => return None,
    };
    let mut depth = 0usize;
    let mut i = e;
    while i > start {
        i -= 1;
        match b[i] {
            b'\n' => return None,
            c if c == close => depth += 1,
            c if c == open => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

pub(crate) use crate::document::is_emoji;

/// A lowercase letter that has a capital a sentence would start with.
/// Letters without a case mapping (`ª`, modifier letters) and Georgian
/// Mkhedruli, whose capitals (Mtavruli) never start a sentence (its title
/// case is itself), are not: Georgian, like CJK, Thai, Hebrew, Arabic or
/// Devanagari, is written without case.
pub(crate) fn is_small_letter(c: char) -> bool {
    c.is_lowercase()
        && !matches!(c as u32, 0x10D0..=0x10FA | 0x10FD..=0x10FF)
        && !c.to_uppercase().eq(std::iter::once(c))
}

/// Marks that end a sentence.
fn is_final_punct(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‽')
}

/// What may close a sentence after its final mark: `.)`, `."`, `.*`.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '"'
            | '\''
            | '”'
            | '’'
            | '»'
            | '›'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '）'
            | '*'
            | '_'
            | '~'
            | '`'
    )
}

/// Whether `s` ends a sentence, closers after the mark allowed.
fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(is_closer)
        .chars()
        .next_back()
        .is_some_and(is_final_punct)
}

/// How a description ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ending {
    /// With `.`, `!`, `?`, `…` or `。` (before trailing tags, badges,
    /// links, parentheticals or emoji, or after them): where the mark is,
    /// and which.
    Punctuated { at: usize, mark: char },
    /// With a letter or digit and no final mark: where the mark goes, and
    /// which (`。` after CJK text).
    Unpunctuated { at: usize, mark: &'static str },
    /// With a symbol, a colon, HTML, or nothing but tags: not judged.
    Unknown,
}

/// How the description `desc` of item `it` ends.
pub(crate) fn ending(doc: &Document<'_>, it: &Item, desc: &Span) -> Ending {
    let links = ItemLinks::new(doc, it);
    let text = doc.text;
    let start = desc.start;
    let mut e = desc.end;
    // Where the mark goes: after the last part of the sentence (text, a
    // link, a code span, a parenthetical), before badges, tags and emoji.
    let mut insert: Option<(usize, char)> = None;
    loop {
        while e > start && text.as_bytes()[e - 1].is_ascii_whitespace() {
            e -= 1;
        }
        if e <= start {
            return Ending::Unknown;
        }
        let s = &text[start..e];
        if ends_sentence(s) {
            let t = s.trim_end().trim_end_matches(is_closer);
            let mark = t.chars().next_back().unwrap_or('.');
            return Ending::Punctuated {
                at: start + t.len() - mark.len_utf8(),
                mark,
            };
        }
        if let Some(l) = links.ending(doc, e, start) {
            if l.image || is_badge(doc, l) {
                e = l.span.start;
                continue;
            }
            // Links after a dash or a bar that follows the sentence are
            // attachments, like tags (`Desc. - [source](url)`): the mark
            // goes before the dash, if anywhere.
            let before = text[start..l.span.start].trim_end();
            if let Some(sep) = ["-", "–", "—", "|"]
                .into_iter()
                .find(|d| before.ends_with(d))
                && before[..before.len() - sep.len()].ends_with(char::is_whitespace)
            {
                insert = None;
                e = start + before.len() - sep.len();
                continue;
            }
            if insert.is_none() {
                let last = l
                    .text_span
                    .as_ref()
                    .map_or(&text[l.span.clone()], |t| &text[t.clone()])
                    .trim_end()
                    .trim_end_matches(is_closer)
                    .chars()
                    .next_back()
                    .unwrap_or(' ');
                insert = Some((e, last));
            }
            e = l.span.start;
            continue;
        }
        if let Some(c) = code_ending_at(doc, e)
            && c.start >= start
        {
            if insert.is_none() {
                let inner = text[c.clone()].trim_matches('`').trim();
                insert = Some((e, inner.chars().next_back().unwrap_or(' ')));
            }
            e = c.start;
            continue;
        }
        let last = s.chars().next_back().unwrap_or(' ');
        if s.ends_with("-->")
            && let Some(open) = s.rfind("<!--")
        {
            e = start + open;
            continue;
        }
        if last == '>' {
            // Inline HTML: a line break or an image is not the sentence;
            // anything else (`<sup>…</sup>`) is not judged.
            let open = s.rfind('<').map(|i| start + i);
            match open {
                Some(o) if is_void_tag(&text[o..e]) => {
                    e = o;
                    continue;
                }
                _ => return Ending::Unknown,
            }
        }
        if last == ']' {
            // A tag: `[[code](url)]`, `[MIT]`.
            if let Some(g) = group_start(text, start, e) {
                e = g;
                continue;
            }
        }
        if last == ')'
            && let Some(g) = group_start(text, start, e)
        {
            // A parenthetical is part of the sentence: `Desc (PDF).`
            if insert.is_none() {
                let inner = text[g + 1..e - 1].trim_end().trim_end_matches(is_closer);
                insert = Some((e, inner.chars().next_back().unwrap_or(' ')));
            }
            e = g;
            continue;
        }
        if matches!(last, '*' | '_') {
            // `**[Deprecated]**`, `**[⬆ back to top](#contents)**`: an
            // emphasised tag or link after the sentence.
            let t = s.trim_end_matches(last);
            let inner_end = start + t.len();
            let tag_start = match links.ending(doc, inner_end, start) {
                Some(l) => Some(l.span.start),
                None if t.ends_with(']') => group_start(text, start, inner_end),
                None => None,
            };
            if let Some(g) = tag_start
                && g > start
                && text[start..g].ends_with(last)
            {
                let before = &text[start..g];
                e = g - (before.len() - before.trim_end_matches(last).len());
                continue;
            }
        }
        if matches!(last, '*' | '_')
            && let Some(inner_end) = {
                // `*(Japanese)*`
                let t = s.trim_end_matches(last);
                t.ends_with(')').then_some(start + t.len())
            }
            && let Some(g) = group_start(text, start, inner_end)
            && text[start..g].ends_with(last)
        {
            if insert.is_none() {
                let inner = text[g + 1..inner_end - 1]
                    .trim_end()
                    .trim_end_matches(is_closer);
                insert = Some((e, inner.chars().next_back().unwrap_or(' ')));
            }
            let before = &text[start..g];
            e = g - (before.len() - before.trim_end_matches(last).len());
            continue;
        }
        if is_emoji(last) {
            e -= s.len() - s.trim_end_matches(is_emoji).len();
            continue;
        }
        if last == ':'
            && let Some(open) = s[..s.len() - 1].rfind(':')
            && s[open + 1..s.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
            && open + 2 < s.len()
        {
            e = start + open;
            continue;
        }
        // Plain text: judged by its last letter.
        let prose = &text[start..e];
        if !prose.chars().any(char::is_alphanumeric) || only_links(doc, &links, start, e) {
            return Ending::Unknown;
        }
        let (at, last) = insert.unwrap_or_else(|| {
            let t = prose.trim_end_matches(is_closer);
            (e, t.chars().next_back().unwrap_or(' '))
        });
        if !last.is_alphanumeric() {
            return Ending::Unknown;
        }
        let mark = if is_cjk(last) { "。" } else { "." };
        return Ending::Unpunctuated { at, mark };
    }
}

/// Whether `start..end` holds links and nothing else that has a letter or
/// a digit (`[Docs](d), [Demo](e)`): no sentence to end.
fn only_links(doc: &Document<'_>, links: &ItemLinks<'_>, start: usize, end: usize) -> bool {
    let mut p = start;
    let mut any = false;
    while p < end {
        if let Some(l) = links.starting(doc, p).filter(|l| l.span.end <= end) {
            any = true;
            p = l.span.end;
            continue;
        }
        let Some(c) = doc.text[p..end].chars().next() else {
            break;
        };
        if c.is_alphanumeric() {
            return false;
        }
        p += c.len_utf8();
    }
    any
}

fn is_void_tag(tag: &str) -> bool {
    let t = tag.trim_start_matches('<').to_ascii_lowercase();
    t.starts_with("br") || t.starts_with("img") || t.starts_with("hr")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ParseOptions, parse};
    use crate::rules::test_support;

    fn shape_in(md: &str) -> (String, Shape) {
        let doc = parse(md, &ParseOptions::default());
        let e = &doc.entries[0];
        let it = &doc.items[e.item];
        let s = shape_of(&doc, it, e.title_link.unwrap()).0;
        (md.to_owned(), s)
    }

    fn desc(md: &str) -> Option<String> {
        match shape_in(md) {
            (m, Shape::Described { desc, .. }) => Some(m[desc].to_owned()),
            _ => None,
        }
    }

    #[test]
    fn shapes() {
        assert_eq!(shape_in("- [a](u)\n").1, Shape::Bare);
        assert_eq!(shape_in("- [a](u) (PDF)\n").1, Shape::Bare);
        assert_eq!(shape_in("- [a](u) *(in progress)* 📷\n").1, Shape::Bare);
        assert_eq!(shape_in("- [a](u) :worried:\n").1, Shape::Bare);
        assert_eq!(shape_in("- [a](u).\n").1, Shape::Bare);
        assert_eq!(shape_in("- [a](u):\n  - [b](v) - B.\n").1, Shape::Bare);
        assert_eq!(desc("- [a](u) - Desc.").as_deref(), Some("Desc."));
        assert_eq!(desc("- **[a](u)** - Desc.").as_deref(), Some("Desc."));
        assert_eq!(
            desc("- [a](u) [[a](https://crates.io/a)] - Desc.").as_deref(),
            Some("Desc.")
        );
        assert_eq!(desc("- [a](u) `⚠` - Desc.").as_deref(), Some("Desc."));
        assert_eq!(desc("- [a](u) :zap: - Desc.").as_deref(), Some("Desc."));
        assert_eq!(
            desc("- [a](u) [![b](b.svg)](v) - Desc.").as_deref(),
            Some("Desc.")
        );
        assert_eq!(desc("- [a](u) / [b](v) - Desc.").as_deref(), Some("Desc."));
        assert_eq!(
            desc("- [a](u), [b](v), and [c](w) - Desc.").as_deref(),
            Some("Desc.")
        );
        assert_eq!(
            desc("- [a](u) (AI2, 2024) - Desc.").as_deref(),
            Some("Desc.")
        );
        assert_eq!(desc("- [a](u)：描述。").as_deref(), Some("描述。"));
        assert_eq!(desc("- [a](u) **NEW** - Desc.").as_deref(), Some("Desc."));
        assert_eq!(
            desc("- [a](u) *deprecated* - Desc.").as_deref(),
            Some("Desc.")
        );
        assert_eq!(desc("- 👍 **[a](u)** - Desc.").as_deref(), Some("Desc."));
        // Emphasis that is the description, or not followed by a dash.
        assert_eq!(shape_in("- [a](u) **NEW** and more\n").1, Shape::Bare);
        assert_eq!(
            desc("- [a](u) - **Fast** parser.").as_deref(),
            Some("**Fast** parser.")
        );
        assert!(matches!(
            shape_in("- [a](u) - \n").1,
            Shape::EmptyDescription { .. }
        ));
        let (md, s) = shape_in("- [a](u) A library.\n");
        match s {
            Shape::NoSeparator { text } => assert_eq!(&md[text], "A"),
            other => panic!("{other:?}"),
        }
        let (md, s) = shape_in("- [a](u) 漂亮的笔记本应用程序。\n");
        match s {
            Shape::NoSeparator { text } => assert_eq!(&md[text], "漂亮的笔记本应用程序。"),
            other => panic!("{other:?}"),
        }
        assert_eq!(shape_in("- [a](u) 廖雪峰\n").1, Shape::Bare);
        assert_eq!(shape_in("- [a](u) by Someone\n").1, Shape::Bare);
        assert_eq!(shape_in("- [a](u) on YouTube\n").1, Shape::Bare);
        assert_eq!(shape_in("- [a](u), a library\n").1, Shape::Bare);
        assert_eq!(shape_in("- [a](u) **[Deprecated]**\n").1, Shape::Bare);
        assert_eq!(shape_in("- [a](u) *(RedGate, By Authors)\n").1, Shape::Bare);
    }

    #[test]
    fn separators() {
        for (md, ok, token) in [
            ("- [a](u) - Desc.", true, "-"),
            ("- [a](u) — Desc.", false, "—"),
            ("- [a](u) – Desc.", false, "–"),
            ("- [a](u): Desc.", false, ":"),
            ("- [a](u) -Desc.", false, "-"),
            ("- [a](u)- Desc.", false, "-"),
            ("- [a](u)  - Desc.", false, "-"),
            ("- [a](u) -- Desc.", false, "--"),
            ("- [a](u) -> Desc.", false, "->"),
            ("- [a](u) -\n  Desc.", false, "-"),
        ] {
            match shape_in(md).1 {
                Shape::Described { sep, token: t, .. } => {
                    assert_eq!((&md[sep] == " - ", t), (ok, token), "{md}")
                }
                other => panic!("{md}: {other:?}"),
            }
        }
    }

    fn end_of(md: &str) -> (Ending, String) {
        let doc = parse(md, &ParseOptions::default());
        let e = &doc.entries[0];
        let it = &doc.items[e.item];
        let Shape::Described { desc, .. } = shape_of(&doc, it, e.title_link.unwrap()).0 else {
            panic!("no description: {md}");
        };
        let end = ending(&doc, it, &desc);
        let fixed = match &end {
            Ending::Unpunctuated { at, mark } => format!("{}{mark}{}", &md[..*at], &md[*at..]),
            _ => md.to_owned(),
        };
        (end, fixed)
    }

    #[test]
    fn endings() {
        for md in [
            "- [a](u) - Desc.",
            "- [a](u) - Desc!",
            "- [a](u) - Desc?",
            "- [a](u) - Desc…",
            "- [a](u) - 描述。",
            "- [a](u) - Desc (see b.)",
            "- [a](u) - \"Desc.\"",
            "- [a](u) - *Desc.*",
            "- [a](u) - Desc. [[code](https://c)]",
            "- [a](u) - Desc. [![Stars](https://s.svg)](https://r)",
            "- [a](u) - Desc. (Japanese)",
            "- [a](u) - Desc. *(Japanese)*",
            "- [a](u) - Desc. 📷 📷",
            "- [a](u) - Desc. :zap:",
            "- [a](u) - Desc. [Docs](https://d) [Demo](https://e)",
            "- [a](u) - Desc. <!-- note -->",
            "- [a](u) - Desc. https://example.org/docs",
            "- [a](u) - Desc. **[Deprecated]**",
            "- [a](u) - Desc. *[Deprecated]*",
            "- [a](u) - Desc. **[⬆ back to top](#contents)**",
        ] {
            match end_of(md).0 {
                // The mark is where the ending says.
                Ending::Punctuated { at, mark } => {
                    assert!(md[at..].starts_with(mark), "{md}: {at}")
                }
                other => panic!("{md}: {other:?}"),
            }
        }
        for md in [
            "- [a](u) - Generate sparklines ▁▂▃▅▂▇",
            "- [a](u) - Supports:",
            "- [a](u) - [Docs](https://d)",
            "- [a](u) - Desc <sup>beta</sup>",
        ] {
            assert_eq!(end_of(md).0, Ending::Unknown, "{md}");
        }
        for (md, want) in [
            ("- [a](u) - Desc", "- [a](u) - Desc."),
            ("- [a](u) - Desc (PDF)", "- [a](u) - Desc (PDF)."),
            (
                "- [a](u) - Desc **[Deprecated]**",
                "- [a](u) - Desc. **[Deprecated]**",
            ),
            (
                "- [a](u) - Desc [[code](https://c)]",
                "- [a](u) - Desc. [[code](https://c)]",
            ),
            (
                "- [a](u) - Built on [React](https://r)",
                "- [a](u) - Built on [React](https://r).",
            ),
            ("- [a](u) - Runs `ls`", "- [a](u) - Runs `ls`."),
            // Code in the middle of the sentence is not its end.
            ("- [a](u) - Runs `ls` 📷", "- [a](u) - Runs `ls`. 📷"),
            ("- [a](u) - `ls` and more", "- [a](u) - `ls` and more."),
            (
                "- [a](u) - Desc [![b](https://b.svg)](https://r)",
                "- [a](u) - Desc. [![b](https://b.svg)](https://r)",
            ),
            ("- [a](u) - Desc 📷", "- [a](u) - Desc. 📷"),
            ("- [a](u) - 一个工具", "- [a](u) - 一个工具。"),
            ("- [a](u) - *Desc*", "- [a](u) - *Desc*."),
        ] {
            let (end, fixed) = end_of(md);
            assert!(matches!(end, Ending::Unpunctuated { .. }), "{md}: {end:?}");
            assert_eq!(fixed, want, "{md}");
        }
    }

    #[test]
    fn nested_entries_are_entries() {
        let md = "# A\n\n## Editors\n\n- [Vim](https://v) - The editor.\n  - [rust.vim](https://r) - plugin for Rust\n    - [deeper](https://d) - A deeper one\n- Tools\n  - [Tool](https://t) - A tool.\n- [Prose](https://p) - Text.\n  - a note, not a link\n  - [Link](https://l) in a note\n  - another note\n";
        let diags = test_support::check("awesome-description-case", md);
        assert_eq!(test_support::spans(md, &diags), ["plugin"]);
        let diags = test_support::check_with(
            "[rules]\nawesome-description-punctuation = { style = \"period\" }\n",
            "awesome-description-punctuation",
            md,
        );
        let ends: Vec<&str> = diags.iter().map(|d| &md[..d.span.end]).collect();
        assert_eq!(ends.len(), 2, "{diags:?}");
        assert!(ends[0].ends_with("for Rust") && ends[1].ends_with("deeper one"));
    }

    #[test]
    fn lowercase_text_after_the_link() {
        for (text, want) in [
            (
                "by Maxime Labonne: Tutorial on merging.",
                Continuation::Description,
            ),
            ("by Someone", Continuation::Phrase),
            ("by Peter Skomoroch. Machine learning", Continuation::Phrase),
            ("on YouTube", Continuation::Phrase),
            ("and [b](v) are the main packages", Continuation::Phrase),
            ("trained on Wikipedia.", Continuation::Maybe),
            ("is a validation library", Continuation::Description),
            ("a tool that makes docs", Continuation::Description),
            ("generates documentation from comments", Continuation::Maybe),
            ("series", Continuation::Phrase),
        ] {
            assert_eq!(continuation(text, true), want, "{text}");
        }
        // After a phrase, `is` starts a sentence that began with the link.
        assert_eq!(
            continuation("is the best way to report a bug", false),
            Continuation::Maybe
        );
        assert!(names_a_thing("DevDocs") && names_a_thing("University of Oxford"));
        assert!(!names_a_thing("Open an issue"));
        assert_eq!(
            shape_in("- [AFL](u) a.k.a. afl-fuzz - A fuzzer.\n").1,
            Shape::Bare
        );
        // A list of described entries: the dash is missing.
        let md = "# A\n\n## Go\n\n- [a](https://a) - A library.\n- [hvalid](https://h) hvalid is a validation library.\n- [c](https://c) - A tool.\n- [d](https://d) by Someone\n";
        let diags = test_support::check("awesome-entry-format", md);
        assert_eq!(test_support::spans(md, &diags), ["hvalid"]);
        // A list of steps: prose.
        let md = "# A\n\n## Contributing\n\n- [Open an issue](https://i) if you find a bug.\n- [Fork](https://f) the repository and create a branch.\n- [Ask](https://a) - In the chat.\n";
        assert!(test_support::check("awesome-entry-format", md).is_empty());
        let md = "# A\n\n## Pretraining\n\n- [FineWeb](https://f) by Penedo et al.: Article to recreate a dataset.\n";
        let diags = test_support::check("awesome-entry-format", md);
        assert_eq!(test_support::spans(md, &diags), ["by"]);
    }

    #[test]
    fn only_letters_with_a_capital_are_small() {
        for c in ['a', 'é', 'ß', 'я', 'ω'] {
            assert!(is_small_letter(c), "{c}");
        }
        // Georgian Mkhedruli, CJK, Thai, Hebrew, Arabic, Devanagari,
        // modifier letters.
        for c in ['ა', 'ქ', '一', 'ไ', 'ס', 'أ', 'प', 'ª', 'ʰ', 'A', '1'] {
            assert!(!is_small_letter(c), "{c}");
        }
    }
}
