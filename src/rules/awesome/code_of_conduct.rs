//! `code-of-conduct`: a code of conduct beside an awesome list that is
//! empty or still the template's.
//!
//! As awesome-lint 2.3.0 checks it: a list needs no code of conduct, but
//! when a `code-of-conduct.md` or `code_of_conduct.md` is there (any case)
//! it must not be empty, must not keep the Contributor Covenant's
//! `[INSERT EMAIL ADDRESS]` placeholder, and must not name the contact of
//! the awesome list's template, `sindresorhus@gmail.com` (except in that
//! author's own repositories). awesome-lint looks in the list's directory
//! and its `.github` folder; so does this rule, and in `docs`, and in the
//! same places up to the top of the git work tree, where GitHub finds it
//! too. Version 2 of the Covenant says `[INSERT CONTACT METHOD]`: that
//! placeholder counts as well.

use std::path::PathBuf;

use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("code-of-conduct"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "the code of conduct beside the list is empty or keeps the template's placeholder or contact",
    doc: include_str!("../../../rules/code-of-conduct.md"),
};

pub struct CodeOfConduct;

const NAMES: &[&str] = &[
    "code-of-conduct.md",
    "code_of_conduct.md",
    "code-of-conduct.markdown",
    "code_of_conduct.markdown",
];

const PLACEHOLDERS: &[&str] = &["[INSERT EMAIL ADDRESS]", "[INSERT CONTACT METHOD]"];

/// The template's contact, and its owner, who may keep it.
const TEMPLATE_EMAIL: &str = "sindresorhus@gmail.com";
const TEMPLATE_OWNER: &str = "sindresorhus";

/// Files larger than this are not read (a code of conduct is a page).
const MAX_LEN: u64 = 1 << 20;

impl Rule for CodeOfConduct {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(beside) = CommunityPlaces::of(cx) else {
            return;
        };
        let Some((path, shown)) = find(cx, &beside) else {
            return;
        };
        let text = match std::fs::metadata(&path) {
            Ok(m) if m.len() <= MAX_LEN => match std::fs::read(&path) {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(_) => return,
            },
            _ => return,
        };
        let doc = cx.doc;
        let line = doc.lines.line_span(doc.text, 0);
        let span = line.start..line.start + doc.slice(&line).trim_end().len();
        let report = |message: String, note: String| {
            Diagnostic::new(META.id, span.clone(), message).with_note(note)
        };
        if text.trim().is_empty() {
            out.push(report(
                format!("the code of conduct `{shown}` is empty"),
                "write the rules of conduct and how to report a breach, or remove the file".into(),
            ));
            return;
        }
        let coc = crate::document::parse(&text, &crate::document::ParseOptions::default());
        let found = |needle: &str| {
            text.match_indices(needle)
                .map(|(at, _)| at)
                .find(|&at| !coc.in_code(at))
                .map(|at| coc.lines.line_of(at) + 1)
        };
        if let Some((placeholder, line)) = PLACEHOLDERS
            .iter()
            .find_map(|p| found(p).map(|line| (p, line)))
        {
            out.push(report(
                format!("the code of conduct `{shown}` still has the template's placeholder `{placeholder}`"),
                format!("at line {line} of `{shown}`: put the address where breaches are reported"),
            ));
            return;
        }
        if let Some(line) = found(TEMPLATE_EMAIL)
            && crate::rules::awesome_repo::github_remote(cx.path())
                .is_none_or(|r| !r.owner.eq_ignore_ascii_case(TEMPLATE_OWNER))
        {
            out.push(report(
                format!("the code of conduct `{shown}` still names the template's contact `{TEMPLATE_EMAIL}`"),
                format!("at line {line} of `{shown}`: put the address where breaches of this list's code are reported"),
            ));
        }
    }
}

