//! The single pulldown-cmark pass that builds a [`Document`].

use std::borrow::Cow;
use std::cell::RefCell;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use rustc_hash::FxHashMap;

use super::fields::{classify_field_name, split_field};
use super::slug::{Slugger, slug};
use super::*;

pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

struct OpenLink<'a> {
    kind: LinkKind,
    image: bool,
    span: Span,
    url: Cow<'a, str>,
    reference: CowStr<'a>,
    inner_end: usize,
    item: Option<usize>,
}

/// Visual columns of increasing offsets: continues from the last offset
/// asked when on the same line, so the items of one long line (`- - - … a`,
/// a list nested thousands deep) cost one pass over it, not one per item.
/// The line's bounds are kept too: the items of a list come in order, most
/// of them on a line of their own, and finding a line by binary search for
/// each would cost more than the rest of an item.
#[derive(Default)]
struct Columns {
    line: usize,
    line_start: usize,
    /// Start of the next line; `line_start` when unknown (the last line).
    next_start: usize,
    offset: usize,
    column: usize,
}

impl Columns {
    fn at(&mut self, doc: &Document<'_>, offset: usize) -> usize {
        if !(self.line_start <= offset && offset < self.next_start) {
            let line = line_from(&doc.lines, self.line, offset);
            let start = doc.lines.line_start(line);
            let next_start = if line + 1 < doc.lines.line_count() {
                doc.lines.line_start(line + 1)
            } else {
                start
            };
            if start != self.line_start {
                self.offset = start;
                self.column = 0;
            }
            self.line = line;
            self.line_start = start;
            self.next_start = next_start;
        }
        if offset < self.offset {
            self.offset = self.line_start;
            self.column = 0;
        }
        self.column = advance_width(self.column, &doc.text[self.offset..offset]);
        self.offset = offset;
        self.column
    }
}

/// The line of `offset`, looked for a few lines on from line `from`
/// first: what the model asks for comes mostly in order, a line or two
/// further each time, where a binary search over all lines would cost more.
fn line_from(lines: &LineIndex, from: usize, offset: usize) -> usize {
    let count = lines.line_count();
    if from < count && lines.line_start(from) <= offset {
        // The last line is left to the search: a final line break may
        // open one more, empty, line.
        for line in from..(from + 16).min(count - 1) {
            if lines.line_start(line + 1) > offset {
                return line;
            }
        }
    }
    lines.line_of(offset)
}

struct OpenItem {
    index: usize,
    /// Whether the first inline content was seen (decides the title link).
    decided: bool,
    /// The first list nested in it: where its lead block ends.
    first_list: Option<usize>,
}

