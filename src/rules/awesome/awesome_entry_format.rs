//! `awesome-entry-format`: an entry of an awesome list that is not
//! `- [Name](url) - Description.`: the wrong separator between its link and
//! its description, no separator, or a dash with nothing after it.

use std::borrow::Cow;

use crate::fix::{Edit, Fix};
use crate::rules::awesome::Shape;
use crate::rules::conventions::Votes;
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-entry-format"),
    default: Level::On(Severity::Error),
    fix: FixKind::SafeWhenUnambiguous,
    scope: Scope::Awesome,
    summary: "entry not `- [Name](url) - Description.`: the link first, then the list's separator (`style`: `consistent` by default, ` - ` in `awesome-lint`) and the description",
    doc: include_str!("../../../rules/awesome-entry-format.md"),
};

pub struct AwesomeEntryFormat;

/// The rule's options.
pub type Options = options::StyleOption<Style>;

/// The `style` option: the separator between an entry's link and its
/// description.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum Style {
    /// The separator the list already uses (per section where sections
    /// differ).
    #[default]
    Consistent,
    /// ` - `, as awesome-lint requires.
    AwesomeLint,
    /// This separator, as written (` - `, `: `, `：`, ` — ` …).
    Literal(String),
}

impl TryFrom<String> for Style {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        match s.as_str() {
            "consistent" => Ok(Style::Consistent),
            "awesome-lint" => Ok(Style::AwesomeLint),
            _ if !s.contains(['\n', '\r'])
                && crate::rules::awesome::SEPARATORS.contains(&s.trim()) =>
            {
                Ok(Style::Literal(s))
            }
            _ => Err(format!(
                "expected \"consistent\", \"awesome-lint\" or a separator such as \" - \", \": \" or \"：\", found {s:?}"
            )),
        }
    }
}

impl Rule for AwesomeEntryFormat {
    rule_facts!(meta: META, options: Options);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let section =
            |e: &crate::rules::awesome::AwesomeEntry| doc.lists[doc.items[e.item].list].section;
        // The separators the list writes, on one line (`[Name](url)：描述`
        // in a Chinese list, ` - ` in most others). Entries a generator
        // wrote show the generator's separator, not the list's: they do
        // not vote.
        let mut votes: Votes<Cow<'_, str>> = Votes::default();
        let style = &cx.options::<Options>(META.id).style;
        if *style == Style::Consistent {
            for e in cx.awesome_entries() {
                if let Shape::Described { sep, .. } = &e.shape {
                    let written = doc.slice(sep);
                    if !written.contains('\n')
                        && !cx.in_generated(doc.items[e.item].marker_span.start)
                    {
                        votes.add(section(e), as_typed(written));
                    }
                }
            }
        }
        // The separator an entry must have; `None` when the list mixes them.
        // Entries come section by section: the last section's is kept.
        let mut last: Option<(usize, Option<&str>)> = None;
        let mut want = |e: &crate::rules::awesome::AwesomeEntry| -> Option<&str> {
            match style {
                Style::Consistent => {
                    let s = section(e);
                    match last {
                        Some((at, w)) if at == s => w,
                        _ => {
                            let w = votes.convention(s).map(|w| w.as_ref());
                            last = Some((s, w));
                            w
                        }
                    }
                }
                Style::AwesomeLint => Some(" - "),
                Style::Literal(s) => Some(s.as_str()),
            }
        };
        for e in cx.awesome_entries() {
            match &e.shape {
                Shape::Bare => {}
                Shape::Described { sep, token, .. } => {
                    let Some(want) = want(e) else { continue };
                    let written = as_typed(doc.slice(sep));
                    if written == want {
                        continue;
                    }
                    let shown = code(want);
                    let message = if written.trim() == want.trim() && !want.trim().is_empty() {
                        format!(
                            "expected {shown} between the link and the description, found {}",
                            spacing(&written, want.trim())
                        )
                    } else {
                        format!(
                            "expected {shown} between the link and the description, found `{token}`"
                        )
                    };
                    let span = visible(doc, sep);
                    let mut d = Diagnostic::new(META.id, span, message).with_fix(Fix::safe(
                        format!("separate them with {shown}"),
                        vec![Edit::replace(sep.clone(), want)],
                    ));
                    if *style == Style::Consistent {
                        d = d.with_note(format!(
                            "most entries of this list are separated by {shown} (`style = \"consistent\"`)"
                        ));
                    }
                    out.push(d);
                }
                Shape::EmptyDescription { sep } => {
                    out.push(
                        Diagnostic::new(
                            META.id,
                            visible(doc, sep),
                            "empty description after ` - `",
                        )
                        .with_note("describe the entry after the dash, or remove the dash"),
                    );
                }
                Shape::NoSeparator { text } => {
                    let want = want(e).unwrap_or(" - ");
                    out.push(
                        Diagnostic::new(
                            META.id,
                            text.clone(),
                            format!(
                                "expected {} between the link and the description",
                                code(want)
                            ),
                        )
                        .with_note(format!(
                            "entries of this list read `[Name](url){}Description`",
                            want
                        )),
                    );
                }
            }
        }
        glued_markers(cx, out);
    }
}

