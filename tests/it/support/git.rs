//! `git` for the tests that need a repository: a test identity, no
//! signing, `main` as the first branch, whatever the user's configuration.

use std::path::Path;
use std::process::{Command, Output};

/// `git args` in `dir`, not run yet.
pub fn git_command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    cmd.args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir);
    cmd
}

/// Runs `git args` in `dir`.
pub fn git(dir: &Path, args: &[&str]) -> Output {
    git_command(dir, args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run git (is it installed?): {e}"))
}

/// Runs `git args` in `dir`; panics unless it succeeds.
#[track_caller]
pub fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
