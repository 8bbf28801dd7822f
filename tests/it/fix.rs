//! `listlint fix` end to end (SPEC 2, 5): real files in temporary
//! directories, written by the built binary.

use std::path::Path;
use std::process::Command;

use crate::support::Run;

/// Fixable problems of several rules, and one that is not fixable (entry 3
/// has no comment).
const BROKEN: &str = "# Reading list\n\n\
1. [Attention](https://arxiv.org/abs/1706.03762?utm_source=feed)\n   - comment: The transformer. \n\
3. [BERT](https://arxiv.org/pdf/1810.04805)\n   - Comments: Bidirectional.\n\
4. [GPT-3](https://arxiv.org/abs/2005.14165)\n";

/// BROKEN after the safe fixes.
const FIXED: &str = "# Reading list\n\n\
1. [Attention](https://arxiv.org/abs/1706.03762)\n   - Comment: The transformer.\n\
2. [BERT](https://arxiv.org/pdf/1810.04805)\n   - Comment: Bidirectional.\n\
3. [GPT-3](https://arxiv.org/abs/2005.14165)\n";

/// Runs listlint in `dir`, with `stdin` given or closed.
fn listlint(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let cmd = crate::support::listlint(dir).args(args);
    match stdin {
        Some(bytes) => cmd.stdin(bytes).run(),
        None => cmd.run(),
    }
}

/// Applies `diff` (paths `a/…`, `b/…`) in `dir` with GNU patch.
fn apply_patch(dir: &Path, diff: &[u8]) -> std::process::Output {
    std::fs::write(dir.join("fix.patch"), diff).unwrap();
    Command::new("patch")
        .args([
            "-p1",
            "--batch",
            "--no-backup-if-mismatch",
            "-i",
            "fix.patch",
        ])
        .current_dir(dir)
        .output()
        .expect("`patch` is installed")
}

fn setup(content: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.md");
    std::fs::write(&path, content).unwrap();
    (dir, path)
}

