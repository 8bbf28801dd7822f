//! `awesome-ci-badge`: a CI status badge in an awesome list.

use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-ci-badge"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "a CI status badge in the list",
    doc: include_str!("../../../rules/awesome-ci-badge.md"),
};

pub struct AwesomeCiBadge;

impl Rule for AwesomeCiBadge {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for l in &doc.links {
            // Badges inside entries are about the projects listed, not
            // about the list.
            if !l.image || l.item.is_some() {
                continue;
            }
            let Some(service) = ci_service(&l.url) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    META.id,
                    l.span.clone(),
                    format!("{service} status badge in the list"),
                )
                .with_note("a list's build status means nothing to its readers")
                .with_url(l.url.clone()),
            );
        }
    }
}

/// The CI service a status badge image comes from.
fn ci_service(url: &str) -> Option<&'static str> {
    let u = url.to_ascii_lowercase();
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .or_else(|| u.strip_prefix("//"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.strip_prefix("www.").unwrap_or(host);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let service = match host {
        "github.com" if path.contains("/workflows/") && path.ends_with("/badge.svg") => {
            "GitHub Actions"
        }
        "travis-ci.org" | "travis-ci.com" | "api.travis-ci.org" | "api.travis-ci.com" => {
            "Travis CI"
        }
        "circleci.com" | "dl.circleci.com" if path.contains("badge") || path.ends_with(".svg") => {
            "CircleCI"
        }
        "ci.appveyor.com" if path.starts_with("api/projects/status") => "AppVeyor",
        "dev.azure.com" if path.contains("_apis/build/status") => "Azure Pipelines",
        "gitlab.com" if path.ends_with("/pipeline.svg") => "GitLab CI",
        "app.netlify.com" | "api.netlify.com" if path.contains("deploy-status") => "Netlify",
        "img.shields.io" => {
            let kind = [
                "github/actions/workflow/status/",
                "github/workflow/status/",
                "github/checks-status/",
            ];
            if kind.iter().any(|k| path.starts_with(k)) {
                "GitHub Actions"
            } else if path.starts_with("travis/") {
                "Travis CI"
            } else if path.starts_with("circleci/") {
                "CircleCI"
            } else if path.starts_with("appveyor/") {
                "AppVeyor"
            } else if path.starts_with("gitlab/pipeline") {
                "GitLab CI"
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some(service)
}

#[cfg(test)]
mod tests {
    use super::ci_service;
    use crate::rules::test_support::{check, spans};

    const ID: &str = "awesome-ci-badge";

    #[test]
    fn services() {
        for (url, want) in [
            (
                "https://github.com/o/r/workflows/CI/badge.svg",
                "GitHub Actions",
            ),
            (
                "https://github.com/o/r/actions/workflows/ci.yml/badge.svg?branch=main",
                "GitHub Actions",
            ),
            ("https://travis-ci.org/o/r.svg?branch=master", "Travis CI"),
            ("https://api.travis-ci.com/o/r.svg", "Travis CI"),
            ("https://circleci.com/gh/o/r.svg?style=svg", "CircleCI"),
            (
                "https://ci.appveyor.com/api/projects/status/abc?svg=true",
                "AppVeyor",
            ),
            (
                "https://img.shields.io/github/actions/workflow/status/o/r/ci.yml",
                "GitHub Actions",
            ),
            (
                "https://gitlab.com/o/r/badges/main/pipeline.svg",
                "GitLab CI",
            ),
        ] {
            assert_eq!(ci_service(url), Some(want), "{url}");
        }
        for url in [
            "https://awesome.re/badge.svg",
            "https://img.shields.io/github/stars/o/r",
            "https://github.com/o/r/raw/main/logo.svg",
            "https://www.trackawesomelist.com/badge.svg",
        ] {
            assert_eq!(ci_service(url), None, "{url}");
        }
    }

    #[test]
    fn badges_of_the_list_are_reported_not_those_of_its_entries() {
        let md = "\
# Awesome X [![Awesome](https://awesome.re/badge.svg)](https://awesome.re) [![CI](https://github.com/o/r/workflows/CI/badge.svg)](https://github.com/o/r/actions)

<img src=\"https://travis-ci.org/o/r.svg\">

- [a](https://a) - A. ![build](https://travis-ci.org/a/a.svg)
";
        let d = check(ID, md);
        assert_eq!(
            spans(md, &d),
            [
                "![CI](https://github.com/o/r/workflows/CI/badge.svg)",
                "https://travis-ci.org/o/r.svg"
            ]
        );
        assert_eq!(d[0].message, "GitHub Actions status badge in the list");
    }

    #[test]
    fn a_github_badge_needs_both_a_workflow_and_a_badge() {
        for url in [
            "https://github.com/o/r/blob/main/.github/workflows/ci.yml",
            "https://github.com/o/r/raw/main/docs/badge.svg",
        ] {
            assert_eq!(ci_service(url), None, "{url}");
        }
    }
}
