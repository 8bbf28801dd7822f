//! A temporary directory holding the files of one test, removed when the
//! test ends.

use std::path::{Path, PathBuf};

use super::bin::{Listlint, Run, listlint};

pub struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("create a temporary directory"),
        }
    }

    /// A directory holding `files` (`(path, text)`).
    pub fn with(files: &[(&str, &str)]) -> Dir {
        let dir = Dir::new();
        for (rel, text) in files {
            dir.write(rel, text);
        }
        dir
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    /// Writes `content` to `rel`, creating parent directories.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Self {
        write(self.path(), rel, content);
        self
    }

    /// The text of `rel`.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// listlint in this directory, with no arguments yet.
    pub fn listlint(&self) -> Listlint {
        listlint(self.path())
    }

    /// Runs listlint here with `args` and stdin closed.
    pub fn run(&self, args: &[&str]) -> Run {
        self.listlint().args(args).run()
    }
}

/// Writes `content` to `dir/rel`, creating parent directories.
pub fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap_or_else(|e| panic!("write {rel}: {e}"));
}
