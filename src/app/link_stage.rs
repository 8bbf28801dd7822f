//! Between linting and reporting: gathers the URLs of every linted file,
//! has `crate::links` check each unique one, and turns the outcomes into
//! diagnostics at every place that cites them, plus the `links` array of
//! the JSON report.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::Level;
use crate::fix::Applicability;
use crate::links::{self, Checked, Outcome, Settings, Status, Target, Unreachable};
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
    pub suppressed: Vec<crate::rules::RuleId>,
    /// In a region a generator owns: left as written.
    pub generated: bool,
}

impl LocatedUrl {
    /// The URL's key, its fragment and what was learnt of it.
    fn outcome<'a>(
        &self,
        outcomes: &'a BTreeMap<String, Outcome>,
    ) -> Option<(String, Option<String>, &'a Outcome)> {
        let (key, fragment) = links::key_of(&self.url)?;
        let o = outcomes.get(&key)?;
        Some((key, fragment, o))
    }

    /// A finding about the URL, where it stands.
    fn diagnostic(
        &self,
        rule: crate::rules::RuleId,
        severity: crate::diagnostic::Severity,
        message: String,
        fix: Option<(String, Applicability)>,
        edits: Vec<crate::report::LocatedEdit>,
    ) -> Located {
        Located {
            rule,
            severity,
            line: self.line,
            column: self.column,
            end_line: self.end_line,
            end_column: self.end_column,
            span: self.span.clone(),
            message,
            note: None,
            fix,
            edits,
            url: Some(self.url.clone()),
        }
    }
}

/// The URLs of one file of the report and how its link rules are set.
pub(crate) struct FileUrls {
    pub path: String,
    pub levels: HashMap<crate::rules::RuleId, Level>,
    pub urls: Vec<LocatedUrl>,
    /// The list's own GitHub repository (`awesome-repo-*`).
    pub repo: Option<crate::engine::lint::RepoRef>,
}

/// Checks every URL the files cite, plus `extra` keys (the https forms
/// of http links, for `fix --links`).
pub(crate) fn check(
    files: &[FileUrls],
    extra: Vec<String>,
    settings: &Settings,
    progress: Option<std::sync::Arc<dyn links::Progress>>,
) -> Result<Checked, Unreachable> {
    let mut targets: BTreeMap<String, Target> = BTreeMap::new();
    for f in files {
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
    for key in extra {
        targets.entry(key.clone()).or_insert_with(|| Target {
            key,
            ..Target::default()
        });
    }
    if let Some((index, count)) = settings.shard {
        targets.retain(|k, _| links::shard_of(k, count) == index - 1);
    }
    links::check(targets.into_values().collect(), settings, progress)
}

/// The https form of an http URL that `fix --links` may upgrade to.
pub(crate) fn https_form(url: &str) -> Option<String> {
    let (key, _) = links::key_of(url)?;
    let rest = key.strip_prefix("http://")?;
    let host = rest.split(['/', '?']).next().unwrap_or("");
    // A port other than the default says the server is plain HTTP there.
    if host.contains(':') && !host.ends_with(']') {
        return None;
    }
    Some(format!("https://{rest}"))
}

/// The edits `fix --links` makes in a file: http links whose https form
/// answers (safe), and permanent redirects (unsafe) rewritten to their
/// final URL. Only URLs written literally are touched.
pub(crate) fn network_edits(
    text: &str,
    urls: &[LocatedUrl],
    outcomes: &BTreeMap<String, Outcome>,
    unsafe_fixes: bool,
) -> Vec<(crate::source::Span, String)> {
    let mut edits = Vec::new();
    for u in urls {
        if u.generated || text.get(u.span.clone()) != Some(u.url.as_str()) {
            continue;
        }
        let Some((_, fragment, o)) = u.outcome(outcomes) else {
            continue;
        };
        if unsafe_fixes && let Some(copy) = &o.snapshot {
            edits.push((u.span.clone(), with_fragment(copy, fragment)));
            continue;
        }
        // What the requested URL answered says nothing of the written one's
        // redirects or https form.
        if o.checked_url.is_some() {
            continue;
        }
        let https = https_form(&u.url);
        // http → the same URL over https, permanently: the safe upgrade.
        let moved_to_https = o.status == Status::Redirected
            && o.final_url
                .as_deref()
                .and_then(links::key_of)
                .map(|(k, _)| k)
                == https;
        if unsafe_fixes
            && !moved_to_https
            && o.status == Status::Redirected
            && let Some(to) = &o.final_url
        {
            // Characters that would end or break an inline destination.
            let mut to = to
                .replace(' ', "%20")
                .replace('(', "%28")
                .replace(')', "%29")
                .replace('<', "%3C")
                .replace('>', "%3E")
                .replace('\\', "%5C");
            if let Some(fr) = fragment.filter(|_| !to.contains('#')) {
                to.push('#');
                to.push_str(&fr);
            }
            edits.push((u.span.clone(), to));
            continue;
        }
        if (o.status == Status::Ok || moved_to_https)
            && let Some(https) = &https
            && outcomes
                .get(https)
                .is_some_and(|h| h.status == Status::Ok && h.final_url.is_none())
            && u.url
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("http:"))
        {
            edits.push((u.span.start..u.span.start + 4, "https".into()));
        }
    }
    edits
}

