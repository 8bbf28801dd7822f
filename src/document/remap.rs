//! Carrying a document model over a fix instead of parsing the fixed text
//! again.
//!
//! `fix --select mojibake` on a large damaged file repairs tens of
//! thousands of words, and the report afterwards must be what a fresh lint
//! of the fixed text finds. Parsing that text again costs as much as the
//! first parse. When every edit provably leaves the Markdown structure as it
//! was, the model of the old text is moved instead: spans are shifted, and
//! what was read from the edited text (link destinations, heading text,
//! bare URLs, special characters, line starts) is read again.
//!
//! An edit is carried over when it is one of:
//! - a *text edit*: the same ASCII characters in the same order, and
//!   between them runs of non-ASCII characters and `%XX` escapes replaced
//!   by such runs (a mojibake repair). Markdown syntax is ASCII, so what
//!   such an edit can change is limited to:
//!   - how a reference label matches a definition (case folding, and the
//!     1,000-byte limit). So the document must have no reference or
//!     footnote definitions, and the run of non-blank lines around the edit
//!     must hold no `][` or `]:`.
//!   - which ASCII characters meet. A run removed or inserted must not lie
//!     between two ASCII characters; the ends of a replaced run stay what
//!     they were (non-ASCII, a `%` or a hex digit); nothing is written
//!     where the edit begins or ends with an ASCII character.
//!   - whether text is blank. A run that is or becomes whitespace needs a
//!     word character next to it, or words on both sides with only spaces
//!     between.
//!
//!   Whether an emphasis delimiter next to the edit opens or closes may
//!   change, but the model does not depend on it: text runs join across
//!   delimiters and leave them off their ends.
//! - a *joining edit*: non-ASCII words and spaces replaced by the same
//!   words with fewer spaces (`Ð Ð¸` → `Ри`, `Ã ` → `à`: a no-break space
//!   read in two pieces). Every run of spaces it shortens lies between a
//!   non-ASCII character and one that is not whitespace, so no
//!   indentation, blank line or hard break depends on it; and it lies
//!   outside anything that could be an HTML tag, an autolink or an inline
//!   link's destination, where a space decides whether there is one.
//! - a *destination edit*: URL characters or non-ASCII characters in the
//!   destination of an inline link, or of an autolink after its scheme,
//!   whose URL is its text (a re-encoded URL).
//!
//! No edit may be an insertion, or touch HTML (anchors, HTML links and
//! comments are read from it) or a reference without a definition. Edits
//! that meet are judged as one. A heading an edit touches is read again from its
//! own line (a setext heading is declined). Only the model without
//! sections, list kinds and entries (`ParseOptions::structure` off) is
//! carried over. Anything else is declined, and the caller parses the
//! fixed text.

use std::borrow::Cow;
use std::cell::Cell;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::build::{options, scan_bare_urls, special_chars};
use super::slug::{Slugger, slug};
use super::{Document, Link, LinkKind, ParseOptions};
use crate::fix::Edit;
use crate::source::Span;

/// A document model without its text, kept between the passes of `fix`.
#[derive(Debug)]
pub struct Detached {
    doc: Document<'static>,
    /// Built with sections, list kinds and entries.
    structure: bool,
}

impl<'a> Document<'a> {
    /// The model without its text; `structure` says how it was built.
    /// Link destinations borrowed from the text are copied.
    pub fn detach(self, structure: bool) -> Detached {
        Detached {
            doc: self.retext("", Link::into_owned),
            structure,
        }
    }

    /// The same model over another text (every field moved, none copied),
    /// each link passed through `link`.
    fn retext<'b>(self, text: &'b str, link: impl FnMut(Link<'a>) -> Link<'b>) -> Document<'b> {
        Document {
            text,
            links: self.links.into_iter().map(link).collect(),
            lines: self.lines,
            headings: self.headings,
            sections: self.sections,
            lists: self.lists,
            items: self.items,
            entries: self.entries,
            anchors: self.anchors,
            comments: self.comments,
            html: self.html,
            code: self.code,
            text_runs: self.text_runs,
            text_run_items: self.text_run_items,
            broken_refs: self.broken_refs,
            ref_defs: self.ref_defs,
            special_chars: self.special_chars,
            code_lines: self.code_lines,
        }
    }
}

impl Detached {
    /// Whether the model was built with sections, list kinds and entries.
    pub fn structure(&self) -> bool {
        self.structure
    }

    /// The model over `text`, which must be the text it was built from (or
    /// remapped to).
    pub fn attach(self, text: &str) -> Document<'_> {
        self.doc.retext(text, |l| l)
    }

    /// The model of `new`, which is `old` with `edits` (sorted, not
    /// overlapping, spans in `old`) applied: moved over the edits when
    /// that provably gives the model a parse would (see the module doc),
    /// else `new` parsed with `opts`. Empty `edits` (the edits are not
    /// known) always parse.
    pub fn edited(self, old: &str, new: &str, edits: &[&Edit], opts: &ParseOptions) -> Detached {
        self.remap(old, new, edits)
            .unwrap_or_else(|| super::parse(new, opts).detach(opts.structure))
    }

    /// The model of `new`, which is `old` with `edits` (sorted, not
    /// overlapping, spans in `old`) applied; `None` when an edit may change
    /// the structure, or the model has sections and entries.
    pub(crate) fn remap(self, old: &str, new: &str, edits: &[&Edit]) -> Option<Detached> {
        if self.structure || edits.is_empty() {
            return None;
        }
        remap(self.doc.retext(old, |l| l), new, edits).map(|doc| doc.detach(false))
    }
}

