//! What rules may ask of the file system: whether a relative link's target
//! exists, and the anchors of another Markdown file. Shared by all files of
//! a run, with caches, so a target linked from many places is read once.

use std::collections::HashMap;
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
