//! `github.com/OWNER/REPO` links checked in batches through GitHub's
//! GraphQL API (up to 100 repositories per query) instead of one page
//! request each against github.com's rate limits: renamed repositories
//! are redirects, deleted ones dead, archived ones `archived-repo`.

use std::time::{Duration, Instant};

use url::Url;

use super::{Github, Outcome, Status, USER_AGENT};

const BATCH: usize = 100;

/// Paths under github.com that are pages of GitHub, not repositories.
const NOT_OWNERS: &[&str] = &[
    "about",
    "apps",
    "collections",
    "contact",
    "customer-stories",
    "enterprise",
    "events",
    "explore",
    "features",
    "login",
    "marketplace",
    "new",
    "notifications",
    "orgs",
    "pricing",
    "pulls",
    "issues",
    "search",
    "security",
    "settings",
    "site",
    "sponsors",
    "topics",
    "trending",
    "users",
    "readme",
    "codespaces",
    "signup",
];

/// The owner and name of a link to a repository's root page.
pub fn repo_of(url: &Url) -> Option<(String, String)> {
    let host = url.host_str()?.to_ascii_lowercase();
    if host != "github.com" && host != "www.github.com" {
        return None;
    }
    if url.query().is_some() {
        return None;
    }
    let mut segs: Vec<&str> = url.path_segments()?.collect();
    if segs.last() == Some(&"") {
        segs.pop();
    }
    let [owner, name] = segs[..] else {
        return None;
    };
    let valid = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    let name = name.strip_suffix(".git").unwrap_or(name);
    if !valid(owner) || !valid(name) || NOT_OWNERS.contains(&owner.to_ascii_lowercase().as_str()) {
        return None;
    }
    Some((owner.to_owned(), name.to_owned()))
}

const TIMED_OUT: &str = "GitHub API timed out";

/// Whether the API was asked, and whether it answered (with any status),
/// for the run's "network unreachable" verdict.
#[derive(Debug, Default, Clone, Copy)]
pub struct Contact {
    pub attempted: bool,
    pub answered: bool,
}

/// Checks the repositories (key, owner, name) in batches.
pub async fn check(
    client: &reqwest::Client,
    gh: &Github,
    repos: Vec<(String, String, String)>,
    timeout: Duration,
) -> (Vec<(String, Outcome)>, Contact) {
    let mut out = Vec::with_capacity(repos.len());
    let mut contact = Contact::default();
    for batch in repos.chunks(BATCH) {
        let started = Instant::now();
        let mut query = String::from("query {");
        for (i, (_, owner, name)) in batch.iter().enumerate() {
            query.push_str(&format!(
                " r{i}: repository(owner: \"{owner}\", name: \"{name}\") {{ nameWithOwner isArchived url }}"
            ));
        }
        query.push_str(" }");
        let body = serde_json::json!({ "query": query });
        contact.attempted = true;
        // `Err((answered, why))`: an error status is an answer (a refusal),
        // a failed connection or a timeout is not.
        let answer = async {
            let resp = client
                .post(&gh.api_url)
                .header("Authorization", format!("bearer {}", gh.token))
                .header("User-Agent", USER_AGENT)
                .header("Content-Type", "application/json")
                .body(body.to_string())
                .send()
                .await
                .map_err(|e| (false, e.to_string()))?;
            let status = resp.status();
            let bytes = resp.bytes().await.map_err(|e| (true, e.to_string()))?;
            if !status.is_success() {
                return Err((true, format!("GitHub API answered {status}")));
            }
            serde_json::from_slice::<serde_json::Value>(&bytes).map_err(|e| (true, e.to_string()))
        };
        let answer = match tokio::time::timeout(timeout, answer).await {
            Ok(a) => a,
            Err(_) => Err((false, TIMED_OUT.into())),
        };
        contact.answered |= answer
            .as_ref()
            .map_or_else(|(answered, _)| *answered, |_| true);
        for (i, (key, owner, name)) in batch.iter().enumerate() {
            let mut o = match &answer {
                Err((true, e)) => Outcome::new(Status::Blocked, format!("GitHub API: {e}")),
                Err((false, e)) if e == TIMED_OUT => Outcome::new(Status::Timeout, e.clone()),
                Err((false, e)) => Outcome::new(Status::Error, format!("GitHub API: {e}")),
                Ok(v) => verdict(v, i, owner, name),
            };
            o.duration = started.elapsed();
            out.push((key.clone(), o));
        }
    }
    (out, contact)
}