/// Lines that start with `-` or `*` glued to a link (`-[Name](url) - …`):
/// not a list item but text, so the entry is lost in the
/// paragraph or the entry above it. Looked for in lists and in the
/// paragraphs of sections of entries, outside code and HTML.
fn glued_markers(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    use crate::document::LinkKind;
    let doc = cx.doc;
    let text = doc.text;
    // Where links start, sorted; top-level lists, which do not overlap
    // and come in order; and the sections with entries. Most documents
    // have no glued marker: gathered at the first line that may have one.
    let gather = || {
        let mut starts: Vec<usize> = doc
            .links
            .iter()
            .filter(|l| !l.image && matches!(l.kind, LinkKind::Inline | LinkKind::Reference))
            .map(|l| l.span.start)
            .collect();
        starts.sort_unstable();
        let tops: Vec<&crate::document::List> = doc
            .lists
            .iter()
            .filter(|l| l.parent_item.is_none() && !l.quoted)
            .collect();
        let mut of_entries = vec![false; doc.sections.len()];
        for e in &doc.entries {
            if e.title_link.is_some() {
                of_entries[e.section] = true;
            }
        }
        (starts, tops, of_entries)
    };
    let mut gathered = None;
    for line in 0..doc.lines.line_count() {
        let ls = doc.lines.line_span(text, line);
        let l = &text[ls.clone()];
        let indent = l.len() - l.trim_start_matches([' ', '\t']).len();
        let rest = &l[indent..];
        let marker = match rest.as_bytes() {
            [m @ (b'-' | b'*'), b'[', ..] => *m,
            _ => continue,
        };
        let at = ls.start + indent;
        let (starts, tops, of_entries) = gathered.get_or_insert_with(gather);
        if starts.binary_search(&(at + 1)).is_err()
            || doc.line_in_code_block(line)
            || in_html(doc, at)
        {
            continue;
        }
        // `*[Name](url)*` is emphasis.
        if marker == b'*' && rest[1..].contains('*') {
            continue;
        }
        let i = tops.partition_point(|t| t.span.start <= at);
        let list = i
            .checked_sub(1)
            .map(|i| tops[i])
            .filter(|t| t.span.contains(&at));
        let section = doc.sections.partition_point(|s| s.span.start <= at);
        let in_entries = section > 0 && of_entries[section - 1];
        if list.is_none() && !in_entries {
            continue;
        }
        // The fix makes the line a list item: a sibling of the item it
        // continues, or a list of its own after a paragraph. Anywhere else
        // (under an item, where it would nest) it is not offered.
        let col = doc.column(at);
        let fixable = match list {
            Some(list) => deepest_item(doc, list, at).is_some_and(|it| it.indent == col),
            None => col < 4,
        };
        let m = marker as char;
        let mut d = Diagnostic::new(
            META.id,
            at..at + 1,
            format!("expected a space after the list marker `{m}`"),
        )
        .with_note("without it the line is text, not an entry of the list");
        if fixable {
            d = d.with_fix(Fix::safe(
                format!("insert a space after `{m}`"),
                vec![Edit::insert(at + 1, " ")],
            ));
        }
        out.push(d);
    }
}

