//! `awesome-heading`: more than one `#` heading in an awesome list.

use super::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "awesome-heading",
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "a second `#` heading: the list's title is its only level-1 heading",
    doc: include_str!("../../rules/awesome-heading.md"),
};

pub struct AwesomeHeading;

impl Rule for AwesomeHeading {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let mut level_one = doc.headings.iter().filter(|h| h.level == 1);
        let Some(title) = level_one.next() else {
            return;
        };
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

#[cfg(test)]
mod tests {
    use super::super::awesome::test_support::{check, spans};

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

    #[test]
    fn one_title_or_none_is_fine() {
        assert!(check(ID, "# Awesome X\n\n## Tools\n\n### More\n").is_empty());
        assert!(check(ID, "## Awesome X\n\n## Tools\n").is_empty());
    }
}