/// Parses `text` into the document model in one pass.
pub fn parse<'a>(text: &'a str, opts: &ParseOptions) -> Document<'a> {
    let broken = RefCell::new(Vec::new());
    let mut callback = |link: BrokenLink<'_>| {
        if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
            broken.borrow_mut().push(BrokenRef {
                span: link.span.clone(),
                reference: link.reference.to_string(),
                collapsed: link.link_type == LinkType::Collapsed,
            });
        }
        None
    };
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(&mut callback));
    let mut doc = Document {
        text,
        lines: LineIndex::new(text),
        ..Default::default()
    };
    let defs = parser.reference_definitions();
    let mut def_dest = FxHashMap::with_capacity_and_hasher(defs.iter().count(), Default::default());
    for (label, def) in defs.iter() {
        let dest_span = def_destination(text, &def.span);
        def_dest.insert(folded(label).into_owned(), dest_span.clone());
        doc.ref_defs.push(RefDef {
            label: label.to_owned(),
            span: def.span.clone(),
            dest_span,
        });
    }
    doc.ref_defs.sort_by_key(|d| d.span.start);
    // Sized once: growing a vector of items or links one doubling at a
    // time copies it over and over. Most list items hold a link, and most
    // links have a `]`; most lines hold a text run at most.
    let estimate = item_estimate(text, &doc.lines);
    doc.items.reserve(estimate);
    doc.links
        .reserve(estimate.max(memchr::memchr_iter(b']', text.as_bytes()).count()));
    doc.text_runs.reserve(doc.lines.line_count());
    doc.text_run_items.reserve(doc.lines.line_count());

    let mut lists: Vec<usize> = Vec::new();
    let mut items: Vec<OpenItem> = Vec::new();
    let mut links: Vec<OpenLink<'a>> = Vec::new();
    let mut heading: Option<Heading> = None;
    let mut slugger = Slugger::default();
    let mut quote_depth = 0usize;
    let mut code_depth = 0usize;
    let mut html_block = false;
    let mut columns = Columns::default();
    let mut code_line = 0;

    for (event, range) in parser.into_offset_iter() {
        if let Some(open) = links.last_mut()
            && range.start > open.span.start
        {
            open.inner_end = open.inner_end.max(range.end);
        }
        // Decide an item's title link from its first inline content.
        let in_image = links.last().is_some_and(|l| l.image);
        if let Some(open) = items.last_mut()
            && !open.decided
        {
            match &event {
                Event::Start(Tag::Paragraph | Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
                | Event::TaskListMarker(_) => {}
                // Emphasis delimiters, taken as such or not, decide nothing:
                // the model does not depend on how emphasis pairs up.
                Event::Text(t) if t.trim_matches(emphasis_or_space).is_empty() => {}
                // Nor do emoji and images before the name (`- 👍 [foo](u)`,
                // `- ![logo](l.png) [foo](u)`).
                Event::Text(t) if is_decoration(t) => {}
                Event::Start(Tag::Image { .. }) | Event::Text(_) if in_image => {}
                Event::Start(Tag::Image { .. }) => {}
                Event::Start(Tag::Link { .. }) => {
                    open.decided = true;
                    doc.items[open.index].title_link = Some(doc.links.len() + links.len());
                }
                Event::End(_) if !matches!(event, Event::End(TagEnd::Item)) => {}
                _ => open.decided = true,
            }
        }
        let item = items.last().map(|o| o.index);
        match event {
            Event::Start(Tag::List(start)) => {
                let index = doc.lists.len();
                let kind = if item.is_some() {
                    ListKind::Nested
                } else if quote_depth > 0 {
                    ListKind::Quoted
                } else {
                    ListKind::Entries
                };
                doc.lists.push(List {
                    quoted: quote_depth > 0,
                    span: range,
                    ordered: start.is_some(),
                    start,
                    items: Vec::new(),
                    parent_item: item,
                    section: 0,
                    kind,
                });
                if let Some(open) = items.last_mut()
                    && open.first_list.is_none()
                {
                    open.first_list = Some(index);
                }
                lists.push(index);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let list = *lists.last().expect("an item is inside a list");
                let index = doc.items.len();
                doc.items.push(new_item(&doc, &mut columns, list, range));
                items.push(OpenItem {
                    index,
                    decided: false,
                    first_list: None,
                });
            }
            Event::End(TagEnd::Item) => {
                let open = items.pop().expect("balanced items");
                let it = &mut doc.items[open.index];
                let end = open
                    .first_list
                    .map_or(it.span.end, |l| doc.lists[l].span.start);
                let lead_end = it.content_start.max(trim_end(text, it.content_start, end));
                it.lead = it.content_start..lead_end;
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth -= 1,
            Event::Start(Tag::CodeBlock(_)) => {
                code_depth += 1;
                let first = line_from(&doc.lines, code_line, range.start);
                let last = line_from(
                    &doc.lines,
                    first,
                    range.end.saturating_sub(1).max(range.start),
                );
                code_line = last;
                doc.code_lines.push(first..last + 1);
                doc.code.push(range);
            }
            Event::End(TagEnd::CodeBlock) => code_depth -= 1,
            Event::Start(Tag::HtmlBlock) => {
                html_block = true;
                doc.html.push(range.clone());
                scan_html(&mut doc, range, item);
            }
            Event::End(TagEnd::HtmlBlock) => html_block = false,
            Event::Html(_) => {}
            Event::InlineHtml(_) => {
                doc.html.push(range.clone());
                scan_html(&mut doc, range, item);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(Heading {
                    level: level as u8,
                    span: range,
                    text: String::new(),
                    slug: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = heading.take() {
                    h.slug = slugger.unique(slug(h.text.trim_start()));
                    doc.headings.push(h);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            }) => {
                let image = links_last_is_image_hint(&range, text);
                let kind = match link_type {
                    LinkType::Inline => LinkKind::Inline,
                    LinkType::Autolink | LinkType::Email => LinkKind::Autolink,
                    _ => LinkKind::Reference,
                };
                let url = if link_type == LinkType::Email {
                    Cow::Owned(format!("mailto:{dest_url}"))
                } else {
                    cow(dest_url)
                };
                links.push(OpenLink {
                    kind,
                    image,
                    inner_end: range.start + if image { 2 } else { 1 },
                    span: range,
                    url,
                    reference: id,
                    item,
                });
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                let open = links.pop().expect("balanced links");
                let link = finish_link(text, open, &def_dest, heading.is_some());
                doc.links.push(link);
            }
            Event::Text(_) if code_depth > 0 || html_block => {}
            Event::Text(t) => {
                let in_image = links.iter().any(|l| l.image);
                if let Some(h) = heading.as_mut()
                    && !in_image
                {
                    h.text.push_str(&t);
                }
                if links.is_empty() {
                    push_run(&mut doc, range, item);
                }
            }
            Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&t);
                }
                doc.code.push(range);
            }
            _ => {}
        }
    }
    // A full-reference attempt the parser resolved otherwise
    // (`[Boost][website](url)` renders text and an inline link) is not broken.
    doc.special_chars = special_chars(text);
    doc.broken_refs = broken
        .into_inner()
        .into_iter()
        .filter(|b| !text[b.span.end.min(text.len())..].starts_with('('))
        // A chain of bracket tags (`[GPLv3+][MIT][Apache2]`) is text, like `[MIT]`.
        .filter(|b| {
            !text[..b.span.start].ends_with(']')
                && !text[b.span.end.min(text.len())..].starts_with('[')
        })
        .collect();
    doc.code.sort_by_key(|s| s.start);
    doc.code_lines.sort_by_key(|r| r.start);
    nest(&mut doc);
    // Item title links were recorded as "the link that will be pushed next";
    // links finish in end order, so map by start instead.
    trim_runs(&mut doc);
    let bare = bare_urls(&doc);
    push_bare_urls(&mut doc, bare, false);
    link_items(&mut doc);
    fix_title_links(&mut doc);
    if !opts.structure {
        return doc;
    }
    build_sections(&mut doc);
    classify_lists(&mut doc);
    build_entries(&mut doc, opts);
    doc
}