fn verdict(v: &serde_json::Value, i: usize, owner: &str, name: &str) -> Outcome {
    let alias = format!("r{i}");
    let repo = &v["data"][&alias];
    if repo.is_null() {
        let not_found = v["errors"].as_array().is_some_and(|errs| {
            errs.iter().any(|e| {
                e["type"] == "NOT_FOUND"
                    && e["path"]
                        .as_array()
                        .is_some_and(|p| p.first().and_then(|x| x.as_str()) == Some(alias.as_str()))
            })
        });
        return if not_found {
            let mut o = Outcome::new(Status::Dead, "repository not found (GitHub API)");
            o.http_status = Some(404);
            o
        } else {
            Outcome::new(Status::Blocked, "GitHub API gave no answer for it")
        };
    }
    let full = repo["nameWithOwner"].as_str().unwrap_or_default();
    let mut o = if full.eq_ignore_ascii_case(&format!("{owner}/{name}")) {
        Outcome::new(Status::Ok, "repository exists (GitHub API)")
    } else {
        let mut o = Outcome::new(Status::Redirected, format!("repository renamed to {full}"));
        o.final_url = Some(
            repo["url"]
                .as_str()
                .map_or_else(|| format!("https://github.com/{full}"), str::to_owned),
        );
        o
    };
    o.http_status = Some(200);
    o.archived = repo["isArchived"].as_bool().unwrap_or(false);
    o
}

/// The REST address of a repository beside a GraphQL endpoint:
/// `https://api.github.com/graphql` → `https://api.github.com/repos/O/R`.
fn rest_url(api_url: &str, repo: &GithubRepo) -> String {
    let base = api_url.trim_end_matches('/');
    let base = base.strip_suffix("/graphql").unwrap_or(base);
    format!("{base}/repos/{}/{}", repo.owner, repo.name)
}

/// What GitHub's REST API says about each repository (the list's own, for
/// `awesome-repo-metadata` and `awesome-repo-age`): one GET each, with the
/// token when there is one (without, GitHub allows 60 an hour), on a
/// runtime of its own. An error says why in words.
pub fn repo_facts(
    settings: &super::Settings,
    repos: &[GithubRepo],
) -> Vec<(GithubRepo, Result<RepoFacts, String>)> {
    if repos.is_empty() {
        return Vec::new();
    }
    let fail_all = |why: String| {
        repos
            .iter()
            .map(|r| (r.clone(), Err(why.clone())))
            .collect()
    };
    let client = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(3))
        .user_agent(USER_AGENT)
        .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
        .build()
    {
        Ok(c) => c,
        Err(e) => return fail_all(format!("cannot build the HTTP client: {e}")),
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail_all(format!("cannot start the runtime: {e}")),
    };
    let token = settings.github.as_ref().map(|g| g.token.clone());
    rt.block_on(async {
        let mut out = Vec::with_capacity(repos.len());
        for repo in repos {
            let url = rest_url(&settings.github_api_url, repo);
            let mut req = client
                .get(&url)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28");
            if let Some(t) = &token {
                req = req.header("Authorization", format!("bearer {t}"));
            }
            let answer = async {
                let resp = req.send().await.map_err(|e| e.to_string())?;
                let status = resp.status();
                if !status.is_success() {
                    return Err(format!("GitHub API answered {status}"));
                }
                let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
                let v: serde_json::Value =
                    serde_json::from_slice(&bytes).map_err(|e| format!("GitHub API: {e}"))?;
                Ok(facts_of(&v))
            };
            let r = match tokio::time::timeout(settings.timeout, answer).await {
                Ok(r) => r,
                Err(_) => Err(TIMED_OUT.to_owned()),
            };
            out.push((repo.clone(), r));
        }
        out
    })
}

