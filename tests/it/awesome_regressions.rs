//! Regressions of the awesome preset, from issue 14 ("False positives and
//! misses to end"): each case runs the built binary on a list written here,
//! in a directory of its own, and pins what every rule involved says.

use crate::support::Dir;
use crate::support::json::diagnostics;

/// A finding: rule, 1-based line, the text of its span, whether a safe fix
/// comes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Finding {
    rule: String,
    line: usize,
    text: String,
    fixable: bool,
    message: String,
}

/// A directory holding an awesome list as `README.md`, a `CONTRIBUTING.md`
/// (unless `contributing` says otherwise) and `listlint.toml` with
/// `preset = "awesome"`.
struct List {
    dir: Dir,
}

impl List {
    fn new(md: &str) -> Self {
        Self::with_contributing(md, Some("Send a pull request.\n"))
    }

    fn with_contributing(md: &str, contributing: Option<&str>) -> Self {
        let dir = Dir::with(&[
            ("README.md", md),
            ("listlint.toml", "preset = \"awesome\"\n"),
        ]);
        if let Some(c) = contributing {
            dir.write("CONTRIBUTING.md", c);
        }
        Self { dir }
    }

    /// Every finding of `listlint check` with `args` added.
    fn check(&self, args: &[&str]) -> Vec<Finding> {
        let run = self
            .dir
            .listlint()
            .args(["check", "--format", "json", "--fail-on", "never"])
            .args(args)
            .arg("README.md")
            .run();
        run.assert_code(0).assert_quiet();
        let json = run.json();
        let md = self.dir.read("README.md");
        let lines: Vec<&str> = md.lines().collect();
        diagnostics(&json)
            .iter()
            .map(|d| {
                let line = d["line"].as_u64().unwrap() as usize;
                let (col, end_line, end) = (
                    d["column"].as_u64().unwrap() as usize,
                    d["end_line"].as_u64().unwrap() as usize,
                    d["end_column"].as_u64().unwrap() as usize,
                );
                let text = if end_line == line {
                    lines[line - 1]
                        .chars()
                        .skip(col - 1)
                        .take(end - col)
                        .collect()
                } else {
                    String::new()
                };
                Finding {
                    rule: d["rule"].as_str().unwrap().to_owned(),
                    line,
                    text,
                    fixable: d["fixable"].as_bool().unwrap(),
                    message: d["message"].as_str().unwrap().to_owned(),
                }
            })
            .collect()
    }

    /// `(line, span text)` of the findings of `rule`.
    fn of(&self, rule: &str, args: &[&str]) -> Vec<(usize, String)> {
        self.check(args)
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| (f.line, f.text))
            .collect()
    }
}

/// `listlint fix --stdin` on `md` as an awesome list, with `args` added,
/// which must exit with `code` and end its report with `summary`.
#[track_caller]
fn fix_stdin(md: &str, args: &[&str], code: i32, summary: &str) -> String {
    let dir = Dir::with(&[
        ("listlint.toml", "preset = \"awesome\"\n"),
        ("CONTRIBUTING.md", "PRs welcome.\n"),
    ]);
    let run = dir
        .listlint()
        .args(["fix", "--stdin", "--stdin-filename", "README.md"])
        .args(args)
        .stdin(md)
        .run();
    run.assert_code(code);
    assert_eq!(run.stderr.lines().last(), Some(summary), "{run:?}");
    run.stdout
}

fn owned(v: &[(usize, &str)]) -> Vec<(usize, String)> {
    v.iter().map(|&(l, t)| (l, t.to_owned())).collect()
}

const HEAD: &str =
    "# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n";

