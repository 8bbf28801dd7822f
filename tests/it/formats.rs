//! The CI output formats (SARIF, JUnit, GitLab, GitHub), `--summary`, shell
//! completions and the man page (SPEC §2), run through the built binary.
//!
//! Fixtures are copied from `tests/fixtures/formats/` into a temporary
//! directory, so the paths in the output are relative and the same on every
//! machine.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{Dir, json, run, server};

/// The fixture files, by the name they get in the temporary directory: a
/// notes list with problems of several kinds (a fix on most, braces and `%`
/// in a URL, non-ASCII before a column), a clean file, and a file whose name
/// needs escaping in URIs and in GitHub's workflow commands.
const FIXTURES: &[(&str, &str)] = &[
    ("clean.md", include_str!("../fixtures/formats/clean.md")),
    ("notes.md", include_str!("../fixtures/formats/notes.md")),
    (
        "it's odd, 100%.md",
        include_str!("../fixtures/formats/it's odd, 100%.md"),
    ),
];

/// A temporary directory holding the fixtures.
fn fixtures() -> Dir {
    Dir::with(FIXTURES)
}

// ---------------------------------------------------------------- sarif

/// The SARIF log with what differs between machines replaced, and without
/// what changes whenever a rule is added: the rule descriptors and the
/// results' indexes into them (both checked apart, against `listlint rules`).
fn sarif_for_snapshot(mut log: Value) -> String {
    let run = &mut log["runs"][0];
    run["tool"]["driver"]["version"] = "[version]".into();
    run["tool"]["driver"]["semanticVersion"] = "[version]".into();
    run["tool"]["driver"]["rules"] = "[every rule]".into();
    for r in run["results"].as_array_mut().unwrap() {
        r["ruleIndex"] = "[index]".into();
    }
    let base = &mut run["originalUriBaseIds"]["%SRCROOT%"]["uri"];
    assert!(
        base.as_str()
            .is_some_and(|u| u.starts_with("file:///") && u.ends_with('/')),
        "%SRCROOT% is the directory listlint ran in, as an absolute file URI: {base}"
    );
    *base = "file:///[cwd]/".into();
    serde_json::to_string_pretty(&log).unwrap()
}

#[test]
fn sarif_snapshot() {
    let dir = fixtures();
    let out = run(dir.path(), &["check", "--format", "sarif", "."]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stderr, "", "{out:?}");
    insta::assert_snapshot!("sarif", sarif_for_snapshot(out.json()));
}