/// The number of lines that start (after indentation and quote markers)
/// with what can be a list marker: about the number of list items.
fn item_estimate(text: &str, lines: &LineIndex) -> usize {
    let b = text.as_bytes();
    (0..lines.line_count())
        .filter(|&l| {
            let mut i = lines.line_start(l);
            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'>') {
                i += 1;
            }
            i < b.len() && matches!(b[i], b'-' | b'*' | b'+' | b'0'..=b'9')
        })
        .count()
}

/// Whether the construct at `range` is an image (`![`).
fn links_last_is_image_hint(range: &Span, text: &str) -> bool {
    text.as_bytes().get(range.start) == Some(&b'!')
}

fn new_item(doc: &Document<'_>, columns: &mut Columns, list: usize, range: Span) -> Item {
    let text = doc.text;
    let bytes = text.as_bytes();
    // An item indented with a tab may start at the previous line's end
    // (pulldown-cmark reports the range from the line break): skip it too.
    let mut m = range.start;
    while m < range.end && matches!(bytes[m], b' ' | b'\t' | b'\n' | b'\r') {
        m += 1;
    }
    let indent = columns.at(doc, m);
    let range = range.start.max(columns.line_start)..range.end;
    let (marker, marker_end) = if bytes.get(m).is_some_and(u8::is_ascii_digit) {
        let mut e = m;
        while e < range.end && bytes[e].is_ascii_digit() {
            e += 1;
        }
        let number = text[m..e].parse().unwrap_or(0);
        let delim = bytes.get(e).copied().unwrap_or(b'.');
        (Marker::Ordered { number, delim }, (e + 1).min(range.end))
    } else {
        (
            Marker::Bullet(bytes.get(m).copied().unwrap_or(b'-')),
            (m + 1).min(range.end),
        )
    };
    let line_of_m = columns.line;
    let marker_col = columns.at(doc, marker_end);
    let line_end = doc.lines.line_span(text, line_of_m).end.max(marker_end);
    let mut c = marker_end;
    while c < line_end && matches!(bytes[c], b' ' | b'\t') {
        c += 1;
    }
    let gap = columns.at(doc, c) - marker_col;
    let (content_col, content_start) = if c == line_end {
        (marker_col + 1, c)
    } else if gap > 4 {
        (marker_col + 1, (marker_end + 1).min(c))
    } else {
        (marker_col + gap, c)
    };
    Item {
        span: range,
        list,
        marker_span: m..marker_end,
        marker,
        indent,
        content_col,
        content_start,
        lead: content_start..content_start,
        children: Vec::new(),
        title_link: None,
        links: Vec::new(),
    }
}

fn trim_end(text: &str, start: usize, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    while end > start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

/// A reference label as the definitions are keyed: lower-cased, which
/// most labels already are.
fn folded(label: &str) -> Cow<'_, str> {
    if label
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(label)
    } else {
        Cow::Owned(label.to_lowercase())
    }
}

/// The destination inside a reference definition `[label]: dest "title"`.
fn def_destination(text: &str, span: &Span) -> Span {
    let s = &text[span.clone()];
    let Some(colon) = s.find("]:") else {
        return span.clone();
    };
    let mut i = colon + 2;
    let b = s.as_bytes();
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    if b.get(i) == Some(&b'<') {
        let end = s[i..].find('>').map_or(b.len(), |e| i + e);
        return span.start + i + 1..span.start + end;
    }
    let mut e = i;
    while e < b.len() && !b[e].is_ascii_whitespace() {
        e += 1;
    }
    span.start + i..span.start + e
}

/// A parser string as a `Cow`: borrowed when the parser borrowed it from
/// the text.
fn cow(s: CowStr<'_>) -> Cow<'_, str> {
    match s {
        CowStr::Borrowed(s) => Cow::Borrowed(s),
        other => Cow::Owned(String::from(&*other)),
    }
}

fn finish_link<'a>(
    text: &str,
    open: OpenLink<'a>,
    defs: &FxHashMap<String, Span>,
    in_heading: bool,
) -> Link<'a> {
    let OpenLink {
        kind,
        image,
        span,
        url,
        reference,
        inner_end,
        item,
    } = open;
    let bytes = text.as_bytes();
    let (text_span, dest_span) = match kind {
        LinkKind::Autolink => {
            let inner = span.start + 1..span.end.saturating_sub(1).max(span.start + 1);
            (Some(inner.clone()), inner)
        }
        _ => {
            let open_len = if image { 2 } else { 1 };
            let close = memchr::memchr(b']', &bytes[inner_end.min(span.end)..span.end])
                .map_or(span.end, |i| inner_end + i);
            let text_span = (span.start + open_len).min(close)..close;
            let dest = if kind == LinkKind::Inline && bytes.get(close + 1) == Some(&b'(') {
                parsed_destination(text, &url, close + 2, span.end)
                    .unwrap_or_else(|| inline_destination(text, close + 2, span.end))
            } else {
                defs.get(&*folded(&reference))
                    .cloned()
                    .unwrap_or_else(|| span.clone())
            };
            (Some(text_span), dest)
        }
    };
    Link {
        kind,
        image,
        span,
        text_span,
        dest_span,
        url,
        item,
        in_heading,
    }
}

