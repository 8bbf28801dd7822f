//! `awesome-entry-format`: an entry of an awesome list that is not
//! `- [Name](url) - Description.`: the wrong separator between its link and
//! its description, no separator, or a dash with nothing after it.

use super::awesome::Shape;
use super::*;
use crate::fix::{Edit, Fix};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "awesome-entry-format",
    default: Level::On(Severity::Error),
    fix: FixKind::SafeWhenUnambiguous,
    scope: Scope::Awesome,
    summary: "entry not `- [Name](url) - Description.`: the link first, then ` - ` and the description",
    doc: include_str!("../../rules/awesome-entry-format.md"),
};

pub struct AwesomeEntryFormat;

impl Rule for AwesomeEntryFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for e in cx.awesome_entries() {
            match &e.shape {
                Shape::Bare => {}
                Shape::Described {
                    sep,
                    ok: false,
                    token,
                    ..
                } => {
                    let written = doc.slice(sep);
                    let message = if written.trim() == "-" {
                        format!(
                            "expected ` - ` between the link and the description, found {}",
                            spacing(written)
                        )
                    } else {
                        format!(
                            "expected ` - ` between the link and the description, found `{token}`"
                        )
                    };
                    let span = visible(doc, sep);
                    out.push(Diagnostic::new(META.id, span, message).with_fix(Fix::safe(
                        "separate them with ` - `",
                        vec![Edit::replace(sep.clone(), " - ")],
                    )));
                }
                Shape::Described { .. } => {}
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
                    out.push(
                        Diagnostic::new(
                            META.id,
                            text.clone(),
                            "expected ` - ` between the link and the description",
                        )
                        .with_note("awesome entries read `- [Name](url) - Description.`"),
                    );
                }
            }
        }
    }
}

/// What is wrong with the spaces around a dash, in words.
fn spacing(written: &str) -> String {
    let (before, after) = written.split_once('-').unwrap_or((written, ""));
    let describe = |s: &str| match s {
        "" => "no space".to_owned(),
        " " => "one space".to_owned(),
        s if s.contains('\n') => "a line break".to_owned(),
        s if s.chars().all(|c| c == ' ') => format!("{} spaces", s.len()),
        _ => "tabs".to_owned(),
    };
    format!(
        "{} before and {} after `-`",
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
    use super::super::awesome::test_support::{check, fixed, spans};

    const ID: &str = "awesome-entry-format";

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
}