/// Old offsets to new ones across sorted, non-overlapping edits.
struct Shift {
    /// Where each edit starts and ends (kept apart from the edits: the
    /// searches touch nothing else).
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// `delta[k]`: how much the first `k` edits moved what follows them.
    delta: Vec<isize>,
    /// The last `k` found: offsets come mostly in order.
    hint: Cell<usize>,
}

impl Shift {
    fn new(edits: &[&Edit]) -> Self {
        let mut delta = Vec::with_capacity(edits.len() + 1);
        let mut d = 0isize;
        delta.push(0);
        for e in edits {
            d += e.replacement.len() as isize - e.span.len() as isize;
            delta.push(d);
        }
        Self {
            starts: edits.iter().map(|e| e.span.start).collect(),
            ends: edits.iter().map(|e| e.span.end).collect(),
            delta,
            hint: Cell::new(0),
        }
    }

    /// How many edits end at or before `pos`.
    fn before(&self, pos: usize) -> usize {
        let ends = &self.ends;
        // Places come mostly in order and close together (a link's span,
        // then its destination and text inside it): a few steps from the
        // last answer, either way, else a binary search.
        let mut k = self.hint.get();
        for _ in 0..8 {
            if k > 0 && ends[k - 1] > pos {
                k -= 1;
            } else if k < ends.len() && ends[k] <= pos {
                k += 1;
            } else {
                self.hint.set(k);
                return k;
            }
        }
        let k = ends.partition_point(|&e| e <= pos);
        self.hint.set(k);
        k
    }

    /// The new offset of `pos`; `None` inside an edit.
    fn at(&self, pos: usize) -> Option<usize> {
        let k = self.before(pos);
        if k < self.starts.len() && self.starts[k] < pos {
            return None;
        }
        Some((pos as isize + self.delta[k]) as usize)
    }

    fn span(&self, s: &Span) -> Option<Span> {
        Some(self.at(s.start)?..self.at(s.end)?)
    }

    fn spans(&self, v: &mut [Span]) -> Option<()> {
        for s in v {
            *s = self.span(s)?;
        }
        Some(())
    }

    /// Whether an edit overlaps `s`.
    fn touches(&self, s: &Span) -> bool {
        let k = self.before(s.start);
        k < self.starts.len() && self.starts[k] < s.end
    }
}

/// What a destination edit may write besides non-ASCII characters: nothing
/// a destination ends at, no escape, no entity (a `&` is checked for a `;`).
fn url_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"%-._~:/?#@!$&'+,;=*".contains(&b)
}

/// Characters a destination edit may remove or write.
fn dest_side(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            if c.is_ascii() {
                url_char(c as u8)
            } else {
                !c.is_whitespace() && !c.is_control()
            }
        })
}

/// The end of the gap starting at `i`: a run of non-ASCII characters and
/// `%XX` escapes, possibly empty.
fn gap_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        if b[i] >= 0x80 {
            i += 1;
        } else if b[i] == b'%'
            && b.len() > i + 2
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            i += 3;
        } else {
            break;
        }
    }
    i
}

/// Whether a text edit of non-ASCII words and spaces (`Ð Ð¸` → `Ри`,
/// `Ã ` → `à`, `Â ` → a no-break space) leaves the structure as it was
/// when it only joins words: the replacement is non-ASCII words with no
/// more spaces between them, and every run of spaces it may have shortened
/// lies between a non-ASCII character and one that is not whitespace (the
/// spaces after the edit counted in). So no blank line, indentation, line
/// end or hard break depends on it; the caller makes sure that it is not in what
/// could be a link's destination, an autolink or an HTML tag.
fn joined_words(old: &str, span: &Span, is: &str) -> bool {
    let was = &old[span.clone()];
    // Every run of spaces follows a non-ASCII character and is followed,
    // in `s` or after it, by a character that is not whitespace (so not by
    // a line end: two spaces there are a hard break).
    let spaced = |s: &str, after: &str| {
        let mut prev: Option<char> = None;
        for (at, c) in s.char_indices() {
            if c == ' ' {
                if prev == Some(' ') {
                    continue;
                }
                let rest = s[at..].trim_start_matches(' ');
                let next = match rest.chars().next() {
                    Some(n) => Some(n),
                    None => after.trim_start_matches(' ').chars().next(),
                };
                if !prev.is_some_and(|p| !p.is_ascii() && !p.is_whitespace())
                    || !next.is_some_and(|n| !n.is_whitespace() && !n.is_control())
                {
                    return false;
                }
            } else if c.is_ascii() {
                return false;
            }
            prev = Some(c);
        }
        true
    };
    let spaces = |s: &str| s.bytes().filter(|&b| b == b' ').count();
    !is.is_empty()
        && !is.ends_with(' ')
        && spaces(is) < spaces(was)
        && spaced(was, &old[span.end..])
        && spaced(is, "")
        && inert_gap(
            old[..span.start].chars().next_back(),
            was.trim_end_matches(' '),
            is,
            old[span.end..].chars().next(),
            || false,
        )
}