/// Where the parser's destination `url` lies in `text`, when it borrowed
/// it from there and it is the one that [`inline_destination`] would find
/// after the `(` at `start - 1`: then the text needs no second reading.
///
/// A borrowed destination had nothing to unescape: no backslash before
/// punctuation, no entity. So its parentheses balance as written, it holds
/// no whitespace and, written in `<…>`, no `>`; the scan would stop at its
/// end.
#[allow(clippy::ptr_arg)] // Whether it is borrowed is the point.
fn parsed_destination(text: &str, url: &Cow<'_, str>, start: usize, end: usize) -> Option<Span> {
    let &Cow::Borrowed(url) = url else {
        return None;
    };
    let at = (url.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    // A trailing backslash would make the scan skip the byte after it.
    if at > text.len() || url.len() > text.len() - at || at + url.len() > end || url.ends_with('\\')
    {
        return None;
    }
    let b = text.as_bytes();
    let mut i = start;
    while i < end && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let found = if b.get(i) == Some(&b'<') {
        (at == i + 1 && b.get(at + url.len()) == Some(&b'>')).then_some(at..at + url.len())
    } else {
        let after = b.get(at + url.len()).copied();
        (at == i && after.is_some_and(|c| c == b')' || c.is_ascii_whitespace()))
            .then_some(at..at + url.len())
    };
    debug_assert!(
        found
            .as_ref()
            .is_none_or(|d| *d == inline_destination(text, start, end)),
        "the parser's destination and the scan disagree at {start}"
    );
    found
}

/// The destination of `(dest "title")` starting after the `(`.
fn inline_destination(text: &str, start: usize, end: usize) -> Span {
    let b = text.as_bytes();
    let mut i = start;
    while i < end && b[i].is_ascii_whitespace() {
        i += 1;
    }
    if b.get(i) == Some(&b'<') {
        let close = memchr::memchr(b'>', &b[i..end]).map_or(end, |e| i + e);
        return i + 1..close;
    }
    let mut depth = 0usize;
    let mut e = i;
    while e < end {
        match b[e] {
            b'\\' => e += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            c if c.is_ascii_whitespace() => break,
            _ => {}
        }
        e += 1;
    }
    i..e.min(end)
}

/// Whether a character is whitespace or an emphasis delimiter.
fn emphasis_or_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '*' | '_' | '~')
}

/// Adds a text event's range to the runs: joined to the last run when only
/// emphasis delimiters lie between them on the line. Whether a delimiter
/// pairs up (and is left out of the text) depends on the characters next
/// to it; the runs do not.
fn push_run(doc: &mut Document<'_>, range: Span, item: Option<usize>) {
    if let Some(last) = doc.text_runs.last_mut()
        && last.end <= range.start
        && doc.text_run_items.last() == Some(&item)
        && !doc.text[last.clone()].ends_with('\n')
        && doc.text[last.end..range.start]
            .bytes()
            .all(|b| matches!(b, b'*' | b'_' | b'~'))
    {
        last.end = range.end;
        return;
    }
    doc.text_runs.push(range);
    doc.text_run_items.push(item);
}

/// Trims emphasis delimiters off the ends of the runs (they are text or
/// not depending on their neighbours) and drops runs left empty.
fn trim_runs(doc: &mut Document<'_>) {
    let text = doc.text;
    let delimiter = |b: &u8| matches!(b, b'*' | b'_' | b'~');
    let mut keep = 0;
    for i in 0..doc.text_runs.len() {
        let run = doc.text_runs[i].clone();
        let s = &text.as_bytes()[run.clone()];
        let lead = s.iter().take_while(|b| delimiter(b)).count();
        let trail = s[lead..].iter().rev().take_while(|b| delimiter(b)).count();
        if lead + trail == s.len() {
            continue;
        }
        doc.text_runs[keep] = run.start + lead..run.end - trail;
        doc.text_run_items[keep] = doc.text_run_items[i];
        keep += 1;
    }
    doc.text_runs.truncate(keep);
    doc.text_run_items.truncate(keep);
}

