//! End-to-end tests of the built `listlint` binary (SPEC §2, §3).
//!
//! Every test runs the real executable in a temporary directory on small
//! fixtures written here or kept in `tests/fixtures/`, and asserts what a user
//! or a script relies on: output, exit code, and the files written.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::support::dir::write;
use crate::support::json::{diagnostics, errors, found};
use crate::support::{Dir, Run, listlint, run};

/// A small notes document with one problem of several kinds.
const SMALL_NOTES: &str = include_str!("../fixtures/small_notes.md");
/// A notes document written for these tests in the shape of a real user's
/// (sections, numbered link entries, nested comments, lazy continuation
/// lines), with the same problems on the same lines: an entry without a
/// comment, an arXiv PDF link, trailing whitespace and `HuggingFaceâ€™s`.
const SEED_NOTES: &[u8] = include_bytes!("../fixtures/notes_like_seed.md");

/// A clean notes document: no diagnostic at all.
const CLEAN: &str = "# Reading list\n\n1. [A paper](https://example.com/a)\n    - Comment: Fine.\n2. [Another](https://example.com/b)\n    - Comment: Also fine.\n";
/// Only a warning (`insecure-link`), no error.
const WARNING_ONLY: &str =
    "# Reading list\n\n1. [A paper](http://example.com/a)\n    - Comment: Fine.\n";
/// An error (`list-numbering`) and nothing else.
const ERROR_ONLY: &str = "# Reading list\n\n1. [A paper](https://example.com/a)\n    - Comment: Fine.\n3. [Another](https://example.com/b)\n    - Comment: Also fine.\n";

/// Runs listlint in `dir` with `input` on stdin.
fn run_stdin(dir: &Path, args: &[&str], input: &str) -> Run {
    listlint(dir).args(args).stdin(input).run()
}

/// The rule ids reported.
fn rules_of(json: &Value) -> BTreeSet<String> {
    found(json).into_iter().map(|(_, r, _)| r).collect()
}

/// The paths reported (one per diagnostic), `/`-separated.
fn paths_of(json: &Value) -> BTreeSet<String> {
    found(json).into_iter().map(|(p, _, _)| p).collect()
}

/// `check --format json` in `dir` with `extra`: the run must exit with
/// `code` and write nothing on stderr.
#[track_caller]
fn check_json(dir: &Path, extra: &[&str], code: i32) -> (Run, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    out.assert_code(code).assert_quiet();
    let json = out.json();
    (out, json)
}

// ---------------------------------------------------------------- formats

#[test]
fn human_format_snapshot() {
    let dir = Dir::new();
    write(dir.path(), "small_notes.md", SMALL_NOTES);
    let out = run(dir.path(), &["check", "--color", "never", "small_notes.md"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(!out.stdout.contains('\x1b'), "colour with --color never");
    insta::assert_snapshot!("human", out.stdout);
}

#[test]
fn human_format_keeps_many_findings_in_order() {
    // More findings than one chunk of snippets laid out together.
    let dir = Dir::new();
    let text: String = (0..300).map(|i| format!("line {i} \n")).collect();
    write(dir.path(), "many.md", &text);
    let out = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--select",
            "trailing-whitespace",
            "--color",
            "never",
            "many.md",
        ],
    );
    let lines: Vec<usize> = out
        .stdout
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("┌─ many.md:"))
        .map(|l| l.split(':').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(lines, (1..=300).collect::<Vec<_>>());
}

#[test]
fn concise_format_snapshot() {
    let dir = Dir::new();
    write(dir.path(), "small_notes.md", SMALL_NOTES);
    let out = run(
        dir.path(),
        &["check", "--format", "concise", "small_notes.md"],
    );
    assert_eq!(out.code, 1, "{out:?}");
    for line in out.stdout.lines() {
        assert!(
            line.starts_with("small_notes.md:"),
            "concise lines are `path:line:col: severity[rule] message`: {line}"
        );
    }
    insta::assert_snapshot!("concise", out.stdout);
}

