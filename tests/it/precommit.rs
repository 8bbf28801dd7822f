//! The pre-commit hooks of `.pre-commit-hooks.yaml`, run by the real
//! pre-commit framework from this repository (at its HEAD commit) in a
//! temporary git repository: a bad list blocks the commit, a fixed one
//! passes. It needs `pre-commit` on PATH (`pip install pre-commit`) and
//! builds listlint with cargo, so it is ignored by a plain `cargo test`;
//! `.ci/run` runs it with `--include-ignored`.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::git::{git, git_command};

fn run(dir: &Path, program: &str, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {program} (is it installed?): {e}"))
}

/// `git commit` with pre-commit's hooks installed (and its environment).
fn git_commit(repo: &Path, env: &[(&str, &Path)]) -> Output {
    let mut cmd = git_command(repo, &["commit", "-m", "notes"]);
    cmd.envs(env.iter().copied());
    cmd.output().expect("run git")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const BAD: &str = "# Reading notes\n\n## Papers\n\n1. [Paxos Made Simple](https://example.org/paxos)\n    - Comment: Short and clear.\n3. [Raft](https://example.org/raft)\n    - Comment: Easier to follow.\n";
const GOOD: &str = "# Reading notes\n\n## Papers\n\n1. [Paxos Made Simple](https://example.org/paxos)\n    - Comment: Short and clear.\n2. [Raft](https://example.org/raft)\n    - Comment: Easier to follow.\n";

#[test]
#[ignore = "needs pre-commit (pip install pre-commit) and builds listlint; run by .ci/run"]
fn precommit_hooks_block_a_bad_list_and_pass_a_fixed_one() {
    let this = Path::new(env!("CARGO_MANIFEST_DIR"));
    let head = git(this, &["rev-parse", "HEAD"]);
    assert!(head.status.success(), "{}", text(&head));
    let rev = String::from_utf8_lossy(&head.stdout).trim().to_owned();

    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("list");
    std::fs::create_dir(&repo).unwrap();
    // pre-commit's cache, and cargo's build directory shared with this
    // checkout's release build so the hook does not rebuild every crate.
    let cache = tmp.path().join("pre-commit-cache");
    let target = this.join("target");
    let env: [(&str, &Path); 2] = [("PRE_COMMIT_HOME", &cache), ("CARGO_TARGET_DIR", &target)];

    assert!(git(&repo, &["init", "-q"]).status.success());
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: listlint\n      - id: listlint-fix\n",
            this.display()
        ),
    )
    .unwrap();
    let install = run(&repo, "pre-commit", &["install"], &env);
    assert!(install.status.success(), "{}", text(&install));

    // A bad list blocks the commit: check fails, and fix renumbers the file.
    std::fs::write(repo.join("notes.md"), BAD).unwrap();
    assert!(git(&repo, &["add", "."]).status.success());
    let commit = git_commit(&repo, &env);
    let out = text(&commit);
    assert!(!commit.status.success(), "the commit went through:\n{out}");
    assert!(out.contains("list-numbering"), "{out}");
    let log = git(&repo, &["log", "--oneline"]);
    assert!(
        !log.status.success() || log.stdout.is_empty(),
        "a commit was made"
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("notes.md")).unwrap(),
        GOOD,
        "listlint-fix renumbers the list"
    );

    // The fixed list passes.
    assert!(git(&repo, &["add", "."]).status.success());
    let commit = git_commit(&repo, &env);
    assert!(commit.status.success(), "{}", text(&commit));
    let log = git(&repo, &["log", "--oneline"]);
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 1);
}