#[test]
fn fixes_safe_problems_reports_the_rest_and_is_idempotent() {
    let (dir, path) = setup(BROKEN);
    let r = listlint(
        dir.path(),
        &["fix", "--no-config", "--format", "concise", "notes.md"],
        None,
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    assert_eq!(r.code, 0, "only a warning and an info remain: {}", r.stderr);
    let remaining = String::from_utf8(r.stdout_bytes).unwrap();
    assert!(remaining.contains("entry-comment"), "{remaining}");
    assert!(
        remaining.contains("canonical-link"),
        "unsafe fixes are not applied: {remaining}"
    );
    assert!(
        !remaining.contains("list-numbering") && !remaining.contains("field-format"),
        "{remaining}"
    );

    // A second run changes nothing, and does not even rewrite the file.
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let r = listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
    assert_eq!(r.code, 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let (dir, path) = setup(BROKEN);
    listlint(
        dir.path(),
        &["fix", "--no-config", "--unsafe-fixes", "notes.md"],
        None,
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("https://arxiv.org/abs/1810.04805)"), "{text}");
}

#[test]
fn select_restricts_which_rules_fix() {
    let (dir, path) = setup(BROKEN);
    listlint(
        dir.path(),
        &[
            "fix",
            "--no-config",
            "--select",
            "tracking-param",
            "notes.md",
        ],
        None,
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, BROKEN.replace("?utm_source=feed", ""));
}

#[test]
fn diff_writes_nothing_and_describes_exactly_what_fix_writes() {
    let (dir, path) = setup(BROKEN);
    let r = listlint(
        dir.path(),
        &["fix", "--diff", "--no-config", "notes.md"],
        None,
    );
    assert_eq!(r.code, 1, "a non-empty diff exits 1");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        BROKEN,
        "--diff writes nothing"
    );
    let diff = String::from_utf8(r.stdout_bytes).unwrap();
    assert!(
        diff.starts_with("--- a/notes.md\n+++ b/notes.md\n"),
        "{diff}"
    );
    // Applying the diff gives what `fix` writes.
    let out = apply_patch(dir.path(), diff.as_bytes());
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    // Nothing to fix: empty diff, exit as check.
    let r = listlint(
        dir.path(),
        &[
            "fix",
            "--diff",
            "--no-config",
            "--ignore",
            "entry-comment",
            "notes.md",
        ],
        None,
    );
    assert!(r.stdout_bytes.is_empty());
    assert_eq!(r.code, 0);
}

/// Whatever the line endings, `fix --diff` is a patch that `patch` applies
/// to give exactly the bytes `fix` writes: lines end only at `\n` (a lone
/// `\r` is part of a line), and a last line without `\n` is marked.
#[test]
fn diff_applies_with_patch_for_any_line_endings() {
    let inputs: &[&[u8]] = &[
        // A bare CR before mojibake.
        b"a\rCaf\xC3\x83\xC2\xA9\nb\n",
        // Old Mac line endings throughout, ending in `\r`.
        b"# Notes\r\rCaf\xC3\x83\xC2\xA9 cr\xC3\x83\xC2\xA8me  \r- item \r",
        // CRLF, LF and CR mixed, trailing spaces on every kind of line.
        b"# Notes\r\n\r\nCaf\xC3\x83\xC2\xA9\rtext  \nmore \r\n- x\t\r- y\n",
        // No final newline, the last line changed.
        b"# Notes\n\nHuggingFace\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s hub  ",
        // No final newline, the last line unchanged.
        b"# Notes  \n\nsame",
        // No final newline after CRs, as context only.
        b"# Notes\r\nCaf\xC3\x83\xC2\xA9\r\none\rtwo\rthree",
        // A change far from the start: context lines with lone CRs.
        b"1\r2\r3\n4\r\n5\n6\n7\n8\n9\nZ\xC3\x83\xC2\xBCrich \n10\r11\n12\r\n13\n14\r",
    ];
    for (i, input) in inputs.iter().enumerate() {
        // What `fix` writes.
        let fixed_dir = tempfile::tempdir().unwrap();
        std::fs::write(fixed_dir.path().join("notes.md"), input).unwrap();
        let r = listlint(fixed_dir.path(), &["fix", "--no-config", "notes.md"], None);
        let want = std::fs::read(fixed_dir.path().join("notes.md")).unwrap();
        assert_ne!(want, *input, "input {i}: `fix` changes it ({})", r.stderr);
        // What `fix --diff` says, applied by `patch`.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        std::fs::write(&path, input).unwrap();
        let r = listlint(
            dir.path(),
            &["fix", "--diff", "--no-config", "notes.md"],
            None,
        );
        assert_eq!(r.code, 1, "input {i}: {}", r.stderr);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            *input,
            "--diff writes nothing"
        );
        let shown = String::from_utf8_lossy(&r.stdout_bytes).into_owned();
        let out = apply_patch(dir.path(), &r.stdout_bytes);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "input {i}: patch failed: {}{}\n{shown:?}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            want,
            "input {i}: the patched file is what `fix` writes\n{shown:?}"
        );
    }
}

#[test]
fn stdin_gets_the_fixed_document_and_the_report_goes_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let r = listlint(
        dir.path(),
        &["fix", "--stdin", "--no-config", "--format", "concise"],
        Some(BROKEN.as_bytes()),
    );
    assert_eq!(String::from_utf8(r.stdout_bytes).unwrap(), FIXED);
    assert!(r.stderr.contains("entry-comment"), "{}", r.stderr);
    // Nothing selected to fix: the input comes back byte for byte.
    let r = listlint(
        dir.path(),
        &["fix", "--stdin", "--no-config", "--select", "bare-url"],
        Some(BROKEN.as_bytes()),
    );
    r.assert_code(0)
        .assert_stderr("1 file checked, no problems found\n");
    assert_eq!(r.stdout_bytes, BROKEN.as_bytes());
    // A failed run also returns the input byte for byte.
    std::fs::write(dir.path().join("listlint.toml"), "colour = 1\n").unwrap();
    let r = listlint(dir.path(), &["fix", "--stdin"], Some(BROKEN.as_bytes()));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout_bytes, BROKEN.as_bytes());
}

