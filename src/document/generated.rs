//! Regions a generator owns: the text between the start and end markers
//! of the common table-of-contents generators (and of the contributors
//! and auto-generated-content tools). The next run of the generator
//! rewrites whatever a fix changed there, so no fix edits it; the lint
//! engine drops such fixes and reports the form of that text at most as
//! info.
//!
//! Markers are HTML comments, recognised by their first words as each
//! tool writes them (compared case-insensitively): a start marker opens a
//! region that the next end marker of the same tool closes. A start
//! marker without its end (a tool's insertion point before its first run)
//! protects nothing.

use std::ops::RangeInclusive;

use crate::document::Document;

/// A tool that writes a region of the document, and its markers.
struct Generator {
    name: &'static str,
    start: fn(&[&str]) -> bool,
    end: fn(&[&str]) -> bool,
}

/// Whether the words after the first are the tool's `key=value` or
/// `key:value` settings (`<!-- MarkdownTOC depth=4 -->`, `<!-- TOC
/// depthFrom:1 -->`), or there are none.
fn settings_only(words: &[&str]) -> bool {
    words.iter().skip(1).all(|w| w.contains(['=', ':']))
}

fn first_is(words: &[&str], want: &[&str]) -> bool {
    words.len() >= want.len()
        && words
            .iter()
            .zip(want)
            .all(|(w, t)| w.eq_ignore_ascii_case(t))
}

const GENERATORS: &[Generator] = &[
    // `<!-- START doctoc generated TOC please keep comment here … -->`
    Generator {
        name: "doctoc",
        start: |w| first_is(w, &["START", "doctoc"]),
        end: |w| first_is(w, &["END", "doctoc"]),
    },
    // markdown-toc: `<!-- toc -->` … `<!-- tocstop -->` (or `toc stop`);
    // Markdown All in One and Markdown TOC (VS Code): `<!-- TOC -->`,
    // with settings (`<!-- TOC depthFrom:1 -->`), … `<!-- /TOC -->`.
    Generator {
        name: "markdown-toc",
        start: |w| first_is(w, &["toc"]) && settings_only(w),
        end: |w| match w.len() {
            1 => first_is(w, &["/toc"]) || first_is(w, &["tocstop"]),
            2 => first_is(w, &["toc", "stop"]),
            _ => false,
        },
    },
    // MarkdownTOC (Sublime Text): `<!-- MarkdownTOC depth=4 -->` …
    // `<!-- /MarkdownTOC -->` (`<!-- MarkdownTOC:excluded -->` marks a
    // heading, not a region).
    Generator {
        name: "MarkdownTOC",
        start: |w| first_is(w, &["MarkdownTOC"]) && settings_only(w),
        end: |w| first_is(w, &["/MarkdownTOC"]),
    },
    // mktoc: `<!-- BEGIN mktoc {"min_depth": 2} -->` … `<!-- END mktoc -->`
    Generator {
        name: "mktoc",
        start: |w| first_is(w, &["BEGIN", "mktoc"]),
        end: |w| first_is(w, &["END", "mktoc"]),
    },
    // gh-md-toc: `<!--ts-->` … `<!--te-->`
    Generator {
        name: "gh-md-toc",
        start: |w| w == ["ts"],
        end: |w| w == ["te"],
    },
    // all-contributors: `<!-- ALL-CONTRIBUTORS-LIST:START - Do not remove
    // or modify this section -->` … `<!-- ALL-CONTRIBUTORS-LIST:END -->`
    Generator {
        name: "all-contributors",
        start: |w| first_is(w, &["ALL-CONTRIBUTORS-LIST:START"]),
        end: |w| first_is(w, &["ALL-CONTRIBUTORS-LIST:END"]),
    },
    // markdown-magic: `<!-- AUTO-GENERATED-CONTENT:START (TOC) -->` …
    // `<!-- AUTO-GENERATED-CONTENT:END -->`
    Generator {
        name: "markdown-magic",
        start: |w| first_is(w, &["AUTO-GENERATED-CONTENT:START"]),
        end: |w| first_is(w, &["AUTO-GENERATED-CONTENT:END"]),
    },
];

/// A region a generator owns: 0-based lines, markers included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub lines: RangeInclusive<usize>,
    pub generator: &'static str,
}