/// Where a space may be syntax, read forward through the text (the
/// places asked about come in order): inside what could be an HTML tag or
/// an autolink (from a `<` to its `>`, which may be lines later, quoted
/// attribute values skipped), or an inline link's destination and title
/// (from `](` to the `)` that closes it). Removing a space there could
/// make one of them where there was none, so it is never carried over. A
/// blank line ends every inline construct.
///
/// The two are followed apart, each over every start: a `<` that is not
/// a tag may hold a `](` that opens a destination, a destination may hold
/// the `<` of a tag, and a tag may start inside what another `<` would
/// quote.
#[derive(Default)]
struct Syntax {
    /// How far the text has been read.
    at: usize,
    /// Where the tags started so far may be: outside quotes (`ANGLE`),
    /// after an `=` (spaces and line ends skipped: a quote there opens a
    /// value), in a `"` or a `'` value. A bit for each, as several
    /// starts may be open at once.
    angle: u8,
    /// The parentheses open after `](`.
    parens: usize,
    /// The next byte is escaped (in a destination).
    escaped: bool,
    /// Whether the line read so far is blank.
    blank: bool,
    /// Whether the line read so far is spaces and `>`: a block quote's
    /// marker there is no tag's end.
    lead: bool,
}

/// [`Syntax::angle`]: outside quotes, in `"`, in `'`, after `=`.
const ANGLE: u8 = 1;
const DOUBLE: u8 = 2;
const SINGLE: u8 = 4;
const EQUALS: u8 = 8;

impl Syntax {
    /// Whether `pos` (at or after every place asked before) may lie in
    /// such a construct.
    fn inside(&mut self, text: &str, pos: usize) -> bool {
        let b = text.as_bytes();
        while self.at < pos {
            if self.angle == 0 && self.parens == 0 {
                // Only `<` and `](` start something: skip to them.
                match memchr::memchr2(b'<', b']', &b[self.at..pos]) {
                    None => {
                        self.at = pos;
                        break;
                    }
                    // Blank lines matter only inside a construct.
                    Some(k) => {
                        self.at += k;
                        self.blank = false;
                    }
                }
            }
            let i = self.at;
            let c = b[i];
            self.at = i + 1;
            let escaped = std::mem::take(&mut self.escaped);
            match c {
                b'\n' => {
                    if self.blank {
                        (self.angle, self.parens) = (0, 0);
                    }
                    (self.blank, self.lead) = (true, true);
                    continue;
                }
                // A lone `\r` ends a line too (a blank one is not seen).
                b'\r' => {
                    self.lead = true;
                    continue;
                }
                b' ' | b'\t' => continue,
                b'>' if self.lead => {
                    self.blank = false;
                    continue;
                }
                _ => (self.blank, self.lead) = (false, false),
            }
            let a = self.angle;
            let tag = a & (ANGLE | EQUALS) != 0;
            let quoted = a & (DOUBLE | SINGLE);
            self.angle = match c {
                b'<' => (a & !EQUALS) | ANGLE,
                b'>' => quoted,
                // In an autolink `=` is a character like any other.
                b'=' if tag => ANGLE | EQUALS | quoted,
                b'"' | b'\'' => {
                    let (this, other) = if c == b'"' {
                        (DOUBLE, SINGLE)
                    } else {
                        (SINGLE, DOUBLE)
                    };
                    // A quote opens a value after `=`, closes its own,
                    // and is a character in an autolink or the other's.
                    (if a & EQUALS != 0 { this } else { 0 })
                        | (if a & (ANGLE | this) != 0 { ANGLE } else { 0 })
                        | (a & other)
                }
                _ if tag => ANGLE | quoted,
                _ => a,
            };
            if self.parens == 0 {
                if c == b']' && b.get(i + 1) == Some(&b'(') {
                    self.parens = 1;
                    self.at = i + 2;
                }
            } else if !escaped {
                match c {
                    b'\\' => self.escaped = true,
                    b'(' => self.parens += 1,
                    b')' => self.parens -= 1,
                    _ => {}
                }
            }
        }
        self.angle != 0 || self.parens != 0
    }
}

/// Whether the gap `was` (non-ASCII characters and `%XX` escapes) may be
/// replaced by the gap `is` between the characters `l` and `r` of the old
/// text without changing the structure (see the module comment).
/// `between_words` says whether, spaces and tabs skipped, word characters
/// of the same line surround the gap.
fn inert_gap(
    l: Option<char>,
    was: &str,
    is: &str,
    r: Option<char>,
    between_words: impl FnOnce() -> bool,
) -> bool {
    if was.is_empty() || is.is_empty() {
        // A run removed or inserted: only non-ASCII text, and not between
        // two ASCII characters (`&amÂp;`, `<diÂv>`, a line start), which
        // it would join or split.
        let ascii = |c: Option<char>| c.is_none_or(|c| c.is_ascii());
        if was.bytes().chain(is.bytes()).any(|b| b < 0x80) || (ascii(l) && ascii(r)) {
            return false;
        }
    } else {
        // Each end stays what it was (an escape's `%` or hex digit, or a
        // non-ASCII character): no ASCII character meets a new neighbour.
        let same = |x: Option<char>, y: Option<char>, escape: fn(&char) -> bool| match (x, y) {
            (Some(x), Some(y)) => (escape(&x) && escape(&y)) || (!x.is_ascii() && !y.is_ascii()),
            _ => false,
        };
        if !same(was.chars().next(), is.chars().next(), |c| *c == '%')
            || !same(
                was.chars().next_back(),
                is.chars().next_back(),
                char::is_ascii_hexdigit,
            )
        {
            return false;
        }
    }
    // Text that is, or becomes, nothing but whitespace must have a word
    // character next to it, in the same piece of text, or words on both
    // sides with only spaces between (` \u{85} ` → ` … `): no inline
    // syntax lies between them, so the gap is inside one text run.
    let blank = |s: &str| s.trim().is_empty();
    !(blank(was) || blank(is)) || wordy(l) || wordy(r) || between_words()
}