/// `href`/`src` links, `id`/`name` anchors and comments in an HTML fragment.
///
/// An attribute is a name right after whitespace, then `=` (spaces around
/// it allowed): found from the `=` signs back, so a fragment without one
/// (`</a>`, `<br>`) costs one byte search. All `href`s come first, then
/// `src`s, `id`s and `name`s, each in order.
fn scan_html<'a>(doc: &mut Document<'a>, range: Span, item: Option<usize>) {
    static OPEN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("<!--"));
    static CLOSE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("-->"));
    let text = doc.text;
    let s = &text[range.clone()];
    let mut from = 0;
    while let Some(i) = OPEN.find(&s.as_bytes()[from..]) {
        let start = from + i;
        let end = CLOSE
            .find(&s.as_bytes()[start + 4..])
            .map_or(s.len(), |e| start + 4 + e + 3);
        doc.comments.push(range.start + start..range.start + end);
        from = end;
    }
    if memchr::memchr(b'=', s.as_bytes()).is_none() {
        return;
    }
    // Where each attribute name ends (spaces before the `=` left out) and
    // where its value starts to be looked for (after the `=`).
    let names: Vec<(usize, usize)> = memchr::memchr_iter(b'=', s.as_bytes())
        .map(|eq| (s[..eq].trim_end().len(), eq + 1))
        .collect();
    for attr in ["href", "src", "id", "name"] {
        for &(name_end, after) in &names {
            let Some(at) = name_end.checked_sub(attr.len()) else {
                continue;
            };
            if !s.as_bytes()[at..name_end].eq_ignore_ascii_case(attr.as_bytes())
                || !at
                    .checked_sub(1)
                    .is_some_and(|p| s.as_bytes()[p].is_ascii_whitespace())
            {
                continue;
            }
            let value_part = s[after..].trim_start();
            let vstart = s.len() - value_part.len();
            let (vs, ve) = match value_part.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = value_part[1..].find(q).map_or(value_part.len(), |e| e + 1);
                    (vstart + 1, vstart + close)
                }
                _ => {
                    let len = value_part
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(value_part.len());
                    (vstart, vstart + len)
                }
            };
            if in_comment(&doc.comments, range.start + at) {
                continue;
            }
            let value = &s[vs..ve];
            if attr == "id" || attr == "name" {
                doc.anchors.push(value.to_owned());
            } else {
                let span = range.start + vs..range.start + ve;
                let link = Link {
                    kind: LinkKind::Html,
                    image: attr == "src",
                    span: span.clone(),
                    text_span: None,
                    dest_span: span,
                    url: decode_entities(value),
                    item,
                    in_heading: false,
                };
                doc.links.push(link);
            }
        }
    }
}

fn in_comment(comments: &[Span], offset: usize) -> bool {
    comments.iter().rev().take(8).any(|c| c.contains(&offset))
}

/// The few entities that occur in attribute values (`&amp;`, quotes, `<`, `>`).
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
    )
}

/// Each list's items and each item's nested lists, in order: filled once
/// all are known, so every list is allocated once at its size.
fn nest(doc: &mut Document<'_>) {
    let items = grouped(doc.lists.len(), doc.items.iter().map(|it| Some(it.list)));
    for (list, items) in doc.lists.iter_mut().zip(items) {
        list.items = items;
    }
    let children = grouped(doc.items.len(), doc.lists.iter().map(|l| l.parent_item));
    for (item, children) in doc.items.iter_mut().zip(children) {
        item.children = children;
    }
}

/// Each item's links, in the order they were added, allocated once at
/// their size.
fn link_items(doc: &mut Document<'_>) {
    let links = grouped(doc.items.len(), doc.links.iter().map(|l| l.item));
    for (item, links) in doc.items.iter_mut().zip(links) {
        item.links = links;
    }
}

/// The indices of `members` grouped by the owner each names (of `owners`
/// owners), in order: counted first, so every group is allocated once.
fn grouped(owners: usize, members: impl Iterator<Item = Option<usize>> + Clone) -> Vec<Vec<usize>> {
    let mut counts = vec![0usize; owners];
    for o in members.clone().flatten() {
        counts[o] += 1;
    }
    let mut groups: Vec<Vec<usize>> = counts.into_iter().map(Vec::with_capacity).collect();
    for (i, o) in members.enumerate() {
        if let Some(o) = o {
            groups[o].push(i);
        }
    }
    groups
}

/// Title links were recorded as an index guess while links were open; set
/// them from the first link that starts at the item's content.
///
/// Badges before the name (`- [![npm](b.svg)](https://npmjs.com/x)
/// [x](https://github.com/o/x) - Does y.`) are not the name: the title link
/// is the first link after them whose text is not an image, and a badge
/// only when nothing but badges, images and emoji lead to no such link.
fn fix_title_links(doc: &mut Document<'_>) {
    for i in 0..doc.items.len() {
        if doc.items[i].title_link.is_none() {
            continue;
        }
        let content = doc.items[i].content_start;
        let lead_end = doc.items[i].lead.end.max(content);
        let first = doc.items[i]
            .links
            .iter()
            .copied()
            .filter(|&l| {
                !doc.links[l].image && !matches!(doc.links[l].kind, LinkKind::Html | LinkKind::Bare)
            })
            .find(|&l| doc.links[l].span.start >= content && doc.links[l].span.start <= lead_end);
        doc.items[i].title_link = match first {
            Some(b) if is_badge(doc, b) => {
                Some(name_after_badges(doc, i, b, lead_end).unwrap_or(b))
            }
            other => other,
        };
    }
}

/// A link whose text is an image: `[![npm](badge.svg)](url)`.
fn is_badge(doc: &Document<'_>, l: usize) -> bool {
    doc.links[l]
        .text_span
        .as_ref()
        .is_some_and(|t| starts_with_image(&doc.text[t.clone()]))
}

/// Whether `s`, leading whitespace left out, starts with an image.
fn starts_with_image(s: &str) -> bool {
    let lead = s.bytes().take_while(u8::is_ascii_whitespace).count();
    match s.as_bytes().get(lead) {
        Some(b'!') => s[lead..].starts_with("!["),
        // Another whitespace character may follow: a vertical tab, or one
        // that is not ASCII.
        Some(&b) if b == 0x0B || !b.is_ascii() => s.trim_start().starts_with("!["),
        _ => false,
    }
}

