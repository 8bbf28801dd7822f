//! The CI output formats (SARIF, JUnit, GitLab, GitHub), `--summary`, shell
//! completions and the man page (SPEC §2), run through the built binary.
//!
//! Fixtures are copied from `tests/fixtures/formats/` into a temporary
//! directory, so the paths in the output are relative and the same on every
//! machine.

use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_listlint");

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs listlint in `dir` with no stdin.
fn run(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .output()
        .expect("run listlint");
    Output {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
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
