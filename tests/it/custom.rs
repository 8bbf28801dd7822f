//! `[[custom]]` rules end to end: each scope, messages with capture groups,
//! severities, `[rules]` and `--select`/`--ignore`, suppressions, and a
//! `replace` fix written to a real file.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_listlint");

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

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("listlint.toml"), CONFIG).unwrap();
    std::fs::write(dir.path().join("notes.md"), NOTES).unwrap();
    dir
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
    let (code, out, err) = run(dir.path(), &["check", "--format", "json", "notes.md"]);
    assert_eq!(code, 1, "{err}");
    let f = found(&out);
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
        "{out}"
    );
}

#[test]
fn custom_rules_follow_rules_select_ignore_and_suppressions() {
    let dir = setup();
    let (code, out, _) = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--select",
            "no-medium",
            "notes.md",
        ],
    );
    assert_eq!(code, 1);
    let f = found(&out);
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(f.iter().all(|d| d.0 == "no-medium"), "{f:?}");

    let (_, out, _) = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--ignore",
            "no-medium,entry-star",
            "notes.md",
        ],
    );
    assert!(
        found(&out)
            .iter()
            .all(|d| d.0 != "no-medium" && d.0 != "entry-star")
    );

    let config = format!("{CONFIG}\n[rules]\nno-medium = \"warning\"\ntitle-shouting = \"off\"\n");
    std::fs::write(dir.path().join("listlint.toml"), config).unwrap();
    let (code, out, _) = run(dir.path(), &["check", "--format", "json", "notes.md"]);
    let f = found(&out);
    assert!(
        f.iter().any(|d| d.0 == "no-medium" && d.1 == "warning"),
        "{f:?}"
    );
    assert!(f.iter().all(|d| d.0 != "title-shouting"), "{f:?}");
    assert_eq!(code, 0, "no error left: {f:?}");

    let suppressed = NOTES.replace(
        "2. [An ESSAY",
        "<!-- listlint-disable-next-line no-medium -->\n2. [An ESSAY",
    );
    std::fs::write(dir.path().join("notes.md"), suppressed).unwrap();
    let (_, out, _) = run(dir.path(), &["check", "--format", "json", "notes.md"]);
    let left: Vec<_> = found(&out)
        .into_iter()
        .filter(|d| d.0 == "no-medium")
        .collect();
    assert_eq!(left.len(), 1, "only the prose link is left: {left:?}");
    assert_eq!(left[0].2, 11);

    let (code, _, err) = run(
        dir.path(),
        &["check", "--select", "no-such-rule", "notes.md"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule `no-such-rule`"), "{err}");
}

#[test]
fn custom_replace_is_a_safe_fix() {
    let dir = setup();
    let (code, _, err) = run(dir.path(), &["fix", "--select", "old-twitter", "notes.md"]);
    assert_eq!(code, 0, "{err}");
    let after = std::fs::read_to_string(dir.path().join("notes.md")).unwrap();
    assert_eq!(
        after,
        NOTES.replace("https://twitter.com/someone", "https://x.com/someone")
    );
    // Fixing again changes nothing.
    let (code, _, _) = run(
        dir.path(),
        &["fix", "--diff", "--select", "old-twitter", "notes.md"],
    );
    assert_eq!(code, 0);
}
