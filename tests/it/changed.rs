//! Pull-request mode (`--changed-since REF`) on temporary git repositories,
//! and `--shard I/N`, with the built binary. Link checks go to the test
//! HTTP server of `support/server.rs` on 127.0.0.1 only.

use std::collections::BTreeSet;

use crate::support::git::git_ok as git;
use crate::support::json::rules_and_lines as rules;
use crate::support::server::Server;
use crate::support::{Dir, run as listlint};
use serde_json::Value;

const CONFIG: &str =
    "[links]\nallow-private = true\ntimeout = \"3s\"\nretries = 0\narchive = { enabled = false }\n";

/// The acceptance case of the issue: a 200-entry list, a commit that adds 3
/// entries (one with a dead link): only that one is reported, and only the
/// 3 new URLs are requested.
#[test]
fn changed_since_reports_and_requests_only_what_is_new() {
    let s = Server::start();
    let dir = Dir::new();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let mut list = String::from("# Awesome things\n\n## Tools\n\n");
    for i in 0..200 {
        list.push_str(&format!(
            "- [Tool {i}]({}) - Does thing number {i}.\n",
            s.url(&format!("/ok/old{i}"))
        ));
    }
    // A problem that was already there: not this change's to report.
    list.push_str(&format!(
        "- [Tool again]({}) - The first tool, listed twice.\n",
        s.url("/ok/old0")
    ));
    std::fs::write(d.join("README.md"), &list).unwrap();
    std::fs::write(d.join("listlint.toml"), CONFIG).unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "list"]);

    let added = [
        s.url("/ok/new1"),
        s.url("/status/404/new2"),
        s.url("/ok/new3"),
    ];
    for (i, u) in added.iter().enumerate() {
        list.push_str(&format!("- [New {i}]({u}) - A new tool.\n"));
    }
    std::fs::write(d.join("README.md"), &list).unwrap();
    git(d, &["commit", "-q", "-am", "three more"]);

    let out = listlint(
        d,
        &[
            "check",
            "--changed-since",
            "HEAD~1",
            "--links",
            "--format",
            "json",
            "README.md",
        ],
    );
    out.assert_code(1);
    let v = out.json();
    let found = rules(&v);
    // Line 4 heading + blank, 200 + 1 old entries, then the new ones.
    assert_eq!(found, vec![("dead-link".to_owned(), 207)], "{v:#}");
    assert_eq!(v["diagnostics"][0]["url"], added[1].as_str());
    let requested: BTreeSet<String> = s
        .requests()
        .iter()
        .map(|r| r.path_only().to_owned())
        .collect();
    let expected: BTreeSet<String> = ["/ok/new1", "/status/404/new2", "/ok/new3"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(requested, expected);
    assert_eq!(v["links"].as_array().unwrap().len(), 3, "{v:#}");

    // Without the mode, the old duplicate is reported too (the test above
    // would not notice it being dropped otherwise).
    let out = listlint(d, &["check", "--format", "json", "README.md"]);
    out.assert_code(0).assert_quiet();
    assert!(
        rules(&out.json())
            .iter()
            .any(|(r, _)| r == "duplicate-link")
    );
}

/// Deleting an entry breaks the numbering after it: the slip is on an
/// unchanged line, and still reported because its list lost a line. A slip
/// in a list the change did not touch is not.
/// A deletion that breaks the numbering of the rest of its list is
/// reported on the list, in a file written as `encode` writes it.
fn deletion_breaks_the_list(encode: fn(&str) -> Vec<u8>) {
    let dir = Dir::new();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let doc = |entries: &[u32], other: &[u32]| {
        let mut s = String::from("# Notes\n\n## Papers\n\n");
        for n in entries {
            s.push_str(&format!(
                "{n}. [Paper {n}](https://example.org/p{n})\n    - Comment: Good.\n"
            ));
        }
        s.push_str("\n## Talks\n\n");
        for n in other {
            s.push_str(&format!(
                "{n}. [Talk {n}](https://example.org/t{n})\n    - Comment: Fine.\n"
            ));
        }
        s
    };
    // The talks were misnumbered before the change.
    std::fs::write(d.join("notes.md"), encode(&doc(&[1, 2, 3, 4], &[1, 3]))).unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "notes"]);
    std::fs::write(d.join("notes.md"), encode(&doc(&[1, 3, 4], &[1, 3]))).unwrap();

    let out = listlint(
        d,
        &[
            "check",
            "--changed-since",
            "HEAD",
            "--select",
            "list-numbering",
            "--format",
            "json",
            "notes.md",
        ],
    );
    out.assert_code(1).assert_quiet();
    let v = out.json();
    let found = rules(&v);
    assert_eq!(found, vec![("list-numbering".to_owned(), 7)], "{v:#}");
    let all = rules(
        &listlint(
            d,
            &[
                "check",
                "--select",
                "list-numbering",
                "--format",
                "json",
                "notes.md",
            ],
        )
        .json(),
    );
    assert_eq!(all.len(), 2, "{all:?}");
}

