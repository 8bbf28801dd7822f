//! `list-numbering`: ordered entries not numbered 1, 2, 3… (or the configured style).

use crate::document::{ListKind, Marker};
use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("list-numbering"),
    default: Level::On(Severity::Error),
    fix: FixKind::Safe,
    scope: Scope::Lists,
    summary: "ordered entries not numbered 1, 2, 3… (or the configured style)",
    doc: include_str!("../../../rules/list-numbering.md"),
};

pub struct ListNumbering;

/// How ordered entries are numbered (the `style` option, and a section's
/// `numbering`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum NumberingStyle {
    /// 1, 2, 3…
    #[default]
    Sequential,
    /// Every item `1.`.
    One,
    /// Either, per list.
    Consistent,
}

/// The rule's options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    pub style: NumberingStyle,
}

impl RuleOptions for Options {
    fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), OptionError> {
        if key != "style" {
            return Err(OptionError::Unknown);
        }
        self.style = match value.as_str() {
            Some("sequential") => NumberingStyle::Sequential,
            Some("one") => NumberingStyle::One,
            Some("consistent") => NumberingStyle::Consistent,
            _ => {
                return Err(OptionError::Invalid(format!(
                    "expected \"sequential\", \"one\" or \"consistent\", found {value}"
                )));
            }
        };
        Ok(())
    }
}

impl Rule for ListNumbering {
    rule_facts!(meta: META, extent: Extent::List, options: Options);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let mut seen_in_section: Vec<bool> = vec![false; doc.sections.len()];
        let default_style = cx.options::<Options>(META.id).style;
        for list in &doc.lists {
            if !list.ordered || list.quoted || list.items.is_empty() {
                continue;
            }
            let numbers: Vec<u64> = list
                .items
                .iter()
                .map(|&i| match doc.items[i].marker {
                    Marker::Ordered { number, .. } => number,
                    Marker::Bullet(_) => 0,
                })
                .collect();
            // A list that continues a split list keeps its own start: that
            // restart is split-list's to report.
            let first_of_section = list.kind == ListKind::Entries && !seen_in_section[list.section];
            if list.kind == ListKind::Entries {
                seen_in_section[list.section] = true;
            }
            let style = cx
                .section_config(list.section)
                .and_then(|s| s.numbering)
                .unwrap_or(default_style);
            let start = if first_of_section && numbers[0] > 1 {
                1
            } else {
                numbers[0]
            };
            let expected = |i: usize| -> u64 {
                match style {
                    NumberingStyle::One => 1,
                    NumberingStyle::Consistent if numbers.iter().all(|&n| n == numbers[0]) => {
                        numbers[0]
                    }
                    _ => start + i as u64,
                }
            };
            let Some(slip) = (0..numbers.len()).find(|&i| numbers[i] != expected(i)) else {
                continue;
            };
            let want = expected(slip);
            let mut edits = Vec::new();
            for (i, &item) in list.items.iter().enumerate().skip(slip) {
                let it = &doc.items[item];
                let digits = it.marker_span.start..it.marker_span.end - 1;
                let new = expected(i).to_string();
                let grow = new.len() as isize - digits.len() as isize;
                if new != doc.slice(&digits) {
                    edits.push(Edit::replace(digits, new));
                }
                // A wider number moves the content column: keep nested blocks nested.
                if grow > 0 {
                    edits.extend(shift_lines(doc, &it.span, true, it.content_col, grow));
                }
            }
            let found = numbers[slip];
            let it = &doc.items[list.items[slip]];
            let span = it.marker_span.start..it.marker_span.end - 1;
            let title = match style {
                NumberingStyle::One => "number every item `1.`".to_owned(),
                _ => format!("renumber from {want}"),
            };
            out.push(
                Diagnostic::new(META.id, span, format!("expected {want}, found {found}"))
                    .with_fix(Fix::safe(title, edits)),
            );
        }
    }
}
