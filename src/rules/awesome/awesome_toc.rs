//! `awesome-toc`: a table of contents that does not match the headings.
//!
//! Matched by target, not by position: every link of the table must point
//! to a heading, and every heading the table covers must be linked from
//! it. The table covers every heading after it of the highest level it
//! links to, and, below that, the subsections of a section when it links
//! to one of them (a table that lists some sections' subsections does not
//! have to list every section's).

use std::collections::{HashMap, HashSet};

use crate::document::ListKind;
use crate::document::anchor::Fragment;
use crate::rules::awesome::heading_is;
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-toc"),
    default: Level::On(Severity::Error),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "table of contents does not match the headings (by target, not position)",
    doc: include_str!("../../../rules/awesome-toc.md"),
};

pub struct AwesomeToc;

/// The rule's options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    pub max_depth: Option<usize>,
}

impl RuleOptions for Options {
    fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), OptionError> {
        if key != "max-depth" {
            return Err(OptionError::Unknown);
        }
        self.max_depth = Some(
            value
                .as_integer()
                .filter(|n| *n >= 1)
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| {
                    OptionError::Invalid(format!(
                        "expected a whole number of levels, 1 or more, found {value}"
                    ))
                })?,
        );
        Ok(())
    }
}

/// Sections a table of contents may leave out.
const OPTIONAL: &[&str] = &[
    "contributing",
    "contribute",
    "footnotes",
    "related lists",
    "license",
    "licence",
    "contents",
    "table of contents",
];

impl Rule for AwesomeToc {
    rule_facts!(meta: META, options: Options);

