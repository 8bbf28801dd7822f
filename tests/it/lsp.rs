//! `listlint server` over its real stdio: diagnostics as `check` finds
//! them, positions in the negotiated encoding, code actions, formatting,
//! hover, configuration changes, and bad input that never ends it.

use serde_json::{Value, json};

use crate::support::Dir;
use crate::support::lsp::{Client, apply_edits, uri};

/// A list with planted problems, and non-ASCII characters before them on
/// their lines: 😀 (two UTF-16 units, four bytes), 漢字 (one unit, three
/// bytes each), 𝒳 (astral: two units, four bytes).
const NOTES: &str = "# Notes\n\n## Papers\n\n\
1. [Attention 😀 漢字](https://example.com/a?utm_source=x)\n    - Comment: Good.\n\
3. [Again](https://example.com/a)\n    - Comment: Same. \n\
4. [Plain 𝒳](http://example.org/p)\n    - Comment: Old.\n";

fn start(dir: &Dir, capabilities: Value) -> Client {
    Client::initialized(dir.path(), capabilities, json!({"debounceMs": 0})).0
}

/// `(code, line, start character, end character)` of each diagnostic.
fn places(diags: &[Value]) -> Vec<(String, u64, u64, u64)> {
    let mut v: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                d["range"]["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn find<'a>(diags: &'a [Value], code: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:#?}"))
}

#[test]
fn open_publishes_what_check_finds_with_codes_docs_and_related_places() {
    let dir = Dir::with(&[("notes.md", NOTES)]);
    let mut c = start(&dir, json!({}));
    let u = uri(&dir.join("notes.md"));
    let diags = c.open(&u, NOTES);
    assert_eq!(
        places(&diags),
        [
            ("duplicate-link".into(), 6, 3, 33),
            ("insecure-link".into(), 8, 14, 34),
            ("list-numbering".into(), 6, 0, 1),
            ("tracking-param".into(), 4, 21, 55),
            ("trailing-whitespace".into(), 7, 20, 21),
        ]
    );
    let dup = find(&diags, "duplicate-link");
    assert_eq!(dup["severity"], 2);
    assert_eq!(dup["source"], "listlint");
    assert!(
        dup["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/rules/duplicate-link.md"),
        "{dup}"
    );
    let related = &dup["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], u.as_str());
    assert_eq!(
        related["location"]["range"]["start"],
        json!({"line": 4, "character": 3})
    );
    assert_eq!(related["message"], "first listed here");
    assert_eq!(find(&diags, "list-numbering")["severity"], 1);
    assert_eq!(find(&diags, "trailing-whitespace")["severity"], 3);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn positions_are_in_utf8_bytes_when_the_client_offers_them() {
    let dir = Dir::with(&[("notes.md", NOTES)]);
    let (mut c, init) = Client::initialized(
        dir.path(),
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        json!({"debounceMs": 0}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let u = uri(&dir.join("notes.md"));
    let diags = c.open(&u, NOTES);
    let line = |n: usize| NOTES.lines().nth(n).unwrap();
    let tracking = find(&diags, "tracking-param");
    let at = line(4).find("https").unwrap() as u64;
    assert_eq!(tracking["range"]["start"]["character"], at);
    let insecure = find(&diags, "insecure-link");
    assert_eq!(
        insecure["range"]["start"]["character"],
        line(8).find("http:").unwrap() as u64
    );
    // An edit in bytes lands where meant: after 𝒳, not inside it.
    let after_x = line(8).find("](").unwrap() as u64;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 8, "character": after_x}, "end": {"line": 8, "character": after_x}}, "text": "!"}
        ]}),
    );
    let diags = c.diagnostics(&u);
    assert_eq!(
        find(&diags, "insecure-link")["range"]["start"]["character"],
        line(8).find("http:").unwrap() as u64 + 1
    );
    let f = c.request_ok(
        "textDocument/formatting",
        json!({"textDocument": {"uri": u}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let text = NOTES.replace("𝒳]", "𝒳!]");
    let fixed = apply_edits(&text, f.as_array().unwrap(), true);
    assert!(
        fixed.contains("[Plain 𝒳!](http://example.org/p)"),
        "{fixed}"
    );
    assert!(!fixed.contains("utm_source"), "{fixed}");
}

#[test]
fn incremental_changes_in_utf16_move_the_underlines() {
    let dir = Dir::with(&[("notes.md", NOTES)]);
    let mut c = start(&dir, json!({}));
    let u = uri(&dir.join("notes.md"));
    c.open(&u, NOTES);
    // Insert two characters after 😀 (UTF-16 characters 0..15 are
    // "1. [Attention 😀"), and renumber the third entry.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 4, "character": 15}, "end": {"line": 4, "character": 15}}, "text": "🎉x"},
            {"range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 1}}, "text": "2"},
        ]}),
    );
    let diags = c.diagnostics(&u);
    let tracking = find(&diags, "tracking-param");
    assert_eq!(tracking["range"]["start"]["character"], 21 + 3);
    let numbering = find(&diags, "list-numbering");
    assert_eq!(numbering["message"], "expected 3, found 4");
    assert_eq!(numbering["range"]["start"]["line"], 8);
    // A whole-text change replaces everything.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"text": "# T\n\nclean\n"}]}),
    );
    assert_eq!(c.diagnostics(&u), Vec::<Value>::new());
}

