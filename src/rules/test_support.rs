//! Test helpers for the rules: lint a snippet with one rule on, as an
//! awesome list, and see its findings or its fixed text.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::engine::lint::{FileSettings, Selection, lint};
use crate::source::SourceFile;
use crate::workspace::Workspace;

/// Diagnostics of rule `id` on `md`, linted as an awesome list at
/// `dir/README.md`.
pub(crate) fn lint_in(dir: &std::path::Path, id: &str, md: &str) -> Vec<Diagnostic> {
    lint_with(dir, "", id, md)
}

/// [`lint_in`] with more config (`[rules]` options).
fn lint_with(dir: &std::path::Path, extra: &str, id: &str, md: &str) -> Vec<Diagnostic> {
    let path = dir.join("README.md");
    let config = Config::parse(
        &dir.join("listlint.toml"),
        &format!("preset = \"awesome\"\n{extra}"),
    )
    .unwrap();
    let sel = Selection {
        select: Some(vec![id.to_owned()]),
        ignore: vec![],
    };
    let settings = FileSettings::resolve(&config, &path, &sel);
    let source = SourceFile::decode(path, md.as_bytes()).unwrap();
    lint(&source, &settings, &Workspace::new())
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == id)
        .collect()
}

/// Diagnostics of rule `id` on `md`, linted as an awesome list.
pub(crate) fn check(id: &str, md: &str) -> Vec<Diagnostic> {
    let dir = std::env::temp_dir();
    lint_in(&dir, id, md)
}

/// `md` after applying the rule's safe fixes once.
pub(crate) fn fixed(id: &str, md: &str) -> String {
    fixed_with("", id, md)
}

/// Diagnostics of rule `id` on `md` with `config` added to the preset
/// (`[rules]` options).
pub(crate) fn check_with(config: &str, id: &str, md: &str) -> Vec<Diagnostic> {
    lint_with(&std::env::temp_dir(), config, id, md)
}

/// The config (for [`check_with`]) that sets the `style` option of rule
/// `id` to `s`.
pub(crate) fn style(id: &str, s: &str) -> String {
    format!("[rules]\n{id} = {{ style = \"{s}\" }}\n")
}

/// [`fixed`] with `config` added.
pub(crate) fn fixed_with(config: &str, id: &str, md: &str) -> String {
    let diags = check_with(config, id, md);
    let fixes: Vec<_> = diags.iter().filter_map(|d| d.fix.as_ref()).collect();
    crate::fix::apply(md, &fixes).0
}

/// The source text of each diagnostic's span.
pub(crate) fn spans<'a>(md: &'a str, diags: &[Diagnostic]) -> Vec<&'a str> {
    diags.iter().map(|d| &md[d.span.clone()]).collect()
}