#[test]
fn changed_since_reports_the_list_a_deletion_broke() {
    deletion_breaks_the_list(|s| s.as_bytes().to_vec());
}

/// The file is compared as the linter reads it: decoded, not as bytes
/// (UTF-16 read as UTF-8 has no lists at all).
#[test]
fn changed_since_compares_a_utf16_file_as_text() {
    deletion_breaks_the_list(|s| {
        let mut b = vec![0xFF, 0xFE];
        b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        b
    });
}

#[test]
fn changed_since_an_unknown_ref_is_a_clear_error() {
    let dir = Dir::new();
    let d = dir.path();
    git(d, &["init", "-q"]);
    std::fs::write(d.join("a.md"), "# A\n\n- one\n").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "a"]);
    let out = listlint(d, &["check", "--changed-since", "origin/nope", "a.md"]);
    out.assert_code(2);
    let err = &out.stderr;
    assert!(
        err.contains("origin/nope") && err.contains("git fetch"),
        "{err}"
    );

    // In a shallow clone the parent commit is missing: the error says so.
    std::fs::write(d.join("a.md"), "# A\n\n- one\n- two\n").unwrap();
    git(d, &["commit", "-q", "-am", "b"]);
    let clone = Dir::new();
    let url = format!("file://{}", d.display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    let c = clone.path().join("c");
    let out = listlint(&c, &["check", "--changed-since", "HEAD~1", "a.md"]);
    out.assert_code(2);
    let err = &out.stderr;
    assert!(err.contains("shallow") && err.contains("fetch"), "{err}");
}

/// `--shard I/N`: the shards are disjoint, split by host, their union is
/// the unsharded run, and offline diagnostics come from shard 1 only.
#[test]
fn shards_split_links_by_host_and_add_up_to_the_whole() {
    let servers: Vec<Server> = (0..5).map(|_| Server::start()).collect();
    let dir = Dir::new();
    let d = dir.path();
    let mut doc = String::from("# Links\n\n");
    for (h, s) in servers.iter().enumerate() {
        for i in 0..3 {
            doc.push_str(&format!(
                "- [L {h} {i}]({})\n",
                s.url(&format!("/ok/{h}/{i}"))
            ));
        }
        doc.push_str(&format!(
            "- [Gone {h}]({})\n",
            s.url(&format!("/status/410/{h}"))
        ));
    }
    doc.push_str("- Trailing space here \n");
    std::fs::write(d.join("a.md"), &doc).unwrap();
    std::fs::write(d.join("listlint.toml"), CONFIG).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--links", "--format", "json"];
        args.extend_from_slice(extra);
        args.push("a.md");
        listlint(d, &args).json()
    };
    let urls = |v: &Value| -> BTreeSet<String> {
        v["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                format!(
                    "{} {}",
                    l["url"].as_str().unwrap(),
                    l["status"].as_str().unwrap()
                )
            })
            .collect()
    };
    let whole = run(&[]);
    let all = urls(&whole);
    assert_eq!(all.len(), 20);
    let n = 3;
    let mut union = BTreeSet::new();
    let mut dead = 0;
    for i in 1..=n {
        let v = run(&["--shard", &format!("{i}/{n}")]);
        let part = urls(&v);
        assert!(union.is_disjoint(&part), "shard {i} overlaps");
        // Split by host: a host's links are all in one shard.
        let hosts: BTreeSet<&str> = part
            .iter()
            .map(|u| &u[..u.find("/ok/").or(u.find("/status/")).unwrap()])
            .collect();
        for h in &hosts {
            assert_eq!(
                part.iter().filter(|u| u.starts_with(h)).count(),
                4,
                "{part:?}"
            );
        }
        union.extend(part);
        let found = rules(&v);
        dead += found.iter().filter(|(r, _)| r == "dead-link").count();
        let offline = found.iter().filter(|(r, _)| r != "dead-link").count();
        if i == 1 {
            assert!(
                offline > 0,
                "shard 1 reports the offline diagnostics: {found:?}"
            );
        } else {
            assert_eq!(offline, 0, "shard {i}: {found:?}");
        }
    }
    assert_eq!(union, all);
    assert_eq!(dead, 5);
    let bad = listlint(d, &["check", "--links", "--shard", "4/3", "a.md"]);
    bad.assert_code(2);
}

