//! Sets `LISTLINT_VERSION`, what `listlint --version` prints: the crate
//! version and, when it can be known, the commit it was built from.
//!
//! From a git checkout the commit comes from git (with its date). From a
//! crate tarball (crates.io, `cargo install listlint`) there is no
//! repository, but `cargo package` recorded the commit in
//! `.cargo_vcs_info.json`. Without either (a source archive, no git
//! installed) the version stands alone. Nothing here can fail the build.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rerun-if-changed=build.rs");

    let commit = from_git(&dir).or_else(|| from_vcs_info(&dir));
    let full = match commit {
        Some((hash, Some(date))) => format!("{version} ({hash} {date})"),
        Some((hash, None)) => format!("{version} ({hash})"),
        None => version,
    };
    println!("cargo:rustc-env=LISTLINT_VERSION={full}");
}

/// The short hash and date of `HEAD`, when this crate is the top of a git
/// work tree (a crate unpacked inside another repository must not report
/// that repository's commit).
fn from_git(dir: &Path) -> Option<(String, Option<String>)> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if !same_dir(Path::new(&top), dir) {
        return None;
    }
    let out = git(dir, &["log", "-1", "--format=%h %cs", "--abbrev=12"])?;
    let (hash, date) = out.split_once(' ')?;
    // Rebuild when HEAD moves: a checkout or a commit changes one of these.
    let mut watched = vec![git(dir, &["rev-parse", "--git-path", "HEAD"])?];
    watched.extend(git(dir, &["rev-parse", "--git-path", "packed-refs"]));
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.extend(git(dir, &["rev-parse", "--git-path", &branch]));
    }
    for path in watched {
        let path = dir.join(path);
        // Naming a file that does not exist would rerun this on every build.
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Some((hash.to_owned(), Some(date.to_owned())))
}

/// The commit `cargo package` recorded, shortened like git's.
fn from_vcs_info(dir: &Path) -> Option<(String, Option<String>)> {
    let path = dir.join(".cargo_vcs_info.json");
    let text = std::fs::read_to_string(&path).ok()?;
    println!("cargo:rerun-if-changed={}", path.display());
    // `"sha1": "<40 hex digits>"`: too small a format to need a JSON parser.
    let (_, rest) = text.split_once("\"sha1\"")?;
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let hash = rest.strip_prefix('"')?.split('"').next()?;
    if hash.len() < 12 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((hash[..12].to_owned(), None))
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
