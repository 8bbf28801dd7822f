//! `--changed-since REF`, the pull-request mode: files are linted
//! whole, but only what the change touched is reported: diagnostics on
//! added or changed lines, the list and section rules of lists and
//! sections where a line was added, changed or deleted, and broken
//! fragments when a heading changed. With `--links`, only URLs that were
//! not in the file at the merge base are requested.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::document::{ParseOptions, parse};
use crate::report::Located;

/// The merge base of REF and HEAD, in the repository around the current
/// directory.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub base: String,
    pub top: PathBuf,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

fn line(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim().to_owned()
}

impl Baseline {
    pub fn new(reference: &str, cwd: &Path) -> Result<Self, String> {
        let top = git(cwd, &["rev-parse", "--show-toplevel"])
            .map(line)
            .map_err(|e| format!("--changed-since needs a git repository: {e}"))?;
        let commit = format!("{reference}^{{commit}}");
        if git(cwd, &["rev-parse", "--verify", "--quiet", &commit]).is_err() {
            let shallow = git(cwd, &["rev-parse", "--is-shallow-repository"])
                .map(line)
                .is_ok_and(|s| s == "true");
            let hint = if shallow {
                format!(
                    "this is a shallow clone: fetch it with `git fetch --unshallow` or \
                     `git fetch origin {reference}` (in GitHub Actions, `fetch-depth: 0` on actions/checkout)"
                )
            } else {
                format!("fetch it first, e.g. `git fetch origin {reference}`")
            };
            return Err(format!(
                "--changed-since: `{reference}` is not a commit of this repository; {hint}"
            ));
        }
        let base = git(cwd, &["merge-base", reference, "HEAD"])
            .map(line)
            .map_err(|e| {
                format!(
                    "--changed-since: `{reference}` and HEAD have no merge base ({e}); \
                     fetch more history with `git fetch --unshallow`"
                )
            })?;
        Ok(Self {
            base,
            top: PathBuf::from(top),
        })
    }

    /// The file's text at the merge base; `None` when it did not exist.
    fn old_text(&self, path: &Path) -> Option<String> {
        let abs = std::fs::canonicalize(path).ok()?;
        let top = std::fs::canonicalize(&self.top).ok()?;
        let rel = abs.strip_prefix(&top).ok()?;
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let spec = format!("{}:{}", self.base, rel.join("/"));
        git(&self.top, &["show", &spec])
            .ok()
            .map(|b| decoded(path, b))
    }

    /// What changed in one file, whose bytes are now `current` (decoded as
    /// the linter decodes them, so a UTF-16 or Windows-1252 file is
    /// compared line by line like any other).
    pub fn changes(&self, path: &Path, current: Vec<u8>) -> Changes {
        let current = decoded(path, current);
        let current = current.as_str();
        let old = self.old_text(path);
        let new_doc = parse(current, &ParseOptions::default());
        let mut c = Changes::default();
        for list in &new_doc.lists {
            c.lists.push(line_range(&new_doc, &list.span));
        }
        for section in &new_doc.sections {
            c.sections.push(line_range(&new_doc, &section.span));
        }
        let Some(old) = old else {
            // A new file: everything is new.
            let n = current.lines().count().max(1);
            c.changed = (1..=n).collect();
            c.headings_changed = true;
            return c;
        };
        let diff = similar::TextDiff::from_lines(old.as_str(), current);
        for op in diff.ops() {
            let new = op.new_range();
            match op.tag() {
                similar::DiffTag::Equal => {}
                similar::DiffTag::Delete => {
                    c.deleted_at.insert(new.start + 1);
                }
                similar::DiffTag::Insert | similar::DiffTag::Replace => {
                    c.changed.extend(new.start + 1..new.end + 1);
                }
            }
        }
        let old_doc = parse(&old, &ParseOptions::default());
        c.base_urls = old_doc
            .links
            .iter()
            .filter_map(|l| crate::links::key_of(&l.url).map(|(k, _)| k))
            .collect();
        let slugs = |d: &crate::document::Document<'_>| -> BTreeSet<String> {
            d.headings.iter().map(|h| h.slug.clone()).collect()
        };
        c.headings_changed = slugs(&old_doc) != slugs(&new_doc);
        c
    }
}

/// A file's text as the linter reads it: decoded from its charset, the
/// BOM dropped; undecodable bytes replaced rather than refused.
fn decoded(path: &Path, bytes: Vec<u8>) -> String {
    // UTF-8, the common case, needs no copy.
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return match text.strip_prefix('\u{feff}') {
                Some(t) => t.to_owned(),
                None => text,
            };
        }
        Err(e) => e.into_bytes(),
    };
    match crate::source::SourceFile::decode(path.to_path_buf(), &bytes) {
        Ok(source) => source.text,
        Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn line_range(doc: &crate::document::Document<'_>, span: &crate::source::Span) -> (usize, usize) {
    let first = doc.lines.line_of(span.start) + 1;
    let last = doc
        .lines
        .line_of(span.end.saturating_sub(1).max(span.start))
        + 1;
    (first, last)
}

/// One file's change since the merge base (lines are 1-based, in the
/// current text).
#[derive(Debug, Default)]
pub struct Changes {
    pub changed: BTreeSet<usize>,
    /// Where lines were deleted: the line now after the gap.
    pub deleted_at: BTreeSet<usize>,
    /// URL keys the file cited at the merge base.
    pub base_urls: HashSet<String>,
    pub headings_changed: bool,
    lists: Vec<(usize, usize)>,
    sections: Vec<(usize, usize)>,
}

impl Changes {
    /// Whether a line range was touched: a line in it added or changed, or
    /// a deletion inside it or at its edges.
    fn touched(&self, (first, last): (usize, usize)) -> bool {
        self.changed.range(first..=last).next().is_some()
            || self.deleted_at.range(first..=last + 1).next().is_some()
    }

    /// The innermost region of `regions` around `line`.
    fn around(regions: &[(usize, usize)], line: usize) -> Option<(usize, usize)> {
        regions
            .iter()
            .filter(|&&(a, b)| a <= line && line <= b)
            .min_by_key(|&&(a, b)| b - a)
            .copied()
    }

    /// Whether pull-request mode reports this diagnostic.
    pub fn keeps(&self, d: &Located) -> bool {
        if (d.line..=d.end_line.max(d.line)).any(|l| self.changed.contains(&l)) {
            return true;
        }
        use crate::rules::Extent;
        match crate::rules::by_id(&d.rule).map_or(Extent::Lines, |r| r.extent()) {
            Extent::List => Self::around(&self.lists, d.line).is_some_and(|r| self.touched(r)),
            Extent::Section => {
                Self::around(&self.sections, d.line).is_some_and(|r| self.touched(r))
            }
            Extent::Headings => self.headings_changed,
            Extent::Lines => false,
        }
    }
}