/// The first link of item `item` after badge `badge` whose text is not an
/// image, with only badges, images, emoji and spaces between them.
fn name_after_badges(
    doc: &Document<'_>,
    item: usize,
    badge: usize,
    lead_end: usize,
) -> Option<usize> {
    let text = doc.text;
    let links = &doc.items[item].links;
    let mut p = doc.links[badge].span.end;
    loop {
        let rest = &text[p..lead_end];
        let gap = rest
            .find(|c: char| !(emphasis_or_space(c) || is_emoji(c)))
            .unwrap_or(rest.len());
        p += gap;
        // The outermost link that starts there (a badge holds its image).
        let next = links
            .iter()
            .copied()
            .filter(|&l| {
                !matches!(doc.links[l].kind, LinkKind::Html | LinkKind::Bare)
                    && doc.links[l].span.start == p
            })
            .max_by_key(|&l| doc.links[l].span.end)?;
        if doc.links[next].image || is_badge(doc, next) {
            p = doc.links[next].span.end;
            continue;
        }
        return Some(next);
    }
}

/// Text that is only emoji, emoji shortcodes (`:+1:`), spaces and
/// emphasis delimiters: decoration before an entry's name.
fn is_decoration(t: &str) -> bool {
    let mut rest = t;
    while let Some(c) = rest.chars().next() {
        if emphasis_or_space(c) || is_emoji(c) {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c != ':' {
            return false;
        }
        let body = &rest[1..];
        let n = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(body.len());
        if n == 0 || !body[n..].starts_with(':') {
            return false;
        }
        rest = &body[n + 1..];
    }
    !t.trim_matches(emphasis_or_space).is_empty()
}

/// Pictographs, dingbats and the joiners and modifiers of emoji sequences.
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF
        | 0xFE0E | 0xFE0F | 0x200D | 0x20E3 | 0xE0020..=0xE007F)
}

/// URLs written in text (`https://…`, `www.…`) that are not links.
pub(super) fn scan_bare_urls(doc: &mut Document<'_>) {
    let found = bare_urls(doc);
    push_bare_urls(doc, found, true);
}

/// The spans of the bare URLs and their items. A URL is found from the
/// `/` of its `://` or the `.` of its `www.`: bytes rare in text, so a run
/// costs one byte search, not one per pattern.
fn bare_urls(doc: &Document<'_>) -> Vec<(Span, Option<usize>)> {
    let text = doc.text;
    let mut found = Vec::new();
    for (run, &item) in doc.text_runs.iter().zip(&doc.text_run_items) {
        let s = &text[run.clone()];
        let b = s.as_bytes();
        let mut from = 0;
        for q in memchr::memchr2_iter(b'/', b'.', b) {
            let at = if b[q] == b'.' {
                match q.checked_sub(3) {
                    Some(at) if &b[at..q] == b"www" => at,
                    _ => continue,
                }
            } else if b.get(q + 1) != Some(&b'/') {
                continue;
            } else if q >= 5 && &b[q - 5..q] == b"http:" {
                q - 5
            } else if q >= 6 && &b[q - 6..q] == b"https:" {
                q - 6
            } else {
                continue;
            };
            if at < from {
                continue;
            }
            let prev = s[..at].chars().next_back();
            if prev.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '.' || c == '-') {
                from = at + 4;
                continue;
            }
            let end = url_end(s, at);
            if end > at + 8 || (b[q] == b'.' && end > at + 6) {
                found.push((run.start + at..run.start + end, item));
            }
            from = end.max(at + 4);
        }
    }
    found
}

/// Adds bare URLs to the links, and to their items' when `to_items`.
fn push_bare_urls(doc: &mut Document<'_>, found: Vec<(Span, Option<usize>)>, to_items: bool) {
    let text = doc.text;
    doc.links.reserve(found.len());
    for (span, item) in found {
        let url = Cow::Borrowed(&text[span.clone()]);
        if to_items && let Some(it) = item {
            doc.items[it].links.push(doc.links.len());
        }
        doc.links.push(Link {
            kind: LinkKind::Bare,
            image: false,
            span: span.clone(),
            text_span: None,
            dest_span: span,
            url,
            item,
            in_heading: false,
        });
    }
}

