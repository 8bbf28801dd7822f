//! Rule behaviour that the examples of `rules/<id>.md` do not show, each
//! pinned where a plausible slip in the rule would change it.

use crate::support::lib::Target;

/// `(line, message)` of what `rule` reports on `text` as a notes list.
fn reported(rule: &str, text: &str) -> Vec<(usize, String)> {
    let (source, diagnostics) = Target::notes("preset = \"notes\"\n", Some(rule))
        .lint(text.as_bytes())
        .unwrap();
    diagnostics
        .iter()
        .map(|d| {
            let line = source.text[..d.span.start].matches('\n').count() + 1;
            (line, d.message.clone())
        })
        .collect()
}

/// `text` after the safe fixes of `rule` alone.
fn fixed(rule: &str, text: &str) -> String {
    Target::notes("preset = \"notes\"\n", Some(rule)).fix_text(text)
}

fn owned(v: &[(usize, &str)]) -> Vec<(usize, String)> {
    v.iter().map(|&(l, m)| (l, m.to_owned())).collect()
}

/// A section's first list of entries starts at 1, wherever its author
/// started it.
#[test]
fn list_numbering_a_sections_first_list_starts_at_one() {
    let text = "# Papers\n\n\
                3. [Chinchilla](https://arxiv.org/abs/2203.15556)\n    - Comment: More tokens.\n\
                4. [Scaling Laws](https://arxiv.org/abs/2001.08361)\n    - Comment: A power law.\n";
    assert_eq!(
        reported("list-numbering", text),
        owned(&[(3, "expected 1, found 3")])
    );
    assert_eq!(
        fixed("list-numbering", text),
        text.replace("3. [Chin", "1. [Chin")
            .replace("4. [Scal", "2. [Scal")
    );
}

/// A later list of the same section continues the numbering: its start is
/// `split-list`'s to report, not this rule's; a slip inside it is.
#[test]
fn list_numbering_a_later_list_of_a_section_keeps_its_start() {
    let text = "# Papers\n\n\
                1. [Chinchilla](https://arxiv.org/abs/2203.15556)\n    - Comment: More tokens.\n\
                2. [Scaling Laws](https://arxiv.org/abs/2001.08361)\n    - Comment: A power law.\n\n\
                Read these two first.\n\n\
                3. [Emergent Abilities](https://arxiv.org/abs/2206.07682)\n    - Comment: Scale.\n\
                4. [Attention](https://arxiv.org/abs/1706.03762)\n    - Comment: Transformers.\n";
    assert_eq!(reported("list-numbering", text), []);
    let slipped = text.replace("4. [Att", "5. [Att");
    assert_eq!(
        reported("list-numbering", &slipped),
        owned(&[(12, "expected 4, found 5")])
    );
}

/// In HTML the query's `&` is written `&amp;`: the fix removes the
/// tracking parameters and keeps the others joined the way they were.
#[test]
fn tracking_param_in_an_html_escaped_query() {
    let text = "# Links\n\n\
                <a href=\"https://example.org/post?id=7&amp;utm_source=twitter&amp;page=2#top\">A post</a>\n";
    assert_eq!(
        reported("tracking-param", text),
        owned(&[(3, "tracking parameter `utm_source`")])
    );
    assert_eq!(
        fixed("tracking-param", text),
        text.replace("&amp;utm_source=twitter", "")
    );
}
