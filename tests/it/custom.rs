//! `[[custom]]` rules end to end: each scope, messages with capture groups,
//! severities, `[rules]` and `--select`/`--ignore`, suppressions, and a
//! `replace` fix written to a real file.

use serde_json::Value;

use crate::support::Dir;

const CONFIG: &str = r#"
[[custom]]
id = "no-medium"
pattern = 'https?://(?:www\.)?medium\.com/'
scope = "url"
message = "link the author's own site, not Medium"
severity = "error"

[[custom]]
id = "todo-in-comment"
pattern = '\bTODO\b'
scope = "comment"
message = "unfinished comment"

[[custom]]
id = "title-shouting"
pattern = '\b([A-Z]{5,})\b'
scope = "title"
message = "title word `$1` in capitals"
severity = "info"

[[custom]]
id = "old-twitter"
pattern = 'https://twitter\.com/(\w+)'
scope = "line"
message = "twitter.com is x.com now"
replace = "https://x.com/$1"

[[custom]]
id = "entry-star"
pattern = '★+'
scope = "entry"
message = "no star ratings in entries"
"#;

const NOTES: &str = "# Reading notes

## Papers

1. [Attention Is All You Need](https://arxiv.org/abs/1706.03762) ★★★
    - Comment: TODO read the appendix.
2. [An ESSAY on medium](https://medium.com/@someone/essay)
    - Comment: Good, by [@someone](https://twitter.com/someone).

Not an entry: ★ and TODO in prose, and a [Medium post](https://medium.com/@x/y).
";

fn setup() -> Dir {
    Dir::with(&[("listlint.toml", CONFIG), ("notes.md", NOTES)])
}

fn found(json: &str) -> Vec<(String, String, u64, String)> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            let r = d["rule"].as_str().unwrap();
            [
                "no-medium",
                "todo-in-comment",
                "title-shouting",
                "old-twitter",
                "entry-star",
            ]
            .contains(&r)
        })
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn custom_rules_match_in_their_scope_only() {
    let dir = setup();
    let r = dir.run(&["check", "--format", "json", "notes.md"]);
    r.assert_code(1).assert_quiet();
    let f = found(&r.stdout);
    let expect = |rule: &str, sev: &str, line: u64, msg: &str| {
        (rule.to_owned(), sev.to_owned(), line, msg.to_owned())
    };
    assert_eq!(
        f,
        vec![
            expect("entry-star", "warning", 5, "no star ratings in entries"),
            expect("todo-in-comment", "warning", 6, "unfinished comment"),
            expect(
                "title-shouting",
                "info",
                7,
                "title word `ESSAY` in capitals"
            ),
            expect(
                "no-medium",
                "error",
                7,
                "link the author's own site, not Medium"
            ),
            expect("old-twitter", "warning", 8, "twitter.com is x.com now"),
            expect(
                "no-medium",
                "error",
                10,
                "link the author's own site, not Medium"
            ),
        ],
        "{r:?}"
    );
}

#[test]
fn custom_rules_follow_rules_select_ignore_and_suppressions() {
    let dir = setup();
    let r = dir.run(&[
        "check",
        "--format",
        "json",
        "--select",
        "no-medium",
        "notes.md",
    ]);
    r.assert_code(1).assert_quiet();
    let f = found(&r.stdout);
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(f.iter().all(|d| d.0 == "no-medium"), "{f:?}");

    let r = dir.run(&[
        "check",
        "--format",
        "json",
        "--ignore",
        "no-medium,entry-star",
        "notes.md",
    ]);
    r.assert_code(0).assert_quiet();
    assert!(
        found(&r.stdout)
            .iter()
            .all(|d| d.0 != "no-medium" && d.0 != "entry-star")
    );

    let config = format!("{CONFIG}\n[rules]\nno-medium = \"warning\"\ntitle-shouting = \"off\"\n");
    dir.write("listlint.toml", config);
    let r = dir.run(&["check", "--format", "json", "notes.md"]);
    let f = found(&r.stdout);
    assert!(
        f.iter().any(|d| d.0 == "no-medium" && d.1 == "warning"),
        "{f:?}"
    );
    assert!(f.iter().all(|d| d.0 != "title-shouting"), "{f:?}");
    r.assert_code(0).assert_quiet();

    let suppressed = NOTES.replace(
        "2. [An ESSAY",
        "<!-- listlint-disable-next-line no-medium -->\n2. [An ESSAY",
    );
    dir.write("notes.md", suppressed);
    let r = dir.run(&["check", "--format", "json", "notes.md"]);
    r.assert_code(0).assert_quiet();
    let left: Vec<_> = found(&r.stdout)
        .into_iter()
        .filter(|d| d.0 == "no-medium")
        .collect();
    assert_eq!(left.len(), 1, "only the prose link is left: {left:?}");
    assert_eq!(left[0].2, 11);

    let r = dir.run(&["check", "--select", "no-such-rule", "notes.md"]);
    r.assert_code(2);
    assert!(r.stderr.contains("unknown rule `no-such-rule`"), "{r:?}");
}

#[test]
fn custom_replace_is_a_safe_fix() {
    let dir = setup();
    let r = dir.run(&["fix", "--select", "old-twitter", "notes.md"]);
    r.assert_code(0)
        .assert_stderr("fixed 1 problem in notes.md\n");
    assert_eq!(r.stdout, "1 file checked, no problems found\n");
    let after = dir.read("notes.md");
    assert_eq!(
        after,
        NOTES.replace("https://twitter.com/someone", "https://x.com/someone")
    );
    // Fixing again changes nothing.
    let r = dir.run(&["fix", "--diff", "--select", "old-twitter", "notes.md"]);
    r.assert_code(0)
        .assert_stderr("1 file checked, no problems found\n");
    assert_eq!(r.stdout, "", "an empty diff");
}
