//! Between linting and reporting: gathers the URLs of every linted file,
//! has `crate::links` check each unique one, and turns the outcomes into
//! diagnostics at every place that cites them, plus the `links` array of
//! the JSON report (SPEC 2).

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::Level;
use crate::fix::Applicability;
use crate::links::{self, Outcome, Settings, Status, Summary, Target, Unreachable};
use crate::report::{LinkEntry, LinkLocation, Located, Report};

/// A URL in a file, located.
#[derive(Debug, Clone)]
pub(crate) struct LocatedUrl {
    pub url: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub span: crate::source::Span,
    pub suppressed: Vec<&'static str>,
}

/// The URLs of one file of the report and how its link rules are set.
pub(crate) struct FileUrls {
    pub path: String,
    pub levels: HashMap<&'static str, Level>,
    pub urls: Vec<LocatedUrl>,
}

/// Checks the URLs and adds the diagnostics to the report's files.
pub(crate) fn run(
    report: &mut Report,
    files: Vec<FileUrls>,
    settings: &Settings,
) -> Result<Summary, Unreachable> {
    let mut targets: BTreeMap<String, Target> = BTreeMap::new();
    for f in &files {
        for u in &f.urls {
            let Some((key, fragment)) = links::key_of(&u.url) else {
                continue;
            };
            let t = targets.entry(key.clone()).or_insert_with(|| Target {
                key,
                ..Target::default()
            });
            if let Some(fr) = fragment.filter(|f| !f.is_empty()) {
                t.fragments.insert(fr);
            }
        }
    }
    let (outcomes, summary) = links::check(targets.into_values().collect(), settings)?;
    let mut entries: BTreeMap<String, LinkEntry> = BTreeMap::new();
    for f in files {
        let Some(file) = report.files.iter_mut().find(|r| r.path == f.path) else {
            continue;
        };
        for u in f.urls {
            let Some((key, fragment)) = links::key_of(&u.url) else {
                continue;
            };
            let Some(o) = outcomes.get(&key) else {
                continue;
            };
            let e = entries.entry(key.clone()).or_insert_with(|| LinkEntry {
                url: key.clone(),
                status: o.status.as_str(),
                http_status: o.http_status,
                final_url: o.final_url.clone(),
                duration_ms: o.duration.as_millis() as u64,
                cached: o.cached,
                locations: Vec::new(),
            });
            e.locations.push(LinkLocation {
                path: f.path.clone(),
                line: u.line,
                column: u.column,
            });
            for (rule, message, fix) in diagnostics(o, fragment.as_deref(), settings) {
                if u.suppressed.contains(&rule) {
                    continue;
                }
                let Some(Level::On(severity)) = f.levels.get(rule).copied() else {
                    continue;
                };
                file.diagnostics.push(Located {
                    rule,
                    severity,
                    line: u.line,
                    column: u.column,
                    end_line: u.end_line,
                    end_column: u.end_column,
                    span: u.span.clone(),
                    message,
                    note: None,
                    fix,
                    url: Some(u.url.clone()),
                });
            }
        }
    }
    report.links = Some(entries.into_values().collect());
    Ok(summary)
}

type Finding = (&'static str, String, Option<(String, Applicability)>);

/// The link-rule findings an outcome gives at one citation.
fn diagnostics(o: &Outcome, fragment: Option<&str>, s: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    match o.status {
        Status::Dead | Status::Timeout | Status::Error if o.failures >= s.fail_after => {
            let what = match o.status {
                Status::Dead => format!("dead link: {}", o.detail),
                Status::Timeout => format!("dead link: no answer within {:?}", s.timeout),
                _ => format!("dead link: {}", o.detail),
            };
            let what = if s.fail_after > 1 {
                format!("{what} ({} failing runs in a row)", o.failures)
            } else {
                what
            };
            out.push(("dead-link", what, None));
        }
        Status::Redirected => {
            let to = o.final_url.clone().unwrap_or_default();
            out.push((
                "redirect",
                format!("permanently redirected to {to}"),
                Some((format!("link to {to}"), Applicability::Unsafe)),
            ));
        }
        Status::Blocked => out.push((
            "blocked-link",
            format!("the server refused the check: {}", o.detail),
            None,
        )),
        _ => {}
    }
    if let Some(fr) = fragment
        && o.missing_fragments.iter().any(|m| m == fr)
    {
        out.push((
            "remote-fragment",
            format!("`#{fr}` is not an anchor of the page"),
            None,
        ));
    }
    if o.soft_404 {
        out.push((
            "soft-404",
            "the page answers 200 but says it was not found".into(),
            None,
        ));
    }
    if o.archived {
        out.push(("archived-repo", "the repository is archived".into(), None));
    }
    out
}
