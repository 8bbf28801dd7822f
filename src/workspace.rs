//! What rules may ask of the file system: whether a relative link's target
//! exists, and the anchors of another Markdown file. Shared by all files of
//! a run, with caches, so a target linked from many places is read once.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::document::{ParseOptions, parse};

/// The anchors a Markdown file defines: heading slugs and explicit ids.
#[derive(Debug, Default)]
pub struct Anchors {
    pub slugs: HashSet<String>,
    pub ids: HashSet<String>,
}

impl Anchors {
    pub fn of(doc: &crate::document::Document<'_>) -> Self {
        Self {
            slugs: doc.headings.iter().map(|h| h.slug.clone()).collect(),
            ids: doc.anchors.iter().cloned().collect(),
        }
    }

    /// Whether `fragment` (as written, maybe percent-encoded) names an anchor.
    pub fn contains(&self, fragment: &str) -> bool {
        if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
            return true;
        }
        let decoded = crate::document::slug::percent_decode(fragment);
        let f = decoded.strip_prefix("user-content-").unwrap_or(&decoded);
        self.ids.contains(f) || self.slugs.contains(f) || self.slugs.contains(&f.to_lowercase())
    }

    /// The closest anchor, for a "did you mean" note: within a third of
    /// the fragment's length in edits, compared only with anchors of a
    /// length that could be that close.
    pub fn closest(&self, fragment: &str) -> Option<&str> {
        let f: Vec<char> = crate::document::slug::percent_decode(fragment)
            .to_lowercase()
            .chars()
            .take(200)
            .collect();
        let max = (f.len() / 3).max(1);
        let mut row = Vec::new();
        let mut best: Option<(usize, &str)> = None;
        for s in self.slugs.iter().chain(self.ids.iter()) {
            let len = s.chars().count();
            if len.abs_diff(f.len()) > max || len > 200 {
                continue;
            }
            if let Some(d) = bounded_distance(&f, s, max, &mut row)
                && best.is_none_or(|(bd, bs)| (d, s.as_str()) < (bd, bs))
            {
                best = Some((d, s.as_str()));
            }
        }
        best.map(|(_, s)| s)
    }
}

/// Levenshtein distance if at most `max`, stopping as soon as every entry
/// of a row exceeds it.
fn bounded_distance(a: &[char], b: &str, max: usize, row: &mut Vec<usize>) -> Option<usize> {
    row.clear();
    row.extend(0..=a.len());
    for (j, cb) in b.chars().enumerate() {
        let mut diag = row[0];
        row[0] = j + 1;
        let mut row_min = row[0];
        for i in 1..=a.len() {
            let up = row[i];
            let v = (diag + usize::from(a[i - 1] != cb))
                .min(up + 1)
                .min(row[i - 1] + 1);
            diag = up;
            row[i] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
    }
    let d = row[a.len()];
    (d <= max).then_some(d)
}

/// File-system lookups shared across the files of one run.
#[derive(Default)]
pub struct Workspace {
    git_roots: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    anchors: Mutex<HashMap<PathBuf, Option<Arc<Anchors>>>>,
    listings: Mutex<HashMap<PathBuf, Option<Arc<[String]>>>>,
}

impl Workspace {
    pub fn new() -> Self {
        Self::default()
    }

    /// The git top level above `dir`, if any.
    pub(crate) fn git_root(&self, dir: &Path) -> Option<PathBuf> {
        let mut cache = self.git_roots.lock().expect("no panics while locked");
        if let Some(r) = cache.get(dir) {
            return r.clone();
        }
        let found = dir
            .ancestors()
            .find(|d| d.join(".git").exists())
            .map(Path::to_path_buf);
        cache.insert(dir.to_owned(), found.clone());
        found
    }

    /// Resolves a relative link's path (no query or fragment, decoded) from
    /// the file that contains it; `/path` from the git top level, else from
    /// `root`, the directory being linted.
    pub fn resolve(&self, from_file: &Path, target: &str, root: &Path) -> PathBuf {
        let dir = from_file.parent().unwrap_or(Path::new("."));
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        match target.strip_prefix('/') {
            Some(rest) => {
                let abs_dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
                self.git_root(&abs_dir)
                    .unwrap_or_else(|| root.to_owned())
                    .join(rest)
            }
            None => dir.join(target),
        }
    }

    /// The names of the entries of directory `dir`, lower-cased (`None`
    /// when it cannot be read).
    pub fn listing(&self, dir: &Path) -> Option<Arc<[String]>> {
        let key = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
        if let Some(l) = self
            .listings
            .lock()
            .expect("no panics while locked")
            .get(&key)
        {
            return l.clone();
        }
        let names: Option<Arc<[String]>> = std::fs::read_dir(dir).ok().map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().to_lowercase())
                .collect()
        });
        self.listings
            .lock()
            .expect("no panics while locked")
            .insert(key, names.clone());
        names
    }

    /// Anchors of another Markdown file (`None` when it cannot be read).
    pub fn anchors(&self, path: &Path) -> Option<Arc<Anchors>> {
        let key = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        if let Some(a) = self
            .anchors
            .lock()
            .expect("no panics while locked")
            .get(&key)
        {
            return a.clone();
        }
        let bytes = std::fs::read(path).ok();
        let anchors = bytes.map(|b| {
            let text = String::from_utf8_lossy(&b);
            let doc = parse(&text, &ParseOptions::default());
            Arc::new(Anchors::of(&doc))
        });
        self.anchors
            .lock()
            .expect("no panics while locked")
            .insert(key, anchors.clone());
        anchors
    }
}