/// Whether `c` is a character of a word.
fn wordy(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || (!c.is_ascii() && !c.is_whitespace()))
}

/// Whether the text around `span` of `old` is, spaces and tabs skipped,
/// a word character on each side, on the same line.
fn between_words(old: &str, span: &Span) -> bool {
    let blank = |c: char| c == ' ' || c == '\t';
    wordy(
        old[..span.start]
            .trim_end_matches(blank)
            .chars()
            .next_back(),
    ) && wordy(old[span.end..].trim_start_matches(blank).chars().next())
}

/// Whether a text edit (outside link destinations) leaves the structure
/// as it was: the same fixed ASCII characters (all but escapes) in the
/// same order, and each gap between them replaced inertly.
fn inert_text_edit(old: &str, span: &Span, is: &str) -> bool {
    let was = &old[span.clone()];
    let (w, n) = (was.as_bytes(), is.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        let (gi, gj) = (gap_end(w, i), gap_end(n, j));
        // An end of the edit that was a fixed character (or an insertion
        // point) gets nothing before or after it: a boundary there (a code
        // span's end, a text run's start) would fall inside the
        // replacement, and only the edit's ends are moved.
        if (i == 0 || gi == w.len()) && gi == i && gj > j {
            return false;
        }
        if w[i..gi] != n[j..gj] {
            let at = span.start + i;
            let l = old[..at].chars().next_back();
            let r = old[span.start + gi..].chars().next();
            // Only an edit's ends have old text around them that stays.
            let whole = i == 0 && gi == w.len();
            let around = || whole && between_words(old, span);
            if !inert_gap(l, &was[i..gi], &is[j..gj], r, around) {
                return false;
            }
        }
        match (w.get(gi), n.get(gj)) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => (i, j) = (gi + 1, gj + 1),
            _ => return false,
        }
    }
}

/// `edits` (sorted) with those that meet made one; `None` if two overlap.
fn join_touching(edits: &[&Edit]) -> Option<Vec<Edit>> {
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        match out.last_mut() {
            Some(last) if last.span.end > e.span.start => return None,
            Some(last) if last.span.end == e.span.start => {
                last.span.end = e.span.end;
                last.replacement.push_str(&e.replacement);
            }
            _ => out.push((*e).clone()),
        }
    }
    Some(out)
}

