//! The GitHub Action's run script, `dist/action-run.sh`, run by bash as the
//! action runs it: its `args` input split as a shell splits words (quotes
//! and globs survive, nothing is run), and its outputs.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::support::bin::{BIN, hermetic};
use crate::support::server::Server;
use crate::support::{Dir, Run};

/// Runs the script in `dir` with the inputs `env` (and `$GITHUB_OUTPUT`,
/// `$GITHUB_STEP_SUMMARY`, `$RUNNER_TEMP` in `dir`).
fn action(dir: &Dir, env: &[(&str, &str)]) -> Run {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist/action-run.sh");
    std::fs::create_dir_all(dir.join("temp")).unwrap();
    let mut cmd = Command::new("bash");
    hermetic(&mut cmd, dir.path());
    cmd.arg(script)
        .env("GITHUB_OUTPUT", dir.join("output"))
        .env("GITHUB_STEP_SUMMARY", dir.join("step-summary.md"))
        .env("RUNNER_TEMP", dir.join("temp"))
        .env("LISTLINT", BIN);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run bash");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stdout_bytes: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: std::time::Duration::ZERO,
        peak_rss_kib: None,
    }
}

/// The outputs the script wrote.
fn outputs(dir: &Dir) -> BTreeMap<String, String> {
    std::fs::read_to_string(dir.join("output"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// A stand-in for listlint that records its arguments, one a line, in
/// `$RECORD`, and exits 1; its path.
fn recorder(dir: &Dir) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("record.sh");
    std::fs::write(
        &path,
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$RECORD\"\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

fn recorded(dir: &Dir) -> Vec<String> {
    std::fs::read_to_string(dir.join("recorded"))
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Quotes group words (a glob and a name with a space survive for
/// listlint), backslashes escape, and nothing in the text is run: command
/// substitutions, backquotes, `;` and `|` are plain characters.
#[test]
fn action_args_are_split_as_a_shell_splits_words_and_never_run() {
    let dir = Dir::new();
    let record = recorder(&dir);
    let recorded_path = dir.join("recorded").display().to_string();
    let run_with = |args: &str| {
        action(
            &dir,
            &[
                ("INPUT_ARGS", args),
                ("INPUT_FORMAT", "github"),
                ("INPUT_SUMMARY", "true"),
                ("INPUT_LINKS_CACHE", ".listlint-cache.json"),
                ("RECORD", &recorded_path),
                ("LISTLINT", &record),
            ],
        )
    };

    let run = run_with(
        r#"check --links 'docs/**/*.md' "my notes.md" --exclude 'a b\|c' it\'s "café.md""#,
    );
    run.assert_code(1);
    let summary = dir.join("temp/listlint-summary.md").display().to_string();
    assert_eq!(
        recorded(&dir),
        [
            "check",
            "--links",
            "docs/**/*.md",
            "my notes.md",
            "--exclude",
            "a b\\|c",
            "it's",
            "café.md",
            "--format",
            "github",
            "--summary",
            &summary,
            "--cache",
        ],
        "{run:?}"
    );
    let out = outputs(&dir);
    assert_eq!(out["exit-code"], "1");
    assert_eq!(out["summary"], summary);

    let run =
        run_with("check $(touch pwned1) `touch pwned2` ; touch pwned3 | touch pwned4 ${HOME}");
    run.assert_code(1);
    assert_eq!(
        recorded(&dir)[..10],
        [
            "check", "$(touch", "pwned1)", "`touch", "pwned2`", ";", "touch", "pwned3", "|",
            "touch"
        ],
        "{run:?}"
    );
    assert!(recorded(&dir).contains(&"${HOME}".to_owned()));
    for f in ["pwned1", "pwned2", "pwned3", "pwned4"] {
        assert!(!dir.join(f).exists(), "{f} was created: {run:?}");
    }

    // A --format and a --summary in the arguments win.
    let run = run_with("fix --format=json --summary mine.md .");
    run.assert_code(1);
    assert_eq!(
        recorded(&dir),
        ["fix", "--format=json", "--summary", "mine.md", "."],
        "{run:?}"
    );
    assert_eq!(outputs(&dir)["summary"], "mine.md");

    std::fs::remove_file(dir.join("recorded")).unwrap();
    let run = run_with("check 'unclosed");
    run.assert_code(2);
    assert!(run.stderr.contains("cannot be split"), "{run:?}");
    assert!(!dir.join("recorded").exists(), "listlint ran: {run:?}");
}

/// With the real listlint: the outputs give the exit code, the number of
/// dead links and the summary's path; the summary also reaches the job
/// summary; `fail: false` makes the step succeed.
#[test]
fn action_outputs_dead_links_exit_code_and_summary() {
    let s = Server::start();
    let dir = Dir::new();
    let (dead, ok) = (s.url("/status/404"), s.url("/ok/a"));
    dir.write(
        "my notes.md",
        format!("# Notes\n\nSee [a]({dead}) and [b]({ok}).\n\nAgain [a]({dead}).\n"),
    );
    dir.write(
        "listlint.toml",
        "[links]\nallow-private = true\nretries = 0\ntimeout = \"2s\"\narchive = { enabled = false }\n",
    );
    let args = r#"check --links --config listlint.toml "my notes.md""#;
    let base = [
        ("INPUT_ARGS", args),
        ("INPUT_FORMAT", "github"),
        ("INPUT_SUMMARY", "true"),
        ("INPUT_LINKS_CACHE", ""),
    ];
    let run = action(&dir, &base);
    run.assert_code(1);
    assert!(run.stdout.contains("::error"), "{run:?}");
    let out = outputs(&dir);
    assert_eq!(out["exit-code"], "1", "{run:?}");
    assert_eq!(out["dead-links"], "2", "{run:?}");
    let summary = std::fs::read_to_string(&out["summary"]).unwrap();
    assert!(summary.contains(&dead), "{summary}");
    let step = std::fs::read_to_string(dir.join("step-summary.md")).unwrap();
    assert_eq!(step, summary);

    std::fs::remove_file(dir.join("output")).unwrap();
    let mut env = base.to_vec();
    env.push(("INPUT_FAIL", "false"));
    let run = action(&dir, &env);
    run.assert_code(0);
    assert_eq!(outputs(&dir)["exit-code"], "1", "{run:?}");
    assert_eq!(outputs(&dir)["dead-links"], "2", "{run:?}");
}
