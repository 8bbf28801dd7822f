//! The traps of real lists where other linters raise false positives or miss
//! problems (issue #2): each case pins the exact diagnostics listlint gives.

use listlint::source::LineIndex;

use crate::support::Dir;
use crate::support::lib::Target;

/// `(rule, line)` of every diagnostic at warning or above, in order.
fn findings(markdown: &str, config: &str) -> Vec<(&'static str, usize)> {
    // Awesome lists keep their guidelines beside them (awesome-contributing).
    let dir = Dir::with(&[("CONTRIBUTING.md", "PRs welcome.\n")]);
    let (_, diagnostics) = Target::new(dir.path(), "list.md", config, None)
        .lint(markdown.as_bytes())
        .unwrap();
    let index = LineIndex::new(markdown);
    let mut out: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity >= listlint::diagnostic::Severity::Warning)
        .map(|d| (d.rule.as_str(), index.line_of(d.span.start) + 1))
        .collect();
    out.sort_by_key(|&(r, l)| (l, r));
    out
}

#[test]
fn heading_ending_in_a_badge_keeps_its_trailing_hyphen() {
    let md = "# Awesome LLM [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n\
              See [top](#awesome-llm-).\n";
    assert_eq!(findings(md, ""), vec![]);
    let md = md.replace("#awesome-llm-", "#awesome-llm");
    assert_eq!(findings(&md, ""), vec![("link-fragment", 3)]);
}

#[test]
fn cjk_accented_and_percent_encoded_fragments_match() {
    let md = "# 中文 自然语言处理\n\n## Café Über\n\n## Papers\n\n## Papers\n\n\
              [a](#中文-自然语言处理) [b](#%E4%B8%AD%E6%96%87-%E8%87%AA%E7%84%B6%E8%AF%AD%E8%A8%80%E5%A4%84%E7%90%86) \
              [c](#%e4%b8%ad%e6%96%87-%e8%87%aa%e7%84%b6%e8%af%ad%e8%a8%80%e5%a4%84%e7%90%86) \
              [d](#café-über) [e](#papers-1) [f](#papers-2)\n";
    assert_eq!(
        findings(md, ""),
        vec![("link-fragment", 9)],
        "only `#papers-2` is missing"
    );
}

#[test]
fn explicit_anchors_count() {
    let md =
        "<a id=\"start\"></a>\n\n# T\n\n<a name=\"old-name\"></a>\n\n[a](#start) [b](#old-name)\n";
    assert_eq!(findings(md, ""), vec![]);
}

#[test]
fn code_tags_and_bracket_tags_are_text() {
    let md = "# Papers\n\n\
              - [Attention](https://arxiv.org/abs/1706.03762) - The transformer. [[code](https://github.com/t/t)]\n\
              - [BERT](https://arxiv.org/abs/1810.04805) - Bidirectional. [MIT] [pdf]\n";
    assert_eq!(findings(md, ""), vec![]);
}

#[test]
fn a_numbering_slip_is_one_diagnostic() {
    let md = "# Notes\n\n1. [a](https://a.org)\n   - Comment: x\n2. [b](https://b.org)\n   - Comment: x\n\
              4. [c](https://c.org)\n   - Comment: x\n5. [d](https://d.org)\n   - Comment: x\n\
              6. [e](https://e.org)\n   - Comment: x\n";
    assert_eq!(findings(md, ""), vec![("list-numbering", 7)]);
}

#[test]
fn a_field_indented_three_spaces_under_entry_10_is_caught_at_the_indentation() {
    let mut md = String::from("# Notes\n\n");
    for i in 1..=9 {
        md.push_str(&format!(
            "{i}. [p{i}](https://example.org/{i})\n   - Comment: fine\n"
        ));
    }
    md.push_str("10. [p10](https://example.org/10)\n   - Comment: needs four spaces\n");
    md.push_str("11. [p11](https://example.org/11)\n    - Comment: fine\n");
    // The bullet under 10. ends the list (list-indent, line 22), and 11.
    // starts a new one (split-list, line 23); no entry-comment for 10.
    assert_eq!(
        findings(&md, ""),
        vec![("list-indent", 22), ("split-list", 23)]
    );
}

#[test]
fn tables_of_contents_and_categories_are_not_entries() {
    let md = "# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n## Contents\n\n- [Tools](#tools)\n  - [Editors](#editors)\n\n\
              ## Tools\n\n### Editors\n\n- Terminal\n  - [Helix](https://helix-editor.com) - A modal editor.\n  \
              - [Kakoune](https://kakoune.org) - Selections first.\n- [Zed](https://zed.dev) - Fast.\n\
              - [Lapce](https://lap.dev) - In Rust.\n";
    assert_eq!(findings(md, ""), vec![]);
}

#[test]
fn free_text_bullets_are_not_fields_and_lazy_lines_stay() {
    let md = "# Notes\n\n1. [Paper](https://example.org/p)\n    - Comment: good.\n    - From the paper:\n       \
              - a quote that goes on\nand on, lazily\n    - Going through the paper gives more\n";
    assert_eq!(findings(md, ""), vec![]);
}

#[test]
fn links_in_html_are_links() {
    let md = "# T\n\n<p><a href=\"#missing\">x</a> <img src=\"missing.png\"></p>\n";
    assert_eq!(
        findings(md, ""),
        vec![("link-fragment", 3), ("relative-link", 3)]
    );
}

#[test]
fn a_malformed_link_is_one_diagnostic() {
    let md =
        "# T\n\nSee [the paper] (https://arxiv.org/abs/1706.03762) and [x](https://e.org/a b).\n";
    assert_eq!(
        findings(md, ""),
        vec![("link-syntax", 3), ("link-syntax", 3)]
    );
}

#[test]
fn a_field_indented_four_spaces_under_entry_100_joins_its_text() {
    let md = "# Notes\n\n100. [p](https://example.org/p)\n    - Comment: needs five spaces\n";
    let config = "[rules]\nlist-numbering = \"off\"\n";
    assert_eq!(
        findings(md, config),
        vec![("list-indent", 4)],
        "not field-format nor entry-comment"
    );
}