/// The code of conduct nearest the list: in its directory, `.github` or
/// `docs`, then in those of its parents up to the top of the git work
/// tree; with the path to show (relative to the list's directory).
fn find(cx: &Context<'_>, beside: &CommunityPlaces) -> Option<(PathBuf, String)> {
    for (place, up, sub) in &beside.places {
        let Some(names) = cx.fs.listing(place) else {
            continue;
        };
        let Some(name) = names.iter().find(|n| NAMES.contains(&n.as_str())) else {
            continue;
        };
        // The listing is lower-cased: find the name as written.
        let real = std::fs::read_dir(place)
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.to_lowercase() == *name)?;
        let mut shown = "../".repeat(*up);
        if !sub.is_empty() {
            shown.push_str(sub);
            shown.push('/');
        }
        shown.push_str(&real);
        return Some((place.join(real), shown));
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_in;

    const ID: &str = "code-of-conduct";
    const MD: &str = "# Awesome X\n\n- [a](https://a.org) - A.\n";

    fn with(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, body).unwrap();
        }
        let d = lint_in(dir.path(), ID, MD);
        assert!(d.iter().all(|d| &MD[d.span.clone()] == "# Awesome X"));
        let messages = d.into_iter().map(|d| d.message).collect();
        (dir, messages)
    }

    #[test]
    fn no_code_of_conduct_or_a_real_one_is_fine() {
        assert!(with(&[]).1.is_empty());
        assert!(
            with(&[(
                "code-of-conduct.md",
                "# Code of conduct\n\nReport breaches to [lists@example.org](mailto:lists@example.org).\n"
            )])
            .1
            .is_empty()
        );
        // The placeholder quoted in a code span is not the placeholder.
        assert!(
            with(&[(
                "CODE_OF_CONDUCT.md",
                "Replace `[INSERT EMAIL ADDRESS]` when you copy this.\n"
            )])
            .1
            .is_empty()
        );
    }

    #[test]
    fn empty_placeholder_and_template_contact_are_reported() {
        assert_eq!(
            with(&[("code-of-conduct.md", " \n\n")]).1,
            ["the code of conduct `code-of-conduct.md` is empty"]
        );
        assert_eq!(
            with(&[(
                ".github/CODE_OF_CONDUCT.md",
                "# Conduct\n\nContact the team at [INSERT EMAIL ADDRESS].\n"
            )])
            .1,
            [
                "the code of conduct `.github/CODE_OF_CONDUCT.md` still has the template's placeholder `[INSERT EMAIL ADDRESS]`"
            ]
        );
        assert_eq!(
            with(&[(
                "docs/code_of_conduct.md",
                "Contact the team at [INSERT CONTACT METHOD].\n"
            )])
            .1,
            [
                "the code of conduct `docs/code_of_conduct.md` still has the template's placeholder `[INSERT CONTACT METHOD]`"
            ]
        );
        assert_eq!(
            with(&[(
                "Code-Of-Conduct.md",
                "Contact sindresorhus@gmail.com for anything.\n"
            )])
            .1,
            [
                "the code of conduct `Code-Of-Conduct.md` still names the template's contact `sindresorhus@gmail.com`"
            ]
        );
    }

    #[test]
    fn the_template_owner_may_keep_the_contact() {
        let files = [
            ("code-of-conduct.md", "Contact sindresorhus@gmail.com.\n"),
            (
                ".git/config",
                "[remote \"origin\"]\n\turl = https://github.com/sindresorhus/awesome-nodejs.git\n",
            ),
        ];
        assert!(with(&files).1.is_empty());
    }

    #[test]
    fn a_list_in_a_subfolder_uses_the_repository_s() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("lists/rust")).unwrap();
        std::fs::write(dir.path().join("CODE_OF_CONDUCT.md"), "").unwrap();
        let d = lint_in(&dir.path().join("lists/rust"), ID, MD);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "the code of conduct `../../CODE_OF_CONDUCT.md` is empty"
        );
    }
}
