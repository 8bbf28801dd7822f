//! The configuration of each open document, found as `check` finds it
//! (the nearest `listlint.toml` or `.listlint.toml` in the document's
//! directory or above), loaded once until a config file changes.
//!
//! A config that does not load is reported on the config file itself, and
//! the documents it governs are linted with the last version of it that
//! loaded (else the defaults): a half-typed config does not make every
//! underline vanish or change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Config, ConfigError, find_config};

/// A config file that does not load, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Broken {
    pub path: PathBuf,
    /// The whole error, as `check` prints it.
    pub message: String,
    /// Where in the file, when known (0-based byte range).
    pub span: Option<std::ops::Range<usize>>,
}

#[derive(Default)]
pub(crate) struct Configs {
    /// By directory: the config path that governs it (`None`: defaults).
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    /// By config path: what was loaded.
    loaded: HashMap<PathBuf, Result<Arc<Config>, Broken>>,
    /// By config path: the last version that loaded.
    last_good: HashMap<PathBuf, Arc<Config>>,
}

impl Configs {
    /// Forgets everything read (a config file was created, edited or
    /// deleted).
    pub fn clear(&mut self) {
        self.by_dir.clear();
        self.loaded.clear();
    }

    /// The config for `file`, and its config file when one governs it.
    pub fn for_file(&mut self, file: &Path) -> (Arc<Config>, Option<PathBuf>) {
        let dir = file.parent().unwrap_or(Path::new("."));
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
        let found = self
            .by_dir
            .entry(dir.clone())
            .or_insert_with(|| find_config(&dir))
            .clone();
        let Some(path) = found else {
            return (Arc::new(Config::defaults(dir)), None);
        };
        let config = match self.load(&path) {
            Ok(c) => c,
            Err(_) => self
                .last_good
                .get(&path)
                .cloned()
                .unwrap_or_else(|| Arc::new(Config::defaults(dir))),
        };
        (config, Some(path))
    }

    /// Loads `path` (once until [`Self::clear`]).
    pub fn load(&mut self, path: &Path) -> Result<Arc<Config>, Broken> {
        if let Some(r) = self.loaded.get(path) {
            return r.clone();
        }
        let text = std::fs::read_to_string(path);
        let result = match &text {
            Ok(text) => check(path, text),
            Err(e) => Err(broken(
                path,
                "",
                ConfigError::Read {
                    path: path.to_owned(),
                    source: std::io::Error::new(e.kind(), e.to_string()),
                },
            )),
        };
        if let Ok(c) = &result {
            self.last_good.insert(path.to_owned(), c.clone());
        }
        self.loaded.insert(path.to_owned(), result.clone());
        result
    }

    /// The config files read so far that do not load.
    pub fn broken(&self) -> impl Iterator<Item = &Broken> {
        self.loaded.values().filter_map(|r| r.as_ref().err())
    }
}

/// Parses config `text` as if it were the file at `path`.
pub(crate) fn check(path: &Path, text: &str) -> Result<Arc<Config>, Broken> {
    Config::parse(path, text)
        .map(Arc::new)
        .map_err(|e| broken(path, text, e))
}

fn broken(path: &Path, text: &str, e: ConfigError) -> Broken {
    let span = match &e {
        ConfigError::Syntax { .. } => toml::from_str::<toml::Table>(text)
            .err()
            .and_then(|e| e.span()),
        ConfigError::Value { key, .. } => key_span(text, key),
        ConfigError::Read { .. } => None,
    };
    // The file is where the diagnostic is: the message need not repeat it.
    let full = e.to_string();
    let prefix = format!("{}: ", path.display());
    let message = full.strip_prefix(&prefix).unwrap_or(&full).to_owned();
    Broken {
        path: path.to_owned(),
        message,
        span,
    }
}

/// Where a dotted key (`rules.list-numbering.style`) is written: the first
/// line that starts with its last part, after the table its other parts
/// name when that table has a header.
fn key_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let last = key.rsplit('.').next()?.trim_matches(['[', ']', '"']);
    if last.is_empty() {
        return None;
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed
            .trim_start_matches('"')
            .strip_prefix(last)
            .is_some_and(|rest| {
                rest.trim_start_matches('"')
                    .trim_start()
                    .starts_with(['=', '.', ']'])
            })
        {
            let start = offset + (line.len() - trimmed.len());
            return Some(start..start + trimmed.trim_end().len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_config_says_where() {
        let path = Path::new("/tmp/listlint.toml");
        let text = "[rules]\nlist-numbering = \"loud\"\n";
        let b = check(path, text).unwrap_err();
        assert_eq!(&text[b.span.clone().unwrap()], "list-numbering = \"loud\"");
        assert!(!b.message.contains("/tmp/"), "{}", b.message);
        let b = check(path, "[rules\n").unwrap_err();
        assert!(b.span.is_some());
    }
}