#[test]
fn line_endings_and_bom_are_kept() {
    let crlf = BROKEN.replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(crlf.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.md");
    std::fs::write(&path, &bytes).unwrap();
    listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
    let mut want = b"\xEF\xBB\xBF".to_vec();
    want.extend_from_slice(FIXED.replace('\n', "\r\n").as_bytes());
    assert_eq!(std::fs::read(&path).unwrap(), want);
}

#[test]
fn a_fix_that_inserts_a_line_uses_the_files_line_ending() {
    let text = "# T\r\n\r\n1. [a](https://a.org) - Comment: inline\r\n";
    let (dir, path) = setup(text);
    listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# T\r\n\r\n1. [a](https://a.org)\r\n   - Comment: inline\r\n"
    );
}

/// Mixed line endings come out in the main style (`line-endings`: the one
/// most lines use, LF on a tie), lines inserted by other fixes included.
#[test]
fn mixed_line_endings_come_out_in_one_style() {
    let cases = [
        // 3 CRLF, 2 LF: CRLF, although the two split lines would make LF
        // the majority if they were counted.
        (
            "# T\n\n1. [a](https://a.org) - Comment: One.\r\n\
             2. [b](https://b.org) - Comment: Two.\r\n3. [c](https://c.org)\r\n",
            "# T\r\n\r\n1. [a](https://a.org)\r\n   - Comment: One.\r\n\
             2. [b](https://b.org)\r\n   - Comment: Two.\r\n3. [c](https://c.org)\r\n",
        ),
        // 2 CRLF, 2 LF: a tie, LF wins.
        (
            "# T\r\n\r\n1. [a](https://a.org)\n   - comment: One.\n",
            "# T\n\n1. [a](https://a.org)\n   - Comment: One.\n",
        ),
    ];
    for (before, after) in cases {
        let (dir, path) = setup(before);
        let r = listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            after.as_bytes(),
            "{before:?}"
        );
    }
}

#[test]
fn a_windows_1252_file_becomes_utf8_with_identical_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.md");
    let text = "# Caf\u{e9} cr\u{e8}me\n\n1. [D\u{e9}j\u{e0} vu](https://example.org/a)\n   - Comment: \u{ab} na\u{ef}ve \u{bb} \u{2014} 5\u{20ac}\n";
    let (cp1252, _, had_errors) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!had_errors);
    std::fs::write(&path, &cp1252).unwrap();
    let r = listlint(
        dir.path(),
        &["check", "--no-config", "--format", "concise", "notes.md"],
        None,
    );
    let out = String::from_utf8_lossy(&r.stdout_bytes).into_owned();
    assert!(
        out.contains("encoding] file is encoded in windows-1252"),
        "{out}"
    );
    assert_eq!(r.code, 1);
    // The diff compares text: only the encoding changes, and it says so.
    let r = listlint(
        dir.path(),
        &["fix", "--no-config", "--diff", "notes.md"],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let diff = String::from_utf8(r.stdout_bytes).unwrap();
    assert_eq!(
        diff, "--- a/notes.md (windows-1252)\n+++ b/notes.md (UTF-8)\n",
        "{diff}"
    );
    let r = listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn utf16_with_a_bom_becomes_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.md");
    let text = "# Notes\n\nSee <https://example.org/\u{e9}t\u{e9}> \u{1F680}\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, &bytes).unwrap();
    let r = listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_bom_is_removed_only_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.md");
    std::fs::write(&path, b"\xEF\xBB\xBF# Notes\n").unwrap();
    listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
    assert_eq!(std::fs::read(&path).unwrap(), b"\xEF\xBB\xBF# Notes\n");
    std::fs::write(
        dir.path().join("listlint.toml"),
        "[rules]\nencoding = { bom = \"remove\" }\n",
    )
    .unwrap();
    listlint(dir.path(), &["fix", "notes.md"], None);
    assert_eq!(std::fs::read(&path).unwrap(), b"# Notes\n");
}

