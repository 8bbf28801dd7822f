//! What the targets share: settings for a file that does not exist on disk
//! (nothing beside it is found), and the checks every lint result passes.

#![allow(dead_code)] // each target uses some of it

use std::path::{Path, PathBuf};

use listlint::config::Config;
use listlint::diagnostic::Diagnostic;
use listlint::lint::{FileSettings, Selection};

/// Where the fuzzed file pretends to live.
pub fn path() -> PathBuf {
    Path::new("/nonexistent/listlint-fuzz").join("list.md")
}

/// The configs the targets choose from: none, each preset.
pub const CONFIGS: [&str; 3] = ["", "preset = \"notes\"\n", "preset = \"awesome\"\n"];

/// Every offline rule, to run the rules that are off by default too.
pub fn all_rules() -> Vec<String> {
    listlint::rules::RULES
        .iter()
        .map(|r| r.meta().id.to_string())
        .filter(|id| !listlint::rules::network::is_network(id))
        .collect()
}

pub fn settings(config: &str, select: Option<Vec<String>>) -> FileSettings {
    let path = path();
    let config = Config::parse(&path.with_file_name("listlint.toml"), config)
        .expect("the targets' configs are valid");
    let sel = Selection {
        select,
        ignore: Vec::new(),
    };
    FileSettings::resolve(&config, &path, &sel)
}

/// Spans and fix edits lie inside the text, on character boundaries.
pub fn check_spans(text: &str, diagnostics: &[Diagnostic]) {
    let inside = |s: &std::ops::Range<usize>| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for d in diagnostics {
        assert!(inside(&d.span), "span out of the text: {d:?}");
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(inside(&e.span), "edit out of the text: {d:?}");
        }
    }
}