/// Whether `at` is in HTML (a block or inline tag).
fn in_html(doc: &crate::document::Document<'_>, at: usize) -> bool {
    let i = doc.html.partition_point(|s| s.start <= at);
    i > 0 && doc.html[i - 1].contains(&at)
}

/// The innermost item of `list` whose span holds `at`.
fn deepest_item<'d>(
    doc: &'d crate::document::Document<'_>,
    list: &crate::document::List,
    at: usize,
) -> Option<&'d crate::document::Item> {
    let mut found = None;
    let mut items: &[usize] = &list.items;
    loop {
        let i = items.partition_point(|&n| doc.items[n].span.start <= at);
        let Some(&n) = i.checked_sub(1).map(|i| &items[i]) else {
            return found;
        };
        let it = &doc.items[n];
        if !it.span.contains(&at) {
            return found;
        }
        found = Some(it);
        // Its nested lists, in order: the one that holds `at`, if any.
        let c = it
            .children
            .partition_point(|&c| doc.lists[c].span.start <= at);
        match c.checked_sub(1).map(|c| &doc.lists[it.children[c]]) {
            Some(l) if l.span.contains(&at) => items = &l.items,
            _ => return found,
        }
    }
}

/// A separator as its author meant it: an ideographic space (U+3000, what
/// a CJK keyboard types) is a space. `-　A` is spaced as ` - ` is;
/// rewriting the space would only swap one blank for another.
fn as_typed(written: &str) -> Cow<'_, str> {
    // Most separators are ASCII, and ruled out without a search.
    if !written.is_ascii() && written.contains('\u{3000}') {
        Cow::Owned(written.replace('\u{3000}', " "))
    } else {
        Cow::Borrowed(written)
    }
}

/// What is wrong with the spaces around a dash or colon, in words.
fn spacing(written: &str, token: &str) -> String {
    let (before, after) = written.split_once(token).unwrap_or((written, ""));
    let describe = |s: &str| match s {
        "" => "no space".to_owned(),
        " " => "one space".to_owned(),
        s if s.contains('\n') => "a line break".to_owned(),
        s if s.chars().all(|c| c == ' ') => format!("{} spaces", s.len()),
        _ => "tabs".to_owned(),
    };
    format!(
        "{} before and {} after `{token}`",
        describe(before),
        describe(after)
    )
}