/// `doc`'s links own their destinations (it was detached).
fn remap<'b>(mut doc: Document<'_>, new: &'b str, edits: &[&Edit]) -> Option<Document<'b>> {
    let old = doc.text;
    if !doc.ref_defs.is_empty() || memchr::memmem::find(old.as_bytes(), b"[^").is_some() {
        return None;
    }
    // Edits that meet (`\u{92}` → `’` next to `\u{97}` → `—`) are judged
    // as one: each alone would be judged against text the other replaces.
    let merged: Vec<Edit>;
    let joined: Vec<&Edit>;
    let edits = if edits.windows(2).any(|w| w[0].span.end >= w[1].span.start) {
        merged = join_touching(edits)?;
        joined = merged.iter().collect();
        &joined[..]
    } else {
        edits
    };
    // Destinations read again from the new text (their URL is the text),
    // an autolink's after its scheme and `:` (which make it one).
    let mut readable: Vec<Span> = doc
        .links
        .iter()
        .filter(|l| {
            matches!(l.kind, LinkKind::Inline | LinkKind::Autolink)
                && l.url == old[l.dest_span.clone()]
        })
        .map(|l| match l.kind {
            LinkKind::Autolink => {
                let scheme = l.url.find(':').map_or(l.url.len(), |c| c + 1);
                l.dest_span.start + scheme..l.dest_span.end
            }
            _ => l.dest_span.clone(),
        })
        .collect();
    readable.sort_by_key(|s| s.start);
    // The edits come in order: the destinations starting at or before
    // the edit so far.
    let mut started = 0;
    let mut in_destination = |e: &Span| {
        while started < readable.len() && readable[started].start <= e.start {
            started += 1;
        }
        started > 0 && readable[started - 1].end >= e.end
    };
    // Runs of non-blank lines (first, last) holding `][` or `]:`: a
    // reference or a definition may change with a text edit's length or
    // case (a label of 1000 non-ASCII bytes is none), and a label may span
    // the lines of its paragraph, which ends at a blank line.
    let mut hits: Vec<usize> = memchr::memmem::find_iter(old.as_bytes(), b"][")
        .chain(memchr::memmem::find_iter(old.as_bytes(), b"]:"))
        .map(|at| doc.lines.line_of(at))
        .collect();
    hits.sort_unstable();
    let line_count = doc.lines.line_count();
    let blank = |l: usize| {
        old[doc.lines.line_span(old, l)]
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t'))
    };
    let mut bracket_blocks: Vec<(usize, usize)> = Vec::new();
    for l in hits {
        let floor = match bracket_blocks.last() {
            Some(&(_, last)) if l <= last => continue,
            Some(&(_, last)) => last + 1,
            None => 0,
        };
        let (mut first, mut last) = (l, l);
        while first > floor && !blank(first - 1) {
            first -= 1;
        }
        while last + 1 < line_count && !blank(last + 1) {
            last += 1;
        }
        bracket_blocks.push((first, last));
    }
    let in_bracket_block = |e: &Span| {
        if bracket_blocks.is_empty() {
            return false;
        }
        let (a, b) = (doc.lines.line_of(e.start), doc.lines.line_of(e.end));
        let i = bracket_blocks.partition_point(|&(_, last)| last < a);
        i < bracket_blocks.len() && bracket_blocks[i].0 <= b
    };
    let mut syntax = Syntax::default();
    for e in edits {
        // An insertion has no side to keep: where a span starting at its
        // place would start is not known.
        if e.span.is_empty() {
            return None;
        }
        let was = old.get(e.span.clone())?;
        let is = e.replacement.as_str();
        let ok = if in_destination(&e.span) {
            dest_side(was) && dest_side(is)
        } else {
            !in_bracket_block(&e.span)
                && (inert_text_edit(old, &e.span, is)
                    || (joined_words(old, &e.span, is) && !syntax.inside(old, e.span.start)))
        };
        if !ok {
            return None;
        }
    }
    let shift = Shift::new(edits);
    if doc.html.iter().any(|h| shift.touches(h))
        || doc.broken_refs.iter().any(|b| shift.touches(&b.span))
    {
        return None;
    }

    // Links: bare URLs are found again in the new text; a destination an
    // edit touches is read again.
    let first_bare = doc
        .links
        .iter()
        .position(|l| l.kind == LinkKind::Bare)
        .unwrap_or(doc.links.len());
    if doc.links[first_bare..]
        .iter()
        .any(|l| l.kind != LinkKind::Bare)
    {
        return None;
    }
    doc.links.truncate(first_bare);
    for link in &mut doc.links {
        let touched = shift.touches(&link.dest_span);
        let readable = matches!(link.kind, LinkKind::Inline | LinkKind::Autolink)
            && link.url == old[link.dest_span.clone()];
        link.span = shift.span(&link.span)?;
        link.dest_span = shift.span(&link.dest_span)?;
        if let Some(t) = &mut link.text_span {
            *t = shift.span(t)?;
        }
        if touched {
            let now = &new[link.dest_span.clone()];
            if !readable || now.contains('\\') || (now.contains('&') && now.contains(';')) {
                return None;
            }
            link.url = Cow::Owned(now.to_owned());
        }
    }
    // What leads an item up to its links decides its title link (emoji
    // and badges before the name are decoration): an edit there declines.
    for item in &doc.items {
        let last_lead_link = item
            .links
            .iter()
            .filter_map(|&l| doc.links.get(l))
            .map(|l| l.span.start)
            .filter(|&s| s <= item.lead.end.max(item.content_start))
            .max();
        if let Some(end) = last_lead_link
            && shift.touches(&(item.content_start..end))
        {
            return None;
        }
    }
    for item in &mut doc.items {
        item.span = shift.span(&item.span)?;
        item.marker_span = shift.span(&item.marker_span)?;
        item.content_start = shift.at(item.content_start)?;
        item.lead = shift.span(&item.lead)?;
        item.links.retain(|&l| l < first_bare);
    }
    for list in &mut doc.lists {
        list.span = shift.span(&list.span)?;
    }
    let mut retitled = false;
    for h in &mut doc.headings {
        let touched = shift.touches(&h.span);
        h.span = shift.span(&h.span)?;
        if touched {
            h.text = heading_text(&new[h.span.clone()], h.level)?;
            retitled = true;
        }
    }
    if retitled {
        let mut slugger = Slugger::default();
        for h in &mut doc.headings {
            h.slug = slugger.unique(slug(h.text.trim_start()));
        }
    }
    shift.spans(&mut doc.code)?;
    shift.spans(&mut doc.comments)?;
    shift.spans(&mut doc.html)?;
    shift.spans(&mut doc.text_runs)?;
    for b in &mut doc.broken_refs {
        b.span = shift.span(&b.span)?;
    }
    doc.lines = doc.lines.moved(new.len(), |s| shift.at(s))?;
    doc.special_chars = moved_special_chars(&doc.special_chars, &shift, edits, new);
    // The links are owned: moving them costs no copy.
    let mut doc = doc.retext(new, |l| l.into_owned());
    scan_bare_urls(&mut doc);
    Some(doc)
}

/// The special characters of the new text: those outside the edits moved,
/// those in the replacements found again.
fn moved_special_chars(
    old: &[(usize, char)],
    shift: &Shift,
    edits: &[&Edit],
    new: &str,
) -> Vec<(usize, char)> {
    let mut out = Vec::with_capacity(old.len());
    let mut next = 0;
    let found = |out: &mut Vec<(usize, char)>, k: usize| {
        let at = (shift.starts[k] as isize + shift.delta[k]) as usize;
        let len = edits[k].replacement.len();
        out.extend(
            special_chars(&new[at..at + len])
                .into_iter()
                .map(|(i, c)| (at + i, c)),
        );
    };
    for &(pos, c) in old {
        while next < edits.len() && shift.starts[next] <= pos {
            found(&mut out, next);
            next += 1;
        }
        if let Some(p) = shift.at(pos)
            && !(next > 0 && shift.ends[next - 1] > pos)
        {
            out.push((p, c));
        }
    }
    while next < edits.len() {
        found(&mut out, next);
        next += 1;
    }
    out
}

