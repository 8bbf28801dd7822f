//! `awesome-contributing`: an awesome list without a contributing file.

use std::path::Path;

use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-contributing"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "no contributing file beside the list",
    doc: include_str!("../../../rules/awesome-contributing.md"),
};

pub struct AwesomeContributing;

/// Names GitHub shows as contribution guidelines, lower-cased.
const NAMES: &[&str] = &[
    "contributing",
    "contributing.md",
    "contributing.markdown",
    "contributing.rst",
    "contributing.txt",
    "contributing.adoc",
    "contributing.org",
];

impl Rule for AwesomeContributing {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(beside) = CommunityPlaces::of(cx) else {
            return;
        };
        // An empty guide (or one of blank lines only) is no guide.
        let mut empty: Option<std::path::PathBuf> = None;
        for (place, _, _) in &beside.places {
            let listed = cx
                .fs
                .listing(place)
                .is_some_and(|names| names.iter().any(|n| NAMES.contains(&n.as_str())));
            if !listed {
                continue;
            }
            match guide_in(place) {
                Guide::Written => return,
                Guide::Empty(path) => {
                    empty.get_or_insert(path);
                }
                Guide::None => {}
            }
        }
        let doc = cx.doc;
        let line = doc.lines.line_span(doc.text, 0);
        let span = line.start..line.start + doc.slice(&line).trim_end().len();
        if let Some(path) = empty {
            let shown = path.strip_prefix(&beside.abs).unwrap_or(&path);
            out.push(
                Diagnostic::new(
                    META.id,
                    span,
                    format!("the contributing file `{}` is empty", shown.display()),
                )
                .with_note("say what belongs on the list and how to propose it"),
            );
            return;
        }
        out.push(
            Diagnostic::new(META.id, span, "no contributing file beside the list").with_note(
                format!(
                    "looked for `CONTRIBUTING.md` in `{}`, its `.github` and `docs` folders{}",
                    beside.dir.display(),
                    if beside.in_repo {
                        " and those of its parents in the repository"
                    } else {
                        ""
                    }
                ),
            ),
        );
    }
}

/// What a directory holds in the way of contribution guidelines.
enum Guide {
    /// A guide with text in it.
    Written,
    /// Only an empty guide (or blank lines): its path.
    Empty(std::path::PathBuf),
    None,
}

/// The contribution guidelines in `dir` (read only when its listing named
/// one; a file over 4 KiB is not read).
fn guide_in(dir: &Path) -> Guide {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Guide::None;
    };
    let mut found = Guide::None;
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().to_lowercase();
        if !NAMES.contains(&name.as_str()) {
            continue;
        }
        let path = e.path();
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let written = meta.len() > 4096
            || std::fs::read(&path).is_ok_and(|b| !b.iter().all(u8::is_ascii_whitespace));
        if written {
            return Guide::Written;
        }
        found = Guide::Empty(path);
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_in;

    const ID: &str = "awesome-contributing";
    const MD: &str = "# Awesome X\n\n- [a](https://a) - A.\n";

    #[test]
    fn a_contributing_file_in_any_case_and_place_counts() {
        for name in [
            "CONTRIBUTING.md",
            "contributing.md",
            "Contributing.md",
            ".github/CONTRIBUTING.md",
            "docs/contributing.md",
            "CONTRIBUTING",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "Send a pull request.\n").unwrap();
            assert!(lint_in(dir.path(), ID, MD).is_empty(), "{name}");
        }
    }

    #[test]
    fn no_contributing_file_is_reported_once_at_the_top() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("code-of-conduct.md"), "Be kind.\n").unwrap();
        let d = lint_in(dir.path(), ID, MD);
        assert_eq!(d.len(), 1);
        assert_eq!(&MD[d[0].span.clone()], "# Awesome X");
    }

    #[test]
    fn the_repository_top_counts_for_a_list_in_a_subfolder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("lists/rust")).unwrap();
        std::fs::write(dir.path().join("CONTRIBUTING.md"), "PRs welcome.\n").unwrap();
        assert!(lint_in(&dir.path().join("lists/rust"), ID, MD).is_empty());
    }
}
