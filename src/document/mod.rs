//! The document model: one pulldown-cmark pass into sections, lists, items,
//! entries, fields and links, all with byte spans.
//!
//! This is the only module that calls pulldown-cmark; rules read the model.

pub mod anchor;
pub(crate) mod build;
mod fields;
pub mod generated;
mod remap;
pub mod slug;
pub mod suppress;

use std::borrow::Cow;

use crate::source::{LineIndex, Span};

pub(crate) use build::is_emoji;
pub use build::parse;
pub use fields::{FieldName, NameMatch, classify_field_name};
pub use remap::Detached;

/// The list conventions a file follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Reading notes: ordered link entries with a nested `- Comment:` field.
    Notes,
    /// Awesome lists: `- [Name](url) - Description.`
    Awesome,
}

impl Preset {
    pub fn name(self) -> &'static str {
        match self {
            Preset::Notes => "notes",
            Preset::Awesome => "awesome",
        }
    }
}

/// What the parser needs from the configuration.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Field names (`[fields] known`), compared case-sensitively for "exact".
    pub known_fields: Vec<String>,
    /// Build the sections, the list kinds and the entries. Without them
    /// the model still has the text, lines, code, links (bare URLs too),
    /// comments, items and special characters: enough for the rules that
    /// read only those (`rules::TEXT_RULES`).
    pub structure: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self {
            known_fields: vec!["Comment".to_owned()],
            structure: true,
        }
    }
}

/// A parsed Markdown document.
#[derive(Debug, Default)]
pub struct Document<'a> {
    pub text: &'a str,
    pub lines: LineIndex,
    pub headings: Vec<Heading>,
    pub sections: Vec<Section>,
    pub lists: Vec<List>,
    pub items: Vec<Item>,
    pub entries: Vec<Entry>,
    pub links: Vec<Link<'a>>,
    /// Explicit anchors: `id` and `name` attributes in HTML.
    pub anchors: Vec<String>,
    /// HTML comments, for inline suppressions.
    pub comments: Vec<Span>,
    /// HTML blocks and inline HTML, in the order met.
    pub html: Vec<Span>,
    /// Code blocks and inline code spans, sorted by start.
    pub code: Vec<Span>,
    /// Text outside links, images and code: contiguous runs on one line.
    pub text_runs: Vec<Span>,
    /// The innermost item of each text run.
    pub text_run_items: Vec<Option<usize>>,
    /// `[x][ref]` and `[x][]` whose reference has no definition.
    pub broken_refs: Vec<BrokenRef>,
    /// Link reference definitions (`[ref]: url`): span of the whole
    /// definition and of its destination.
    pub ref_defs: Vec<RefDef>,
    /// Control, invisible, bidi and replacement characters, with their
    /// offsets: found in one byte scan for the character rules.
    pub special_chars: Vec<(usize, char)>,
    /// Lines (0-based) inside fenced or indented code blocks.
    pub code_lines: Vec<std::ops::Range<usize>>,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub span: Span,
    /// Rendered plain text (images excluded).
    pub text: String,
    /// GitHub anchor, with the `-N` suffix of repeated headings.
    pub slug: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// Index into [`Document::headings`]; `None` for content before the first heading.
    pub heading: Option<usize>,
    /// From the heading's start to the next heading's start.
    pub span: Span,
    /// Top-level lists of the section's own content, in order.
    pub lists: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// A top-level list whose items are entries.
    Entries,
    /// A table of contents: every link points at a `#fragment`.
    Toc,
    /// A list nested in an item.
    Nested,
    /// A list inside a block quote (quoted material, never entries).
    Quoted,
    /// Bullets that belong to the previous list's last entry but are indented
    /// less than its content column, so they end that list (`parent` is the entry's item).
    Detached { parent: usize },
}

#[derive(Debug, Clone)]
pub struct List {
    pub span: Span,
    /// Inside a block quote (at any depth).
    pub quoted: bool,
    pub ordered: bool,
    /// Start number of an ordered list.
    pub start: Option<u64>,
    pub items: Vec<usize>,
    pub parent_item: Option<usize>,
    pub section: usize,
    pub kind: ListKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Bullet(u8),
    Ordered { number: u64, delim: u8 },
}