#[test]
fn json_format_has_the_spec_fields() {
    let dir = Dir::new();
    write(dir.path(), "small_notes.md", SMALL_NOTES);
    let (out, json) = check_json(dir.path(), &["small_notes.md"], 1);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(json["version"], 1);
    assert_eq!(json["files"], 1);
    assert!(
        json.get("errors").is_none() || json["errors"].as_array().unwrap().is_empty(),
        "{out:?}"
    );
    let want_keys: BTreeSet<&str> = [
        "path",
        "rule",
        "severity",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "url",
        "fixable",
        "fix",
    ]
    .into_iter()
    .collect();
    let diags = diagnostics(&json);
    assert!(!diags.is_empty());
    for d in diags {
        let keys: BTreeSet<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, want_keys, "{d}");
        assert_eq!(d["path"], "small_notes.md");
        assert!(
            ["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()),
            "{d}"
        );
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1);
        // `fixable` is true exactly when a safe fix exists.
        assert_eq!(d["fixable"].as_bool().unwrap(), d["fix"] == "safe", "{d}");
    }
    let by_rule = |rule: &str| {
        diags
            .iter()
            .find(|d| d["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {out:?}"))
    };

    let numbering = by_rule("list-numbering");
    assert_eq!(numbering["severity"], "error");
    assert_eq!(
        (
            &numbering["line"],
            &numbering["column"],
            &numbering["end_line"],
            &numbering["end_column"]
        ),
        (
            &Value::from(6),
            &Value::from(1),
            &Value::from(6),
            &Value::from(2)
        ),
        "the span of `3` on line 6, end exclusive"
    );
    assert_eq!(numbering["message"], "expected 2, found 3");
    assert_eq!(numbering["url"], Value::Null);
    assert_eq!(numbering["fixable"], true);
    assert_eq!(numbering["fix"], "safe");

    let insecure = by_rule("insecure-link");
    assert_eq!(insecure["severity"], "warning");
    assert_eq!(insecure["url"], "http://example.com/two?utm_source=feed");
    assert_eq!(insecure["fixable"], false);
    assert_eq!(insecure["fix"], "unsafe");
    assert_eq!(
        (&insecure["line"], &insecure["column"]),
        (&6.into(), &16.into())
    );

    let comment = by_rule("entry-comment");
    assert_eq!(comment["line"], 8);
    assert_eq!(comment["fix"], Value::Null);
    assert_eq!(comment["fixable"], false);

    let canonical = by_rule("canonical-link");
    assert_eq!(canonical["severity"], "info");

    // Sorted by path, line, column and rule.
    let order: Vec<(u64, u64, String)> = diags
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[test]
fn json_columns_count_unicode_scalar_values() {
    let dir = Dir::new();
    // `é` is 2 bytes and `☕` 3 bytes in UTF-8; both are one column.
    write(
        dir.path(),
        "u.md",
        "# Café ☕\n\n1. [Café ☕ notes](http://example.com/x)\n    - Comment: Fine.\n",
    );
    let (out, json) = check_json(dir.path(), &["u.md"], 0);
    let d = diagnostics(&json)
        .iter()
        .find(|d| d["rule"] == "insecure-link")
        .unwrap_or_else(|| panic!("{out:?}"));
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 19, "{d}");
    assert_eq!(
        d["end_column"],
        19 + "http://example.com/x".len() as u64,
        "{d}"
    );
}

#[test]
fn color_always_and_never() {
    let dir = Dir::new();
    write(dir.path(), "e.md", ERROR_ONLY);
    let always = run(dir.path(), &["check", "--color", "always", "e.md"]);
    always.assert_code(1).assert_quiet();
    assert!(always.stdout.contains('\x1b'), "{always:?}");
    let never = run(dir.path(), &["check", "--color", "never", "e.md"]);
    never.assert_code(1).assert_quiet();
    assert!(!never.stdout.contains('\x1b'), "{never:?}");
    assert!(never.stdout.contains("error[list-numbering]"), "{never:?}");
}

#[test]
fn quiet_drops_the_summary_and_verbose_names_the_preset() {
    let dir = Dir::new();
    write(dir.path(), "e.md", ERROR_ONLY);
    let normal = run(dir.path(), &["check", "--color", "never", "e.md"]);
    assert!(normal.stdout.contains("1 file checked"), "{normal:?}");
    let quiet = run(
        dir.path(),
        &["check", "--color", "never", "--quiet", "e.md"],
    );
    assert_eq!(quiet.code, 1);
    assert!(quiet.stdout.contains("error[list-numbering]"), "{quiet:?}");
    assert!(!quiet.stdout.contains("checked"), "{quiet:?}");
    assert!(!quiet.stderr.contains("checked"), "{quiet:?}");
    let verbose = run(
        dir.path(),
        &["check", "--verbose", "--format", "concise", "e.md"],
    );
    verbose.assert_code(1).assert_stderr(
        "e.md: preset notes (2 of 2 entries are ordered links with fields)\n\
         1 file checked: 1 error, 0 warnings, 0 info\n",
    );
    assert!(verbose.stderr.contains("preset notes"), "{verbose:?}");
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_0_on_a_clean_file() {
    let dir = Dir::new();
    write(dir.path(), "clean.md", CLEAN);
    let (out, json) = check_json(dir.path(), &["clean.md"], 0);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(diagnostics(&json).is_empty(), "{out:?}");
    let human = run(dir.path(), &["check", "--color", "never", "clean.md"]);
    assert_eq!(human.code, 0);
    assert!(human.stdout.contains("no problems found"), "{human:?}");
}

#[test]
fn exit_1_on_an_error() {
    let dir = Dir::new();
    write(dir.path(), "e.md", ERROR_ONLY);
    let (out, json) = check_json(dir.path(), &["e.md"], 1);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        found(&json),
        vec![("e.md".into(), "list-numbering".into(), 5)]
    );
}

