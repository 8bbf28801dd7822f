//! `awesome-badge`: an awesome list without the Awesome badge on its title.

use crate::document::LinkKind;
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-badge"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "no Awesome badge on the title",
    doc: include_str!("../../../rules/awesome-badge.md"),
};

pub struct AwesomeBadge;

impl Rule for AwesomeBadge {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        // The title: the first `#` heading (else the first heading, as in
        // `## Awesome Vue.js`), with what comes before it (a centred
        // graphical header) and the blocks under it.
        let title = doc
            .headings
            .iter()
            .position(|h| h.level == 1)
            .or((!doc.headings.is_empty()).then_some(0));
        let region = 0..title
            .and_then(|i| doc.headings.get(i + 1))
            .map_or(doc.text.len(), |n| n.span.start);
        let title = title.map(|i| &doc.headings[i]);
        // Only a list that calls itself awesome wears the badge: the
        // preset is detected from the shape of the entries, and many lists
        // of that shape (free-programming-books) are not Awesome lists.
        let name = title.map_or_else(|| doc.slice(&region), |h| h.text.as_str());
        if !name.to_lowercase().contains("awesome") {
            return;
        }
        let has_badge = doc.links.iter().any(|l| {
            region.contains(&l.span.start)
                && if l.image {
                    is_awesome_badge(&l.url)
                } else {
                    // A copy of the badge, or the logo, linked to the
                    // collection (`[![Awesome](_static/awesome.png)](https://github.com/sindresorhus/awesome)`).
                    (l.kind == LinkKind::Html || is_image_link(doc, l)) && is_awesome_home(&l.url)
                }
        });
        if has_badge {
            return;
        }
        let span = match title {
            Some(h) => doc.first_line(&h.span),
            None => {
                let line = doc.lines.line_span(doc.text, 0);
                line.start..line.start + doc.slice(&line).trim_end().len()
            }
        };
        out.push(
            Diagnostic::new(META.id, span, "no Awesome badge on the title").with_note(
                "add `[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)` after the title",
            ),
        );
    }
}

/// A link whose text is an image.
fn is_image_link(doc: &crate::document::Document<'_>, l: &crate::document::Link) -> bool {
    l.text_span
        .as_ref()
        .is_some_and(|t| doc.slice(t).trim_start().starts_with("!["))
}

/// awesome.re or the sindresorhus/awesome repository.
fn is_awesome_home(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    let u = u
        .split(['?', '#'])
        .next()
        .unwrap_or(&u)
        .trim_end_matches('/');
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    let u = u.strip_prefix("www.").unwrap_or(u);
    u == "awesome.re" || u == "github.com/sindresorhus/awesome"
}

/// The Awesome badge, from awesome.re or from the sindresorhus/awesome
/// repository through a CDN (`cdn.rawgit.com`, `cdn.jsdelivr.net`, raw
/// GitHub).
fn is_awesome_badge(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    let u = u.split(['?', '#']).next().unwrap_or(&u);
    let file = u.rsplit('/').next().unwrap_or(u);
    let badge_file = matches!(file, "badge.svg" | "badge-flat.svg" | "badge-flat2.svg");
    badge_file && (u.contains("awesome.re/") || u.contains("sindresorhus/awesome"))
}

#[cfg(test)]
mod tests {
    use super::is_awesome_badge;
    use crate::rules::test_support::{check, spans};

    const ID: &str = "awesome-badge";

    #[test]
    fn badge_urls() {
        for url in [
            "https://awesome.re/badge.svg",
            "https://awesome.re/badge-flat.svg",
            "https://awesome.re/badge-flat2.svg",
            "https://cdn.rawgit.com/sindresorhus/awesome/d7305f38d29fed78fa85652e3a63e154dd8e8829/media/badge.svg",
            "https://cdn.jsdelivr.net/gh/sindresorhus/awesome@d7305f38d29fed78fa85652e3a63e154dd8e8829/media/badge.svg",
            "https://raw.githubusercontent.com/sindresorhus/awesome/main/media/badge.svg",
        ] {
            assert!(is_awesome_badge(url), "{url}");
        }
        for url in [
            "https://img.shields.io/badge/awesome-yes-green.svg",
            "https://awesome.re/mentioned-badge.svg",
            "https://www.trackawesomelist.com/badge.svg",
        ] {
            assert!(!is_awesome_badge(url), "{url}");
        }
    }

    #[test]
    fn a_title_without_the_badge_is_reported() {
        let md = "# Awesome X\n\n- [a](https://a) - A.\n";
        let d = check(ID, md);
        assert_eq!(spans(md, &d), ["# Awesome X"]);
    }

    #[test]
    fn the_badge_on_or_under_the_title_counts() {
        for md in [
            "# Awesome X [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n- [a](https://a) - A.\n",
            "# Awesome X\n\n[![Awesome](https://awesome.re/badge-flat2.svg)](https://awesome.re)\n\n## A\n\n- [a](https://a) - A.\n",
            "<div align=\"center\">\n<h1>Awesome X</h1>\n<a href=\"https://awesome.re\"><img src=\"https://awesome.re/badge.svg\"></a>\n</div>\n\n## A\n\n- [a](https://a) - A.\n",
            "# Awesome X\n\n[![Awesome](_static/awesome.png)](https://github.com/sindresorhus/awesome)\n\n## A\n\n- [a](https://a) - A.\n",
            "<p align=\"center\"><img src=\"logo.svg\"></p>\n\n## Awesome X [![Awesome](https://cdn.jsdelivr.net/gh/sindresorhus/awesome@main/media/badge.svg)](https://github.com/sindresorhus/awesome)\n\n## A\n\n- [a](https://a) - A.\n",
            // Not an Awesome list by name: no badge expected.
            "# Free Programming Books\n\n- [a](https://a) - A.\n",
        ] {
            assert!(check(ID, md).is_empty(), "{md}");
        }
    }

    #[test]
    fn a_badge_further_down_does_not_count() {
        let md = "# Awesome X\n\n## A\n\n[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n- [a](https://a) - A.\n";
        assert_eq!(check(ID, md).len(), 1);
    }
}