/// End of a bare URL starting at `at`: GFM's autolink rules (stop at
/// whitespace and `<`, drop trailing punctuation and unbalanced `)`).
pub(crate) fn url_end(s: &str, at: usize) -> usize {
    let rest = &s[at..];
    let mut end = at
        + rest
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"' || c == '`')
            .unwrap_or(rest.len());
    loop {
        let u = &s[at..end];
        let Some(last) = u.chars().next_back() else {
            break;
        };
        if matches!(
            last,
            '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~'
        ) {
            end -= last.len_utf8();
        } else if (last == ')' && u.matches('(').count() < u.matches(')').count())
            || (last == ']' && u.matches('[').count() < u.matches(']').count())
        {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

fn build_sections(doc: &mut Document<'_>) {
    let text_len = doc.text.len();
    let starts: Vec<usize> = doc.headings.iter().map(|h| h.span.start).collect();
    let first = starts.first().copied().unwrap_or(text_len);
    doc.sections.push(Section {
        heading: None,
        span: 0..first,
        lists: Vec::new(),
    });
    for (i, &s) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text_len);
        doc.sections.push(Section {
            heading: Some(i),
            span: s..end,
            lists: Vec::new(),
        });
    }
    for (li, list) in doc.lists.iter_mut().enumerate() {
        let sec = doc
            .sections
            .partition_point(|s| s.span.start <= list.span.start)
            .max(1)
            - 1;
        list.section = sec;
        if list.parent_item.is_none() && list.kind != ListKind::Quoted {
            doc.sections[sec].lists.push(li);
        }
    }
}

fn classify_lists(doc: &mut Document<'_>) {
    for si in 0..doc.sections.len() {
        let lists = doc.sections[si].lists.clone();
        let mut prev: Option<usize> = None;
        for &li in &lists {
            let kind = classify_list(doc, li, prev);
            doc.lists[li].kind = kind;
            prev = Some(li);
        }
    }
}

fn classify_list(doc: &Document<'_>, li: usize, prev: Option<usize>) -> ListKind {
    let list = &doc.lists[li];
    // Items of a list and of its nested lists are contiguous in document order.
    let first = list.items[0];
    let links: Vec<&Link> = doc.items[first..]
        .iter()
        .take_while(|it| it.span.start < list.span.end)
        .flat_map(|it| it.links.iter().map(|&l| &doc.links[l]))
        .filter(|l| !l.image)
        .collect();
    if !links.is_empty() && links.iter().all(|l| l.url.starts_with('#')) {
        return ListKind::Toc;
    }
    if let Some(p) = prev
        && let Some(&last) = doc.lists[p].items.last()
        && !list.ordered
        && matches!(doc.lists[p].kind, ListKind::Entries)
        && doc.lists[p].ordered
    {
        let first = &doc.items[list.items[0]];
        let between = &doc.text[doc.lists[p].span.end.min(list.span.start)..list.span.start];
        let parent = &doc.items[last];
        if between.trim().is_empty()
            && first.indent > parent.indent
            && first.indent < parent.content_col
        {
            return ListKind::Detached { parent: last };
        }
    }
    ListKind::Entries
}

/// Which items are categories: awesome-style bullets that do not start
/// with a link and whose nested items are link entries or categories.
/// Computed from the innermost items out (a nested item comes
/// after its parent), so a list nested thousands deep costs one pass and
/// no recursion.
fn categories(doc: &Document<'_>) -> Vec<bool> {
    let mut category = vec![false; doc.items.len()];
    for i in (0..doc.items.len()).rev() {
        let it = &doc.items[i];
        category[i] = matches!(it.marker, Marker::Bullet(_))
            && it.title_link.is_none()
            && it.children.iter().any(|&c| {
                doc.lists[c]
                    .items
                    .iter()
                    .any(|&n| doc.items[n].title_link.is_some() || category[n])
            });
    }
    category
}

/// An item's entries: itself, or for a category its nested items (and so
/// on down, in document order, with a stack of its own: no recursion).
fn push_entries(
    doc: &Document<'_>,
    category: &[bool],
    item: usize,
    section: usize,
    opts: &ParseOptions,
    out: &mut Vec<Entry>,
) {
    let mut stack = vec![item];
    while let Some(item) = stack.pop() {
        if category[item] {
            let nested = doc.items[item]
                .children
                .iter()
                .flat_map(|&c| &doc.lists[c].items);
            let from = stack.len();
            stack.extend(nested);
            stack[from..].reverse();
        } else {
            out.push(new_entry(doc, item, section, opts));
        }
    }
}

fn build_entries(doc: &mut Document<'_>, opts: &ParseOptions) {
    // An item makes one entry at most.
    let mut entries = Vec::with_capacity(doc.items.len());
    let category = categories(doc);
    for si in 0..doc.sections.len() {
        for &li in &doc.sections[si].lists {
            let list = &doc.lists[li];
            match list.kind {
                ListKind::Entries => {
                    for &i in &list.items {
                        push_entries(doc, &category, i, si, opts, &mut entries);
                    }
                }
                ListKind::Detached { parent } => {
                    if let Some(e) = entries
                        .iter_mut()
                        .rev()
                        .find(|e: &&mut Entry| e.item == parent)
                    {
                        e.detached = Some(li);
                        for &n in &list.items {
                            match nested_field(doc, n, opts) {
                                Some(f) => e.fields.push(f),
                                None => e.notes.push(n),
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    doc.entries = entries;
}

fn new_entry(doc: &Document<'_>, item: usize, section: usize, opts: &ParseOptions) -> Entry {
    let it = &doc.items[item];
    let mut entry = Entry {
        item,
        section,
        title_link: it.title_link,
        fields: Vec::new(),
        notes: Vec::new(),
        detached: None,
    };
    if let Some(t) = it.title_link
        && let Some(f) = inline_field(doc, doc.links[t].span.end, it.lead.end, opts)
    {
        entry.fields.push(f);
    }
    for &c in &it.children {
        for &n in &doc.lists[c].items {
            match nested_field(doc, n, opts) {
                Some(f) => entry.fields.push(f),
                None => entry.notes.push(n),
            }
        }
    }
    entry
}

/// A field on a nested bullet: `- Comment: value`.
fn nested_field(doc: &Document<'_>, item: usize, opts: &ParseOptions) -> Option<Field> {
    let it = &doc.items[item];
    let line_end = doc
        .lines
        .line_span(doc.text, doc.lines.line_of(it.content_start))
        .end;
    let line_end = line_end
        .max(it.content_start)
        .min(it.lead.end.max(it.content_start));
    let line = &doc.text[it.content_start..line_end];
    let syn = split_field(line)?;
    let name = classify_field_name(&line[syn.name.clone()], &opts.known_fields)?;
    let base = it.content_start;
    let value_start = base + syn.separator.end;
    let rest_blank = doc.text[value_start..it.lead.end.max(value_start)]
        .trim()
        .is_empty();
    Some(Field {
        item: Some(item),
        name,
        name_span: base + syn.name.start..base + syn.name.end,
        separator_span: base + syn.separator.start..base + syn.separator.end,
        separator: line[syn.separator.clone()].to_owned(),
        value_span: value_start..line_end.max(value_start),
        empty: rest_blank && it.children.is_empty(),
        inline: false,
        lazy: None,
    })
}

/// A field written after the title link: `1. [x](u) - Comment: value`.
fn inline_field(doc: &Document<'_>, from: usize, to: usize, opts: &ParseOptions) -> Option<Field> {
    if from >= to {
        return None;
    }
    let s = &doc.text[from..to];
    let t = s.trim_start();
    let dash = t
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '–' | '—' | ':'))?;
    let after = t[dash.len_utf8()..].trim_start();
    let name_at = from + (s.len() - after.len());
    let line_end = memchr::memchr2(b'\n', b'\r', after.as_bytes()).unwrap_or(after.len());
    let gap = &s[..s.len() - t.len()];
    let lazy = gap.rfind('\n').map(|nl| from + nl + 1..from + gap.len());
    let line = &after[..line_end];
    // An inline field's separator is a colon: most descriptions have none.
    memchr::memchr(b':', line.as_bytes())?;
    let syn = split_field(line)?;
    if !line[syn.separator.clone()].trim_start().starts_with(':') {
        return None;
    }
    let name = classify_field_name(&line[syn.name.clone()], &opts.known_fields)?;
    let value_start = name_at + syn.separator.end;
    Some(Field {
        item: None,
        name,
        name_span: name_at + syn.name.start..name_at + syn.name.end,
        separator_span: from..value_start,
        separator: doc.text[from..value_start].to_owned(),
        value_span: value_start..name_at + line_end,
        empty: line[syn.separator.end..].trim().is_empty(),
        inline: lazy.is_none(),
        lazy,
    })
}

/// Characters the character rules look at: C0/C1 controls (but tab, CR,
/// LF), DEL, and from the General Punctuation and Specials blocks the
/// invisible, bidi and replacement characters. C0 controls are looked for
/// 64 bytes at a time; the others by the lead bytes that can start them,
/// told apart by the bytes that follow, without decoding.
pub(super) fn special_chars(text: &str) -> Vec<(usize, char)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let control = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F;
    let mut scan = |base: usize, chunk: &[u8]| {
        // Branch-free over the chunk, so it vectorises.
        if chunk.iter().fold(false, |acc, &b| acc | control(b)) {
            for (j, &b) in chunk.iter().enumerate() {
                if control(b) {
                    out.push((base + j, char::from(b)));
                }
            }
        }
    };
    // Chunks of a size known when compiling: no loop inside one.
    let mut chunks = bytes.chunks_exact(64);
    for (k, chunk) in chunks.by_ref().enumerate() {
        scan(k * 64, chunk);
    }
    let rest = chunks.remainder();
    scan(bytes.len() - rest.len(), rest);
    let controls = out.len();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let leads =
        memchr::memchr3_iter(0xC2, 0xE2, 0xEF, bytes).chain(memchr::memchr_iter(0xE1, bytes));
    for i in leads {
        let keep = match bytes[i] {
            // C1 controls U+0080–U+009F and the soft hyphen U+00AD.
            0xC2 => matches!(at(i + 1), 0x80..=0x9F | 0xAD),
            // U+180E.
            0xE1 => at(i + 1) == 0xA0 && at(i + 2) == 0x8E,
            // U+200B–U+200F, U+202A–U+202E, U+2060–U+2069.
            0xE2 => match at(i + 1) {
                0x80 => matches!(at(i + 2), 0x8B..=0x8F | 0xAA..=0xAE),
                0x81 => matches!(at(i + 2), 0xA0..=0xA9),
                _ => false,
            },
            // U+FEFF, U+FFFD.
            _ => matches!((at(i + 1), at(i + 2)), (0xBB, 0xBF) | (0xBF, 0xBD)),
        };
        if keep && let Some(c) = text.get(i..).and_then(|s| s.chars().next()) {
            out.push((i, c));
        }
    }
    if controls > 0 || out.len() > 1 {
        // Three sorted runs: controls, then the other lead bytes, then U+180E.
        out.sort_unstable_by_key(|&(i, _)| i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The byte scan finds what decoding every character finds.
        #[test]
        fn special_chars_are_the_decoded_definition(
            text in "([a-z\\t\\n\\r ]|[\\x00-\\x1f\\x7f-\\u{ff}]|[\\u{1800}-\\u{1810}]|[\\u{2000}-\\u{2070}]|[\\u{fef0}-\\u{ffff}]|é|中){0,80}"
        ) {
            let decoded: Vec<(usize, char)> = text
                .char_indices()
                .filter(|&(_, c)| {
                    !matches!(c, '\t' | '\n' | '\r')
                        && (c.is_control()
                            || matches!(c as u32, 0x00AD | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0xFFFD))
                })
                .collect();
            prop_assert_eq!(special_chars(&text), decoded);
        }
    }
}
