//! Paths, directories and globs to the list of files to lint.

use std::path::{Path, PathBuf};

/// A file to lint, and whether it was named explicitly (explicit files are
/// linted whatever their extension and even when a config excludes them).
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub explicit: bool,
    /// The directory argument it was found under (the working directory for
    /// a file named on the command line or by a glob): where `/path` links
    /// resolve outside a git work tree, and the tree a symlink must stay in
    /// to be written through by `fix`.
    pub root: PathBuf,
}

/// A problem with one argument or one file found while walking.
#[derive(Debug, Clone)]
pub struct DiscoverError {
    pub path: PathBuf,
    pub message: String,
}

pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn has_glob_chars(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Expands arguments: files as given, directories walked (honouring
/// `.gitignore`, `*.md` / `*.markdown` only), globs expanded here so quoted
/// globs work on every shell.
pub fn discover(args: &[String]) -> (Vec<Input>, Vec<DiscoverError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        let path = PathBuf::from(arg);
        if std::fs::symlink_metadata(&path).is_ok() {
            add_path(path, true, &mut inputs, &mut errors);
            continue;
        }
        if has_glob_chars(arg) {
            match glob::glob(arg) {
                Ok(paths) => {
                    let mut any = false;
                    for p in paths {
                        match p {
                            Ok(p) => {
                                any = true;
                                // A glob names files the user chose by pattern: keep
                                // Markdown files and walk directories.
                                if p.is_dir() || is_markdown(&p) {
                                    add_path(p, false, &mut inputs, &mut errors);
                                }
                            }
                            Err(e) => errors.push(DiscoverError {
                                path: e.path().to_owned(),
                                message: format!("cannot read: {}", e.error()),
                            }),
                        }
                    }
                    if !any {
                        errors.push(DiscoverError {
                            path,
                            message: "no file matches this pattern".into(),
                        });
                    }
                }
                Err(e) => errors.push(DiscoverError {
                    path,
                    message: format!("invalid glob pattern: {e}"),
                }),
            }
            continue;
        }
        errors.push(DiscoverError {
            path,
            message: "no such file or directory".into(),
        });
    }
    // Each file once, in a stable order.
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| seen.insert(i.path.clone()));
    (inputs, errors)
}

fn add_path(
    path: PathBuf,
    explicit: bool,
    inputs: &mut Vec<Input>,
    errors: &mut Vec<DiscoverError>,
) {
    if path.is_dir() {
        walk(&path, inputs, errors);
    } else {
        // A file named on the command line (or by a glob) belongs to the tree
        // rooted at the working directory.
        let root = PathBuf::from(".");
        inputs.push(Input {
            path,
            explicit,
            root,
        });
    }
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<DiscoverError>) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                let Some(ft) = e.file_type() else { continue };
                if ft.is_dir() || !is_markdown(e.path()) {
                    continue;
                }
                let path = e
                    .path()
                    .strip_prefix("./")
                    .unwrap_or(e.path())
                    .to_path_buf();
                inputs.push(Input {
                    path,
                    explicit: false,
                    root: dir.to_owned(),
                });
            }
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => dir.to_owned(),
                };
                errors.push(DiscoverError {
                    path,
                    message: err.to_string(),
                });
            }
        }
    }
}