    /// A generated table of contents that no longer matches the headings
    /// is stale: running its generator again repairs it.
    fn keeps_severity_in_generated(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        if let Some(d) = not_first(doc) {
            out.push(d);
        }
        let Some((table, region)) = table(doc) else {
            return;
        };
        let links = links_in(doc, &region);
        if let Some(max) = cx.options::<Options>(META.id).max_depth {
            too_deep(doc, table, 1, max, out);
        }

        // Each heading's anchors: its slug, and `id`/`name` anchors in it or
        // on the lines right above it (`<a name="python"></a>`).
        let mut by_anchor: HashMap<String, usize> = HashMap::new();
        for (i, h) in doc.headings.iter().enumerate() {
            by_anchor.entry(h.slug.clone()).or_insert(i);
            for id in html_anchors(doc, i) {
                by_anchor.entry(id).or_insert(i);
            }
        }
        let heading = |anchor: &str| by_anchor.get(anchor).copied();

        let anchors: HashSet<&str> = doc.anchors.iter().map(String::as_str).collect();
        let mut linked = vec![false; doc.headings.len()];
        let mut stale = Vec::new();
        for &l in &links {
            let f = Fragment::new(&doc.links[l].url[1..]);
            match f.find(heading, heading) {
                Some(h) => linked[h] = true,
                None if f.is_top() || anchors.contains(f.name()) => {}
                None => stale.push(l),
            }
        }
        let toc_end = region.end;

        // Headings after the table, each with its parent section.
        let after = doc.headings.partition_point(|h| h.span.start < toc_end);
        let mut parent = vec![None; doc.headings.len()];
        let mut stack: Vec<usize> = Vec::new();
        for (i, h) in doc.headings.iter().enumerate() {
            while stack
                .last()
                .is_some_and(|&p| doc.headings[p].level >= h.level)
            {
                stack.pop();
            }
            parent[i] = stack.last().copied();
            stack.push(i);
        }
        let top = (after..doc.headings.len())
            .filter(|&i| linked[i])
            .map(|i| doc.headings[i].level)
            .min();
        // The table covers the headings of its top level that share a
        // parent with one it links to (a part it leaves out entirely, such
        // as the `# Resources` after the `# Projects` it lists, is left out
        // on purpose), and below that level the subsections of a section
        // when it links to most of them.
        let mut siblings: HashMap<(Option<usize>, u8), (usize, usize)> = HashMap::new();
        for i in after..doc.headings.len() {
            if heading_is(&doc.headings[i].text, OPTIONAL) {
                continue;
            }
            let c = siblings
                .entry((parent[i], doc.headings[i].level))
                .or_default();
            c.0 += 1;
            c.1 += usize::from(linked[i]);
        }
        let missing: Vec<usize> = match top {
            None => Vec::new(),
            Some(top) => (after..doc.headings.len())
                .filter(|&i| {
                    let h = &doc.headings[i];
                    let (all, with_link) = siblings
                        .get(&(parent[i], h.level))
                        .copied()
                        .unwrap_or_default();
                    let covered =
                        (h.level == top && with_link > 0) || (h.level > top && with_link * 2 > all);
                    !linked[i] && covered && !heading_is(&h.text, OPTIONAL)
                })
                .collect(),
        };

        // A stale link whose text names a missing heading is one problem.
        let mut paired = vec![false; missing.len()];
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, &h) in missing.iter().enumerate().rev() {
            by_name
                .entry(squash(&doc.headings[h].text))
                .or_default()
                .push(k);
        }
        for &l in &stale {
            let link = &doc.links[l];
            let text = link.text_span.as_ref().map_or("", |t| doc.slice(t));
            let name = squash(text);
            let pair = (!name.is_empty())
                .then(|| by_name.get_mut(&name).and_then(Vec::pop))
                .flatten()
                .map(|k| (k, &missing[k]));
            let d = match pair {
                Some((k, &h)) => {
                    paired[k] = true;
                    let heading = &doc.headings[h];
                    Diagnostic::new(
                        META.id,
                        link.dest_span.clone(),
                        format!(
                            "table of contents entry {} does not match heading {}",
                            code(&link.url),
                            code(heading.text.trim())
                        ),
                    )
                    .with_note(format!("the heading's anchor is `#{}`", heading.slug))
                }
                None => Diagnostic::new(
                    META.id,
                    link.dest_span.clone(),
                    format!(
                        "table of contents entry {} matches no heading",
                        code(&link.url)
                    ),
                ),
            };
            out.push(d);
        }
        let toc_line = doc.lines.line_of(table.span.start) + 1;
        for (k, &i) in missing.iter().enumerate() {
            if paired[k] {
                continue;
            }
            let h = &doc.headings[i];
            out.push(
                Diagnostic::new(
                    META.id,
                    doc.first_line(&h.span),
                    format!(
                        "heading {} is not in the table of contents",
                        code(h.text.trim())
                    ),
                )
                .with_note(format!(
                    "the table of contents at line {toc_line} links to the other headings of this level"
                )),
            );
        }
    }
}

/// The table of contents this rule judges, with the region it spans: the
/// first list of `#fragment` links with two links or more (a lone "back to
/// top" list is not one) up to the content.
pub(crate) fn table<'d>(
    doc: &'d crate::document::Document<'_>,
) -> Option<(&'d crate::document::List, std::ops::Range<usize>)> {
    let table = doc
        .lists
        .iter()
        .find(|l| l.kind == ListKind::Toc && toc_links(doc, l).len() >= 2)?;
    // The table runs from its first list to the first section after it
    // that is more than tables of contents: a table split into groups
    // (`**Web**`, `**Data**`) or into lists under subheadings, maybe
    // with a link in a paragraph (`[Credits](#credits)`), is one table.
    let mut starts: Vec<(usize, bool)> = doc
        .links
        .iter()
        .filter(|l| !l.image && !l.in_heading)
        .map(|l| (l.span.start, l.url.starts_with('#')))
        .collect();
    starts.sort_unstable();
    let toc_only = |s: &crate::document::Section| {
        let from = starts.partition_point(|&(at, _)| at < s.span.start);
        let to = starts.partition_point(|&(at, _)| at < s.span.end);
        !s.lists.is_empty()
            && s.lists.iter().all(|&l| doc.lists[l].kind == ListKind::Toc)
            && starts[from..to].iter().all(|&(_, fragment)| fragment)
    };
    let content = doc
        .sections
        .iter()
        .filter(|s| s.heading.is_some() && s.span.start >= table.span.end)
        .find(|s| !toc_only(s))
        .map_or(doc.text.len(), |s| s.span.start);
    Some((table, table.span.start..content))
}