#[test]
fn code_actions_fix_one_fix_all_or_disable_on_the_line() {
    let dir = Dir::with(&[("notes.md", NOTES)]);
    let mut c = start(&dir, json!({}));
    let u = uri(&dir.join("notes.md"));
    let diags = c.open(&u, NOTES);
    let actions = |c: &mut Client, d: &Value, only: Option<&str>| -> Vec<Value> {
        let mut context = json!({"diagnostics": [d]});
        if let Some(only) = only {
            context["only"] = json!([only]);
        }
        c.request_ok(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": d["range"], "context": context}),
        )
        .as_array()
        .unwrap()
        .clone()
    };
    let edits = |a: &Value| a["edit"]["changes"][u.as_str()].as_array().unwrap().clone();
    // A safe fix, preferred.
    let tracking = find(&diags, "tracking-param");
    let quick = actions(&mut c, tracking, Some("quickfix"));
    let fix = quick
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("utm_source"))
        .unwrap_or_else(|| panic!("{quick:#?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "tracking-param");
    let fixed = apply_edits(NOTES, &edits(fix), false);
    assert!(
        fixed.contains("[Attention 😀 漢字](https://example.com/a)\n"),
        "{fixed}"
    );
    // An unsafe fix: offered, not preferred, and it says so.
    let insecure = find(&diags, "insecure-link");
    let quick = actions(&mut c, insecure, Some("quickfix"));
    let unsafe_fix = quick
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("unsafe"))
        .unwrap_or_else(|| panic!("{quick:#?}"));
    assert_eq!(unsafe_fix["isPreferred"], false);
    assert!(
        apply_edits(NOTES, &edits(unsafe_fix), false).contains("[Plain 𝒳](https://example.org/p)")
    );
    // Disable on this line: the inline suppression, which check honours.
    let disable = quick
        .iter()
        .find(|a| a["title"] == "Disable insecure-link on this line")
        .unwrap_or_else(|| panic!("{quick:#?}"));
    let silenced = apply_edits(NOTES, &edits(disable), false);
    assert!(
        silenced.contains(
            "[Plain 𝒳](http://example.org/p) <!-- listlint-disable-line insecure-link -->\n"
        ),
        "{silenced}"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": silenced}]}),
    );
    let after = c.diagnostics(&u);
    assert!(
        after.iter().all(|d| d["code"] != "insecure-link"),
        "{after:#?}"
    );
    // Fix all: what `listlint fix` writes.
    let all = actions(&mut c, &after[0], Some("source.fixAll.listlint"));
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "source.fixAll.listlint");
    let fixed_all = apply_edits(&silenced, &edits(&all[0]), false);
    let expected = dir
        .listlint()
        .args(["fix", "--stdin", "--stdin-filename", "notes.md", "--quiet"])
        .stdin(&silenced)
        .run()
        .stdout;
    assert_eq!(fixed_all, expected);
    // Formatting applies the same safe fixes.
    let f = c.request_ok(
        "textDocument/formatting",
        json!({"textDocument": {"uri": u}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(
        apply_edits(&silenced, f.as_array().unwrap(), false),
        expected
    );
}

#[test]
fn hover_on_a_diagnostic_explains_its_rule() {
    let dir = Dir::with(&[("notes.md", NOTES)]);
    let mut c = start(&dir, json!({}));
    let u = uri(&dir.join("notes.md"));
    c.open(&u, NOTES);
    let h = c.request_ok(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 8, "character": 20}}),
    );
    let explain = dir.run(&["explain", "insecure-link"]).stdout;
    assert_eq!(h["contents"]["kind"], "markdown");
    assert_eq!(h["contents"]["value"], explain.as_str());
    let none = c.request_ok(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 1}}),
    );
    assert_eq!(none, Value::Null);
}