#[test]
fn sarif_has_what_github_code_scanning_needs() {
    let dir = fixtures();
    let out = run(dir.path(), &["check", "--format", "sarif", "."]);
    out.assert_code(1).assert_quiet();
    let log = out.json();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "listlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );

    // Every rule, with its doc as help.
    let rules = driver["rules"].as_array().unwrap();
    let listed = run_listlint_rules();
    assert_eq!(
        rules
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        listed.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>()
    );
    for (r, (id, default)) in rules.iter().zip(&listed) {
        let want = match default.as_str() {
            "info" => "note",
            "off" => "none",
            other => other,
        };
        assert_eq!(r["defaultConfiguration"]["level"], want, "{id}");
        assert!(
            !r["shortDescription"]["text"].as_str().unwrap().is_empty(),
            "{id}"
        );
        assert!(
            !r["fullDescription"]["text"].as_str().unwrap().is_empty(),
            "{id}"
        );
        let help = r["help"]["text"].as_str().unwrap();
        assert!(
            help.starts_with(&format!("# {id}\n")),
            "{id}: the rule doc is the help"
        );
        assert_eq!(r["help"]["markdown"], help, "{id}");
        assert_eq!(
            r["helpUri"],
            format!("https://github.com/listlint/listlint/blob/main/rules/{id}.md")
        );
        if let Some(name) = r["name"].as_str() {
            assert!(
                !name.eq_ignore_ascii_case(id),
                "{id}: a name differs from the id"
            );
        }
    }

    let results = run["results"].as_array().unwrap();
    let mut fingerprints = std::collections::BTreeSet::new();
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"], "{r}");
        assert!(
            ["error", "warning", "note"].contains(&r["level"].as_str().unwrap()),
            "{r}"
        );
        assert!(!r["message"]["text"].as_str().unwrap().is_empty(), "{r}");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(loc["region"][key].as_u64().unwrap() >= 1, "{r}");
        }
        let fp = r["partialFingerprints"]["listlint/v1"].as_str().unwrap();
        assert!(
            fp.len() == 32 && fp.bytes().all(|b| b.is_ascii_hexdigit()),
            "{r}"
        );
        assert!(
            fingerprints.insert(fp.to_owned()),
            "fingerprints are unique: {r}"
        );
    }
    let find = |rule: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("no {rule}: {out:?}"))
    };
    // The path with a space, a comma and a percent sign, as a URI reference.
    assert_eq!(
        find("bare-url")["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "it's%20odd,%20100%25.md"
    );
    // Columns count code points: `Café ☕` before the URL.
    let insecure = find("insecure-link");
    assert_eq!(
        insecure["locations"][0]["physicalLocation"]["region"]["startColumn"],
        19
    );
    // Braces are doubled in message text (SARIF §3.11.5).
    assert!(
        insecure["message"]["text"]
            .as_str()
            .unwrap()
            .contains("{{id}}"),
        "{insecure}"
    );
    // A fix becomes replacements with regions; an unsafe one says so.
    let fix = &insecure["fixes"][0];
    assert!(
        fix["description"]["text"]
            .as_str()
            .unwrap()
            .contains("unsafe"),
        "{fix}"
    );
    let numbering = find("list-numbering");
    let change = &numbering["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "notes.md");
    let replacements = change["replacements"].as_array().unwrap();
    assert_eq!(
        replacements[0],
        serde_json::json!({
            "deletedRegion": {"startLine": 6, "startColumn": 1, "endLine": 6, "endColumn": 2},
            "insertedContent": {"text": "2"},
        })
    );
    // No fix, no `fixes`.
    assert!(find("entry-comment").get("fixes").is_none());
}

#[test]
fn sarif_reports_run_errors_as_notifications() {
    let dir = fixtures();
    let out = run(
        dir.path(),
        &["check", "--format", "sarif", "notes.md", "missing.md"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("missing.md"), "{out:?}");
    let log = out.json();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{invocation}");
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "missing.md"
    );
    // The files that could be read are still reported.
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());

    // A run that fails before linting still writes a whole SARIF log.
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            "--select",
            "no-such-rule",
            "notes.md",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    let log = out.json();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let text = invocation["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(text.contains("no-such-rule"), "{invocation}");
    assert!(
        invocation["toolExecutionNotifications"][0]
            .get("locations")
            .is_none()
    );
}

/// `(id, default)` of every rule, from `listlint rules --format json`.
fn run_listlint_rules() -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["rules", "--format", "json"]);
    out.assert_code(0).assert_quiet();
    out.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["default"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Validates listlint's SARIF with Microsoft's SARIF Multitool (`validate`):
/// the SARIF 2.1.0 JSON schema plus the SDK's own rules. `.ci/run` installs
/// it from npm and sets `SARIF_MULTITOOL` to its `Sarif.Multitool` binary:
///
/// ```sh
/// SARIF_MULTITOOL=/path/to/Sarif.Multitool cargo test --test it -- --include-ignored formats::sarif
/// ```
#[test]
#[ignore = "needs Microsoft's SARIF Multitool in SARIF_MULTITOOL (see .ci/run)"]
fn sarif_validates_against_the_official_schema() {
    let tool = std::env::var_os("SARIF_MULTITOOL").expect(
        "set SARIF_MULTITOOL to the Sarif.Multitool binary of the npm package \
         @microsoft/sarif-multitool: this test must not pass without validating",
    );
    let work = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = fixtures();
    let cases: [(&str, &Path, &[&str], i32); 3] = [
        // The repository's examples: every kind of fix the examples plant.
        ("examples", root, &["examples/"], 1),
        // Escaped paths and messages.
        ("fixtures", fixtures.path(), &["."], 1),
        // Run errors as notifications.
        ("errors", fixtures.path(), &["notes.md", "missing.md"], 2),
    ];
    for (name, dir, paths, code) in cases {
        let mut args = vec!["check", "--format", "sarif"];
        args.extend_from_slice(paths);
        let out = run(dir, &args);
        assert_eq!(out.code, code, "{name}: {out:?}");
        let log = out.json();
        if name == "examples" {
            let fixes = log["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r.get("fixes").is_some())
                .count();
            assert!(fixes > 0, "the examples have fixes to validate: {out:?}");
        }
        let file = work.path().join(format!("{name}.sarif"));
        std::fs::write(&file, &out.stdout).unwrap();
        let report = work.path().join(format!("{name}.validation.sarif"));
        let mut cmd = Command::new(&tool);
        cmd.arg("validate")
            .arg(&file)
            .arg("--output")
            .arg(&report)
            .args(["--log", "ForceOverwrite"]);
        // The .NET runtime of the tool needs ICU unless told not to.
        if std::env::var_os("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT").is_none() {
            cmd.env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1");
        }
        let validated = cmd.output().expect("run the SARIF Multitool");
        let console = format!(
            "{}{}",
            String::from_utf8_lossy(&validated.stdout),
            String::from_utf8_lossy(&validated.stderr)
        );
        eprintln!("--- Sarif.Multitool validate {name}.sarif\n{console}");
        assert!(
            validated.status.success(),
            "{name}: validator failed:\n{console}"
        );
        // The exit code is 0 even when the log is invalid: read what it found.
        let flagged: Vec<&str> = console
            .lines()
            .filter(|l| l.contains(": error ") || l.contains(": warning "))
            .collect();
        assert!(
            flagged.is_empty(),
            "{name}: the validator objects:\n{console}"
        );
        let findings: Value =
            serde_json::from_str(&std::fs::read_to_string(&report).expect("validation log"))
                .expect("the validation log is JSON");
        let results = findings["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        // A result without a level is a warning (SARIF §3.27.10).
        let serious: Vec<&Value> = results
            .iter()
            .filter(|r| !matches!(r["level"].as_str(), Some("note" | "none")))
            .collect();
        assert!(
            serious.is_empty(),
            "{name}: the validator found errors or warnings:\n{}",
            serde_json::to_string_pretty(&serious).unwrap()
        );
        assert!(
            console.contains("Analysis completed successfully"),
            "{name}: {console}"
        );
    }
}

// ---------------------------------------------------------------- junit and gitlab

#[test]
fn junit_snapshot() {
    let dir = fixtures();
    let out = run(
        dir.path(),
        &["check", "--format", "junit", ".", "missing.md"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("missing.md"), "{out:?}");
    insta::assert_snapshot!("junit", out.stdout);
}

#[test]
fn junit_counts_match_the_test_cases() {
    let dir = fixtures();
    let out = run(dir.path(), &["check", "--format", "junit", "."]);
    assert_eq!(out.code, 1, "{out:?}");
    let xml = &out.stdout;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    assert_eq!(xml.matches("<testsuites ").count(), 1);
    assert_eq!(xml.matches("</testsuites>").count(), 1);
    // One suite per file; one failing case per diagnostic; a clean file passes.
    assert_eq!(xml.matches("<testsuite ").count(), 3, "{xml}");
    let cases = xml.matches("<testcase ").count();
    let failures = xml.matches("<failure ").count();
    assert_eq!(failures, 8, "{xml}");
    assert_eq!(cases, failures + 1, "{xml}");
    assert!(
        xml.contains(&format!(
            r#"<testsuites name="listlint" tests="{cases}" failures="{failures}" errors="0">"#
        )),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<testcase name="no problems found" classname="clean.md"/>"#),
        "{xml}"
    );
    // Attribute values are escaped.
    assert!(
        xml.contains(r#"classname="it&apos;s odd, 100%.md""#),
        "{xml}"
    );
    assert!(xml.contains("feed&amp;lang=en"), "{xml}");
    assert!(!xml.contains("feed&lang"), "{xml}");
    assert!(
        xml.contains(r#"<failure message="expected 2, found 3" type="list-numbering">"#),
        "{xml}"
    );
}

#[test]
fn gitlab_snapshot_and_fields() {
    let dir = fixtures();
    let out = run(dir.path(), &["check", "--format", "gitlab", "."]);
    assert_eq!(out.code, 1, "{out:?}");
    let issues = out.json();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 8);
    let mut fingerprints = std::collections::BTreeSet::new();
    for i in issues {
        let keys: Vec<&str> = i.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "check_name",
                "description",
                "fingerprint",
                "location",
                "severity"
            ],
            "{i}"
        );
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap()),
            "{i}"
        );
        assert!(
            i["location"]["lines"]["begin"].as_u64().unwrap() >= 1,
            "{i}"
        );
        assert!(
            fingerprints.insert(i["fingerprint"].as_str().unwrap().to_owned()),
            "{i}"
        );
    }
    let numbering = issues
        .iter()
        .find(|i| i["check_name"] == "list-numbering")
        .unwrap();
    assert_eq!(numbering["severity"], "major");
    assert_eq!(numbering["location"]["path"], "notes.md");
    // Fingerprints are stable from one run to the next.
    let again = run(dir.path(), &["check", "--format", "gitlab", "."]);
    assert_eq!((again.code, &again.stdout), (out.code, &out.stdout));
    insta::assert_snapshot!("gitlab", out.stdout);

    // A failed run still writes a JSON array; the error goes to stderr.
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "gitlab",
            "--select",
            "no-such-rule",
            ".",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.json(), serde_json::json!([]));
    assert!(out.stderr.contains("no-such-rule"), "{out:?}");
}

