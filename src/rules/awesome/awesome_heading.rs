//! `awesome-heading`: more than one `#` heading in an awesome list, and,
//! with `title-case = true`, a title that is not in title case.

use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-heading"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "a second `#` heading: the list's title is its only level-1 heading",
    doc: include_str!("../../../rules/awesome-heading.md"),
};

pub struct AwesomeHeading;

/// The rule's options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    pub title_case: bool,
}

impl RuleOptions for Options {
    fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), OptionError> {
        if key != "title-case" {
            return Err(OptionError::Unknown);
        }
        self.title_case = value.as_bool().ok_or_else(|| {
            OptionError::Invalid(format!("expected true or false, found {value}"))
        })?;
        Ok(())
    }
}

impl Rule for AwesomeHeading {
    rule_facts!(meta: META, options: Options);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let mut level_one = doc.headings.iter().filter(|h| h.level == 1);
        let Some(title) = level_one.next() else {
            return;
        };
        if cx.options::<Options>(META.id).title_case
            && let Some(d) = title_case(doc, title)
        {
            out.push(d);
        }
        let title_line = doc.lines.line_of(title.span.start) + 1;
        for h in level_one {
            let span = doc.first_line(&h.span);
            out.push(
                Diagnostic::new(
                    META.id,
                    span,
                    format!(
                        "{} is a second level-1 heading after the title at line {title_line}",
                        code(h.text.trim())
                    ),
                )
                .with_note("sections of an awesome list are `##` headings under its one `#` title"),
            );
        }
    }
}

/// Words a title keeps in lowercase unless they start or end it.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "en", "for", "from", "if", "in", "into", "nor",
    "of", "off", "on", "onto", "or", "per", "so", "than", "the", "to", "up", "v", "via", "vs",
    "with", "yet",
];

/// The title's words that title case would capitalise (`Awesome rust` →
/// `rust`), as one diagnostic. A word that starts with a capital, a digit,
/// a symbol or a letter of a script without case is fine; so is a word
/// written like a name, with a capital, a digit or a dot inside (`iOS`,
/// `jQuery`, `node.js`, `x86`), and a small word (`of`, `the`, `and`…)
/// inside the title. A hyphenated word is judged by its first part
/// (`Self-hosted`).
fn title_case(
    doc: &crate::document::Document<'_>,
    title: &crate::document::Heading,
) -> Option<Diagnostic> {
    let words: Vec<&str> = title
        .text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let last = words.len().saturating_sub(1);
    let lower: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(i, w)| {
            let first = w.chars().next().unwrap_or(' ');
            let name_like = w
                .chars()
                .skip(1)
                .any(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.');
            let small = i > 0 && i < last && SMALL_WORDS.contains(&w.to_lowercase().as_str());
            first.is_lowercase() && !name_like && !small
        })
        .map(|(_, w)| *w)
        .collect();
    if lower.is_empty() {
        return None;
    }
    let list = lower.iter().map(|w| code(w)).collect::<Vec<_>>().join(", ");
    Some(
        Diagnostic::new(
            META.id,
            doc.first_line(&title.span),
            format!("the title {} is not in title case: {list}", code(title.text.trim())),
        )
        .with_note("`title-case = true`: every word of the title starts with a capital, but small words such as `of` and `the` inside it"),
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_with, spans};

    const ID: &str = "awesome-heading";

    #[test]
    fn a_second_title_is_reported() {
        let md = "# Awesome X\n\n## Tools\n\n- [a](https://a) - A.\n\n# Resources\n\nResources\n=========\n";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["# Resources", "Resources"]);
        assert_eq!(
            d[0].message,
            "`Resources` is a second level-1 heading after the title at line 1"
        );
    }

    fn check_title_case(md: &str) -> Vec<String> {
        let toml = "[rules]\nawesome-heading = { title-case = true }\n";
        check_with(toml, ID, md)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn title_case_is_an_option() {
        let md = "# Awesome rust tools for the web\n\n## Tools\n";
        // Off by default.
        assert!(check(ID, md).is_empty());
        assert_eq!(
            check_title_case(md),
            [
                "the title `Awesome rust tools for the web` is not in title case: `rust`, `tools`, `web`"
            ]
        );
        for good in [
            "# Awesome Rust Tools for the Web",
            "# Awesome iOS and macOS Tools",
            "# Awesome node.js, jQuery and x86 Assembly",
            "# Awesome Self-hosted Software",
            "# 🚀 Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)",
            "# 超赞的 Rust 资源",
            "# The Book of the Dead",
        ] {
            assert!(check_title_case(&format!("{good}\n")).is_empty(), "{good}");
        }
        assert_eq!(
            check_title_case("# awesome-nlp\n"),
            ["the title `awesome-nlp` is not in title case: `awesome-nlp`"]
        );
        assert_eq!(
            check_title_case("# Awesome Things to\n"),
            ["the title `Awesome Things to` is not in title case: `to`"]
        );
    }

    #[test]
    fn one_title_or_none_is_fine() {
        assert!(check(ID, "# Awesome X\n\n## Tools\n\n### More\n").is_empty());
        assert!(check(ID, "## Awesome X\n\n## Tools\n").is_empty());
    }
}