/// `fix --links` rewrites a file and lints it again: that report still
/// follows `--changed-since` (nothing on unchanged lines).
#[test]
fn fix_links_keeps_the_pull_request_filter() {
    let s = Server::start();
    let dir = Dir::new();
    let d = dir.path();
    git(d, &["init", "-q"]);
    // An old problem (a duplicate) that is not this change's to report.
    let old = format!(
        "# Links\n\n- [Fine]({0}) - Fine.\n- [Again]({0}) - The same page.\n",
        s.url("/ok/fine")
    );
    std::fs::write(d.join("a.md"), &old).unwrap();
    std::fs::write(d.join("listlint.toml"), CONFIG).unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "a"]);
    let moved = s.url("/redirect/301/1/new");
    std::fs::write(d.join("a.md"), format!("{old}- [New]({moved}) - Moved.\n")).unwrap();
    let out = listlint(
        d,
        &[
            "fix",
            "--links",
            "--unsafe-fixes",
            "--changed-since",
            "HEAD",
            "--format",
            "json",
            "a.md",
        ],
    );
    out.assert_code(0)
        .assert_stderr("fixed 1 problem in a.md\n");
    let v = out.json();
    // The old duplicate is not this change's; the redirect was fixed.
    assert!(rules(&v).is_empty(), "{v:#}");
    let text = std::fs::read_to_string(d.join("a.md")).unwrap();
    assert!(text.contains(&s.url("/ok/new")), "{text}");
    let all = rules(&listlint(d, &["check", "--format", "json", "a.md"]).json());
    assert!(all.iter().any(|(r, _)| r == "duplicate-link"), "{all:?}");
    // Only the new URL was requested (and the redirect's target).
    let asked: BTreeSet<String> = s
        .requests()
        .iter()
        .map(|r| r.path_only().to_owned())
        .collect();
    assert!(!asked.contains("/ok/fine"), "{asked:?}");
}

/// `fix --links` rewrites a file and lints it again: its duplicates of
/// another file's links (`scope = "run"`) stay in the report.
#[test]
fn fix_links_keeps_duplicates_across_files() {
    let s = Server::start();
    let dir = Dir::new();
    let d = dir.path();
    let shared = s.url("/ok/shared");
    let moved = s.url("/redirect/301/1/new");
    std::fs::write(
        d.join("a.md"),
        format!("# A\n\n- [Shared]({shared}) - First.\n- [Other](https://other.test/) - Other.\n"),
    )
    .unwrap();
    std::fs::write(
        d.join("b.md"),
        format!("# B\n\n- [Again]({shared}) - Listed in a.md too.\n- [Moved]({moved}) - Moved.\n"),
    )
    .unwrap();
    std::fs::write(
        d.join("listlint.toml"),
        format!(
            "{CONFIG}exclude = ['other\\.test']\n[rules]\nduplicate-link = {{ severity = \"warning\", scope = \"run\" }}\n"
        ),
    )
    .unwrap();
    let out = listlint(
        d,
        &[
            "fix",
            "--links",
            "--unsafe-fixes",
            "--select",
            "duplicate-link",
            "--format",
            "json",
            "a.md",
            "b.md",
        ],
    );
    out.assert_code(0)
        .assert_stderr("fixed 1 problem in b.md\n");
    let v = out.json();
    let text = std::fs::read_to_string(d.join("b.md")).unwrap();
    assert!(
        text.contains(&s.url("/ok/new")),
        "b.md was rewritten: {text}"
    );
    let dups: Vec<(String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "duplicate-link")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(dups, vec![("b.md".to_owned(), 3)], "{v:#}");
}