#[test]
fn utf8_mixed_with_another_charset_is_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.md");
    let bytes =
        b"# Caf\xC3\xA9 and caf\xE9\n\n1. [a](https://a.org?utm_source=x)\n   - Comment: x\n"
            .to_vec();
    std::fs::write(&path, &bytes).unwrap();
    let r = listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(r.code, 1, "the encoding error remains");
}

#[cfg(unix)]
mod unix {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    use super::*;

    #[test]
    fn writes_are_atomic_and_keep_permissions() {
        let (dir, path) = setup(BROKEN);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let inode = std::fs::metadata(&path).unwrap().ino();
        listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o640);
        assert_ne!(
            meta.ino(),
            inode,
            "written through a temporary file and a rename"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
    }

    #[test]
    fn hard_links_keep_their_inode_and_every_name_sees_the_fix() {
        let (dir, path) = setup(BROKEN);
        let other = dir.path().join("other-name.txt");
        std::fs::hard_link(&path, &other).unwrap();
        let inode = std::fs::metadata(&path).unwrap().ino();
        listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
        assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
        assert_eq!(std::fs::read_to_string(&other).unwrap(), FIXED);
    }

    #[test]
    fn symlinks_inside_the_tree_fix_their_target_and_stay_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        std::fs::write(dir.path().join("real/notes.txt"), BROKEN).unwrap();
        std::os::unix::fs::symlink("real/notes.txt", dir.path().join("link.md")).unwrap();
        let r = listlint(dir.path(), &["fix", "--no-config", "."], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            std::fs::symlink_metadata(dir.path().join("link.md"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("real/notes.txt")).unwrap(),
            FIXED
        );
    }