/// The generated regions of a document, in order, not overlapping.
pub fn regions(doc: &Document<'_>) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    // The open region: its generator and first line.
    let mut open: Option<(usize, usize)> = None;
    for span in &doc.comments {
        let body = doc
            .slice(span)
            .trim_start_matches("<!--")
            .trim_end_matches("-->");
        // A marker is short; a long comment (commented-out text) is not one.
        if body.len() > 200 {
            continue;
        }
        let words: Vec<&str> = body.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        match open {
            Some((g, first)) if (GENERATORS[g].end)(&words) => {
                let last = doc
                    .lines
                    .line_of(span.end.saturating_sub(1).max(span.start));
                out.push(Region {
                    lines: first..=last,
                    generator: GENERATORS[g].name,
                });
                open = None;
            }
            // Within a region, only its end marker counts.
            Some(_) => {}
            None => {
                if let Some(g) = GENERATORS.iter().position(|g| (g.start)(&words)) {
                    open = Some((g, doc.lines.line_of(span.start)));
                }
            }
        }
    }
    out
}

/// Whether 0-based lines `first..=last` meet a region of `regions`
/// (sorted, not overlapping).
pub fn meets(regions: &[Region], first: usize, last: usize) -> bool {
    let i = regions.partition_point(|r| *r.lines.end() < first);
    regions.get(i).is_some_and(|r| *r.lines.start() <= last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ParseOptions, parse};

    fn lines(md: &str) -> Vec<(RangeInclusive<usize>, &'static str)> {
        let doc = parse(md, &ParseOptions::default());
        regions(&doc)
            .into_iter()
            .map(|r| (r.lines, r.generator))
            .collect()
    }

    #[test]
    fn each_generator_marks_its_region() {
        for (start, end, name) in [
            (
                "<!-- START doctoc generated TOC please keep comment here to allow auto update -->\n<!-- DON'T EDIT THIS SECTION, INSTEAD RE-RUN doctoc TO UPDATE -->",
                "<!-- END doctoc generated TOC please keep comment here to allow auto update -->",
                "doctoc",
            ),
            ("<!-- toc -->", "<!-- tocstop -->", "markdown-toc"),
            ("<!-- toc -->", "<!-- toc stop -->", "markdown-toc"),
            ("<!-- TOC -->", "<!-- /TOC -->", "markdown-toc"),
            (
                "<!-- TOC depthFrom:1 depthTo:6 withLinks:1 -->",
                "<!-- /TOC -->",
                "markdown-toc",
            ),
            (
                "<!-- MarkdownTOC depth=4 -->",
                "<!-- /MarkdownTOC -->",
                "MarkdownTOC",
            ),
            (
                "<!-- MarkdownTOC -->",
                "<!-- /MarkdownTOC -->",
                "MarkdownTOC",
            ),
            (
                "<!-- BEGIN mktoc {\"min_depth\": 2} -->",
                "<!-- END mktoc -->",
                "mktoc",
            ),
            ("<!--ts-->", "<!--te-->", "gh-md-toc"),
            (
                "<!-- ALL-CONTRIBUTORS-LIST:START - Do not remove or modify this section -->\n<!-- prettier-ignore-start -->",
                "<!-- prettier-ignore-end -->\n<!-- ALL-CONTRIBUTORS-LIST:END -->",
                "all-contributors",
            ),
        ] {
            let md = format!("# A\n\n{start}\n\n- [B](#b)\n\n{end}\n\n## B\n");
            let first = 2;
            let last = md
                .lines()
                .position(|l| l == end.lines().last().unwrap())
                .unwrap();
            assert_eq!(lines(&md), [(first..=last, name)], "{md}");
        }
    }

    #[test]
    fn comments_that_only_look_like_markers_mark_nothing() {
        for md in [
            // A start marker without its end: an insertion point.
            "<!-- toc -->\n\n- [B](#b)\n",
            "<!-- MarkdownTOC:excluded -->\n\n- a\n\n<!-- /MarkdownTOC -->\n",
            "<!-- toc is out of date -->\n\n- a\n\n<!-- tocstop -->\n",
            // An end marker without a start.
            "- a\n\n<!-- END mktoc -->\n",
            // Markers in code are text.
            "```\n<!-- toc -->\n- a\n<!-- tocstop -->\n```\n",
        ] {
            assert_eq!(lines(md), [], "{md}");
        }
    }

    #[test]
    fn a_region_ends_only_at_its_own_end_marker() {
        let md = "<!-- MarkdownTOC -->\n\n- a\n\n<!-- /TOC -->\n\n- b\n\n<!-- /MarkdownTOC -->\n\n<!--ts-->\n- c\n<!--te-->\n";
        assert_eq!(lines(md), [(0..=8, "MarkdownTOC"), (10..=12, "gh-md-toc")]);
        let regions = regions(&parse(md, &ParseOptions::default()));
        assert!(meets(&regions, 8, 9) && meets(&regions, 12, 20) && meets(&regions, 0, 0));
        assert!(!meets(&regions, 9, 9) && !meets(&regions, 13, 20));
    }
}