/// The facts of a `GET /repos/O/R` answer.
fn facts_of(v: &serde_json::Value) -> RepoFacts {
    RepoFacts {
        description: v["description"].as_str().map(str::to_owned),
        topics: v["topics"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        created: v["created_at"].as_str().and_then(parse_timestamp),
        license: v["license"].is_object(),
    }
}

/// A GitHub repository, `owner/name`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GithubRepo {
    pub owner: String,
    pub name: String,
}

impl std::fmt::Display for GithubRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// What GitHub says about a repository (the fields of `GET /repos/O/R`
/// that awesome-lint reads).
#[derive(Debug, Clone, Default)]
pub struct RepoFacts {
    pub description: Option<String>,
    pub topics: Vec<String>,
    /// `created_at`, as seconds since the Unix epoch.
    pub created: Option<u64>,
    pub license: bool,
}

/// Seconds since the Unix epoch of a GitHub timestamp,
/// `2020-01-31T12:34:56Z` (the API always writes UTC with `Z`).
pub fn parse_timestamp(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { s.get(r)?.parse().ok() };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    u64::try_from(days * 86_400 + hh * 3600 + mm * 60 + ss).ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_roots_only() {
        let r = |u: &str| repo_of(&Url::parse(u).unwrap());
        assert_eq!(
            r("https://github.com/rust-lang/rust"),
            Some(("rust-lang".into(), "rust".into()))
        );
        assert_eq!(
            r("https://github.com/rust-lang/rust/"),
            Some(("rust-lang".into(), "rust".into()))
        );
        assert_eq!(
            r("https://www.github.com/a/b.git"),
            Some(("a".into(), "b".into()))
        );
        assert_eq!(r("https://github.com/rust-lang/rust/issues"), None);
        assert_eq!(r("https://github.com/topics/rust"), None);
        assert_eq!(r("https://github.com/rust-lang"), None);
        assert_eq!(r("https://gitlab.com/a/b"), None);
        assert_eq!(r("https://github.com/a/b?tab=readme"), None);
    }

    #[test]
    fn rest_addresses_and_facts() {
        let r = GithubRepo {
            owner: "o".into(),
            name: "r".into(),
        };
        assert_eq!(
            rest_url("https://api.github.com/graphql", &r),
            "https://api.github.com/repos/o/r"
        );
        assert_eq!(
            rest_url("http://127.0.0.1:9/", &r),
            "http://127.0.0.1:9/repos/o/r"
        );
        let f = facts_of(&serde_json::json!({
            "description": "A list.", "topics": ["awesome", "x"],
            "created_at": "2020-01-01T00:00:00Z", "license": {"spdx_id": "CC0-1.0"}
        }));
        assert_eq!(f.description.as_deref(), Some("A list."));
        assert_eq!(f.topics, ["awesome", "x"]);
        assert_eq!(f.created, Some(1_577_836_800));
        assert!(f.license);
        let f = facts_of(&serde_json::json!({"description": null, "license": null}));
        assert!(f.description.is_none() && f.topics.is_empty() && !f.license);
    }

    #[test]
    fn reads_renames_deletions_and_archives() {
        let v = serde_json::json!({
            "data": {
                "r0": {"nameWithOwner": "Alive/Repo", "isArchived": false, "url": "https://github.com/Alive/Repo"},
                "r1": {"nameWithOwner": "new/name", "isArchived": false, "url": "https://github.com/new/name"},
                "r2": null,
                "r3": {"nameWithOwner": "old/archive", "isArchived": true, "url": "https://github.com/old/archive"}
            },
            "errors": [{"type": "NOT_FOUND", "path": ["r2"]}]
        });
        assert_eq!(verdict(&v, 0, "alive", "repo").status, Status::Ok);
        let renamed = verdict(&v, 1, "old", "name");
        assert_eq!(renamed.status, Status::Redirected);
        assert_eq!(
            renamed.final_url.as_deref(),
            Some("https://github.com/new/name")
        );
        assert_eq!(verdict(&v, 2, "gone", "repo").status, Status::Dead);
        assert!(verdict(&v, 3, "old", "archive").archived);
    }
}