/// Item 1: emoji, an image, a badge or several badges before the name
/// link. The name is the first link whose text is not an image.
#[test]
fn the_name_is_the_first_link_after_emoji_and_badges() {
    let md = format!(
        "{HEAD}## Tools\n\n\
- [Alpha](https://alpha.example) - Parses things.\n\
- 👍 [Foobar](https://foobar.example) - Foobar is a bar.\n\
- :+1: [Quxly](https://quxly.example) - Quxly does it.\n\
- [![npm](https://img.shields.io/npm/v/x.svg)](https://npmjs.com/x) [Xylo](https://github.com/o/xylo) - Xylo does y.\n\
- [![npm](https://img.shields.io/npm/v/z.svg)](https://npmjs.com/z) [![ci](https://ci.example/z.svg)](https://ci.example/z) [Zeta](https://github.com/o/zeta) - Zeta does y.\n\
- ![logo](https://logo.example/l.png) [Logo](https://logo.example) - Logo draws.\n\
- 👍 **[Bold](https://bold.example)** - Bold thing.\n\
- [![Beta](https://beta.example/logo.svg)](https://beta.example) - Only a logo, then the description.\n\
- 👍 Not a link - A tool without a link.\n"
    );
    let list = List::new(&md);
    // Only the entry without any link is malformed.
    assert_eq!(
        list.of("entry-link", &[]),
        owned(&[(13, "👍 Not a link - A tool without a link.")])
    );
    // The name, not the badge, is what the description repeats.
    assert_eq!(
        list.of("awesome-description-repeats-name", &[]),
        owned(&[
            (6, "Foobar"),
            (7, "Quxly"),
            (8, "Xylo"),
            (9, "Zeta"),
            (10, "Logo"),
            (11, "Bold"),
        ])
    );
    // The entries are described entries: no format problem, and their
    // title links (not the badges) are what duplicate-link compares.
    assert!(list.of("awesome-entry-format", &[]).is_empty());
    let md = format!(
        "{HEAD}## Tools\n\n\
- [![npm](https://img.shields.io/npm/v/x.svg)](https://npmjs.com/x) [Xylo](https://github.com/o/xylo) - Parses.\n\
- [![npm](https://img.shields.io/npm/v/x.svg)](https://npmjs.com/x) [Yolo](https://github.com/o/yolo) - Renders.\n"
    );
    assert!(List::new(&md).of("duplicate-link", &[]).is_empty());
}

/// Item 2: `-[Name](url)` is a paragraph, not an entry: reported in a
/// list and in a paragraph of a section of entries, with a safe fix where
/// the line becomes the entry it was meant to be.
#[test]
fn a_marker_glued_to_a_link_is_reported_and_fixed() {
    let md = format!(
        "{HEAD}## Tools\n\n\
-[Intro](https://intro.example) - Glued before the list.\n\
- [Alpha](https://alpha.example) - Parses things.\n\
-[Beta](https://beta.example) - Glued inside the list.\n\
- [Gamma](https://gamma.example) - Renders things.\n  \
-[Delta](https://delta.example) - Glued under an item.\n\
*[Deprecated](https://old.example)* is emphasis, not a marker.\n\
\n\
-[Eps](https://eps.example) - Glued after the list.\n\
\n\
```\n\
-[Code](https://code.example) - In a code block.\n\
```\n\
\n\
## About\n\
\n\
This list is maintained by us.\n\
-[Prose](https://prose.example) is in a section without entries.\n"
    );
    let list = List::new(&md);
    let found: Vec<(usize, String, bool)> = list
        .check(&[])
        .into_iter()
        .filter(|f| f.rule == "awesome-entry-format")
        .map(|f| (f.line, f.text, f.fixable))
        .collect();
    assert_eq!(
        found,
        [
            (5, "-".to_owned(), true),
            (7, "-".to_owned(), true),
            (9, "-".to_owned(), false),
            (12, "-".to_owned(), true),
        ]
    );
    let msg = &list.check(&[])[0].message;
    assert_eq!(msg, "expected a space after the list marker `-`");
    let fixed = fix_stdin(
        &md,
        &["--select", "awesome-entry-format"],
        1,
        "1 file checked: 1 error, 0 warnings, 0 info",
    );
    assert!(
        fixed.contains("\n- [Intro](https://intro.example) - Glued"),
        "{fixed}"
    );
    assert!(
        fixed.contains("\n- [Beta](https://beta.example) - Glued"),
        "{fixed}"
    );
    assert!(
        fixed.contains("\n- [Eps](https://eps.example) - Glued"),
        "{fixed}"
    );
    // Not offered where the line would nest under the item above it.
    assert!(
        fixed.contains("\n  -[Delta](https://delta.example)"),
        "{fixed}"
    );
    assert!(fixed.contains("\n-[Code](https://code.example)"), "{fixed}");
    assert!(
        fixed.contains("\n-[Prose](https://prose.example)"),
        "{fixed}"
    );
    // The fixed lines are entries now, and nothing is left to fix.
    let again = fix_stdin(
        &fixed,
        &["--select", "awesome-entry-format"],
        1,
        "1 file checked: 1 error, 0 warnings, 0 info",
    );
    assert_eq!(again, fixed);
    let glued_star = format!(
        "{HEAD}## Tools\n\n- [Alpha](https://alpha.example) - Parses things.\n*[Beta](https://beta.example) - Glued star.\n"
    );
    assert_eq!(
        fix_stdin(
            &glued_star,
            &["--select", "awesome-entry-format"],
            0,
            "1 file checked, no problems found"
        ),
        format!(
            "{HEAD}## Tools\n\n- [Alpha](https://alpha.example) - Parses things.\n* [Beta](https://beta.example) - Glued star.\n"
        )
    );
}

