//! Style rules follow each list's own conventions, and preset detection
//! does not take outlines and rosters for awesome lists (issue 15).
//!
//! Each fixture is a reduction, written for these tests, of a real list on
//! which `listlint fix --no-config` used to impose a convention the list
//! does not keep. The built binary runs on a copy in a temporary directory.

use crate::support::Dir;
use crate::support::json::{diagnostics, rule};

/// `text` after `listlint fix --no-config` (safe fixes only), as a file;
/// the run leaves no error.
#[track_caller]
fn fixed(text: &str) -> String {
    let dir = Dir::with(&[("README.md", text)]);
    let run = dir.run(&["fix", "--no-config", "README.md"]);
    run.assert_code(0);
    dir.read("README.md")
}

/// `text` after `listlint fix` with `config` as `listlint.toml`; the run
/// leaves no error.
#[track_caller]
fn fixed_with(config: &str, text: &str) -> String {
    let dir = Dir::with(&[("README.md", text), ("listlint.toml", config)]);
    let run = dir.run(&["fix", "README.md"]);
    run.assert_code(0);
    dir.read("README.md")
}

/// The ids of the rules `check --no-config` reports on `text`.
fn rules_reported(text: &str) -> Vec<String> {
    let dir = Dir::with(&[("README.md", text)]);
    let run = dir.run(&["check", "--no-config", "--format", "json", "README.md"]);
    diagnostics(&run.checked_json())
        .iter()
        .map(|d| rule(d).to_owned())
        .collect()
}

/// What `check --verbose --no-config` says about the preset of `text`.
fn preset_line(text: &str) -> String {
    let dir = Dir::with(&[("list.md", text)]);
    let run = dir.run(&["check", "--no-config", "--verbose", "list.md"]);
    run.assert_code(0);
    let line = run.stderr.strip_suffix('\n').unwrap_or(&run.stderr);
    assert!(
        line.starts_with("list.md: ") && !line.contains('\n'),
        "stderr is one line about the preset: {run:?}"
    );
    line.to_owned()
}

/// awesome-rust: descriptions with a final period and without, mixed in
/// every section (464 with, 670 without); `fix` added 957 periods.
const MIXED_ENDINGS: &str = "\
# Awesome Oxide

A curated list of Rust code and resources.

## Applications

### Audio