    #[test]
    fn symlinks_outside_the_tree_are_reported_not_written() {
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("notes.md");
        std::fs::write(&target, BROKEN).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("link.md")).unwrap();
        let r = listlint(dir.path(), &["fix", "--no-config", "."], None);
        assert_eq!(r.code, 2);
        assert!(
            r.stderr.contains("link.md") && r.stderr.contains("outside the tree"),
            "{}",
            r.stderr
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), BROKEN);
    }

    /// A file named with `..` is the file itself, not a symlink: it is
    /// fixed like the same file named without `..`.
    #[test]
    fn a_path_with_dotdot_is_fixed() {
        let (dir, path) = setup(BROKEN);
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let r = listlint(&sub, &["fix", "--no-config", "../notes.md"], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);

        std::fs::write(&path, BROKEN).unwrap();
        let r = listlint(
            dir.path(),
            &["fix", "--no-config", "./sub/../notes.md"],
            None,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    }

    /// `..` does not hide a symlinked directory on the path: `out/..` is
    /// the parent of the symlink's target, outside the tree.
    #[test]
    fn a_path_with_dotdot_through_a_symlink_outside_the_tree_is_not_written() {
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("notes.md");
        std::fs::write(&target, BROKEN).unwrap();
        std::fs::create_dir(outside.path().join("deep")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("deep"), sub.join("deep")).unwrap();
        for (cwd, arg) in [
            (&sub, "../out/notes.md"),
            (&sub, "deep/../notes.md"),
            (&sub, "./deep/../deep/../notes.md"),
        ] {
            let r = listlint(cwd, &["fix", "--no-config", arg], None);
            assert_eq!(r.code, 2, "{arg}: {}", r.stderr);
            assert!(
                r.stderr.contains(arg) && r.stderr.contains("outside the tree"),
                "{arg}: {}",
                r.stderr
            );
            assert_eq!(std::fs::read_to_string(&target).unwrap(), BROKEN, "{arg}");
        }
    }

    /// The temporary file that replaces the original gets its owner, group
    /// and mode. Root gives the file away to another owner and group; any
    /// other user gives it one of their supplementary groups, if they have
    /// one besides the group a new file gets (the mode is checked always).
    #[test]
    fn the_owner_group_and_mode_are_kept() {
        let (dir, path) = setup(BROKEN);
        let mine = std::fs::metadata(&path).unwrap();
        let (uid, gid) = if mine.uid() == 0 {
            (1234, 2345)
        } else {
            let other = supplementary_groups()
                .into_iter()
                .find(|&g| g != mine.gid());
            if other.is_none() {
                eprintln!("no supplementary group: only the mode is checked");
            }
            (mine.uid(), other.unwrap_or(mine.gid()))
        };
        std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
        // Odd bits, none a new file gets by default.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o604)).unwrap();
        let inode = std::fs::metadata(&path).unwrap().ino();
        let r = listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
        r.assert_code(0);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
        let meta = std::fs::metadata(&path).unwrap();
        assert_ne!(meta.ino(), inode, "written through a temporary file");
        assert_eq!((meta.uid(), meta.gid()), (uid, gid));
        assert_eq!(meta.permissions().mode() & 0o7777, 0o604);
    }

    /// The groups of this process (`id -G`).
    fn supplementary_groups() -> Vec<u32> {
        let out = Command::new("id").arg("-G").output().expect("run id");
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .filter_map(|g| g.parse().ok())
            .collect()
    }

    /// A write that fails half way (past the file-size limit) leaves the
    /// file as it was and no temporary file beside it.
    #[test]
    fn a_failed_write_leaves_the_file_and_no_temporary_file() {
        let text = format!("{BROKEN}\n{}", "A paragraph of plain text.\n\n".repeat(400));
        let (dir, path) = setup(&text);
        let r = crate::support::bin::listlint_with_file_size_limit(dir.path(), 2)
            .args(["fix", "--no-config", "notes.md"])
            .run();
        r.assert_code(2);
        assert!(
            r.stderr.contains("notes.md: cannot write: File too large"),
            "{r:?}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["notes.md"], "no temporary file left");
    }

    #[test]
    fn a_file_without_a_write_bit_is_left_alone_even_for_root() {
        let (dir, path) = setup(BROKEN);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let r = listlint(dir.path(), &["fix", "--no-config", "notes.md"], None);
        assert_eq!(r.code, 2);
        assert!(
            r.stderr.contains("notes.md") && r.stderr.contains("write permission"),
            "{}",
            r.stderr
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), BROKEN);
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o444
        );
    }

    #[test]
    fn a_directory_that_cannot_be_written_is_left_alone() {
        let (dir, path) = setup(BROKEN);
        let sub = dir.path().join("ro");
        std::fs::create_dir(&sub).unwrap();
        std::fs::rename(&path, sub.join("notes.md")).unwrap();
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
        let r = listlint(dir.path(), &["fix", "--no-config", "ro/notes.md"], None);
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("not writable"), "{}", r.stderr);
        assert_eq!(
            std::fs::read_to_string(sub.join("notes.md")).unwrap(),
            BROKEN
        );
    }
}

#[test]
fn stdin_comes_back_when_the_command_line_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let r = listlint(
        dir.path(),
        &["fix", "--stdin", "--no-such-flag"],
        Some(BROKEN.as_bytes()),
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout_bytes, BROKEN.as_bytes());
}