/// Item 3: emphasised words between the link and the dash.
#[test]
fn emphasised_tags_before_the_dash_are_annotations() {
    let md = format!(
        "{HEAD}## Tools\n\n\
- [Alpha](https://alpha.example) **NEW** - Alpha does y.\n\
- [Bravo](https://bravo.example) *deprecated* - Bravo is old.\n\
- [Charlie](https://charlie.example) `beta` - Charlie does z.\n\
- [Delta](https://delta.example) **NEW** - Parses things.\n"
    );
    let list = List::new(&md);
    assert_eq!(
        list.of("awesome-description-repeats-name", &[]),
        owned(&[(5, "Alpha"), (6, "Bravo"), (7, "Charlie")])
    );
    assert!(list.of("awesome-entry-format", &[]).is_empty());
}

/// Item 4: scripts without case have no capital to require.
#[test]
fn descriptions_in_scripts_without_case_are_fine() {
    let md = format!(
        "{HEAD}## Tools\n\n\
- [Ka](https://ka.example) - ქართული ენის ბიბლიოთეკა.\n\
- [Zh](https://zh.example) - 一个用来创建安装程序的工具。\n\
- [Th](https://th.example) - ไลบรารีสำหรับภาษาไทย\n\
- [He](https://he.example) - ספרייה לעיבוד טקסט.\n\
- [Ar](https://ar.example) - أداة لتحويل النصوص.\n\
- [Hi](https://hi.example) - पाठ के लिए एक पुस्तकालय।\n\
- [Ja](https://ja.example) - 日本語のライブラリ。\n\
- [Ko](https://ko.example) - 한국어 라이브러리.\n\
- [Lower](https://lower.example) - a library.\n"
    );
    assert_eq!(
        List::new(&md).of("awesome-description-case", &[]),
        owned(&[(13, "a")])
    );
}

/// Item 5: an empty contributing file is no contributing guide.
#[test]
fn an_empty_contributing_file_counts_as_none() {
    let md = format!("{HEAD}## Tools\n\n- [Alpha](https://alpha.example) - Parses things.\n");
    for empty in ["", "\n  \n"] {
        let list = List::with_contributing(&md, Some(empty));
        let found: Vec<Finding> = list
            .check(&[])
            .into_iter()
            .filter(|f| f.rule == "awesome-contributing")
            .collect();
        assert_eq!(found.len(), 1, "{empty:?}: {found:?}");
        assert_eq!(found[0].line, 1);
        assert_eq!(
            found[0].message,
            "the contributing file `CONTRIBUTING.md` is empty"
        );
    }
    let list = List::with_contributing(&md, None);
    assert_eq!(
        list.check(&[])
            .iter()
            .filter(|f| f.rule == "awesome-contributing")
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>(),
        ["no contributing file beside the list"]
    );
    assert!(List::new(&md).of("awesome-contributing", &[]).is_empty());
}

