//! What rules may ask of the file system: whether a relative link's target
//! exists, and the anchors of another Markdown file. Shared by all files of
//! a run, with caches, so a target linked from many places is read once.

use std::collections::HashMap;

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::document::anchor::Anchors;
use crate::document::{ParseOptions, parse};

/// File-system lookups shared across the files of one run.
#[derive(Default)]
pub struct Workspace {
    git_roots: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    anchors: Mutex<HashMap<PathBuf, Option<Arc<Anchors>>>>,
    listings: Mutex<HashMap<PathBuf, Option<Arc<[String]>>>>,
    /// Directories found missing, as written: nothing in them exists.
    missing_dirs: Mutex<FxHashSet<std::ffi::OsString>>,
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

    /// Whether `path` (a relative link's target) exists. Broken links
    /// often point into one missing directory: a directory found missing
    /// is remembered, and the files in it are not looked up.
    pub fn exists(&self, path: &Path) -> bool {
        // An empty parent is the working directory, written differently.
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(parent) = parent
            && self
                .missing_dirs
                .lock()
                .expect("no panics while locked")
                .contains(parent.as_os_str())
        {
            return false;
        }
        if path.exists() {
            return true;
        }
        if let Some(parent) = parent
            && !parent.exists()
        {
            self.missing_dirs
                .lock()
                .expect("no panics while locked")
                .insert(parent.as_os_str().to_owned());
        }
        false
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_directory_holds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "").unwrap();
        let ws = Workspace::new();
        assert!(ws.exists(&dir.path().join("a.md")));
        assert!(!ws.exists(&dir.path().join("b.md")));
        let gone = dir.path().join("gone");
        assert!(!ws.exists(&gone.join("x.md")));
        assert!(!ws.exists(&gone.join("y.md")), "remembered");
        assert!(ws.exists(Path::new("Cargo.toml")), "the working directory");
    }
}