#[test]
fn config_overrides_and_suppressions_apply_and_a_broken_config_is_one_diagnostic() {
    let toml = "[rules]\ninsecure-link = \"error\"\n\n[[overrides]]\nfiles = [\"drafts/**\"]\nrules = { tracking-param = \"off\" }\n";
    let dir = Dir::with(&[
        ("listlint.toml", toml),
        ("notes.md", NOTES),
        ("drafts/notes.md", NOTES),
    ]);
    let mut c = start(
        &dir,
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    let (main, draft) = (
        uri(&dir.join("notes.md")),
        uri(&dir.join("drafts/notes.md")),
    );
    let d = c.open(&main, NOTES);
    assert_eq!(find(&d, "insecure-link")["severity"], 1);
    find(&d, "tracking-param");
    let d = c.open(&draft, NOTES);
    assert!(d.iter().all(|d| d["code"] != "tracking-param"), "{d:#?}");
    // A config that does not load: one diagnostic on it, on its line; the
    // documents keep the last config that loaded.
    dir.write("listlint.toml", "[rules]\ninsecure-link = \"loud\"\n");
    let config = uri(&dir.join("listlint.toml"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config, "type": 2}]}),
    );
    let d = c.diagnostics(&main);
    assert_eq!(find(&d, "insecure-link")["severity"], 1);
    let broken = c.diagnostics(&config);
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert_eq!(broken[0]["severity"], 1);
    assert_eq!(broken[0]["range"]["start"]["line"], 1);
    assert!(
        broken[0]["message"]
            .as_str()
            .unwrap()
            .contains("insecure-link"),
        "{broken:#?}"
    );
    // Deleted: the defaults apply, and the config's diagnostic goes away.
    std::fs::remove_file(dir.join("listlint.toml")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config, "type": 3}]}),
    );
    let d = c.diagnostics(&main);
    assert_eq!(find(&d, "insecure-link")["severity"], 2);
    assert_eq!(c.diagnostics(&config), Vec::<Value>::new());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn bad_input_gets_an_error_answer_and_the_server_goes_on() {
    let dir = Dir::with(&[("notes.md", NOTES)]);
    let mut c = start(&dir, json!({}));
    let u = uri(&dir.join("notes.md"));
    // Not JSON, then JSON that is no message.
    c.send_body(b"{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
    let r = c.response(&Value::Null);
    assert_eq!(r["error"]["code"], -32700);
    c.send_body(br#"{"jsonrpc": "2.0", "id": 99}"#);
    assert_eq!(c.response(&json!(99))["error"]["code"], -32600);
    // A header without a length, and a length that is not a number.
    c.send_raw(b"Content-Type: nothing\r\n\r\n");
    assert_eq!(c.response(&Value::Null)["error"]["code"], -32700);
    // Unknown methods: a request is answered, a notification ignored.
    assert_eq!(
        c.request("listlint/teleport", json!({}))["error"]["code"],
        -32601
    );
    c.notify("listlint/teleport", json!({}));
    // Requests about a document that is not open, and bad parameters.
    let closed = json!({"textDocument": {"uri": "file:///nowhere/x.md"}, "position": {"line": 0, "character": 0}});
    assert_eq!(
        c.request("textDocument/hover", closed)["error"]["code"],
        -32602
    );
    assert_eq!(
        c.request("textDocument/hover", json!({"x": 1}))["error"]["code"],
        -32602
    );
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///nowhere/x.md", "version": 2}, "contentChanges": [{"text": ""}]}));
    // A document sent as bytes that are not UTF-8: read as U+FFFD, and said.
    let body =
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": u, "languageId": "markdown", "version": 1, "text": "# Caf@E9@\n"}}})
        .to_string()
        .replace("@E9@", "\u{1}");
    // Latin-1 é where the placeholder was.
    let body: Vec<u8> = body
        .bytes()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect();
    c.send_body(&body);
    let d = c.diagnostics(&u);
    find(&d, "replacement-char");
    // A 20 MB document, with one problem at its end.
    let line = "Plain text on a line of its own, about nothing much at all.\n";
    let mut big = format!("# Big\n\n{}", line.repeat(20 * 1024 * 1024 / line.len()));
    big.push_str("See http://example.org/end\n");
    let big_uri = uri(&dir.join("big.md"));
    let d = c.open(&big_uri, &big);
    assert_eq!(
        find(&d, "bare-url")["range"]["start"]["line"],
        big.lines().count() as u64 - 1
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": big_uri}}),
    );
    assert_eq!(c.diagnostics(&big_uri), Vec::<Value>::new());
    assert_eq!(c.request("textDocument/formatting", json!({"textDocument": {"uri": big_uri}, "options": {"tabSize": 4, "insertSpaces": true}}))["error"]["code"], -32602);
    // Still serving.
    assert!(c.alive());
    assert_eq!(
        c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 0}})
        )["result"],
        Value::Null
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn requests_before_initialize_are_refused_and_exit_without_shutdown_fails() {
    let dir = Dir::new();
    let mut c = Client::start(dir.path());
    assert_eq!(
        c.request("textDocument/hover", json!({}))["error"]["code"],
        -32002
    );
    c.request_ok("initialize", json!({"capabilities": {}}));
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), 1);
}

