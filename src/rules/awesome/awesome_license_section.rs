//! `awesome-license-section`: a Licence section in an awesome list.

use crate::rules::awesome::normalize_title;
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-license-section"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "a licence section in the list",
    doc: include_str!("../../../rules/awesome-license-section.md"),
};

pub struct AwesomeLicenseSection;

impl Rule for AwesomeLicenseSection {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for (si, section) in doc.sections.iter().enumerate() {
            let Some(h) = section.heading else {
                continue;
            };
            let heading = &doc.headings[h];
            if !is_licence_title(&heading.text) {
                continue;
            }
            // A section with link entries is content (a category of
            // licence tools), not the list's own licence.
            if doc.section_entries(si).any(|e| e.title_link.is_some()) {
                continue;
            }
            let span = doc.first_line(&heading.span);
            out.push(
                Diagnostic::new(
                    META.id,
                    span,
                    format!("licence section {} in the list", code(heading.text.trim())),
                )
                .with_note(
                    "keep the licence in a `LICENSE` file: GitHub shows it above the readme",
                ),
            );
        }
    }
}

/// `License`, `Licence`, `Licensing`, maybe with emoji around it or a
/// parenthetical (`📄 License`, `License (CC0)`).
fn is_licence_title(text: &str) -> bool {
    let t = normalize_title(text);
    let first = t.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    matches!(first, "license" | "licence" | "licensing")
        && (t == first || t[first.len()..].trim_start().starts_with('('))
}

#[cfg(test)]
mod tests {
    use super::is_licence_title;
    use crate::rules::test_support::{check, spans};

    const ID: &str = "awesome-license-section";

    #[test]
    fn titles() {
        for t in [
            "License",
            "Licence",
            "📄 License",
            "License (CC0)",
            "Licensing",
        ] {
            assert!(is_licence_title(t), "{t}");
        }
        for t in [
            "Licenses",
            "License managers",
            "Software licensing tools for teams",
            "Contributing",
        ] {
            assert!(!is_licence_title(t), "{t}");
        }
    }

    #[test]
    fn a_licence_section_is_reported() {
        let md = "# Awesome X\n\n- [a](https://a) - A.\n\n## License\n\n[![CC0](https://i.creativecommons.org/p/zero/1.0/88x31.png)](https://creativecommons.org/publicdomain/zero/1.0/)\n";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["## License"]);
        assert_eq!(d[0].message, "licence section `License` in the list");
    }

    #[test]
    fn a_section_of_licence_links_is_content() {
        let md = "# Awesome Open Source\n\n## Licence\n\n- [MIT](https://opensource.org/license/mit) - Short and permissive.\n- [GPL](https://www.gnu.org/licenses/gpl-3.0.html) - Copyleft.\n";
        assert!(check(ID, md).is_empty());
    }
}
