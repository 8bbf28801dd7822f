//! `list-marker`: mixed bullet markers or ordered delimiters in one document.

use std::collections::HashMap;

use crate::document::Marker;
use crate::fix::{Edit, Fix};
use crate::rules::conventions::Votes;
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("list-marker"),
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Lists,
    summary: "mixed bullet markers (`-`, `*`, `+`) or ordered delimiters (`.`, `)`) in one document",
    doc: include_str!("../../../rules/list-marker.md"),
};

pub struct ListMarker;

/// The rule's options.
pub type Options = options::StyleOption<Style>;

/// The `style` option: which bullet marker lists use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    /// The marker the list already uses most (per nesting depth, per
    /// section where sections differ).
    #[default]
    Consistent,
    Dash,
    Asterisk,
    Plus,
    /// As awesome-lint's remark-lint settings: every list the marker (and
    /// delimiter) of the document's first list.
    AwesomeLint,
}

impl Style {
    /// The bullet every bullet list must use, when the style fixes one.
    fn bullet(self) -> Option<u8> {
        match self {
            Style::Dash => Some(b'-'),
            Style::Asterisk => Some(b'*'),
            Style::Plus => Some(b'+'),
            Style::Consistent | Style::AwesomeLint => None,
        }
    }
}

fn marker_char(m: Marker) -> u8 {
    match m {
        Marker::Bullet(c) => c,
        Marker::Ordered { delim, .. } => delim,
    }
}

impl Rule for ListMarker {
    rule_facts!(meta: META, options: Options);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let style = cx.options::<Options>(META.id).style;
        // Nesting depth of each list (a list comes after its parent's).
        let mut depth = vec![0usize; doc.lists.len()];
        for (i, l) in doc.lists.iter().enumerate() {
            if let Some(p) = l.parent_item {
                depth[i] = depth[doc.items[p].list] + 1;
            }
        }
        for ordered in [false, true] {
            let lists: Vec<(usize, &crate::document::List)> = doc
                .lists
                .iter()
                .enumerate()
                .filter(|(_, l)| l.ordered == ordered && !l.quoted && !l.items.is_empty())
                .collect();
            let first_char = |l: &crate::document::List| marker_char(doc.items[l.items[0]].marker);
            // Votes by item, per nesting depth: a list whose top level uses
            // `*` and whose nested lists use `-` follows a convention. A
            // section whose lists agree keeps their marker, however short
            // they are (a table of contents, a list of maintainers), from
            // two items on: a lone item in another marker than the
            // document's is a slip, not a convention. A generated table of
            // contents shows the generator's marker, not the list's: it
            // does not vote.
            let mut votes: HashMap<usize, Votes<u8>> = HashMap::new();
            if style == Style::Consistent {
                for &(i, l) in &lists {
                    if cx.in_generated(doc.items[l.items[0]].marker_span.start) {
                        continue;
                    }
                    let v = votes
                        .entry(depth[i])
                        .or_insert_with(|| Votes::independent_sections(2));
                    for _ in &l.items {
                        v.add(l.section, first_char(l));
                    }
                }
            }
            let fixed = match (style, ordered) {
                (Style::AwesomeLint, _) => lists.first().map(|(_, l)| first_char(l)),
                (s, false) => s.bullet(),
                _ => None,
            };
            for &(i, l) in &lists {
                let want = match fixed {
                    Some(c) => Some(c),
                    None => votes
                        .get(&depth[i])
                        .and_then(|v| v.convention(l.section))
                        .copied(),
                };
                let first = &doc.items[l.items[0]];
                let c = marker_char(first.marker);
                let Some(main) = want.filter(|&m| m != c) else {
                    continue;
                };
                let edits = l
                    .items
                    .iter()
                    .map(|&i| {
                        let m = &doc.items[i].marker_span;
                        Edit::replace(m.end - 1..m.end, (main as char).to_string())
                    })
                    .collect();
                let what = if ordered { "delimiter" } else { "marker" };
                let span = first.marker_span.end - 1..first.marker_span.end;
                let message = match (style, fixed) {
                    (Style::AwesomeLint, _) => format!(
                        "list {what} `{}` differs from `{}` of the first list",
                        c as char, main as char
                    ),
                    (_, Some(_)) => {
                        format!("list {what} `{}`, expected `{}`", c as char, main as char)
                    }
                    _ => format!(
                        "list {what} `{}` differs from `{}` used in the rest of the document",
                        c as char, main as char
                    ),
                };
                out.push(
                    Diagnostic::new(META.id, span, message)
                        .with_fix(Fix::safe(format!("use `{}`", main as char), edits)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check_with, fixed_with, style};

    const ID: &str = "list-marker";

    /// Entries in `*`, nested lists in `-`, and a table of contents in `+`.
    const MD: &str = "\
# A

+ [B](#b)

## B

* [a](https://a) - A.
  - [a1](https://a1) - A1.
* [b](https://b) - B.
  - [b1](https://b1) - B1.
";

    #[test]
    fn each_depth_and_section_keeps_its_marker() {
        assert!(check_with("", ID, MD).is_empty());
        // A nested list that differs from the other nested lists.
        let md = "\
* [a](https://a) - A.
  - [a1](https://a1) - A1.
  - [a2](https://a2) - A2.
* [b](https://b) - B.
  - [b1](https://b1) - B1.
  - [b2](https://b2) - B2.
* [c](https://c) - C.
  + [c1](https://c1) - C1.
";
        let d = check_with("", ID, md);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(fixed_with("", ID, md), md.replace("+ [c1]", "- [c1]"));
    }

    #[test]
    fn fixed_styles() {
        let dash = fixed_with(&style(ID, "dash"), ID, MD);
        assert_eq!(dash, MD.replace("* [", "- [").replace("+ [", "- ["));
        // awesome-lint: the first list's marker everywhere, and the first
        // ordered list's delimiter.
        let md = format!("{MD}\n1) one\n\n## C\n\n1. two\n");
        let lint = fixed_with(&style(ID, "awesome-lint"), ID, &md);
        assert_eq!(
            lint,
            md.replace("* [", "+ [")
                .replace("- [", "+ [")
                .replace("1. two", "1) two")
        );
    }
}