/// `url` with the link's fragment, when it has none of its own.
fn with_fragment(url: &str, fragment: Option<String>) -> String {
    match fragment {
        Some(fr) if !url.contains('#') => format!("{url}#{fr}"),
        _ => url.to_owned(),
    }
}

/// Adds the link diagnostics to the report's files, and the `links` array;
/// asks GitHub about the lists' own repositories first. Returns notes on
/// repositories that could not be checked.
pub(crate) fn attach(
    report: &mut Report,
    files: Vec<FileUrls>,
    outcomes: &BTreeMap<String, Outcome>,
    settings: &Settings,
) -> Vec<String> {
    let notes = check_repos(report, &files, settings);
    let mut entries: BTreeMap<String, LinkEntry> = BTreeMap::new();
    for f in files {
        let Some(file) = report.files.iter_mut().find(|r| r.path == f.path) else {
            continue;
        };
        for u in f.urls {
            let Some((key, fragment, o)) = u.outcome(outcomes) else {
                continue;
            };
            let e = entries.entry(key.clone()).or_insert_with(|| LinkEntry {
                url: key.clone(),
                status: o.status.as_str(),
                http_status: o.http_status,
                final_url: o.final_url.clone(),
                duration_ms: o.duration.as_millis() as u64,
                cached: o.cached,
                archived_url: o.snapshot.clone(),
                checked_url: o.checked_url.clone(),
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
                // The archived copy replaces the URL as written.
                let edits = match &o.snapshot {
                    Some(copy) if rule == crate::rules::network::DEAD_LINK.id && !u.generated => {
                        vec![crate::report::LocatedEdit {
                            line: u.line,
                            column: u.column,
                            end_line: u.end_line,
                            end_column: u.end_column,
                            replacement: with_fragment(copy, fragment.clone()),
                        }]
                    }
                    _ => Vec::new(),
                };
                let Some(Level::On(severity)) = f.levels.get(&rule).copied() else {
                    continue;
                };
                file.diagnostics
                    .push(u.diagnostic(rule, severity, message, fix, edits));
            }
        }
    }
    report.links = Some(entries.into_values().collect());
    notes
}

/// The `awesome-repo-*` findings on the lists' own GitHub repositories:
/// each repository asked once, reported on the first line of the list
/// nearest its top (the fewest directories in its path, then the first
/// by path). Shards after the first leave it to shard 1, like the other
/// diagnostics that are not about a link. Returns a note for each
/// repository that could not be checked.
fn check_repos(report: &mut Report, files: &[FileUrls], settings: &Settings) -> Vec<String> {
    let mut notes = Vec::new();
    if settings.shard.is_some_and(|(index, _)| index > 1) {
        return notes;
    }
    let mut by_repo: BTreeMap<&crate::rules::awesome_repo::GithubRepo, &FileUrls> = BTreeMap::new();
    for f in files {
        let Some(r) = &f.repo else { continue };
        let depth = |f: &FileUrls| f.path.matches(['/', '\\']).count();
        by_repo
            .entry(&r.repo)
            .and_modify(|best| {
                if (depth(f), &f.path) < (depth(best), &best.path) {
                    *best = f;
                }
            })
            .or_insert(f);
    }
    if by_repo.is_empty() {
        return notes;
    }
    let repos: Vec<_> = by_repo.keys().map(|&r| r.clone()).collect();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for (repo, facts) in crate::links::github::repo_facts(settings, &repos) {
        let Some(f) = by_repo.get(&repo) else {
            continue;
        };
        let facts = match facts {
            Ok(facts) => facts,
            Err(why) => {
                notes.push(format!(
                    "note: {}: the GitHub repository `{repo}` was not checked: {why}",
                    f.path
                ));
                continue;
            }
        };
        let Some(file) = report.files.iter_mut().find(|r| r.path == f.path) else {
            continue;
        };
        let rules = f.repo.as_ref().map_or(&[][..], |r| &r.rules[..]);
        // Said of the list as a whole: at its start.
        let at = LocatedUrl {
            url: format!("https://github.com/{repo}"),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            span: 0..0,
            suppressed: Vec::new(),
            generated: false,
        };
        for (rule, message) in crate::rules::awesome_repo::findings(&repo, &facts, now) {
            if !rules.contains(&rule) {
                continue;
            }
            let Some(Level::On(severity)) = f.levels.get(&rule).copied() else {
                continue;
            };
            file.diagnostics
                .push(at.diagnostic(rule, severity, message, None, Vec::new()));
        }
    }
    notes
}

type Finding = (
    crate::rules::RuleId,
    String,
    Option<(String, Applicability)>,
);

/// The link-rule findings an outcome gives at one citation.
fn diagnostics(o: &Outcome, fragment: Option<&str>, s: &Settings) -> Vec<Finding> {
    use crate::rules::network::{
        ARCHIVED_REPO, BLOCKED_LINK, DEAD_LINK, REDIRECT, REMOTE_FRAGMENT, SOFT_404,
    };
    let mut out = Vec::new();
    match o.status {
        Status::Dead | Status::Timeout | Status::Error
            if o.failures >= s.fail_after && !o.soft_404 =>
        {
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
            match &o.snapshot {
                Some(copy) => out.push((
                    DEAD_LINK.id,
                    format!("{what}; archived copy: {copy}"),
                    Some((
                        format!("link to the archived copy {copy}"),
                        Applicability::Unsafe,
                    )),
                )),
                None => out.push((DEAD_LINK.id, what, None)),
            }
        }
        Status::Redirected => {
            let to = o.final_url.clone().unwrap_or_default();
            out.push((
                REDIRECT.id,
                format!("permanently redirected to {to}"),
                Some((format!("link to {to}"), Applicability::Unsafe)),
            ));
        }
        Status::Blocked => out.push((
            BLOCKED_LINK.id,
            format!("the server refused the check: {}", o.detail),
            None,
        )),
        _ => {}
    }
    if let Some(fr) = fragment
        && o.missing_fragments.iter().any(|m| m == fr)
    {
        out.push((
            REMOTE_FRAGMENT.id,
            format!("`#{fr}` is not an anchor of the page"),
            None,
        ));
    }
    if o.soft_404 && o.failures >= s.fail_after {
        out.push((
            SOFT_404.id,
            "the page answers 200 but says it was not found".into(),
            None,
        ));
    }
    if o.archived {
        out.push((ARCHIVED_REPO.id, "the repository is archived".into(), None));
    }
    if let Some(checked) = &o.checked_url {
        for (_, message, _) in &mut out {
            message.push_str(&format!(" (checked as {checked})"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(status: Status, final_url: Option<&str>) -> Outcome {
        let mut o = Outcome::new(status, "");
        o.final_url = final_url.map(str::to_owned);
        o.http_status = Some(if status == Status::Dead { 404 } else { 200 });
        o
    }

    fn located(text: &str, url: &str) -> LocatedUrl {
        let start = text.find(url).unwrap();
        LocatedUrl {
            url: url.into(),
            line: 1,
            column: start + 1,
            end_line: 1,
            end_column: start + url.len() + 1,
            span: start..start + url.len(),
            suppressed: Vec::new(),
            generated: false,
        }
    }

    #[test]
    fn upgrades_http_when_https_answers_and_follows_redirects_when_unsafe() {
        let text =
            "[a](http://example.org/x) [b](http://example.net/y) [c](https://old.example/z#s)";
        let urls = [
            located(text, "http://example.org/x"),
            located(text, "http://example.net/y"),
            located(text, "https://old.example/z#s"),
        ];
        let mut outcomes = BTreeMap::new();
        outcomes.insert("http://example.org/x".into(), outcome(Status::Ok, None));
        outcomes.insert("https://example.org/x".into(), outcome(Status::Ok, None));
        outcomes.insert("http://example.net/y".into(), outcome(Status::Ok, None));
        outcomes.insert("https://example.net/y".into(), outcome(Status::Dead, None));
        outcomes.insert(
            "https://old.example/z".into(),
            outcome(Status::Redirected, Some("https://new.example/z(1)")),
        );
        let apply = |edits: Vec<(crate::source::Span, String)>| {
            let mut t = text.to_owned();
            for (span, s) in edits.into_iter().rev() {
                t.replace_range(span, &s);
            }
            t
        };
        assert_eq!(
            apply(network_edits(text, &urls, &outcomes, false)),
            "[a](https://example.org/x) [b](http://example.net/y) [c](https://old.example/z#s)"
        );
        assert_eq!(
            apply(network_edits(text, &urls, &outcomes, true)),
            "[a](https://example.org/x) [b](http://example.net/y) [c](https://new.example/z%281%29#s)"
        );
    }

    #[test]
    fn a_permanent_move_to_the_same_url_over_https_is_a_safe_upgrade() {
        let text = "[a](http://example.org/x)";
        let urls = [located(text, "http://example.org/x")];
        let mut outcomes = BTreeMap::new();
        outcomes.insert(
            "http://example.org/x".into(),
            outcome(Status::Redirected, Some("https://example.org/x")),
        );
        outcomes.insert("https://example.org/x".into(), outcome(Status::Ok, None));
        let edits = network_edits(text, &urls, &outcomes, false);
        assert_eq!(edits, vec![(4..8, "https".to_owned())]);
    }

    #[test]
    fn https_forms() {
        assert_eq!(
            https_form("http://Example.org/a?b#c").as_deref(),
            Some("https://example.org/a?b")
        );
        assert_eq!(https_form("http://example.org:8080/a"), None);
        assert_eq!(https_form("https://example.org/a"), None);
    }
}
