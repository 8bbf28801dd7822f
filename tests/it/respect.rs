//! Fixes respect what a list owns and what it meant (issue 15): regions a
//! generator writes are left alone, attribution is not tracking, and the
//! wrong fixes found on real lists stay fixed. The built binary runs on
//! real files in temporary directories.

use std::path::Path;

use serde_json::Value;

use crate::support::json;
use crate::support::{Dir, Run, run as listlint};

/// Writes `text` as `README.md` in a new directory.
fn setup(text: &str) -> Dir {
    Dir::with(&[("README.md", text)])
}

/// `README.md` after `listlint fix` with `args`, and the run, which must
/// exit with `code`.
#[track_caller]
fn fixed(dir: &Path, args: &[&str], code: i32) -> (String, Run) {
    let mut all = vec!["fix", "--no-config"];
    all.extend_from_slice(args);
    all.push("README.md");
    let run = listlint(dir, &all);
    run.assert_code(code);
    (std::fs::read_to_string(dir.join("README.md")).unwrap(), run)
}

/// Every diagnostic of `check --format json` with `args`.
fn diagnostics(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["check", "--no-config", "--format", "json"];
    all.extend_from_slice(args);
    all.push("README.md");
    json::diagnostics(&listlint(dir, &all).checked_json()).to_vec()
}

/// `(rule, line, severity, fixable)` of each diagnostic.
fn summary(d: &[Value]) -> Vec<(String, u64, String, bool)> {
    d.iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_owned(),
                d["fixable"].as_bool().unwrap(),
            )
        })
        .collect()
}

// ------------------------------------------------------ generated regions

/// An awesome list that writes `*`, with tables of contents that three
/// generators wrote with `-` (and trailing spaces, and one stale link).
const GENERATED: &str = "\
# Awesome Tools

<!-- START doctoc generated TOC please keep comment here to allow auto update -->
<!-- DON'T EDIT THIS SECTION, INSTEAD RE-RUN doctoc TO UPDATE -->