#[test]
fn links_are_checked_on_request_only() {
    let s = crate::support::server::Server::start();
    let toml = "[links]\nenabled = true\nallow-private = true\ntimeout = \"2s\"\nretries = 0\nhost-interval = \"0ms\"\narchive = { enabled = false }\n";
    let text = format!(
        "# Links\n\nLink [one]({}).\n\nLink [two]({}).\n",
        s.url("/ok/a"),
        s.url("/status/404/b")
    );
    let dir = Dir::with(&[("listlint.toml", toml), ("links.md", &text)]);
    let mut c = start(&dir, json!({}));
    let u = uri(&dir.join("links.md"));
    // Opening and typing never reach the network, even with `enabled = true`.
    assert_eq!(c.open(&u, &text), Vec::<Value>::new());
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": format!("{text}\n")}]}),
    );
    assert_eq!(c.diagnostics(&u), Vec::<Value>::new());
    assert!(s.requests().is_empty(), "{:?}", s.requests().len());
    let summary = c.request_ok(
        "workspace/executeCommand",
        json!({"command": "listlint.checkLinks", "arguments": [u]}),
    );
    assert!(summary.as_str().unwrap().contains('2'), "{summary}");
    let d = c.diagnostics(&u);
    assert_eq!(
        places(&d),
        [(
            "dead-link".to_owned(),
            4,
            11,
            11 + s.url("/status/404/b").len() as u64
        )]
    );
    assert_eq!(s.count("/ok/a"), 1);
    assert_eq!(
        c.request(
            "workspace/executeCommand",
            json!({"command": "listlint.nothing", "arguments": [u]})
        )["error"]["code"],
        -32602
    );
}
