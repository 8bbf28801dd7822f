//! Which preset a file is, when the config does not say: from the shape
//! most of its entries have.

use crate::document::{Document, ListKind, Marker, Preset};

/// Detects the preset from the shape most entries have, and says
/// why.
///
/// A bullet link described after a dash (`- [Name](url) - Text`) is the
/// mark of an awesome list: a tenth of the entries are enough. One
/// described after a colon (`- [Name](url): Text`) is also how course
/// outlines, glossaries and team rosters write a link with a word about
/// it; a list written that way (`[名称](url)：描述` in Chinese lists) is
/// an awesome list only when most of its entries have that shape.
pub fn detect_preset(doc: &Document<'_>) -> (Option<Preset>, String) {
    let mut notes = 0;
    let mut dashes = 0;
    let (mut colons, mut wide_colons) = (0, 0);
    let mut ordered_links = 0;
    let mut bullet_links = 0;
    for e in &doc.entries {
        let it = &doc.items[e.item];
        let ordered = matches!(it.marker, Marker::Ordered { .. });
        let in_entries = matches!(doc.lists[it.list].kind, ListKind::Entries);
        if e.title_link.is_some() {
            if ordered {
                ordered_links += 1
            } else {
                bullet_links += 1
            }
        }
        if ordered && in_entries && !e.fields.is_empty() {
            notes += 1;
        } else if !ordered && let Some(t) = e.title_link {
            let after = doc.text[doc.links[t].span.end..it.lead.end.max(doc.links[t].span.end)]
                .trim_start();
            if after.starts_with(['-', '–', '—']) {
                dashes += 1;
            } else if after.starts_with('：') {
                wide_colons += 1;
            } else if after.starts_with(':') && !is_shortcode(after) {
                colons += 1;
            }
        }
    }
    let total = doc.entries.len();
    let all_colons = colons + wide_colons;
    let colon = if wide_colons > colons { "：" } else { ":" };
    // The shape must be what the list is made of, not a few stray items: at
    // least a tenth of the entries have it, and most entries are links of
    // that kind (a study plan with nine described links among 580 checklist
    // items is not an awesome list).
    let notes_ok = notes > 0 && notes * 10 >= total && ordered_links * 2 > total;
    let bullets_ok = bullet_links * 2 > total;
    let dash_ok = bullets_ok && dashes > 0 && dashes * 10 >= total;
    let colon_ok = bullets_ok && all_colons * 2 > total;
    let awesome = dashes + all_colons;
    let of = |n: usize, what: &str| format!("{n} of {total} entries are {what}");
    let awesome_why = if dash_ok && all_colons > 0 {
        format!(
            "{}, {all_colons} more after `{colon}`",
            of(dashes, "bullet links described after ` - `")
        )
    } else if dash_ok {
        of(dashes, "bullet links described after ` - `")
    } else {
        of(
            all_colons,
            &format!("bullet links described after `{colon}`"),
        )
    };
    let notes_why = of(notes, "ordered links with fields");
    match (notes_ok, dash_ok || colon_ok) {
        (true, false) => (Some(Preset::Notes), notes_why),
        (true, true) if notes >= awesome => (Some(Preset::Notes), notes_why),
        (_, true) => (Some(Preset::Awesome), awesome_why),
        (false, false) if bullets_ok && all_colons * 10 >= total && dashes * 10 < total => (
            None,
            format!(
                "{}, as outlines and rosters write links; an awesome list written so has that shape on most entries",
                of(
                    all_colons,
                    &format!("bullet links described after `{colon}`")
                )
            ),
        ),
        (false, false) => (
            None,
            format!(
                "no shape dominates ({notes} ordered entries with fields, {awesome} bullet entries with descriptions, of {total} entries)"
            ),
        ),
    }
}

/// Whether `s` starts with an emoji shortcode (`:worried:`), which is
/// not a colon after a link.
fn is_shortcode(s: &str) -> bool {
    let body = &s[1..];
    let n = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
        .unwrap_or(body.len());
    n > 0 && body[n..].starts_with(':')
}