#[test]
fn fail_on_decides_which_severity_fails() {
    let dir = Dir::new();
    write(dir.path(), "w.md", WARNING_ONLY);
    write(dir.path(), "e.md", ERROR_ONLY);
    let (out, json) = check_json(dir.path(), &["w.md"], 0);
    assert_eq!(rules_of(&json), ["insecure-link".to_owned()].into());
    assert_eq!(out.code, 0, "a warning alone passes by default: {out:?}");
    let out = run(dir.path(), &["check", "--fail-on", "warning", "w.md"]);
    assert_eq!(out.code, 1, "{out:?}");
    let out = run(dir.path(), &["check", "--fail-on", "error", "w.md"]);
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(dir.path(), &["check", "--fail-on", "never", "e.md"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains("list-numbering"),
        "still reported: {out:?}"
    );
}

#[test]
fn exit_2_on_a_bad_flag() {
    let dir = Dir::new();
    write(dir.path(), "clean.md", CLEAN);
    let out = run(dir.path(), &["check", "--no-such-flag", "clean.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--no-such-flag"), "{out:?}");
    let out = run(dir.path(), &["check", "--format", "yaml", "clean.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    let out = run(dir.path(), &["check", "--fail-on", "sometimes", "clean.md"]);
    assert_eq!(out.code, 2, "{out:?}");
}

#[test]
fn exit_2_on_an_unknown_rule_in_select_or_ignore() {
    let dir = Dir::new();
    write(dir.path(), "e.md", ERROR_ONLY);
    let out = run(dir.path(), &["check", "--select", "no-such-rule", "e.md"]);
    assert_eq!(out.code, 2, "wins over the error in e.md: {out:?}");
    assert!(out.stderr.contains("no-such-rule"), "{out:?}");
    let out = run(
        dir.path(),
        &["check", "--ignore", "list-numbering,no-such-rule", "e.md"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("no-such-rule"), "{out:?}");
}

#[test]
fn unknown_rule_in_select_with_json_is_reported_in_errors() {
    let dir = Dir::new();
    write(dir.path(), "e.md", ERROR_ONLY);
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--select",
            "no-such-rule",
            "e.md",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    let json = out.json();
    assert!(
        errors(&json)
            .iter()
            .any(|e| e["message"].as_str().unwrap().contains("no-such-rule")),
        "{out:?}"
    );
}

#[test]
fn exit_2_on_an_unknown_config_key_naming_the_file_and_the_key() {
    let dir = Dir::new();
    write(dir.path(), "listlint.toml", "colour = \"red\"\n");
    write(dir.path(), "e.md", ERROR_ONLY);
    let out = run(dir.path(), &["check", "e.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("listlint.toml"), "{out:?}");
    assert!(out.stderr.contains("colour"), "{out:?}");

    // A nested unknown key, and an explicit --config.
    write(
        dir.path(),
        "other.toml",
        "[fields]\nrequired = [\"Comment\"]\nmandatory = [\"Code\"]\n",
    );
    let out = run(dir.path(), &["check", "--config", "other.toml", "e.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("other.toml"), "{out:?}");
    assert!(out.stderr.contains("mandatory"), "{out:?}");
}

#[test]
fn exit_2_on_a_bad_severity_in_config() {
    let dir = Dir::new();
    write(
        dir.path(),
        "listlint.toml",
        "[rules]\nlist-numbering = \"loud\"\n",
    );
    write(dir.path(), "clean.md", CLEAN);
    let out = run(dir.path(), &["check", "clean.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("listlint.toml"), "{out:?}");
    assert!(out.stderr.contains("rules.list-numbering"), "{out:?}");
    assert!(out.stderr.contains("loud"), "{out:?}");

    // In JSON the failure is part of the document.
    let out = run(dir.path(), &["check", "--format", "json", "clean.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    let json = out.json();
    let message = json["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("rules.list-numbering"), "{out:?}");
}

#[test]
fn config_rejects_bad_custom_patterns_and_validates_links() {
    let dir = Dir::new();
    write(dir.path(), "clean.md", CLEAN);
    write(
        dir.path(),
        "custom.toml",
        "[[custom]]\nid = \"no-medium\"\npattern = 'medium\\.(com'\nmessage = \"no\"\n",
    );
    let out = run(
        dir.path(),
        &["check", "--config", "custom.toml", "clean.md"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    // The file, the key, the rule and where in the pattern.
    for part in [
        "custom.toml",
        "custom[0].pattern",
        "`no-medium`",
        "at character 9",
        "unclosed group",
    ] {
        assert!(out.stderr.contains(part), "{part}: {out:?}");
    }

    write(dir.path(), "links.toml", "[links]\ntimeout = \"soon\"\n");
    let out = run(dir.path(), &["check", "--config", "links.toml", "clean.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("links.timeout"), "{out:?}");

    write(
        dir.path(),
        "links-ok.toml",
        "[links]\nenabled = false\ntimeout = \"20s\"\nretries = 3\n",
    );
    let out = run(
        dir.path(),
        &["check", "--config", "links-ok.toml", "clean.md"],
    );
    assert_eq!(out.code, 0, "a valid [links] table is accepted: {out:?}");
}

#[test]
fn exit_2_on_a_path_that_does_not_exist() {
    let dir = Dir::new();
    write(dir.path(), "e.md", ERROR_ONLY);
    let out = run(dir.path(), &["check", "missing.md", "e.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("missing.md"), "{out:?}");
    assert!(
        out.stdout.contains("list-numbering"),
        "the other file is still linted: {out:?}"
    );
}

#[test]
fn exit_2_on_a_glob_that_matches_nothing() {
    let dir = Dir::new();
    write(dir.path(), "clean.md", CLEAN);
    let out = run(dir.path(), &["check", "drafts/*.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("drafts/*.md"), "{out:?}");
}

#[cfg(unix)]
#[test]
fn exit_2_on_a_dangling_symlink_and_the_other_files_are_still_linted() {
    let dir = Dir::new();
    write(dir.path(), "e.md", ERROR_ONLY);
    std::os::unix::fs::symlink("nowhere.md", dir.path().join("dangling.md")).unwrap();

    let out = run(
        dir.path(),
        &["check", "--format", "concise", "dangling.md", "e.md"],
    );
    assert_eq!(out.code, 2, "2 wins over 1: {out:?}");
    assert!(out.stderr.contains("dangling.md"), "{out:?}");
    assert!(
        out.stderr.contains("No such file") || out.stderr.contains("os error"),
        "the OS error is given: {out:?}"
    );
    assert!(
        out.stdout.contains("e.md:5:1: error[list-numbering]"),
        "{out:?}"
    );

    let (out, json) = check_json(dir.path(), &["dangling.md", "e.md"], 2);
    let errors = errors(&json);
    assert_eq!(errors.len(), 1, "{out:?}");
    assert_eq!(errors[0]["path"], "dangling.md");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("os error"),
        "{out:?}"
    );
    assert_eq!(
        found(&json),
        vec![("e.md".into(), "list-numbering".into(), 5)]
    );
}

// ---------------------------------------------------------------- inputs

#[test]
fn stdin_with_stdin_filename_finds_the_config_and_names_the_input() {
    let dir = Dir::new();
    write(
        dir.path(),
        "sub/listlint.toml",
        "[rules]\ninsecure-link = \"error\"\n",
    );
    let out = run_stdin(
        dir.path(),
        &[
            "check",
            "--stdin",
            "--stdin-filename",
            "sub/notes.md",
            "--format",
            "json",
        ],
        WARNING_ONLY,
    );
    assert_eq!(out.code, 1, "the config in sub/ makes it an error: {out:?}");
    let json = out.json();
    let d = &diagnostics(&json)[0];
    assert_eq!(d["path"], "sub/notes.md");
    assert_eq!(d["rule"], "insecure-link");
    assert_eq!(d["severity"], "error");

    // Without a name, stdin is `-` and gets no config from sub/.
    let out = run_stdin(
        dir.path(),
        &["check", "--stdin", "--format", "concise"],
        WARNING_ONLY,
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.starts_with("-:3:") && out.stdout.contains("warning[insecure-link]"),
        "{out:?}"
    );
}

#[test]
fn directory_walk_honours_gitignore_and_picks_markdown_only() {
    let dir = Dir::new();
    let d = dir.path();
    for rel in [
        "a.md",
        "sub/b.markdown",
        "sub/c.MD",
        "notes.txt",
        "build/generated.md",
        "sub/skip.md",
    ] {
        write(d, rel, WARNING_ONLY);
    }
    write(d, ".gitignore", "build/\nskip.md\n");

    let (out, json) = check_json(d, &["."], 0);
    assert_eq!(json["files"], 3, "{out:?}");
    assert_eq!(
        paths_of(&json),
        ["a.md", "sub/b.markdown", "sub/c.MD"]
            .map(String::from)
            .into(),
        "{out:?}"
    );

    // The same with the implicit `.` and with a directory argument.
    let (_, implicit) = check_json(d, &[], 0);
    assert_eq!(paths_of(&implicit), paths_of(&json));
    let (out, sub) = check_json(d, &["sub"], 0);
    assert_eq!(
        paths_of(&sub),
        ["sub/b.markdown", "sub/c.MD"].map(String::from).into(),
        "{out:?}"
    );

    // A file named explicitly is linted whatever its extension.
    let (out, txt) = check_json(d, &["notes.txt"], 0);
    assert_eq!(paths_of(&txt), ["notes.txt".to_owned()].into(), "{out:?}");
}

#[test]
fn globs_are_expanded_by_listlint() {
    let dir = Dir::new();
    let d = dir.path();
    write(d, "docs/one.md", WARNING_ONLY);
    write(d, "docs/two.md", WARNING_ONLY);
    write(d, "docs/three.txt", WARNING_ONLY);
    write(d, "other/four.md", WARNING_ONLY);
    // No shell here: the pattern reaches listlint as written.
    let (out, json) = check_json(d, &["docs/*.md"], 0);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(json["files"], 2);
    assert_eq!(
        paths_of(&json),
        ["docs/one.md", "docs/two.md"].map(String::from).into(),
        "{out:?}"
    );
    let (out, json) = check_json(d, &["**/f*.md"], 0);
    assert_eq!(
        paths_of(&json),
        ["other/four.md".to_owned()].into(),
        "{out:?}"
    );
}

#[test]
fn implicit_dot_without_markdown_files_exits_0_with_a_note() {
    let dir = Dir::new();
    write(dir.path(), "notes.txt", "not markdown\n");
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("no Markdown files"), "{out:?}");
}

// ---------------------------------------------------------------- rule selection

#[test]
fn select_and_ignore() {
    let dir = Dir::new();
    write(dir.path(), "small_notes.md", SMALL_NOTES);
    let (_, all) = check_json(dir.path(), &["small_notes.md"], 1);
    let all = rules_of(&all);
    assert!(all.contains("insecure-link") && all.contains("list-numbering"));

    let (out, json) = check_json(
        dir.path(),
        &[
            "--select",
            "insecure-link,trailing-whitespace",
            "small_notes.md",
        ],
        0,
    );
    assert_eq!(
        rules_of(&json),
        ["insecure-link", "trailing-whitespace"]
            .map(String::from)
            .into()
    );
    assert_eq!(out.code, 0, "no error selected: {out:?}");

    let (out, json) = check_json(
        dir.path(),
        &["--ignore", "list-numbering,insecure-link", "small_notes.md"],
        0,
    );
    let mut want = all.clone();
    want.remove("list-numbering");
    want.remove("insecure-link");
    assert_eq!(rules_of(&json), want);
    assert_eq!(out.code, 0, "{out:?}");
}

// ---------------------------------------------------------------- suppression

#[test]
fn inline_suppression_comments() {
    let dir = Dir::new();
    write(
        dir.path(),
        "s.md",
        "# Notes

<!-- listlint-disable-next-line insecure-link -->
1. [A](http://one.example.com/a)
    - Comment: Silenced by disable-next-line.
2. [B](http://two.example.com/b)
    - Comment: Reported.

## Block

<!-- listlint-disable insecure-link -->
1. [C](http://three.example.com/c)
    - Comment: Silenced by the block.

<!-- listlint-enable insecure-link -->

## After

1. [D](http://four.example.com/d) <!-- listlint-disable-line insecure-link -->
    - Comment: Silenced by disable-line.
2. [E](http://five.example.com/e)
    - Comment: Reported again after the enable.

<!-- listlint-disable-next-line bare-url -->
Nothing to silence here.
",
    );
    let (out, json) = check_json(dir.path(), &["s.md"], 0);
    assert_eq!(
        found(&json),
        vec![
            ("s.md".into(), "insecure-link".into(), 6),
            ("s.md".into(), "insecure-link".into(), 21),
            ("s.md".into(), "unused-suppression".into(), 24),
        ],
        "{out:?}"
    );
    let unused = &diagnostics(&json)[2];
    assert_eq!(unused["severity"], "info");
    assert!(
        unused["message"].as_str().unwrap().contains("bare-url"),
        "{out:?}"
    );

    // unused-suppression is reported only for rules that ran.
    let (out, json) = check_json(dir.path(), &["--ignore", "bare-url", "s.md"], 0);
    assert!(!rules_of(&json).contains("unused-suppression"), "{out:?}");
}

#[test]
fn disable_file_silences_the_whole_file() {
    let dir = Dir::new();
    let body = "# Notes\n\n1. [A](http://one.example.com/a)\n    - Comment: Fine.\n3. [B](https://two.example.com/b)\n    - Comment: Fine.\n";
    write(dir.path(), "loud.md", body);
    write(
        dir.path(),
        "quiet.md",
        format!("<!-- listlint-disable-file -->\n{body}"),
    );
    let (out, loud) = check_json(dir.path(), &["loud.md"], 1);
    assert_eq!(out.code, 1);
    assert_eq!(
        rules_of(&loud),
        ["insecure-link", "list-numbering"].map(String::from).into()
    );
    let (out, quiet) = check_json(dir.path(), &["quiet.md"], 0);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(diagnostics(&quiet).is_empty(), "{out:?}");
}

// ---------------------------------------------------------------- configuration

#[test]
fn config_is_found_in_a_parent_directory() {
    let dir = Dir::new();
    let d = dir.path();
    write(d, "listlint.toml", "[rules]\ninsecure-link = \"error\"\n");
    write(d, "docs/deep/w.md", WARNING_ONLY);

    // From the top, and from the file's own directory.
    let (out, json) = check_json(d, &["docs/deep/w.md"], 1);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(diagnostics(&json)[0]["severity"], "error");
    let (out, json) = check_json(&d.join("docs/deep"), &["w.md"], 1);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(diagnostics(&json)[0]["severity"], "error");

    // The nearest config wins.
    write(
        d,
        "docs/.listlint.toml",
        "[rules]\ninsecure-link = \"off\"\n",
    );
    let (out, json) = check_json(d, &["docs/deep/w.md"], 0);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(diagnostics(&json).is_empty(), "{out:?}");

    // --no-config ignores both.
    let (out, json) = check_json(d, &["--no-config", "docs/deep/w.md"], 0);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(diagnostics(&json)[0]["severity"], "warning");
}

#[test]
fn config_rules_fields_sections_and_exclude() {
    let dir = Dir::new();
    let d = dir.path();
    write(
        d,
        "listlint.toml",
        r#"preset = "notes"
exclude = ["vendor/**"]

[rules]
list-numbering = { severity = "warning", style = "one" }
trailing-whitespace = "off"

[fields]
known = ["Comment", "Code"]

[sections."Papers"]
links = "required"
required-fields = ["Comment", "Code"]
"#,
    );
    write(
        d,
        "n.md",
        "# Notes

## Papers
1. [A](https://example.com/a)
    - Comment: No code field. 
1. Not a link
    - Comment: Plain text.
    - Code: none

## Other
1. [B](https://example.com/b)
    - Comment: Fine.
",
    );
    write(d, "vendor/v.md", ERROR_ONLY);
    let (out, json) = check_json(d, &[], 1);
    let mut got = found(&json);
    got.sort();
    assert_eq!(
        got,
        vec![
            ("n.md".into(), "entry-comment".into(), 4),
            ("n.md".into(), "entry-link".into(), 6),
        ],
        "style = one accepts 1. 1.; vendor/ is excluded; trailing-whitespace is off: {out:?}"
    );
    assert_eq!(out.code, 1, "entry-link is an error: {out:?}");
    let msg = diagnostics(&json)
        .iter()
        .find(|d| d["rule"] == "entry-comment")
        .unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(msg.contains("Code"), "{msg}");

    // Named explicitly, an excluded file is linted.
    let (out, json) = check_json(d, &["vendor/v.md"], 0);
    assert_eq!(
        rules_of(&json),
        ["list-numbering".to_owned()].into(),
        "{out:?}"
    );
}

#[test]
fn overrides_apply_to_matching_files() {
    let dir = Dir::new();
    let d = dir.path();
    write(
        d,
        "listlint.toml",
        "[rules]\ninsecure-link = \"error\"\n\n[[overrides]]\nfiles = [\"archive/**\"]\nrules = { insecure-link = \"off\" }\n",
    );
    write(d, "current/w.md", WARNING_ONLY);
    write(d, "archive/2019/w.md", WARNING_ONLY);
    let (out, json) = check_json(d, &[], 1);
    assert_eq!(
        found(&json),
        vec![("current/w.md".into(), "insecure-link".into(), 3)],
        "{out:?}"
    );
    assert_eq!(diagnostics(&json)[0]["severity"], "error");
    assert_eq!(out.code, 1);
}

#[test]
fn overrides_apply_when_run_from_a_subdirectory() {
    let dir = Dir::new();
    let d = dir.path();
    write(
        d,
        "listlint.toml",
        "[[overrides]]\nfiles = [\"archive/**\"]\nrules = { insecure-link = \"off\" }\n",
    );
    write(d, "archive/w.md", WARNING_ONLY);
    let (out, json) = check_json(&d.join("archive"), &["w.md"], 0);
    assert!(diagnostics(&json).is_empty(), "{out:?}");
}

// ---------------------------------------------------------------- rules, explain, init

#[test]
fn rules_lists_every_rule_in_both_formats() {
    let dir = Dir::new();
    let out = run(dir.path(), &["rules", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let json = out.json();
    let rows = json.as_array().expect("an array of rules");
    assert!(rows.len() >= 15, "{out:?}");
    assert_eq!(rows[0]["id"], "list-numbering");
    assert_eq!(rows[0]["default"], "error");
    assert_eq!(rows[0]["fix"], "safe");
    for row in rows {
        for key in ["id", "default", "fix", "presets", "summary"] {
            assert!(row[key].is_string(), "{key} in {row}");
        }
    }
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for id in ["entry-comment", "field-format", "unused-suppression"] {
        assert!(ids.contains(&id), "{id} missing: {ids:?}");
    }

    let human = run(dir.path(), &["rules"]);
    assert_eq!(human.code, 0);
    for id in &ids {
        assert!(
            human
                .stdout
                .lines()
                .any(|l| l.starts_with(&format!("{id} "))),
            "{id} missing from `listlint rules`:\n{}",
            human.stdout
        );
    }
}

#[test]
fn explain_prints_the_rule_doc() {
    let dir = Dir::new();
    let out = run(dir.path(), &["explain", "list-numbering"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.starts_with("# list-numbering\n"), "{out:?}");
    assert!(out.stdout.contains("**Default:** error"), "{out:?}");

    let out = run(dir.path(), &["explain", "no-such-rule"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(out.stderr.contains("no-such-rule"), "{out:?}");
}

#[test]
fn init_writes_a_valid_config_and_refuses_to_overwrite() {
    let dir = Dir::new();
    let d = dir.path();
    write(d, "notes.md", CLEAN);
    let out = run(d, &["init"]);
    assert_eq!(out.code, 0, "{out:?}");
    let config = d.join("listlint.toml");
    let text = std::fs::read_to_string(&config).expect("listlint.toml written");
    assert!(text.contains("preset = \"notes\""), "{text}");

    // What init writes is a config that check accepts.
    let out = run(d, &["check", "notes.md"]);
    assert_eq!(out.code, 0, "{out:?}");

    // A second init refuses and leaves the file alone.
    std::fs::write(&config, "# mine\n").unwrap();
    let out = run(d, &["init"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("listlint.toml"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "# mine\n");

    let out = run(d, &["init", "--force"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_ne!(std::fs::read_to_string(&config).unwrap(), "# mine\n");

    // init DIR writes into DIR.
    write(d, "sub/list.md", CLEAN);
    let out = run(d, &["init", "sub"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(d.join("sub/listlint.toml").is_file());
}

// ---------------------------------------------------------------- real documents

#[test]
fn a_notes_document_like_the_seed() {
    let dir = Dir::new();
    write(dir.path(), "notes.md", SEED_NOTES);
    let (out, json) = check_json(dir.path(), &["notes.md"], 1);
    assert_eq!(
        found(&json),
        vec![
            ("notes.md".into(), "entry-comment".into(), 8),
            ("notes.md".into(), "canonical-link".into(), 11),
            ("notes.md".into(), "trailing-whitespace".into(), 14),
            ("notes.md".into(), "mojibake".into(), 22),
        ],
        "{out:?}"
    );
    assert_eq!(out.code, 1, "the mojibake is an error: {out:?}");
}

/// The seed case of the fix issue: `HuggingFaceâ€™s` becomes
/// `HuggingFace’s` and nothing else on that line changes; with only
/// `mojibake` selected nothing else in the file changes either.
#[test]
fn notes_mojibake_is_repaired_alone() {
    let dir = Dir::new();
    let out = run_stdin(
        dir.path(),
        &["fix", "--stdin", "--no-config", "--select", "mojibake"],
        std::str::from_utf8(SEED_NOTES).unwrap(),
    );
    out.assert_code(0)
        .assert_stderr("1 file checked, no problems found\n");
    let before: Vec<&str> = std::str::from_utf8(SEED_NOTES)
        .unwrap()
        .split('\n')
        .collect();
    let after: Vec<&str> = out.stdout.split('\n').collect();
    assert_eq!(before.len(), after.len());
    for (i, (b, a)) in before.iter().zip(&after).enumerate() {
        if i == 21 {
            assert_eq!(*a, b.replace("HuggingFaceâ€™s", "HuggingFace’s"));
            assert_ne!(a, b);
        } else {
            assert_eq!(a, b, "line {} changed", i + 1);
        }
    }
}

/// The project's own examples keep their planted problems.
#[test]
fn examples_report_their_planted_problems() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, json) = check_json(root, &["examples/"], 1);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(json["files"], 2, "{out:?}");
    let notes: BTreeSet<String> = found(&json)
        .into_iter()
        .filter(|(p, _, _)| p.ends_with("notes.md"))
        .map(|(_, r, _)| r)
        .collect();
    for rule in [
        "list-numbering",
        "entry-comment",
        "field-format",
        "canonical-link",
        "tracking-param",
        "bare-url",
        "insecure-link",
        "link-fragment",
        "duplicate-link",
        "trailing-whitespace",
        "list-indent",
        "empty-section",
    ] {
        assert!(
            notes.contains(rule),
            "{rule} not reported in examples/notes.md: {out:?}"
        );
    }
    assert!(
        paths_of(&json).iter().any(|p| p.ends_with("awesome.md")),
        "{out:?}"
    );
    let awesome: BTreeSet<String> = found(&json)
        .into_iter()
        .filter(|(p, _, _)| p.ends_with("awesome.md"))
        .map(|(_, r, _)| r)
        .collect();
    for rule in [
        "awesome-entry-format",
        "awesome-description-punctuation",
        "awesome-spelling",
        "awesome-badge",
        "awesome-contributing",
        "duplicate-link",
        "insecure-link",
    ] {
        assert!(
            awesome.contains(rule),
            "{rule} not reported in examples/awesome.md: {out:?}"
        );
    }
}

/// The README's rule table is exactly `listlint rules --format json`.
#[test]
fn readme_rule_table_matches_the_rules() {
    let dir = Dir::new();
    let out = run(dir.path(), &["rules", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let mut table =
        String::from("| Rule | Default | Fix | Presets | Summary |\n|---|---|---|---|---|\n");
    for row in out.json().as_array().unwrap() {
        let cell = |k: &str| row[k].as_str().unwrap().replace('|', "\\|");
        let id = cell("id");
        table.push_str(&format!(
            "| [`{id}`](rules/{id}.md) | {} | {} | {} | {} |\n",
            cell("default"),
            cell("fix"),
            cell("presets"),
            cell("summary"),
        ));
    }
    let expected = format!("<!-- rules:start -->\n{table}<!-- rules:end -->");
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
        .replace("\r\n", "\n");
    assert!(
        readme.contains(&expected),
        "README.md's rule table is out of date; replace the block between the markers with:\n\n{expected}\n"
    );
}

#[test]
fn links_table_of_a_nested_config_is_ignored_with_a_note() {
    let dir = Dir::new();
    write(dir.path(), "clean.md", CLEAN);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(dir.path(), "sub/clean.md", CLEAN);
    write(
        dir.path(),
        "sub/listlint.toml",
        "[links]\ntimeout = \"5s\"\n",
    );
    let out = run(dir.path(), &["check", "."]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("note: [links] in") && out.stderr.contains("is ignored"),
        "{out:?}"
    );
    // In the run's own config it is not ignored.
    write(dir.path(), "listlint.toml", "[links]\ntimeout = \"5s\"\n");
    std::fs::remove_file(dir.path().join("sub/listlint.toml")).unwrap();
    let out = run(dir.path(), &["check", "."]);
    out.assert_code(0).assert_quiet();
    assert!(!out.stderr.contains("is ignored"), "{out:?}");
}