/// `sorted-entries` moves whole entries with their fields, `list-numbering`
/// renumbers them in the same run, and a file without a final newline
/// keeps it that way.
#[test]
fn sorting_moves_entries_with_their_fields_and_renumbers() {
    let (dir, path) = setup(
        "# Notes\n\n## Papers\n\n\
         1. [Raft](https://example.org/raft)\n    - Comment: Understandable consensus.\n\
         2. [Paxos](https://example.org/paxos)\n    - Comment: The original.\n    - Code: none\n\
         3. [Chord](https://example.org/chord)\n    - Comment: Rings.",
    );
    std::fs::write(
        dir.path().join("listlint.toml"),
        "preset = \"notes\"\n[rules]\nsorted-entries = \"warning\"\n",
    )
    .unwrap();
    let run = listlint(
        dir.path(),
        &["fix", "--ignore", "final-newline", "notes.md"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# Notes\n\n## Papers\n\n\
         1. [Chord](https://example.org/chord)\n    - Comment: Rings.\n\
         2. [Paxos](https://example.org/paxos)\n    - Comment: The original.\n    - Code: none\n\
         3. [Raft](https://example.org/raft)\n    - Comment: Understandable consensus."
    );
}

/// Sorting at the end of a file without a final newline: a non-ASCII last
/// character, and CRLF line endings, come out whole.
#[test]
fn sorting_at_the_end_of_a_file_keeps_characters_and_line_endings() {
    let (dir, path) = setup(
        "# T\r\n\r\n- [c](https://c.example) - Sea.\r\n- [b](https://b.example) - Bee.\r\n- [a](https://a.example) - Café",
    );
    std::fs::write(
        dir.path().join("listlint.toml"),
        "preset = \"awesome\"\n[rules]\nsorted-entries = \"warning\"\n",
    )
    .unwrap();
    let run = listlint(
        dir.path(),
        &["fix", "--select", "sorted-entries", "notes.md"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# T\r\n\r\n- [a](https://a.example) - Café\r\n- [b](https://b.example) - Bee.\r\n- [c](https://c.example) - Sea."
    );
}

/// A text of 1 MiB and more is fixed on several cores: its mojibake lines
/// are repaired while it is parsed, and again, in the next pass, while its
/// model is carried over to the fixed text (mojibake alone) or the fixed
/// text is parsed (with a rule that needs lists and entries). Its blocks
/// are independent, so it must come out exactly as its blocks do one by
/// one, with as many findings left.
#[test]
fn a_large_document_is_fixed_like_its_parts() {
    let unit = "Notes on HuggingFaceâ€™s hub and a cafÃ© crÃ¨me, twice: cafÃƒÂ©.\n\
        São Paulo, Zürich, 東京, naïve — “quoted”, £5 © 2024.\n\
        Code stays: `HuggingFaceâ€™s`. CP437 inside a word: Lascer├▓. Left: └─┘ ├┤a┼┐a.\n\
        Beside typography, one sign is not enough: Mccoy – DrÃ¥ber.\n\
        [MÃ¼nchen](https://de.wikipedia.org/wiki/M%C3%83%C2%BCnchen) is a city.\n\n";
    let dir = tempfile::tempdir().unwrap();
    let remaining = |stderr: &str| stderr.lines().filter(|l| l.contains("mojibake")).count();
    for select in ["mojibake", "mojibake,list-marker"] {
        let args = [
            "fix",
            "--stdin",
            "--no-config",
            "--select",
            select,
            "--format",
            "concise",
        ];
        let small = listlint(dir.path(), &args, Some(unit.as_bytes()));
        small.assert_code(0);
        let fixed = String::from_utf8(small.stdout_bytes).unwrap();
        assert!(fixed.contains("HuggingFace’s hub") && fixed.contains("café crème, twice: café."));
        assert!(
            fixed.contains("`HuggingFaceâ€™s`")
                && fixed.contains("Lascerò. Left: └─┘ ├┤a┼┐a.")
                && fixed.contains("[München](https://de.wikipedia.org/wiki/M%C3%BCnchen)")
        );
        // `DrÃ¥ber` beside a dash: a warning, no fix.
        assert_eq!(remaining(&small.stderr), 1, "{}", small.stderr);
        // Large enough that the fixed text, too, is over 1 MiB.
        let copies = (1 << 20) / fixed.len() + 100;
        let big = listlint(dir.path(), &args, Some(unit.repeat(copies).as_bytes()));
        assert_eq!(big.code, small.code);
        assert!(big.stdout_bytes.len() > 1 << 20);
        assert!(
            String::from_utf8(big.stdout_bytes).unwrap() == fixed.repeat(copies),
            "the fixed document differs ({select})"
        );
        assert_eq!(remaining(&big.stderr), copies * remaining(&small.stderr));
    }
}