// ---------------------------------------------------------------- github

/// Undoes GitHub's escaping of a workflow command's message or property.
fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_snapshot() {
    let dir = fixtures();
    let out = run(dir.path(), &["check", "--format", "github", "."]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stderr, "3 files checked: 1 error, 4 warnings, 3 info\n");
    insta::assert_snapshot!("github", out.stdout);
}

#[test]
fn github_commands_follow_the_documented_syntax_and_escaping() {
    let dir = fixtures();
    let out = run(dir.path(), &["check", "--format", "github", "."]);
    out.assert_code(1);
    let json_out = run(dir.path(), &["check", "--format", "json", "."]).json();
    let diagnostics = json::diagnostics(&json_out);
    // `::command prop=value,…::message`; a property value never holds a raw
    // `,` `:` CR or LF, nor a `%` that does not start an escape.
    let value = r"(?:[^,:%\r\n]|%25|%2C|%3A|%0D|%0A)+";
    let syntax = regex::Regex::new(&format!(
        r"^::(error|warning|notice) file=({value}),line=([0-9]+),col=([0-9]+),endLine=([0-9]+),endColumn=([0-9]+),title=({value})::((?:[^%\r\n]|%25|%0D|%0A)+)$"
    ))
    .unwrap();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        diagnostics.len(),
        "one command per diagnostic: {out:?}"
    );
    for (line, d) in lines.iter().zip(diagnostics) {
        let c = syntax
            .captures(line)
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let want = match d["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        assert_eq!(&c[1], want, "{line}");
        // Paths with `/` on every OS, without a leading `./`.
        let path = json::path(d);
        assert_eq!(unescape(&c[2]), path.trim_start_matches("./"), "{line}");
        for (i, key) in [
            (3, "line"),
            (4, "column"),
            (5, "end_line"),
            (6, "end_column"),
        ] {
            assert_eq!(
                c[i].parse::<u64>().unwrap(),
                d[key].as_u64().unwrap(),
                "{line}"
            );
        }
        assert_eq!(
            unescape(&c[7]),
            format!("listlint ({})", d["rule"].as_str().unwrap())
        );
        assert_eq!(unescape(&c[8]), d["message"].as_str().unwrap(), "{line}");
    }
    // The escapes themselves.
    assert!(
        out.stdout
            .contains("::warning file=it's odd%2C 100%25.md,line=3,col=5,"),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("http://example.com/a%2520b/{id}"),
        "{out:?}"
    );

    // Run errors are annotations too.
    let out = run(
        dir.path(),
        &["check", "--format", "github", "clean.md", "missing.md"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stdout,
        "::error file=missing.md,title=listlint::no such file or directory\n"
    );
}

// ---------------------------------------------------------------- --summary

#[test]
fn summary_is_appended_to_the_file_with_any_format() {
    let dir = fixtures();
    let summary = dir.path().join("step summary.md");
    let arg = summary.to_str().unwrap();
    let out = run(
        dir.path(),
        &["check", "--format", "github", "--summary", arg, "."],
    );
    assert_eq!(out.code, 1, "{out:?}");
    let first = std::fs::read_to_string(&summary).expect("the summary file is created");
    insta::assert_snapshot!("summary", first);
    assert!(first.contains("3 files checked: **1 error**, **4 warnings**, **3 info**."));
    assert!(first.contains("| Rule | Severity | Count |"), "{first}");
    assert!(
        first.contains(
            "| [`list-numbering`](https://github.com/listlint/listlint/blob/main/rules/list-numbering.md) | error | 1 |"
        ),
        "{first}"
    );
    assert!(
        !first.contains("### Links"),
        "no links were checked: {first}"
    );

    // Appended, not replaced (GitHub's step summary collects every step),
    // and with another format: stdout stays valid JSON.
    let out = run(
        dir.path(),
        &["check", "--format", "json", "--summary", arg, "clean.md"],
    );
    assert_eq!(out.code, 0, "{out:?}");
    out.json();
    let both = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(
        both,
        format!("{first}## listlint\n\n1 file checked, no problems found.\n\n")
    );

    // A failed run says so.
    let out = run(
        dir.path(),
        &["check", "--summary", arg, "--select", "no-such-rule", "."],
    );
    assert_eq!(out.code, 2, "{out:?}");
    let all = std::fs::read_to_string(&summary).unwrap();
    let failed = all.rsplit("## listlint\n\n").next().unwrap();
    assert!(
        failed.starts_with(
            "0 files checked.\n\n**The run failed** (exit status 2):\n\n- --select: unknown rule `no-such-rule`"
        ) && failed.ends_with(")\n\n"),
        "{all}"
    );

    // A summary that cannot be written fails the run.
    let out = run(
        dir.path(),
        &["check", "--summary", "no/such/dir/summary.md", "clean.md"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("cannot write the summary"), "{out:?}");
}

#[test]
fn summary_lists_dead_blocked_and_redirected_links() {
    let server = server::Server::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("listlint.toml"),
        "[links]\nallow-private = true\ntimeout = \"2s\"\nretries = 1\narchive = { enabled = false }\n",
    )
    .unwrap();
    let doc = format!(
        "# Links\n\n- [Fine]({})\n- [Gone]({})\n- [Walled]({})\n- [Moved]({})\n",
        server.url("/ok"),
        server.url("/status/404"),
        server.url("/status/403"),
        server.url("/redirect/301/1"),
    );
    std::fs::write(dir.path().join("links.md"), doc).unwrap();
    let out = run(
        dir.path(),
        &[
            "check",
            "--links",
            "--format",
            "github",
            "--summary",
            "summary.md",
            "links.md",
        ],
    );
    assert_eq!(out.code, 1, "{out:?}");
    let summary = std::fs::read_to_string(dir.path().join("summary.md")).unwrap();
    assert!(
        summary.contains(
            "### Links\n\n4 links checked over the network; 3 dead, blocked or redirected:\n\n\
             | URL | Status | HTTP status | Where |\n|---|---|--:|---|\n"
        ),
        "{summary}"
    );
    // Exactly these rows, by URL: the link that answered 200 has none (it
    // shows up only as the target of the redirect).
    let rows: Vec<&str> = summary.lines().filter(|l| l.starts_with("| `")).collect();
    assert_eq!(
        rows,
        [
            format!(
                // The HTTP status is the last response's.
                "| `{}` | redirected to `{}` | 200 | `links.md:6:11` |",
                server.url("/redirect/301/1"),
                server.url("/ok")
            ),
            format!(
                "| `{}` | blocked | 403 | `links.md:5:12` |",
                server.url("/status/403")
            ),
            format!(
                "| `{}` | dead | 404 | `links.md:4:10` |",
                server.url("/status/404")
            ),
        ],
        "{summary}"
    );
}

// ---------------------------------------------------------------- completions and man

#[test]
fn completions_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    let bash = run(dir.path(), &["completions", "bash"]);
    assert_eq!(bash.code, 0, "{bash:?}");
    assert!(bash.stdout.contains("check"), "{bash:?}");
    assert!(bash.stdout.contains("--format"), "{bash:?}");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = run(dir.path(), &["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {out:?}");
        assert!(out.stdout.contains("check"), "{shell}: {out:?}");
    }
    let bad = run(dir.path(), &["completions", "tcsh"]);
    assert_eq!(bad.code, 2, "{bad:?}");
}

#[test]
fn man_page_is_roff_with_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["man"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.starts_with(".TH listlint 1 "), "{out:?}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH COMMANDS",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(out.stdout.contains(section), "no `{section}` in {out:?}");
    }
    for command in [
        "check",
        "fix",
        "rules",
        "explain",
        "init",
        "completions",
        "man",
    ] {
        assert!(
            out.stdout.contains(&format!(".SS \"listlint {command}\"")),
            "no `{command}` in {out:?}"
        );
    }
    assert!(out.stdout.contains("\\-\\-fail\\-on"), "{out:?}");
}