/// The `#fragment` links in `region` (the table's), by index.
pub(crate) fn links_in(
    doc: &crate::document::Document<'_>,
    region: &std::ops::Range<usize>,
) -> Vec<usize> {
    (0..doc.links.len())
        .filter(|&l| {
            let link = &doc.links[l];
            !link.image && link.url.starts_with('#') && region.contains(&link.span.start)
        })
        .collect()
}

/// `max-depth`: each list of the table nested deeper than `max` levels,
/// reported once at its first item (`list` is at `depth`).
fn too_deep(
    doc: &crate::document::Document<'_>,
    list: &crate::document::List,
    depth: usize,
    max: usize,
    out: &mut Vec<Diagnostic>,
) {
    for &i in &list.items {
        for &c in &doc.items[i].children {
            let sub = &doc.lists[c];
            if depth < max {
                too_deep(doc, sub, depth + 1, max, out);
                continue;
            }
            let Some(&first) = sub.items.first() else {
                continue;
            };
            let item = &doc.items[first];
            let span = doc.first_line(&(item.marker_span.start..item.span.end));
            out.push(
                Diagnostic::new(
                    META.id,
                    span,
                    format!(
                        "the table of contents is nested {} levels deep, more than `max-depth = {max}`",
                        depth + 1
                    ),
                )
                .with_note("link the sections from the table and leave their subsections out"),
            );
        }
    }
}

/// A table of contents under its own `##` heading (`## Contents`, with a
/// list) that is not the first section after the title: readers look for
/// it right under the title and the introduction.
fn not_first(doc: &crate::document::Document<'_>) -> Option<Diagnostic> {
    let section = doc.sections.iter().find(|s| {
        s.heading.is_some_and(|h| {
            doc.headings[h].level == 2
                && heading_is(&doc.headings[h].text, &["contents", "table of contents"])
        }) && !s.lists.is_empty()
    })?;
    let h = section.heading?;
    let heading = &doc.headings[h];
    // Any heading before it but the title: the `#` heading, or a first
    // `## Awesome X` under a graphical header.
    let title = usize::from(
        doc.headings
            .first()
            .is_some_and(|t| t.level == 1 || t.text.to_lowercase().contains("awesome")),
    );
    let before = doc.headings[..h].get(title)?;
    Some(
        Diagnostic::new(
            META.id,
            doc.first_line(&heading.span),
            format!(
                "the table of contents is not the first section: {} comes before it",
                code(before.text.trim())
            ),
        )
        .with_note("move the table of contents above the other sections"),
    )
}

/// Text reduced to its letters and digits, lower-cased, to pair a link
/// text with a heading (`Progress View` and `ProgressView`).
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `id` and `name` anchors written in heading `i` or on the lines right
/// above it that hold nothing but anchors.
fn html_anchors(doc: &crate::document::Document<'_>, i: usize) -> Vec<String> {
    let h = &doc.headings[i];
    let mut out = Vec::new();
    let own = doc.slice(&doc.first_line(&h.span));
    if own.contains('<') {
        anchor_ids(own, &mut out);
    }
    let mut line = doc.lines.line_of(h.span.start);
    for _ in 0..3 {
        if line == 0 {
            break;
        }
        line -= 1;
        let text = doc.slice(&doc.lines.line_span(doc.text, line)).trim();
        if text.is_empty() {
            continue;
        }
        if !text.starts_with("<a ") || !text.ends_with('>') {
            break;
        }
        anchor_ids(text, &mut out);
    }
    out
}