/// A separator's span without its whitespace, so the caret points at the
/// dash or colon (or at the gap, when it is all whitespace).
fn visible(doc: &crate::document::Document<'_>, sep: &crate::source::Span) -> crate::source::Span {
    let s = doc.slice(sep);
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return sep.clone();
    }
    sep.start + lead..sep.start + lead + trimmed.len()
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check_with, fixed_with, spans, style};

    const ID: &str = "awesome-entry-format";

    /// With `style = "awesome-lint"`: ` - ` everywhere.
    fn check(id: &str, md: &str) -> Vec<crate::diagnostic::Diagnostic> {
        check_with(&style(ID, "awesome-lint"), id, md)
    }

    fn fixed(id: &str, md: &str) -> String {
        fixed_with(&style(ID, "awesome-lint"), id, md)
    }

    #[test]
    fn separators_are_fixed_to_a_spaced_hyphen() {
        for md in [
            "- [a](https://a) — Desc.\n",
            "- [a](https://a) – Desc.\n",
            "- [a](https://a): Desc.\n",
            "- [a](https://a)：Desc.\n",
            "- [a](https://a) -Desc.\n",
            "- [a](https://a)- Desc.\n",
            "- [a](https://a)  -  Desc.\n",
            "- [a](https://a) -\n  Desc.\n",
        ] {
            assert_eq!(check(ID, md).len(), 1, "{md}");
            assert_eq!(fixed(ID, md), "- [a](https://a) - Desc.\n", "{md}");
        }
    }

    #[test]
    fn an_ideographic_space_spaces_the_dash() {
        // Issue 15: `-　A` became `- 　A`.
        let md = "- [a](https://a) -\u{3000}Desc.\n- [b](https://b)\u{3000}-\u{3000}Desc.\n";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
        // Around a dash that is wrong anyway, the fix leaves no stray blank.
        for md in [
            "- [a](https://a)-\u{3000}Desc.\n",
            "- [a](https://a) -\u{3000}\u{3000}Desc.\n",
        ] {
            assert_eq!(fixed(ID, md), "- [a](https://a) - Desc.\n", "{md}");
        }
        // An ideographic space alone is no separator: the text is prose.
        let md = "- [名称](https://a)\u{3000}描述文字很长的一段\n";
        assert_eq!(fixed(ID, md), md);
    }

    #[test]
    fn messages_say_what_was_found() {
        let md = "- [a](https://a)  - Desc.\n- [b](https://b) — Desc.\n";
        let d = check(ID, md);
        assert_eq!(
            d[0].message,
            "expected ` - ` between the link and the description, found 2 spaces before and one space after `-`"
        );
        assert_eq!(
            d[1].message,
            "expected ` - ` between the link and the description, found `—`"
        );
        assert_eq!(spans(md, &d), ["-", "—"]);
    }

    #[test]
    fn entries_without_a_description_are_fine() {
        let md = "\
- [a](https://a)
- [b](https://b) (PDF)
- [c](https://c) *(in progress)* 📷
- [d](https://d) [[d](https://crates.io/d)] - Desc.
- **[e](https://e)** - Desc.
- [f](https://f) `⚠` - Desc.
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn text_without_a_separator_is_reported_without_a_fix() {
        let md = "- [a](https://a) A library.\n- [b](https://b) - Desc.\n";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["A"]);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn phrases_that_continue_the_name_are_prose() {
        let md = "\
- [Learn Vue](https://a) on Laracasts
- [Front-end com Vue.js](https://b) by Leonardo Vilarinho (2017)
- [tm](https://c) and [quanteda](https://d) are the main packages.
- [pycascading](https://f) **[Deprecated]**
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
        // Saying what the entry is, is describing it.
        let md = "- [Siah](https://e) a PhD student at Berkeley\n- [DevDocs](https://d) is an API documentation reader.\n";
        assert_eq!(spans(md, &check(ID, md)), ["a", "is"]);
    }

    #[test]
    fn an_empty_description_is_reported() {
        let md = "- [a](https://a) -\n- [b](https://b) - Desc.\n";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["-"]);
        assert_eq!(d[0].message, "empty description after ` - `");
    }

    #[test]
    fn categories_and_tables_of_contents_are_not_entries() {
        let md = "\
# Awesome X

- [Tools](#tools)
- [Books](#books)

## Tools

- Editors
  - [a](https://a) - Desc.
  - [b](https://b) - Desc.

## Books

- [c](https://c) - Desc.
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn prose_lists_are_left_alone() {
        // Most items are not links: the list is prose, not entries.
        let md = "\
- [a](https://a) - Desc.
- [b](https://b) - Desc.

## Used by

- Acme, since 2019
- Globex: on [their blog](https://g) they wrote about it
- Initech
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn consistent_follows_the_lists_separator() {
        let consistent = |md: &str| check_with("", ID, md);
        let colons =
            "- [a](https://a)：甲。\n- [b](https://b)：乙。\n- [c](https://c)：丙。\n".repeat(2);
        let colons = colons.as_str();
        assert!(consistent(colons).is_empty());
        let md = format!("{colons}- [d](https://d) - 丁。\n- [e](https://e)： 戊。\n");
        let d = consistent(&md);
        assert_eq!(spans(&md, &d), ["-", "："]);
        assert_eq!(
            d[1].message,
            "expected `：` between the link and the description, found no space before and one space after `：`"
        );
        assert_eq!(
            fixed_with("", ID, &md),
            format!("{colons}- [d](https://d)：丁。\n- [e](https://e)：戊。\n")
        );
        // Mixed evenly: no convention, no separator reported; a missing
        // one still is.
        let md = "- [a](https://a) - A.\n- [b](https://b) — B.\n- [c](https://c) C is a tool.\n";
        assert_eq!(spans(md, &consistent(md)), ["C"]);
    }

    #[test]
    fn a_separator_written_out_is_required() {
        let md = "- [a](https://a) - A.\n- [b](https://b): B.\n";
        assert_eq!(
            fixed_with(&style(ID, ": "), ID, md),
            "- [a](https://a): A.\n- [b](https://b): B.\n"
        );
    }
}