/// Item 6: a broken table-of-contents link is `awesome-toc`'s alone.
#[test]
fn a_broken_toc_link_is_reported_once() {
    let md = format!(
        "{HEAD}## Contents\n\n\
- [Tools](#tools)\n\
- [Books](#bookz)\n\
\n\
## Tools\n\n\
- [Alpha](https://alpha.example) - Parses things, see [the books](#bookz).\n\
\n\
## Books\n\n\
- [Beta](https://beta.example) - Renders things.\n"
    );
    let list = List::new(&md);
    let at_toc: Vec<String> = list
        .check(&[])
        .into_iter()
        .filter(|f| f.line == 6)
        .map(|f| f.rule)
        .collect();
    assert_eq!(at_toc, ["awesome-toc"]);
    // A broken link outside the table is still link-fragment's.
    assert_eq!(list.of("link-fragment", &[]), owned(&[(10, "#bookz")]));
    // Without awesome-toc, link-fragment reports the table's link too.
    assert_eq!(
        list.of("link-fragment", &["--ignore", "awesome-toc"]),
        owned(&[(6, "#bookz"), (10, "#bookz")])
    );
    assert_eq!(
        list.of("link-fragment", &["--select", "link-fragment"]),
        owned(&[(6, "#bookz"), (10, "#bookz")])
    );
}

/// Item 7: product names written in lower case in running text.
#[test]
fn lowercase_product_names_in_prose_are_misspelled() {
    let md = format!(
        "{HEAD}## Tools\n\n\
- [Alpha](https://alpha.example) - A redis client for nodejs, tested on sqlite and elasticsearch.\n\
- [Bravo](https://bravo.example) - Websocket server in python for django and vuejs apps.\n\
- [pytorch-lightning](https://github.com/o/pytorch-lightning) - Trainer, see [pytorch](https://pytorch.org) and `import redis`.\n\
- [Charlie](https://charlie.example) - Install it with pip install django, or see django-debug-toolbar and https://example.org/redis/sqlite.\n\
- [Delta](https://delta.example) - A ball python care guide for python snakes.\n\
- [Echo](https://echo.example) - Tagged [python] and :redis:, from vuejs/vue-cli.\n\
- [Golf](https://golf.example) - Runs docker containers for node.js, converts docker run commands.\n\
\n\
## python\n\n\
- [Foxtrot](https://foxtrot.example) - Parses things.\n"
    );
    let list = List::new(&md);
    assert_eq!(
        list.of("awesome-spelling", &[]),
        owned(&[
            (5, "redis"),
            (5, "nodejs"),
            (5, "sqlite"),
            (5, "elasticsearch"),
            (6, "Websocket"),
            (6, "python"),
            (6, "django"),
            (6, "vuejs"),
            (11, "docker"),
            (11, "node.js"),
        ])
    );
    let fixed = fix_stdin(
        &md,
        &["--select", "awesome-spelling"],
        0,
        "1 file checked, no problems found",
    );
    assert!(fixed.contains("- A Redis client for Node.js, tested on SQLite and Elasticsearch.\n"));
    assert!(fixed.contains("- WebSocket server in Python for Django and Vue.js apps.\n"));
    // One problem, one diagnostic: a description that starts with a
    // lower-case name is the spelling rule's, not the case rule's.
    let md =
        format!("{HEAD}## Tools\n\n- [godis](https://github.com/o/godis) - redis client for Go.\n");
    let list = List::new(&md);
    assert_eq!(list.of("awesome-spelling", &[]), owned(&[(5, "redis")]));
    assert!(list.of("awesome-description-case", &[]).is_empty());
    assert_eq!(
        list.of(
            "awesome-description-case",
            &["--ignore", "awesome-spelling"]
        ),
        owned(&[(5, "redis")])
    );
}

/// Item 8: `std::tuple`, `boost::asio` and hyphenated project names are
/// names; hyphenated words are still words.
#[test]
fn paths_and_hyphenated_project_names_are_names() {
    let md = format!(
        "{HEAD}## Tools\n\n\
- [magic_get](https://github.com/apolukhin/magic_get) - std::tuple like methods for user defined types.\n\
- [Beast](https://github.com/boostorg/beast) - boost::asio based HTTP and WebSocket.\n\
- [nng](https://github.com/nanomsg/nng) - nanomsg-next-generation, a light-weight messaging library.\n\
- [Tool](https://github.com/o/tool) - cross-platform tool.\n\
- [aozorabunko_text](https://github.com/aozorahack/aozorabunko_text) - text-only archives.\n\
- [Lib](https://lib.example) - std is not a path here.\n"
    );
    assert_eq!(
        List::new(&md).of("awesome-description-case", &[]),
        owned(&[(8, "cross-platform"), (9, "text-only"), (10, "std")])
    );
}