/// The values of `id="…"` and `name="…"` attributes in `s`.
fn anchor_ids(s: &str, out: &mut Vec<String>) {
    for attr in ["id=", "name="] {
        let mut from = 0;
        while let Some(at) = s[from..].find(attr) {
            let start = from + at + attr.len();
            from = start;
            if !s[..from - attr.len()].ends_with(char::is_whitespace) {
                continue;
            }
            let rest = &s[start..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
                _ => rest.split([' ', '>']).next(),
            };
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                out.push(v.to_owned());
            }
        }
    }
}

/// The `#fragment` links of a table of contents, nested items included.
fn toc_links(doc: &crate::document::Document<'_>, list: &crate::document::List) -> Vec<usize> {
    // Items of a list and of its nested lists are contiguous in document order.
    let first = list.items[0];
    doc.items[first..]
        .iter()
        .take_while(|it| it.span.start < list.span.end)
        .flat_map(|it| it.links.iter().copied())
        .filter(|&l| !doc.links[l].image && doc.links[l].url.starts_with('#'))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, spans};

    const ID: &str = "awesome-toc";

    #[test]
    fn matches_by_target_not_order() {
        let md = "\
# Awesome X

## Contents

- [Books](#books)
- [Tools](#tools)

## Tools

- [a](https://a) - A.

## Books

- [b](https://b) - B.

## Contributing

Send a pull request.
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn the_table_is_the_first_section() {
        let md = "\
# Awesome X

A list.

## Scope

What it covers.

## Contents

- [Scope](#scope)
- [Tools](#tools)

## Tools

- [a](https://a) - A.
";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["## Contents"]);
        assert_eq!(
            d[0].message,
            "the table of contents is not the first section: `Scope` comes before it"
        );
        let md = md
            .replacen("## Scope\n\nWhat it covers.\n\n", "", 1)
            .replace("- [Scope](#scope)\n", "");
        assert!(check(ID, &md).is_empty(), "{:?}", check(ID, &md));
        // A `## Awesome X` title under a logo is the title; a deep
        // `##### Table of Contents` further down is not the table.
        let md = "<p align=\"center\"><img src=\"logo.png\"></p>\n\n## Awesome X\n\n## Contents\n\n- [Tools](#tools)\n- [More](#more)\n\n## Tools\n\n- [a](https://a) - A.\n\n## More\n\n##### Table of Contents\n\n- [b](https://b) - B.\n";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn missing_and_extra_items_are_one_diagnostic_each() {
        let md = "\
# Awesome X

- [Tools](#tools)
- [Talks](#talks)

## Tools

- [a](https://a) - A.

## Books

- [b](https://b) - B.

## Footnotes

Nothing.
";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["#talks", "## Books"]);
        assert_eq!(
            d[0].message,
            "table of contents entry `#talks` matches no heading"
        );
        assert_eq!(
            d[1].message,
            "heading `Books` is not in the table of contents"
        );
    }

    #[test]
    fn subsections_are_required_where_the_table_lists_some() {
        let md = "\
# Awesome X

- [Tools](#tools)
  - [Editors](#editors)
  - [Pagers](#pagers)
- [Books](#books)

## Tools

### Editors

### Pagers

### Shells

## Books

### Novels
";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["### Shells"]);
    }

    #[test]
    fn slugs_of_repeated_emoji_and_cjk_headings_match() {
        let md = "\
# Awesome X

- [🚀 Tools](#-tools)
- [中文 资源](#中文-资源)
- [Misc](#misc)
- [Misc again](#misc-1)

## 🚀 Tools

## 中文 资源

## Misc

## Misc
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn no_table_of_contents_no_diagnostics() {
        let md = "# Awesome X\n\n## Tools\n\n- [a](https://a) - A.\n";
        assert!(check(ID, md).is_empty());
    }

    #[test]
    fn html_anchors_in_or_above_headings_count() {
        let md = "\
# Awesome X

- [C#](#csharp)
- [Python](#python)

### <a id=\"csharp\"></a>C\\#

<a name=\"python\"></a>
### Python
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn a_table_split_into_groups_is_one_table() {
        let md = "\
# Awesome X

## Categories

**Web**

- [Frameworks](#frameworks)
- [Servers](#servers)

**Data**

- [Databases](#databases)
- [Caching](#caching)

## Frameworks
## Servers
## Databases
## Caching
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn a_stale_link_and_its_heading_are_one_problem() {
        let md = "\
# Awesome X

- [Markdown Tools](#markdown-tools)
- [Editors](#editors)

## Markdown Tools [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

## Editors
";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["#markdown-tools"]);
        assert_eq!(
            d[0].message,
            "table of contents entry `#markdown-tools` does not match heading `Markdown Tools`"
        );
    }

    #[test]
    fn subsections_the_table_mostly_leaves_out_are_not_required() {
        let md = "\
# Awesome X

- [Languages](#languages)
  - [Arabic](#arabic)
  - [Chinese](#chinese)

## Languages

### Arabic
### Libraries
### Datasets
### Chinese
### Libraries
### Models
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn a_part_the_table_leaves_out_entirely_is_not_required() {
        let md = "\
# Awesome X

- [Web](#web)
- [Data](#data)

## Projects

### Web
### Data
### Games

## Resources

### Podcasts
### Books
";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["### Games"]);
    }

    #[test]
    fn a_table_under_subheadings_with_a_paragraph_link_is_one_table() {
        let md = "\
# Awesome X

## Table of Contents

### Libraries

- [Python](#python)
- [Rust](#rust)

### Tools

- [Editors](#editors)

[Credits](#credits)

## Python
## Rust
## Editors
## Credits
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }
}

#[cfg(test)]
mod max_depth_tests {
    use crate::rules::test_support::{check, check_with, spans};

    const ID: &str = "awesome-toc";
    const MD: &str = "# Awesome X\n\n## Contents\n\n- [A](#a)\n  - [A1](#a1)\n    - [A1x](#a1x)\n    - [A1y](#a1y)\n- [B](#b)\n  - [B1](#b1)\n\n## A\n\n### A1\n\n#### A1x\n\n#### A1y\n\n## B\n\n### B1\n";

    #[test]
    fn depth_is_not_limited_by_default() {
        assert!(check(ID, MD).is_empty(), "{:?}", check(ID, MD));
    }

    #[test]
    fn lists_deeper_than_max_depth_are_reported_once_each() {
        let d = check_with("[rules]\nawesome-toc = { max-depth = 2 }\n", ID, MD);
        assert_eq!(spans(MD, &d), ["- [A1x](#a1x)"]);
        assert_eq!(
            d[0].message,
            "the table of contents is nested 3 levels deep, more than `max-depth = 2`"
        );
        let d = check_with("[rules]\nawesome-toc = { max-depth = 1 }\n", ID, MD);
        assert_eq!(spans(MD, &d), ["- [A1](#a1)", "- [B1](#b1)"]);
        assert!(check_with("[rules]\nawesome-toc = { max-depth = 3 }\n", ID, MD).is_empty());
    }

    #[test]
    fn max_depth_and_title_case_values_are_checked() {
        let parse =
            |t: &str| crate::config::Config::parse(std::path::Path::new("listlint.toml"), t);
        let e = parse("[rules]\nawesome-toc = { max-depth = 0 }\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("rules.awesome-toc.max-depth") && e.contains("1 or more"),
            "{e}"
        );
        let e = parse("[rules]\nawesome-heading = { title-case = \"yes\" }\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("rules.awesome-heading.title-case") && e.contains("true or false"),
            "{e}"
        );
    }
}
