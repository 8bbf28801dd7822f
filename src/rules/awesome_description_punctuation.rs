//! `awesome-description-punctuation`: an entry's description that does not
//! end with `.`, `!`, `?`, `…` or `。`.

use super::awesome::{Ending, Shape, ending};
use super::*;
use crate::fix::{Edit, Fix};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "awesome-description-punctuation",
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Awesome,
    summary: "description does not end with `.`, `!`, `?`, `…` or `。` (a trailing `[[code](url)]` tag is fine)",
    doc: include_str!("../../rules/awesome-description-punctuation.md"),
};

pub struct AwesomeDescriptionPunctuation;

impl Rule for AwesomeDescriptionPunctuation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for e in cx.awesome_entries() {
            let Shape::Described { desc, .. } = &e.shape else {
                continue;
            };
            let it = &doc.items[e.item];
            let Ending::Unpunctuated { at, mark } = ending(doc, it, desc) else {
                continue;
            };
            // Point at the last character of the sentence.
            let last = doc.text[..at]
                .char_indices()
                .next_back()
                .map_or(at, |(i, _)| i);
            out.push(
                Diagnostic::new(
                    META.id,
                    last.max(desc.start)..at,
                    "description does not end with punctuation",
                )
                .with_fix(Fix::safe(
                    format!("end it with `{mark}`"),
                    vec![Edit::insert(at, mark)],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::awesome::test_support::{check, fixed};

    const ID: &str = "awesome-description-punctuation";

    #[test]
    fn a_missing_period_is_added() {
        assert_eq!(
            fixed(ID, "- [a](https://a) - Desc\n"),
            "- [a](https://a) - Desc.\n"
        );
        assert_eq!(
            fixed(ID, "- [a](https://a) - 一个工具\n"),
            "- [a](https://a) - 一个工具。\n"
        );
    }

    #[test]
    fn tags_after_the_sentence_keep_the_period_before_them() {
        assert_eq!(
            fixed(ID, "- [a](https://a) - Desc [[code](https://c)]\n"),
            "- [a](https://a) - Desc. [[code](https://c)]\n"
        );
        let md = "- [a](https://a) - Desc. [[code](https://c)]\n- [b](https://b) - Desc. [![Stars](https://s.svg)](https://r)\n";
        assert!(check(ID, md).is_empty());
    }

    #[test]
    fn closers_after_the_mark_are_fine() {
        let md = "\
- [a](https://a) - Desc (really.)
- [b](https://b) - \"Desc.\"
- [c](https://c) - Desc. (Japanese)
- [d](https://d) - Desc. *(Japanese)*
- [e](https://e) - Desc. 📷
- [f](https://f) - Node.js is running but you don't know why?
- [g](https://g) - 描述。
- [h](https://h)
- [i](https://i) (PDF)
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn symbols_at_the_end_are_not_judged() {
        let md = "- [a](https://a) - Generate sparklines ▁▂▃▅▂▇\n- [b](https://b) - Supports:\n";
        assert!(check(ID, md).is_empty());
    }
}