* [dano](https://github.com/example/dano) - A hashdeep/md5tree for media files
* [Festival](https://github.com/example/festival) - A local music player/server/client
* [ncspot](https://github.com/example/ncspot) - Cross-platform ncurses Spotify client.
* [termusic](https://github.com/example/termusic) - Music player for the terminal

### Blockchain

* [Hyperlane](https://github.com/example/hyperlane) - Framework for permissionless interoperability.
* [Joystream](https://github.com/example/joystream) - A user governed video platform
* [Kaspa](https://github.com/example/kaspa) - A fast, open-source Layer-1.
* [Parity-Bitcoin](https://github.com/example/parity-bitcoin) - The Parity Bitcoin client
* [opensea-rs](https://github.com/example/opensea-rs) - Bindings and CLI to the Opensea API.
* [near](https://github.com/example/near) - decentralized smart-contract platform
";

#[test]
fn a_list_that_mixes_endings_gets_no_period() {
    assert_eq!(fixed(MIXED_ENDINGS), MIXED_ENDINGS);
    let rules = rules_reported(MIXED_ENDINGS);
    assert!(
        !rules.contains(&"awesome-description-punctuation".to_owned()),
        "{rules:?}"
    );
}

/// awesome-react: the Awesome badge, and 113 of 134 descriptions without
/// a final period ("Free Download", "Personal Blog"); `fix` added one to
/// each.
const FRAGMENTS: &str = "\
# Awesome Hooks [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

A collection of awesome things regarding the Hooks ecosystem.

## Tools

- [Hook Studio](https://example.com/studio) - Free Download
- [Hook Lab](https://example.com/lab) - Live playground for hooks
- [Jane's notes](https://example.com/jane) - Personal Blog
- [Hookform](https://example.com/hookform) - Performant, flexible forms with easy validation
- [Hookstate](https://example.com/hookstate) - The simple but incredibly fast state management
- [Hook Router](https://example.com/router) - Declarative routing for hooks
- [Hook Query](https://example.com/query) - Hooks for fetching, caching and updating data
- [Hook Charts](https://example.com/charts) - Composable charting library built on hooks
";

#[test]
fn a_list_of_fragments_keeps_them_despite_the_badge() {
    assert_eq!(fixed(FRAGMENTS), FRAGMENTS);
    // awesome-lint's convention is there for a list about to be submitted.
    let lint = fixed_with(
        "[rules]\nawesome-description-punctuation = { style = \"awesome-lint\" }\n",
        FRAGMENTS,
    );
    assert!(lint.contains("- Free Download.\n"), "{lint}");
    assert!(lint.contains("- Personal Blog.\n"), "{lint}");
}

/// A stray final period in a list of fragments is removed; several
/// sentences and abbreviations keep theirs.
#[test]
fn a_stray_full_stop_in_a_list_of_fragments_is_removed() {
    let md = FRAGMENTS.replace(
        "- Live playground for hooks\n",
        "- Live playground for hooks.\n- [Hook Kit](https://example.com/kit) - Forms, tables, etc.\n- [Hook Docs](https://example.com/docs) - Guides. Recipes for every hook.\n",
    );
    let out = fixed(&md);
    assert!(out.contains("- Live playground for hooks\n"), "{out}");
    assert!(out.contains("- Forms, tables, etc.\n"), "{out}");
    assert!(out.contains("- Guides. Recipes for every hook.\n"), "{out}");
}

/// A Chinese list that writes `[名称](url)：描述` on all 862 entries; `fix`
/// put ` - ` on every one.
const FULL_WIDTH_COLON: &str = "\
# Python 资源大全中文版

## 环境管理

管理 Python 版本和环境的工具

*   [p](https://github.com/example/p)：非常简单的交互式 Python 版本管理工具。
*   [pyenv](https://github.com/example/pyenv)：简单的 Python 版本管理工具。
*   [Vex](https://github.com/example/vex)：可以在虚拟环境中执行命令。
*   [virtualenv](https://pypi.org/project/virtualenv/)：创建独立 Python 环境的工具。

## 包管理

*   [pip](https://pip.pypa.io/)：Python 包和依赖关系管理工具。
*   [pip-tools](https://github.com/example/pip-tools)：保证 Python 包依赖关系更新的一组工具。
*   [conda](https://github.com/example/conda)：跨平台的 Python 二进制包管理工具。
*   [wheel](https://pythonwheels.com/)：Python 分发的新标准，意在取代 eggs。
";

#[test]
fn a_full_width_colon_list_keeps_its_separator() {
    assert_eq!(fixed(FULL_WIDTH_COLON), FULL_WIDTH_COLON);
    assert!(
        preset_line(FULL_WIDTH_COLON)
            .contains("preset awesome (8 of 8 entries are bullet links described after `：`)"),
        "{}",
        preset_line(FULL_WIDTH_COLON)
    );
    // The entries that deviate get the list's colon, not ` - `.
    let md = FULL_WIDTH_COLON
        .replace(
            "(https://github.com/example/pyenv)：",
            "(https://github.com/example/pyenv) - ",
        )
        .replace("(https://pip.pypa.io/)：", "(https://pip.pypa.io/): ");
    assert_eq!(fixed(&md), FULL_WIDTH_COLON);
}

/// awesome-mac (Chinese): descriptions end with `。`, also after Latin
/// words (`endpoints。`); `fix` put an ASCII `.` after `JMeter`.
const MARU: &str = "\
# Awesome Mac 中文版

## 开发者工具

* [Apifox](https://www.apifox.cn) - Apifox 是 API 文档、API 调试一体化协作平台，定位 Postman + Swagger + Mock + JMeter ![Freeware][Freeware Icon]
* [Cocoa Rest Client](https://example.com/crc) - 比 Postman 看起来漂亮的客户端，测试 HTTP/REST endpoints。![Freeware][Freeware Icon]
* [Echolon](https://echolon.app) - 开源 API 客户端，也是 Postman 的替代品。
* [Postman](https://www.getpostman.com) - Postman 帮助我们快速测试 API。![Freeware][Freeware Icon]
* [Paw](https://example.com/paw) - 先进的 HTTP 客户端。

[Freeware Icon]: https://example.com/freeware.svg
";

#[test]
fn a_chinese_sentence_ending_in_a_latin_word_takes_the_lists_full_stop() {
    let out = fixed(MARU);
    assert!(
        out.contains("+ Mock + JMeter。 ![Freeware][Freeware Icon]\n"),
        "{out}"
    );
    assert!(!out.contains("JMeter."), "{out}");
    assert_eq!(out.replace("JMeter。", "JMeter"), MARU);
}

/// A course outline: topics in bold, then resources written `[Topic](url):
/// text`; it was detected as an awesome list and its colons rewritten.
const OUTLINE: &str = "\
# Large Language Model Course

## 1. Mathematics for Machine Learning

- **Linear Algebra**: This is crucial for understanding many algorithms.
- **Calculus**: Many algorithms involve the optimization of continuous functions.
- **Probability and Statistics**: These are crucial for understanding how models learn.

Resources:

- [3Blue1Brown - The Essence of Linear Algebra](https://example.com/3b1b)
- [Seeing Theory](https://example.com/seeing): A visual introduction to probability.
- [Immersive Linear Algebra](https://example.com/ila): Another visual interpretation.

## 2. Python for Machine Learning

- **Python Basics**: Syntax, data types, error handling and object-oriented programming.
- **Data Science Libraries**: NumPy, Pandas, Matplotlib and Seaborn.
- **Data Preprocessing**: Feature scaling, missing data and outliers.
- **Machine Learning Libraries**: Scikit-learn and its algorithms.

Resources:

- [Real Python](https://example.com/realpython): A comprehensive resource with articles.
- [freeCodeCamp - Learn Python](https://example.com/fcc): Long video with an introduction.
- [Python Data Science Handbook](https://example.com/pdsh): Free digital book.
- [StatQuest](https://example.com/statquest) - Clear explanations of ML algorithms.

## 3. Neural Networks

- **Fundamentals**: Layers, weights, biases and activation functions.
- **Training and Optimization**: Backpropagation and loss functions.

Resources:

- [3Blue1Brown - But what is a Neural Network?](https://example.com/nn): Intuitive explanation.
- [Neural Networks and Deep Learning](https://example.com/nndl): Free online book.
- [Deep Learning Book](https://example.com/dlb): The standard textbook.
";

#[test]
fn a_course_outline_is_not_an_awesome_list() {
    let line = preset_line(OUTLINE);
    assert!(
        line.contains("no preset: 8 of 19 entries are bullet links described after `:`"),
        "{line}"
    );
    assert!(line.contains("outlines and rosters"), "{line}");
    assert_eq!(fixed(OUTLINE), OUTLINE);
}

/// A team roster at the end of a curriculum: `[Name](https://github.com/x):
/// Role`, taken for an awesome list.
const ROSTER: &str = "\
# Conteúdos

- [Sumário](#sumário)
- [Comunidade](#comunidade)
- [Time](#time)

# Sumário

O curso contém conteúdos organizados de forma estruturada.

# Comunidade

- [Discord](https://example.com/discord)
- [Telegram](https://example.com/telegram)

# Técnicas de estudo

- [Aprendendo a aprender](https://example.com/aprender)
- [Como estudar](https://example.com/estudar)
- [Técnica Pomodoro](https://example.com/pomodoro)
- [Mapas mentais](https://example.com/mapas)
- [Anki](https://example.com/anki)
- [Notion](https://example.com/notion)

## Time

  - [Camilo Azevedo](https://github.com/example1): Fundador da ULivre
  - [Mateus Roveda](https://github.com/example2): Líder de Comunidade
  - [Emanuel Castelo](https://github.com/example3): Admin da Comunidade
  - [Igor Vinoski](https://github.com/example4): Admin da Comunidade
  - [Leonardo Fiedler](https://github.com/example5): Moderador da Comunidade
  - [Diego Lucas](https://github.com/example6)
  - [Gabriel Silva](https://github.com/example7)
";

#[test]
fn a_team_roster_is_not_an_awesome_list() {
    let line = preset_line(ROSTER);
    assert!(line.contains("no preset: 5 of 15 entries"), "{line}");
    assert_eq!(fixed(ROSTER), ROSTER);
}

/// Emoji shortcodes after a link (`:worried:`) are not colons: the reason
/// said 67 entries had descriptions that were shortcodes.
#[test]
fn shortcodes_are_not_separators_in_the_reason() {
    let md = "# Books\n\n* [A](https://example.com/a) :worried:\n* [B](https://example.com/b) :worried:\n* [C](https://example.com/c)\n";
    let line = preset_line(md);
    assert!(line.contains("no preset: no shape dominates"), "{line}");
    assert!(
        line.contains("0 bullet entries with descriptions"),
        "{line}"
    );
}

/// A table of contents in `*` above entries in `-`, and an outline whose
/// later chapters use `*`: each section keeps its markers.
const SECTION_MARKERS: &str = "\
# Awesome Words

## Contents

* [Research](#research)
* [Tutorials](#tutorials)
  * [Reading](#reading)

## Research

- [Paper A](https://example.com/a) - A survey of methods.
- [Paper B](https://example.com/b) - Benchmarks for models.

## Tutorials

- [Course A](https://example.com/ca) - Lectures and exercises.
- [Course B](https://example.com/cb) - Notebooks for beginners.

### Reading

* [Book A](https://example.com/ba) - Deep learning, from scratch.
* [Book B](https://example.com/bb) - Speech and language processing.
* [Book C](https://example.com/bc) - Text analysis with Python.
* [Book D](https://example.com/bd) - Natural language processing in action.
";

#[test]
fn sections_keep_their_list_markers() {
    assert_eq!(fixed(SECTION_MARKERS), SECTION_MARKERS);
    // A marker changed in the middle of a section starts a new list: fixed.
    let md = SECTION_MARKERS.replace("* [Book B]", "+ [Book B]");
    assert_eq!(fixed(&md), SECTION_MARKERS);
}

#[test]
fn a_bad_style_names_the_key_and_what_was_expected() {
    let dir = Dir::with(&[("README.md", FRAGMENTS)]);
    for (config, key, expected) in [
        (
            "[rules]\nawesome-description-punctuation = { style = \"full\" }\n",
            "rules.awesome-description-punctuation.style",
            "`period`",
        ),
        (
            "[rules]\nawesome-entry-format = { style = \"|\" }\n",
            "rules.awesome-entry-format.style",
            "\"awesome-lint\"",
        ),
        (
            "[rules]\nlist-marker = { style = \"dash\", colour = \"red\" }\n",
            "rules.list-marker.colour",
            "`style`",
        ),
    ] {
        dir.write("listlint.toml", config);
        let run = dir.run(&["check", "README.md"]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(
            run.stderr.contains(key) && run.stderr.contains(expected),
            "{config}: {run:?}"
        );
    }
}

#[test]
fn fixed_styles_are_applied() {
    let config =
        "[rules]\nawesome-entry-format = { style = \" - \" }\nlist-marker = { style = \"dash\" }\n";
    let out = fixed_with(config, FULL_WIDTH_COLON);
    assert!(
        out.contains(
            "-   [pyenv](https://github.com/example/pyenv) - 简单的 Python 版本管理工具。\n"
        ),
        "{out}"
    );
    assert!(!out.contains(")："), "{out}");
}

/// free-programming-books: "Compiled from StackOverflow Documentation"
/// on 93 entries, `Stack Overflow` three times; `fix` rewrote all 93.
const OWN_SPELLING: &str = "\
# Awesome Books

A list of free books.

## Contents

- [Go](#go)

## Go

- [Go Notes](https://example.org/go.pdf) - Compiled from StackOverflow Documentation.
- [Rust Notes](https://example.org/rust.pdf) - Compiled from StackOverflow Documentation.
- [Ruby Notes](https://example.org/ruby.pdf) - Compiled from StackOverflow Documentation.
- [Tcl Notes](https://example.org/tcl.pdf) - Compiled from StackOverflow Documentation.
- [C Notes](https://example.org/c.pdf) - Answers from Stack Overflow, in a Javascript book.
";

#[test]
fn a_misspelling_the_list_writes_consistently_is_reported_but_not_fixed() {
    let out = fixed(OWN_SPELLING);
    assert_eq!(out.matches("StackOverflow").count(), 4, "{out}");
    // A slip the list does not repeat is still fixed.
    assert!(out.contains("in a JavaScript book"), "{out}");
    assert!(
        rules_reported(OWN_SPELLING)
            .iter()
            .filter(|r| *r == "awesome-spelling")
            .count()
            == 5
    );
    let dir = Dir::with(&[("README.md", OWN_SPELLING)]);
    let run = dir.run(&["fix", "--no-config", "--unsafe-fixes", "README.md"]);
    run.assert_code(0);
    assert!(!dir.read("README.md").contains("StackOverflow"));
}
