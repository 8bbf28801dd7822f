//! `sorted-entries` (opt-in): the entries of a list are not in alphabetical
//! order. The fix moves whole entries, with their nested fields and notes.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::document::ListKind;
use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("sorted-entries"),
    default: Level::Off,
    fix: FixKind::Safe,
    scope: Scope::Lists,
    summary: "entries of a section not in alphabetical order (moves whole entries)",
    doc: include_str!("../../../rules/sorted-entries.md"),
};

pub struct SortedEntries;

/// A piece of a sort key: text, or a number compared by value.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Num(u128),
    Text(String),
}

/// The collation key of a name: accents, case and leading punctuation
/// ignored (`Émile` sorts with `emile`), digits compared as numbers (`Tool
/// 2` before `Tool 10`).
fn key(name: &str) -> Vec<Part> {
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let folded = folded.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in folded.chars() {
        if c.is_ascii_digit() {
            if !text.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut text)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                parts.push(Part::Num(digits.parse().unwrap_or(u128::MAX)));
                digits.clear();
            }
            if c.is_alphanumeric() || c == ' ' {
                text.push(c);
            }
        }
    }
    if !digits.is_empty() {
        parts.push(Part::Num(digits.parse().unwrap_or(u128::MAX)));
    }
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    parts
}

fn compare(a: &str, b: &str) -> Ordering {
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

impl Rule for SortedEntries {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let text = doc.text;
        let mut entry_of = vec![None; doc.items.len()];
        for (i, e) in doc.entries.iter().enumerate() {
            entry_of[e.item] = Some(i);
        }
        for list in &doc.lists {
            if list.kind != ListKind::Entries || list.quoted || list.items.len() < 2 {
                continue;
            }
            // Only lists made of link entries: a list with other items
            // (a sub-heading bullet, a note) has an order of its own.
            let names: Option<Vec<&str>> = list
                .items
                .iter()
                .map(|&it| {
                    let e = &doc.entries[entry_of[it]?];
                    let link = &doc.links[e.title_link?];
                    Some(doc.slice(link.text_span.as_ref()?))
                })
                .collect();
            let Some(names) = names else {
                continue;
            };
            let Some(first_bad) =
                (1..names.len()).find(|&i| compare(names[i - 1], names[i]) == Ordering::Greater)
            else {
                continue;
            };
            let (before, after) = (names[first_bad - 1], names[first_bad]);
            // Each entry with everything up to the next one: its fields,
            // notes and the blank lines after it.
            let starts: Vec<usize> = list
                .items
                .iter()
                .map(|&it| line_start(text, doc.items[it].marker_span.start))
                .collect();
            let last = *list.items.last().expect("two items");
            // The end of the last item's last line (the span may stop just
            // after its newline, or inside a character at the end of a file).
            let last_end = doc.items[last].span.end.min(text.len());
            let at = text[..last_end]
                .char_indices()
                .next_back()
                .map_or(last_end, |(i, _)| i);
            let end = line_end(text, at.max(starts[starts.len() - 1]));
            let region = starts[0]..end;
            let mut chunks: Vec<(usize, String)> = (0..starts.len())
                .map(|i| {
                    let to = starts.get(i + 1).copied().unwrap_or(end);
                    (i, text[starts[i]..to].to_owned())
                })
                .collect();
            // Every chunk ends with a line break while they move; the
            // region's last one keeps the region's ending (none at the end
            // of a file without a final newline).
            let eol = if text[region.clone()].contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let ends_with_newline = text[region.clone()].ends_with('\n');
            if let Some(last) = chunks.last_mut()
                && !last.1.ends_with('\n')
            {
                last.1.push_str(eol);
            }
            chunks.sort_by(|a, b| compare(names[a.0], names[b.0]));
            let mut sorted: String = chunks.into_iter().map(|(_, c)| c).collect();
            if !ends_with_newline {
                let cut = if sorted.ends_with("\r\n") { 2 } else { 1 };
                sorted.truncate(sorted.len() - cut);
            }
            let item = &doc.items[list.items[first_bad]];
            out.push(
                Diagnostic::new(
                    META.id,
                    item.marker_span.start..doc.items[list.items[first_bad]].lead.end,
                    format!(
                        "entries are not in alphabetical order: {} comes after {}",
                        code(after),
                        code(before)
                    ),
                )
                .with_fix(Fix::safe(
                    "sort the entries",
                    vec![Edit::replace(region, sorted)],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collation_ignores_case_accents_and_punctuation_and_counts_numbers() {
        let mut v = vec![
            "zeta",
            "Émile",
            "apple",
            "\"Quoted\"",
            "Tool 10",
            "Tool 2",
            "éclair",
            "Banana",
        ];
        v.sort_by(|a, b| compare(a, b));
        assert_eq!(
            v,
            [
                "apple",
                "Banana",
                "éclair",
                "Émile",
                "\"Quoted\"",
                "Tool 2",
                "Tool 10",
                "zeta"
            ]
        );
    }
}
