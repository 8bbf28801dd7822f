//! The library called on a string, without the binary: the one place the
//! tests name the engine's entry points (configuration, lint, fix).

use std::path::{Path, PathBuf};

use listlint::config::Config;
use listlint::diagnostic::Diagnostic;
use listlint::fixer::Fixed;
use listlint::lint::{FileSettings, Selection};
use listlint::source::SourceFile;
use listlint::workspace::Workspace;

/// A file to lint or fix: `dir/name`, configured by `toml` as if it were
/// `dir/listlint.toml` (nothing is written), with the rules of `select` (ids
/// separated by commas) or the configured ones.
pub struct Target {
    path: PathBuf,
    settings: FileSettings,
}

impl Target {
    pub fn new(dir: &Path, name: &str, toml: &str, select: Option<&str>) -> Target {
        let config = Config::parse(&dir.join("listlint.toml"), toml)
            .unwrap_or_else(|e| panic!("config {toml:?}: {e}"));
        let path = dir.join(name);
        let selection = Selection {
            select: select.map(|s| s.split(',').map(str::to_owned).collect()),
            ignore: vec![],
        };
        let settings = FileSettings::resolve(&config, &path, &selection);
        Target { path, settings }
    }

    /// `notes.md` in the system's temporary directory (for generated
    /// cases, where a directory each would cost more than the case).
    pub fn notes(toml: &str, select: Option<&str>) -> Target {
        Target::new(&std::env::temp_dir(), "notes.md", toml, select)
    }

    /// The decoded file and its diagnostics; `None` when `bytes` are not
    /// text.
    pub fn lint(&self, bytes: &[u8]) -> Option<(SourceFile, Vec<Diagnostic>)> {
        let source = SourceFile::decode(self.path.clone(), bytes).ok()?;
        let diagnostics =
            listlint::lint::lint(&source, &self.settings, &Workspace::new()).diagnostics;
        Some((source, diagnostics))
    }

    /// What `fix` (safe fixes only) makes of `bytes`, and what it reports
    /// afterwards; `None` when they are not text.
    pub fn fix(&self, bytes: &[u8]) -> Option<(Fixed, Vec<Diagnostic>)> {
        let source = SourceFile::decode(self.path.clone(), bytes).ok()?;
        let (_, after, fixed) = listlint::fixer::fix(
            source,
            bytes.to_vec(),
            &self.settings,
            &Workspace::new(),
            false,
        );
        Some((fixed, after.diagnostics))
    }

    /// What `fix` writes for `text`, which must stay UTF-8.
    pub fn fix_text(&self, text: &str) -> String {
        let (fixed, _) = self.fix(text.as_bytes()).expect("text input");
        String::from_utf8(fixed.output().to_vec()).expect("fix writes UTF-8")
    }
}