- [Editors](#editors)\x20\x20\x20
- [Shells](#shells)
- [Gone](#gone)

<!-- END doctoc generated TOC please keep comment here to allow auto update -->

<!-- MarkdownTOC depth=4 -->

- [Editors](#editors)
    - [Vim](#vim)

<!-- /MarkdownTOC -->

<!-- BEGIN mktoc {\"min_depth\": 2} -->
- [Editors](#editors)
- [Shells](#shells)
<!-- END mktoc -->

## Editors

* [Helix](https://helix-editor.com) - A modal editor.\x20
* [Kakoune](https://kakoune.org) - A modal editor.

### Vim

- [Neovim](https://neovim.io) - A fork of Vim.

## Shells

* [Fish](https://fishshell.com) - A friendly shell.
* [Nushell](https://www.nushell.sh) - A structured shell.
";

#[test]
fn no_fix_edits_a_generated_region() {
    let dir = setup(GENERATED);
    let (after, _) = fixed(dir.path(), &[], 1);
    // Outside the regions, the list's own `*` and no trailing spaces.
    let want = GENERATED
        .replace(" - A modal editor.\x20\n", " - A modal editor.\n")
        .replace("- [Neovim]", "* [Neovim]");
    assert_eq!(after, want);
    // The regions, byte for byte.
    let region = |t: &str| {
        t[t.find("<!-- START doctoc").unwrap()..t.find("<!-- END mktoc -->").unwrap()].to_owned()
    };
    assert_eq!(region(&after), region(GENERATED));
}

#[test]
fn findings_in_a_generated_region_are_info_unless_they_find_it_stale() {
    let dir = setup(GENERATED);
    let found = summary(&diagnostics(
        dir.path(),
        &[
            "--select",
            "list-marker,trailing-whitespace,list-indent,link-fragment",
        ],
    ));
    let severity = |rule: &str, line: u64| {
        found
            .iter()
            .find(|(r, l, _, _)| r == rule && *l == line)
            .map(|(_, _, s, f)| (s.as_str(), *f))
    };
    // The generator's form: at most info, with no fix.
    assert_eq!(
        severity("list-marker", 6),
        Some(("info", false)),
        "{found:?}"
    );
    assert_eq!(severity("trailing-whitespace", 6), Some(("info", false)));
    assert_eq!(severity("list-marker", 20), Some(("info", false)));
    // A stale table of contents links a heading that is gone: an error.
    assert_eq!(severity("link-fragment", 8), Some(("error", false)));
    // Outside, as usual.
    assert_eq!(severity("list-marker", 31), Some(("warning", true)));
    assert_eq!(severity("trailing-whitespace", 26), Some(("info", true)));
}

/// A list whose entries write `-`, ` - ` and no final period, then a region
/// markdown-magic fills with twelve entries in another style: `*`, `: `
/// and a period. Counted, the region would outvote the list.
fn generated_style_region() -> String {
    let mut md = String::from(
        "# Awesome Plugins\n\n## Plugins\n\n\
         - [Reader](https://reader.example) - Reads files\n\
         - [Writer](https://writer.example) - Writes files\n\
         - [Mover](https://mover.example) - Moves files\n\n\
         <!-- AUTO-GENERATED-CONTENT:START (PLUGINS) -->\n",
    );
    for i in 0..12 {
        md.push_str(&format!(
            "* [Plugin {i}](https://p{i}.example): Parses format {i}.\n"
        ));
    }
    md.push_str("<!-- AUTO-GENERATED-CONTENT:END -->\n");
    md
}

#[test]
fn generated_entries_do_not_vote_for_the_lists_style() {
    // The `style = "consistent"` rules find the list's convention in its
    // own entries (issue 15): nothing outside the region is reported.
    let md = generated_style_region();
    let dir = setup(&md);
    let rules = "awesome-description-punctuation,awesome-entry-format,list-marker";
    let found = summary(&diagnostics(dir.path(), &["--select", rules]));
    let outside: Vec<_> = found.iter().filter(|(_, line, _, _)| *line < 9).collect();
    assert!(outside.is_empty(), "{found:?}");
    // The region deviates from the list: reported as info, never fixed.
    for rule in rules.split(',') {
        assert!(
            found
                .iter()
                .any(|(r, line, s, f)| r == rule && *line >= 10 && s == "info" && !f),
            "{rule}: {found:?}"
        );
    }
    let (after, _) = fixed(dir.path(), &["--select", rules], 0);
    assert_eq!(after, md);
    // Out of the region, the same entries are the list's convention.
    let md = md
        .replace("<!-- AUTO-GENERATED-CONTENT:START (PLUGINS) -->\n", "")
        .replace("<!-- AUTO-GENERATED-CONTENT:END -->\n", "");
    let dir = setup(&md);
    let (after, _) = fixed(dir.path(), &["--select", rules], 0);
    assert!(
        after.contains("* [Reader](https://reader.example): Reads files.\n"),
        "{after}"
    );
}

#[test]
fn an_unclosed_start_marker_protects_nothing() {
    // Three items in four use `*`: the list's convention.
    let md = "# Tools\n\n<!-- toc -->\n\n* [a](https://a.example) - A.\n- [b](https://b.example) - B.\n* [c](https://c.example) - C.\n* [d](https://d.example) - D.\n";
    let dir = setup(md);
    let (after, _) = fixed(dir.path(), &["--select", "list-marker"], 0);
    assert_eq!(after, md.replace("- [b]", "* [b]"));
}

#[test]
fn a_fix_that_reaches_lines_a_suppression_silences_is_dropped() {
    // The renumbering fix from `3.` would also renumber the line whose
    // number the author pinned.
    let md = "# Notes\n\n1. [a](https://a.example)\n   - Comment: A.\n3. [b](https://b.example)\n   - Comment: B.\n7. [c](https://c.example) <!-- listlint-disable-line list-numbering -->\n   - Comment: C.\n";
    let dir = setup(md);
    let (after, run) = fixed(dir.path(), &["--select", "list-numbering"], 1);
    assert_eq!(after, md, "{}", run.stdout);
    let found = summary(&diagnostics(dir.path(), &["--select", "list-numbering"]));
    assert_eq!(found, [("list-numbering".into(), 5, "error".into(), false)]);
    // Without the comment, the whole list is renumbered.
    let md = md.replace(" <!-- listlint-disable-line list-numbering -->", "");
    let dir = setup(&md);
    let (after, _) = fixed(dir.path(), &["--select", "list-numbering"], 0);
    assert_eq!(
        after,
        md.replace("3. [b]", "2. [b]").replace("7. [c]", "3. [c]")
    );
}

// ------------------------------------------------------------ attribution

#[test]
fn attribution_survives_fix_and_tracking_does_not() {
    // A sponsor's campaign on many links of one host (public-apis), a
    // referral naming the list, an affiliate link, and beside them links
    // copied from social media and a newsletter.
    let md = "\
# Awesome Data

Sponsored by [Acme](https://acme.example/?utm_source=Github&utm_medium=Referral&utm_campaign=data-repo).

## Tools

- [Acme Query](https://acme.example/query?utm_source=partner-list&utm_campaign=q3) - Hosted queries.
- [Acme Store](https://acme.example/store?utm_source=partner-list&utm_campaign=q3) - Hosted storage.
- [Acme Sync](https://acme.example/sync?utm_source=partner-list&utm_campaign=q3) - Hosted sync.
- [Book](https://www.amazon.com/dp/0778324338?tag=owner-20&linkCode=ll1&utm_source=shop) - A book.
- [Frames](https://frames.example/?utm_source=awesome-data) - Data frames.
- [Plots](https://plots.example/post?utm_content=buffer04c12&utm_medium=social&utm_source=linkedin.com&utm_campaign=buffer) - Plotting.
- [Lake](https://github.com/lake/lake?fbclid=IwAR3qcV7QK2uXm4s) - A data lake.
- [Paper](https://arxiv.org/abs/2503.01840?utm_source=chatgpt.com) - A paper.
";
    let dir = setup(md);
    let (after, _) = fixed(dir.path(), &["--select", "tracking-param"], 0);
    let want = md
        .replace(
            "post?utm_content=buffer04c12&utm_medium=social&utm_source=linkedin.com&utm_campaign=buffer",
            "post",
        )
        .replace("?fbclid=IwAR3qcV7QK2uXm4s", "")
        .replace("?utm_source=chatgpt.com", "");
    assert_eq!(after, want);
}

// ---------------------------------------------------------- wrong fixes

/// An awesome list with the shapes that got wrong fixes (issue 15). Its
/// descriptions end with a full stop, clearly enough to be its convention
/// (`style = "consistent"`, the default).
const AWESOME: &str = "\
# Awesome Analysis

## Tools

- [Cppcheck](https://cppcheck.example) - A tool for static C/C++ code analysis. - [source](https://github.com/danmar/cppcheck)
- [word2vec](https://w2v.example) - [implementation](https://code.example/w2v) - [explainer blog](https://blog.example/w2v)
- [Sudachi](https://sudachi.example) -\u{3000}A Japanese tokenizer.
- [Infer](https://infer.example) - A static analyzer for Java and C.
- [Clippy](https://clippy.example) - Lints for Rust code.
- [Flawfinder](https://flawfinder.example) - Finds security flaws in C code.
";

#[test]
fn awesome_fixes_leave_what_was_right() {
    let dir = setup(AWESOME);
    let (after, run) = fixed(
        dir.path(),
        &[
            "--select",
            "awesome-description-punctuation,awesome-entry-format",
        ],
        0,
    );
    assert_eq!(after, AWESOME, "{}", run.stdout);
    // Before the sentence's own period was missing, the fix still adds it
    // before the attached link.
    let md = AWESOME.replace("code analysis. - [source]", "code analysis - [source]");
    std::fs::write(dir.path().join("README.md"), &md).unwrap();
    let (after, _) = fixed(
        dir.path(),
        &["--select", "awesome-description-punctuation"],
        0,
    );
    assert_eq!(after, AWESOME);
}

#[test]
fn a_www_address_keeps_the_target_github_gives_it() {
    let md = "# Sites\n\nDocs at www.example.org/docs and https://example.net/a.\n";
    let dir = setup(md);
    let (after, _) = fixed(dir.path(), &["--select", "bare-url"], 0);
    assert_eq!(
        after,
        "# Sites\n\nDocs at [www.example.org/docs](http://www.example.org/docs) and <https://example.net/a>.\n"
    );
}

#[test]
fn urls_of_malformed_links_are_link_syntax_s() {
    let md = "\
# Papers

- Improving distributional similarity, O. Levy et al. [[pdf]] (https://papers.example/570/124)
- [Gymnasium](https://gymnasium.example) - A library (successor of [gym])(https://github.com/openai/gym).
";
    let dir = setup(md);
    let found = summary(&diagnostics(
        dir.path(),
        &["--select", "link-syntax,bare-url"],
    ));
    assert_eq!(
        found,
        [
            ("link-syntax".into(), 3, "error".into(), true),
            ("link-syntax".into(), 4, "error".into(), false),
        ]
    );
    let (after, _) = fixed(dir.path(), &["--select", "link-syntax,bare-url"], 1);
    assert_eq!(after, md.replace("[[pdf]] (https", "[[pdf]](https"));
}

#[test]
fn canonical_arxiv_links_keep_their_version() {
    let md = "# Papers\n\n- [Emergent abilities](https://arxiv.org/pdf/2206.07682v2.pdf)\n- [Chain of thought](https://arxiv.org/pdf/2201.11903)\n";
    let dir = setup(md);
    let (after, _) = fixed(
        dir.path(),
        &["--select", "canonical-link", "--unsafe-fixes"],
        0,
    );
    assert_eq!(
        after,
        "# Papers\n\n- [Emergent abilities](https://arxiv.org/abs/2206.07682v2)\n- [Chain of thought](https://arxiv.org/abs/2201.11903)\n"
    );
}