#[derive(Debug, Clone)]
pub struct Item {
    pub span: Span,
    pub list: usize,
    /// The marker as written: `-` or `10.`.
    pub marker_span: Span,
    pub marker: Marker,
    /// Column (0-based, tabs expanded) of the marker from the line start.
    pub indent: usize,
    /// Column where the item's content starts; nested blocks need at least this.
    pub content_col: usize,
    /// Byte offset where the content starts (after the marker and spaces).
    pub content_start: usize,
    /// The item's lead block: from the content start to its first nested
    /// list (or its end), trailing whitespace trimmed.
    pub lead: Span,
    pub children: Vec<usize>,
    /// Index of the link the content starts with (a link entry's title link).
    pub title_link: Option<usize>,
    /// Links in the item's own content (nested items excluded), in order.
    pub links: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub item: usize,
    pub section: usize,
    /// A link entry's title link.
    pub title_link: Option<usize>,
    pub fields: Vec<Field>,
    /// Nested bullets that are not fields (free text), by item.
    pub notes: Vec<usize>,
    /// The detached list of this entry, if any.
    pub detached: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The nested item that holds it (`None` for an inline field).
    pub item: Option<usize>,
    /// The name as written and how it matches a known name.
    pub name: FieldName,
    pub name_span: Span,
    /// From the name to the value (`: `, ` - `, `:` …).
    pub separator_span: Span,
    pub separator: String,
    /// The value on the bullet's line (may be empty), trimmed.
    pub value_span: Span,
    /// Nothing on the line and nothing nested.
    pub empty: bool,
    /// Written on the entry's own line: `1. [x](u) - Comment: …`.
    pub inline: bool,
    /// A bullet indented less than the entry's content column right under
    /// it: it is not nested but continues the entry's paragraph (`100.`
    /// needs 5 spaces; with 4, `- Comment:` joins the title's text).
    pub lazy: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Inline,
    /// `[x][ref]`, `[x][]` or `[ref]` with a definition.
    Reference,
    /// `<https://…>` or `<a@b.c>`.
    Autolink,
    /// A URL in text.
    Bare,
    /// `href`/`src` in HTML.
    Html,
}

#[derive(Debug, Clone)]
pub struct Link<'a> {
    pub kind: LinkKind,
    pub image: bool,
    /// The whole construct.
    pub span: Span,
    /// The link text (inside the brackets), when it has one.
    pub text_span: Option<Span>,
    /// Where the destination is written (for a reference link: in its definition).
    pub dest_span: Span,
    /// The destination, unescaped: borrowed from the text when written
    /// as it reads (most are), so the common link costs no allocation.
    pub url: Cow<'a, str>,
    /// Innermost item containing the link.
    pub item: Option<usize>,
    /// Inside a heading.
    pub in_heading: bool,
}

impl Link<'_> {
    /// The same link, owning its destination.
    pub fn into_owned(self) -> Link<'static> {
        let Link {
            kind,
            image,
            span,
            text_span,
            dest_span,
            url,
            item,
            in_heading,
        } = self;
        Link {
            kind,
            image,
            span,
            text_span,
            dest_span,
            url: Cow::Owned(url.into_owned()),
            item,
            in_heading,
        }
    }
}

#[derive(Debug, Clone)]
pub struct BrokenRef {
    pub span: Span,
    pub reference: String,
    pub collapsed: bool,
}

#[derive(Debug, Clone)]
pub struct RefDef {
    pub label: String,
    pub span: Span,
    pub dest_span: Span,
}

impl<'a> Document<'a> {
    /// The section's heading text, or `""` for the part before any heading.
    pub fn section_title(&self, section: usize) -> &str {
        self.sections[section]
            .heading
            .map_or("", |h| self.headings[h].text.trim())
    }

    /// Whether `offset` lies in a code block or code span.
    pub fn in_code(&self, offset: usize) -> bool {
        let i = self.code.partition_point(|s| s.start <= offset);
        i > 0 && self.code[i - 1].contains(&offset)
    }

    /// Whether 0-based `line` is inside a code block.
    pub fn line_in_code_block(&self, line: usize) -> bool {
        let i = self.code_lines.partition_point(|r| r.start <= line);
        i > 0 && self.code_lines[i - 1].contains(&line)
    }

    /// The source text of a span.
    pub fn slice(&self, span: &Span) -> &'a str {
        &self.text[span.clone()]
    }

    /// The first line of a span, trailing whitespace trimmed (where a
    /// diagnostic on a heading points: not its Setext underline).
    pub fn first_line(&self, span: &Span) -> Span {
        let s = self.slice(span);
        let line = s.find(['\n', '\r']).unwrap_or(s.len());
        span.start..span.start + s[..line].trim_end().len()
    }

    /// Entries in `section`, in order.
    pub fn section_entries(&self, section: usize) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.section == section)
    }

    /// The entry an item belongs to (the item itself or a nested one).
    pub fn ordered_entry_lists(&self) -> impl Iterator<Item = (usize, &List)> {
        self.lists
            .iter()
            .enumerate()
            .filter(|(_, l)| l.ordered && l.kind == ListKind::Entries)
    }

    /// Column (0-based, tabs expanded to multiples of 4) of `offset` on its line.
    pub fn column(&self, offset: usize) -> usize {
        let start = self.lines.line_start(self.lines.line_of(offset));
        visual_width(&self.text[start..offset])
    }
}

/// Width of a line prefix with tabs expanded to the next multiple of 4.
pub fn visual_width(prefix: &str) -> usize {
    advance_width(0, prefix)
}

/// The column reached from column `col` after `s` (tabs expanded as in
/// [`visual_width`]).
pub(crate) fn advance_width(col: usize, s: &str) -> usize {
    // One column per character: per byte that does not continue one.
    s.bytes().fold(col, |col, b| {
        if b == b'\t' {
            col + 4 - col % 4
        } else if (b as i8) >= -0x40 {
            col + 1
        } else {
            col
        }
    })
}

impl Default for LineIndex {
    fn default() -> Self {
        LineIndex::new("")
    }
}