/// The text of a one-line heading, as the parser reads it (images render
/// none): parsed on its own, as nothing outside the line can change it
/// once there are no reference definitions.
fn heading_text(line: &str, level: u8) -> Option<String> {
    if line.trim_end_matches(['\n', '\r']).contains(['\n', '\r']) {
        return None;
    }
    let mut events = Parser::new_ext(line, options());
    let Some(Event::Start(Tag::Heading { level: l, .. })) = events.next() else {
        return None;
    };
    if l as u8 != level {
        return None;
    }
    let mut text = String::new();
    let mut images = 0usize;
    for event in events {
        match event {
            Event::Start(Tag::Image { .. }) => images += 1,
            Event::End(TagEnd::Image) => images -= 1,
            Event::Text(t) if images == 0 => text.push_str(&t),
            Event::Code(t) => text.push_str(&t),
            Event::End(TagEnd::Heading(_)) => return Some(text),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ParseOptions, parse};
    use proptest::prelude::*;

    fn light() -> ParseOptions {
        ParseOptions {
            structure: false,
            ..Default::default()
        }
    }

    /// `old` with the edits applied.
    fn applied(old: &str, edits: &[Edit]) -> String {
        let refs: Vec<&Edit> = edits.iter().collect();
        let fix = crate::fix::Fix::safe("t", edits.to_vec());
        let done = crate::fix::apply_edits(old, &[&fix]);
        assert_eq!(done.edits.len(), refs.len());
        done.text
    }

    /// The remapped model, when remap carries it over, is the fresh parse's.
    fn check(old: &str, edits: &[Edit]) -> bool {
        let new = applied(old, edits);
        let refs: Vec<&Edit> = edits.iter().collect();
        let Some(m) = parse(old, &light()).detach(false).remap(old, &new, &refs) else {
            return false;
        };
        let carried = format!("{:#?}", m.attach(&new));
        let fresh = format!("{:#?}", parse(&new, &light()));
        assert_eq!(carried, fresh, "old: {old:?}\nnew: {new:?}");
        true
    }

    fn replace(old: &str, from: &str, to: &str) -> Vec<Edit> {
        old.match_indices(from)
            .map(|(i, _)| Edit::replace(i..i + from.len(), to))
            .collect()
    }

    #[test]
    fn offsets_are_counted_the_same_in_any_order() {
        let edits: Vec<Edit> = (0..40)
            .map(|i| Edit::replace(i * 10..i * 10 + 3 + i % 4, "ab"))
            .collect();
        let edits: Vec<&Edit> = edits.iter().collect();
        let shift = Shift::new(&edits);
        // Forward, backward, in small steps and in jumps.
        let order = (0..420)
            .chain((0..420).rev())
            .chain((0..420).map(|i| (i * 97) % 420))
            .chain((0..420).map(|i| (i * 7) % 420));
        for pos in order {
            assert_eq!(
                shift.before(pos),
                edits.partition_point(|e| e.span.end <= pos),
                "at {pos}"
            );
        }
    }

    #[test]
    fn an_edit_before_an_items_first_link_is_not_carried_over() {
        // An emoji before the name is decoration; a letter is not: the
        // title link changes, so the model is parsed again.
        let old = "  - 🎅<ab:Ã©>\n";
        assert!(!check(old, &replace(old, "🎅", "é")));
        let old = "- ðŸŽ… [name](https://example.com)\n";
        assert!(!check(old, &replace(old, "ðŸŽ…", "🎅")));
        // After the first link, the edit is carried over.
        let old = "- [name](https://example.com) Ã©tÃ©\n";
        assert!(check(old, &replace(old, "Ã©", "é")));
    }

    #[test]
    fn mojibake_repairs_are_carried_over() {
        let old = "# CafÃ© *crÃ¨me*\n\n1. [HuggingFaceâ€™s](https://example.com/M%C3%83%C2%BCnchen) - **Ã©tÃ©**\n   - Comment: see https://x.org/Z%C3%83%C2%BCrich_(a) and `Ã©`\n\n```\nÃ© in code\n```\n";
        let mut edits = replace(old, "Ã©", "é");
        edits.extend(replace(old, "Ã¨", "è"));
        edits.extend(replace(old, "â€™", "’"));
        edits.extend(replace(old, "%C3%83%C2%BC", "%C3%BC"));
        // Not the code span or the code block.
        edits.retain(|e| {
            !old[..e.span.start].ends_with('`') && !old[e.span.end..].starts_with(" in code")
        });
        edits.sort_by_key(|e| e.span.start);
        assert!(check(old, &edits));
    }

    #[test]
    fn edits_that_may_change_the_structure_are_declined() {
        let declined = |old: &str, from: &str, to: &str| {
            let edits = replace(old, from, to);
            let new = applied(old, &edits);
            let refs: Vec<&Edit> = edits.iter().collect();
            parse(old, &light())
                .detach(false)
                .remap(old, &new, &refs)
                .is_none()
        };
        // ASCII written or removed outside an escape.
        assert!(declined("a Ã© b\n", "Ã©", "e"));
        assert!(declined("&amÃ©p; x\n", "Ã©", ""));
        // A reference definition: labels match by case folding.
        assert!(declined("[Ã©][x]\n\n[x]: https://e.com\n", "Ã©", "é"));
        // HTML is read for anchors and links.
        assert!(declined("<a id=\"Ã©\">x</a>\n", "Ã©", "é"));
        // An insertion, even of non-ASCII text.
        assert!({
            let old = "a é b\n";
            let edits = [Edit::insert(2, "中")];
            let new = applied(old, &edits);
            let refs: Vec<&Edit> = edits.iter().collect();
            parse(old, &light())
                .detach(false)
                .remap(old, &new, &refs)
                .is_none()
        });
        // Whitespace left alone between two ASCII characters.
        assert!(declined("- Â [x](u)\n", "Â", "\u{a0}"));
        // A setext heading is more than one line.
        assert!(declined("CafÃ©\n===\n", "Ã©", "é"));
    }

    #[test]
    fn edits_that_move_boundaries_or_labels_are_declined() {
        // A label of 1000 non-ASCII bytes is none; a shorter one makes a
        // definition or a reference, whose `]:` or `][` is on another line.
        let long = "Ã©".repeat(250);
        assert!(!check(
            &format!("[{long}\n]: https://e.com\n"),
            &[Edit::replace(1..5, "é")]
        ));
        assert!(!check(
            &format!("[a][\n{long}]\n"),
            &[Edit::replace(5..9, "é")]
        ));
        // An autolink's scheme and `:` make it one (or an email address).
        assert!(!check("<ab:Ã©>\n", &[Edit::replace(1..8, "abé")]));
        assert!(!check("<ab:Ã©>\n", &[Edit::replace(1..8, "a@b.c")]));
        // Text written where a code span ends and a text run starts.
        assert!(!check("`c`é\n", &[Edit::insert(3, "ü")]));
        assert!(!check("é\n", &[Edit::insert(0, "ü")]));
        assert!(!check("`éÃ`ü\n", &[Edit::replace(3..6, "`é")]));
    }

    #[test]
    fn edits_that_join_words_are_carried_over() {
        // A no-break space read as `Â ` or `Ã ` in two pieces.
        let old = "- [a](u) Ã s crianÃ§as, Ð Ð¸ fooÂ : x\n";
        let mut edits = replace(old, "Ã ", "à");
        edits.extend(replace(old, "Ã§", "ç"));
        edits.extend(replace(old, "Ð Ð¸", "Ри"));
        edits.extend(replace(old, "Â ", "\u{a0}"));
        edits.sort_by_key(|e| e.span.start);
        assert!(check(old, &edits));
        // More spaces after the edit, before a word.
        let old = "InizializzerÃ  pranzavo\n";
        assert!(check(old, &replace(old, "Ã ", "à")));
        // Edits that meet are judged as one.
        let old = "a \u{92}\u{97} b\n";
        let edits = [Edit::replace(2..4, "’"), Edit::replace(4..6, "—")];
        assert!(check(old, &edits));
        // After tags closed (a quote opens a value only after `=`).
        let old = "x <a href='u' t = \"'\">y</a> it's Ð Ð¸\n";
        assert!(check(old, &replace(old, "Ð Ð¸", "Ри")));
        // A lone C1 control between words, which is whitespace.
        let old = "Vandalize \u{85} sautéed\n";
        assert!(check(old, &replace(old, "\u{85}", "…")));
    }

    #[test]
    fn spaces_removed_in_syntax_are_declined() {
        let declined = |old: &str, from: &str, to: &str| !check(old, &replace(old, from, to));
        // In a destination, an autolink or an HTML tag, even lines later
        // or after a quoted `>`.
        assert!(declined("[a](xÐ Ð¸)\n", "Ð Ð¸", "Ри"));
        assert!(declined("[a](\nxÐ Ð¸)\n", "Ð Ð¸", "Ри"));
        assert!(declined("<span title=Ð Ð¸>\n", "Ð Ð¸", "Ри"));
        assert!(declined("<span\ntitle=Ð Ð¸>\n", "Ð Ð¸", "Ри"));
        assert!(declined("<a t=\">\" x=Ð Ð¸>\n", "Ð Ð¸", "Ри"));
        assert!(declined("<http://xÐ Ð¸>\n", "Ð Ð¸", "Ри"));
        // A quoted value after `= `, a `](` after a `<` that is no tag, a
        // tag after a `<` that is none or inside a destination.
        assert!(declined("<a t = \">\" x=Ð Ð¸>\n", "Ð Ð¸", "Ри"));
        assert!(declined("<[y](>Ð Ð¸)\n", "Ð Ð¸", "Ри"));
        assert!(declined("<a \"x=' <c d='>' e=Ð Ð¸>\n", "Ð Ð¸", "Ри"));
        assert!(declined("[a](x <b c=\")\" d=Ð Ð¸>\n", "Ð Ð¸", "Ри"));
        // A block quote's marker ends no tag.
        assert!(declined("> a <b\n> x=Ð Ð¸>\n", "Ð Ð¸", "Ри"));
        assert!(declined("- > a <b\r  > x=Ð Ð¸>\r", "Ð Ð¸", "Ри"));
        // Two spaces before a line end are a hard break.
        assert!(declined("Ã  \nb\n", "Ã ", "à"));
        // Whitespace between words and syntax.
        assert!(declined("*x* \u{85} *y*\n", "\u{85}", "…"));
    }

    /// Pieces of Markdown, with non-ASCII text, escapes and syntax around it.
    const PIECES: &[&str] = &[
        "word",
        " ",
        " ",
        "Ã©",
        "é",
        "â€™",
        "’",
        "\u{a0}",
        "\u{85}",
        "\u{2028}",
        "\u{3000}",
        "\u{200b}",
        "\u{feff}",
        "\u{ad}",
        "\u{202e}",
        "中文",
        "🎅",
        "e\u{301}",
        "*",
        "**",
        "_",
        "~~",
        "`",
        "``",
        "\\",
        "&amp;",
        "&",
        ";",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "!",
        "#",
        "|",
        ":",
        "[x](https://e.com/%C3%83%C2%A9)",
        "[Ã©](u)",
        "<https://e.com/Ã©>",
        "https://e.org/w/Z%C3%BC_(x)",
        "www.Ã©.org",
        "<span id=\"Ã©\">",
        "<!-- Ã© -->",
        "[a][b]",
        "[^1]",
        "`Ã©`",
        "![Ã©](i.png)",
        "%C3%A9",
        "%C3",
        "1.",
        "-",
        "\t",
        // Syntax that a removed character would complete.
        "<diÂv>",
        "&amÂp;",
        "`Â`",
        "*Â*",
        "\\Â*",
        "<httÂps://e.com>",
        "[Â]Â(u)",
        "Â ",
        "][",
        "]:",
        "[Ã©][]",
        "[a]: u",
        "<ab:Ã©>",
        "<a@b.c>",
        "~",
        "x_y",
        "\\|",
        "&#x4Ã;",
        "<a href=\"Ã©\">",
        "![Ã©](<Ã© x>)",
        "[a](<Ã©>)",
        "[a](Ã©(b) \"Ã©\")",
        // A no-break space read in two pieces.
        "Ð Ð¸",
        "Ã ",
        "Â ",
        "Ã  ",
        // Tags and destinations the pieces above may open or close.
        "<b",
        "x=",
        " = \"",
        "\"",
        "'",
        "](",
    ];
    const STARTS: &[&str] = &[
        "",
        "",
        "- ",
        "1. ",
        "> ",
        "# ",
        "## ",
        "    ",
        "```\n",
        "| a | b |\n| - | - |\n| ",
        "  - ",
        "10) ",
        "- [ ] ",
        "***\n",
        "Text\n===\n",
        "- # ",
        "> - ",
        "> # ",
        "1. ### ",
        "> > ",
        "-\t",
        "- [x] ",
        "[a][\n",
        "[",
        "\n",
        "<div>\n",
        "| ",
        "    - ",
    ];
    const REPLACEMENTS: &[&str] = &[
        "é",
        "’",
        "ü",
        "\u{a0}",
        "\u{85}",
        "中",
        "🎅",
        "Ã",
        "",
        "—",
        "\u{200b}",
        "\u{3000}",
        "%C3%A9",
        "%E2%80%99",
        "%C3",
        "e",
        "x*",
        "§",
        "",
        "",
    ];

    fn document() -> impl Strategy<Value = String> {
        let line = (
            prop::sample::select(STARTS),
            prop::collection::vec(prop::sample::select(PIECES), 0..10),
        )
            .prop_map(|(start, pieces)| format!("{start}{}", pieces.concat()));
        prop::collection::vec(line, 1..8).prop_map(|lines| lines.join("\n") + "\n")
    }

    /// Non-ASCII runs and `%XX` escapes of `text` to edit.
    fn targets(text: &str) -> Vec<Span> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let start = i;
            while i < b.len()
                && (b[i] >= 0x80
                    || (b[i] == b'%' && b.len() > i + 2 && b[i + 1].is_ascii_hexdigit()))
            {
                i += if b[i] == b'%' { 3 } else { 1 };
            }
            if i > start {
                out.push(start..i);
            } else {
                i += 1;
            }
        }
        out
    }

    /// Syntax around words joined by an edit: tags, quotes, destinations
    /// and block quotes, opened and closed in any order.
    const AROUND_JOINS: &[&str] = &[
        "<", "<b", ">", "\"", "'", " = \"", " x=", "[y", "](", ")", "\n> ", "\n\n", "Ð Ð¸",
    ];

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 10000,
            ..ProptestConfig::default()
        })]

        /// Whenever words joined in or near syntax are carried over, the
        /// model is the fresh parse's.
        #[test]
        fn joined_words_near_syntax_are_a_fresh_parse(
            before in prop::collection::vec(prop::sample::select(AROUND_JOINS), 0..7),
            after in prop::collection::vec(prop::sample::select(AROUND_JOINS), 0..4),
        ) {
            let doc = format!("{}Ð Ð¸{}\n", before.concat(), after.concat());
            let mut edits = replace(&doc, "Ð Ð¸", "Ри");
            edits.sort_by_key(|e| e.span.start);
            check(&doc, &edits);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 3000,
            max_global_rejects: 100_000,
            ..ProptestConfig::default()
        })]

        /// Whenever a model is carried over an edit, it is the model a
        /// fresh parse of the edited text builds.
        #[test]
        fn a_carried_model_is_a_fresh_parse(
            doc in document(),
            picks in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(REPLACEMENTS), 0..5u8), 1..6),
        ) {
            let spots = targets(&doc);
            prop_assume!(!spots.is_empty());
            let mut edits: Vec<Edit> = Vec::new();
            for (at, with, part) in picks {
                let mut s = spots[at.index(spots.len())].clone();
                // Sometimes only the first character of the run, or the
                // rest (two edits that meet), or an insertion before it,
                // or the run with the spaces after it.
                let first = doc[s.start..].chars().next().expect("a character").len_utf8();
                if part == 1 && doc.as_bytes()[s.start] >= 0x80 {
                    s.end = s.start + first;
                } else if part == 2 {
                    s.end = s.start;
                } else if part == 3 && doc.as_bytes()[s.start] >= 0x80 && s.len() > first {
                    s.start += first;
                } else if part == 4 {
                    s.end += doc[s.end..].len() - doc[s.end..].trim_start_matches(' ').len();
                }
                edits.push(Edit::replace(s, with));
            }
            edits.sort_by_key(|e| e.span.start);
            edits.dedup_by(|b, a| b.span.start < a.span.end);
            check(&doc, &edits);
        }
    }
}
