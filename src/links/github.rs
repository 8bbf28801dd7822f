//! github.com links checked through GitHub's API when there is a token,
//! instead of one page request each against github.com's rate limits:
//! repositories and their pages, files and directories at a ref, commits,
//! issues and pull requests, releases, tags and their assets, users and
//! organisations in GraphQL queries of many items each (one aliased field
//! per item); gists, which GraphQL cannot look up by id, through REST.
//! Renamed repositories are redirects, missing items dead, archived
//! repositories `archived-repo`.

use std::time::{Duration, Instant};

use url::Url;

use super::{Github, Outcome, Status, USER_AGENT};

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

const TIMED_OUT: &str = "GitHub API timed out";

/// Items per GraphQL query: each asks for a repository or an owner and at
/// most a few fields under it, well inside GitHub's limits on one query.
const ITEMS_PER_QUERY: usize = 50;

/// Refs tried for `blob/A/B/C`: `A`, `A/B`, `A/B/C` (a branch name may hold
/// slashes, and only the repository knows where the ref ends).
const MAX_REF_SEGMENTS: usize = 4;

/// What a github.com (or gist.github.com) URL names, for the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A repository, or one of its pages that exists when it does
    /// (`/issues`, `/releases`…): `rest` is the path after the name.
    Repo {
        owner: String,
        name: String,
        rest: String,
    },
    /// `blob/REF/PATH` or `tree/REF/PATH`: the segments after the kind.
    File {
        owner: String,
        name: String,
        segments: Vec<String>,
    },
    /// `commit/SHA`.
    Commit {
        owner: String,
        name: String,
        sha: String,
    },
    /// `issues/N` or `pull/N`.
    Issue {
        owner: String,
        name: String,
        number: u64,
    },
    /// `releases/tag/TAG` (a release, or a bare tag).
    Release {
        owner: String,
        name: String,
        tag: String,
    },
    /// `releases/download/TAG/ASSET`.
    Asset {
        owner: String,
        name: String,
        tag: String,
        asset: String,
    },
    /// A user or an organisation.
    Owner { login: String },
    /// A gist, by id.
    Gist { id: String },
}

/// Repository pages that exist when the repository does.
const REPO_PAGES: &[&str] = &[
    "issues",
    "pulls",
    "releases",
    "tags",
    "branches",
    "commits",
    "stargazers",
    "watchers",
];

fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn valid_login(s: &str) -> bool {
    !s.is_empty() && s.len() <= 39 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `%XX` escapes decoded (a file name with a space); `None` when that is
/// not UTF-8.
fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(h, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// What the API can check of a URL; `None` leaves it to a page request.
/// `fragments` are those cited with it: a heading of a file is for the
/// page request (`remote-fragment`), a line (`L10`) is not.
pub fn item_of(url: &Url, fragments: &std::collections::BTreeSet<String>) -> Option<Item> {
    if url.query().is_some() {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let mut segs: Vec<&str> = url.path_segments()?.collect();
    if segs.last() == Some(&"") {
        segs.pop();
    }
    if host == "gist.github.com" {
        let id = match segs[..] {
            [id] | [_, id] => id,
            _ => return None,
        };
        let id = id.strip_suffix(".git").unwrap_or(id);
        return (!id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Item::Gist { id: id.to_owned() });
    }
    if host != "github.com" && host != "www.github.com" {
        return None;
    }
    if let [owner] = segs[..] {
        return (valid_login(owner) && !NOT_OWNERS.contains(&owner.to_ascii_lowercase().as_str()))
            .then(|| Item::Owner {
                login: owner.to_owned(),
            });
    }
    if let ["orgs", login] = segs[..] {
        return valid_login(login).then(|| Item::Owner {
            login: login.to_owned(),
        });
    }
    let (owner, name) = (*segs.first()?, *segs.get(1)?);
    let name = name.strip_suffix(".git").unwrap_or(name);
    if !valid_name(owner)
        || !valid_name(name)
        || NOT_OWNERS.contains(&owner.to_ascii_lowercase().as_str())
    {
        return None;
    }
    let (owner, name) = (owner.to_owned(), name.to_owned());
    let rest = &segs[2..];
    let line_anchor = |f: &String| {
        let f = f.strip_prefix('L').unwrap_or("x");
        f.split("-L")
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    Some(match rest {
        [] => Item::Repo {
            owner,
            name,
            rest: String::new(),
        },
        [page] if REPO_PAGES.contains(page) => Item::Repo {
            owner,
            name,
            rest: format!("/{page}"),
        },
        ["blob" | "tree", tail @ ..] if !tail.is_empty() => {
            if !fragments.iter().all(line_anchor) {
                return None;
            }
            Item::File {
                owner,
                name,
                segments: tail.iter().map(|s| decode(s)).collect::<Option<_>>()?,
            }
        }
        ["commit", sha] if sha.len() >= 7 && sha.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Item::Commit {
                owner,
                name,
                sha: (*sha).to_owned(),
            }
        }
        ["issues" | "pull", n] => Item::Issue {
            owner,
            name,
            number: n.parse().ok().filter(|n| *n > 0)?,
        },
        ["releases", "tag", tag] => Item::Release {
            owner,
            name,
            tag: decode(tag)?,
        },
        ["releases", "download", tag, asset] => Item::Asset {
            owner,
            name,
            tag: decode(tag)?,
            asset: decode(asset)?,
        },
        _ => return None,
    })
}

/// Whether the API was asked, and whether it answered (with any status),
/// for the run's "network unreachable" verdict.
#[derive(Debug, Default, Clone, Copy)]
pub struct Contact {
    pub attempted: bool,
    pub answered: bool,
}

/// A GraphQL string literal (JSON's escapes are GraphQL's).
fn lit(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// The selection of one item under alias `a`.
fn selection(a: &str, item: &Item) -> Option<String> {
    let repo = |owner: &str, name: &str, inner: &str| {
        format!(
            " {a}: repository(owner: {}, name: {}) {{ nameWithOwner isArchived url{inner} }}",
            lit(owner),
            lit(name)
        )
    };
    Some(match item {
        Item::Repo { owner, name, .. } => repo(owner, name, ""),
        Item::File {
            owner,
            name,
            segments,
        } => {
            let mut inner = String::new();
            for k in 1..=segments.len().min(MAX_REF_SEGMENTS) {
                let expr = format!("{}:{}", segments[..k].join("/"), segments[k..].join("/"));
                inner.push_str(&format!(
                    " f{k}: object(expression: {}) {{ __typename }}",
                    lit(&expr)
                ));
            }
            repo(owner, name, &inner)
        }
        Item::Commit { owner, name, sha } => repo(
            owner,
            name,
            &format!(" c: object(expression: {}) {{ __typename }}", lit(sha)),
        ),
        Item::Issue {
            owner,
            name,
            number,
        } => repo(
            owner,
            name,
            &format!(" i: issueOrPullRequest(number: {number}) {{ __typename }}"),
        ),
        Item::Release { owner, name, tag } => repo(
            owner,
            name,
            &format!(
                " rel: release(tagName: {}) {{ tagName }} tag: ref(qualifiedName: {}) {{ name }}",
                lit(tag),
                lit(&format!("refs/tags/{tag}"))
            ),
        ),
        Item::Asset {
            owner,
            name,
            tag,
            asset,
        } => repo(
            owner,
            name,
            &format!(
                " rel: release(tagName: {}) {{ releaseAssets(first: 1, name: {}) {{ nodes {{ name }} }} }}",
                lit(tag),
                lit(asset)
            ),
        ),
        Item::Owner { login } => format!(
            " {a}: repositoryOwner(login: {}) {{ login url }}",
            lit(login)
        ),
        Item::Gist { .. } => return None,
    })
}

/// One request to the API: `Err((answered, why))` — an error status is an
/// answer (a refusal), a failed connection or a timeout is not. The
/// client follows no redirect, so the token reaches the API's host only.
async fn ask(
    gh: &Github,
    req: reqwest::RequestBuilder,
    timeout: Duration,
) -> Result<(u16, serde_json::Value), (bool, String)> {
    let answer = async {
        let resp = req
            .header("Authorization", format!("bearer {}", gh.token.expose()))
            .header("User-Agent", USER_AGENT)
            .send()
            .await
            .map_err(|e| (false, e.without_url().to_string()))?;
        let status = resp.status();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| (true, e.without_url().to_string()))?;
        if status.as_u16() == 404 {
            return Ok((404, serde_json::Value::Null));
        }
        if !status.is_success() {
            return Err((true, format!("GitHub API answered {status}")));
        }
        serde_json::from_slice::<serde_json::Value>(&bytes)
            .map(|v| (status.as_u16(), v))
            .map_err(|e| (true, e.to_string()))
    };
    match tokio::time::timeout(timeout, answer).await {
        Ok(a) => a,
        Err(_) => Err((false, TIMED_OUT.into())),
    }
}

fn failed(e: &(bool, String)) -> Outcome {
    match e {
        (true, e) => Outcome::new(Status::Blocked, format!("GitHub API: {e}")),
        (false, e) if e == TIMED_OUT => Outcome::new(Status::Timeout, e.clone()),
        (false, e) => Outcome::new(Status::Error, format!("GitHub API: {e}")),
    }
}

/// Checks the items (key, item) through the API: GraphQL queries of many
/// items each, and gists (which GraphQL cannot look up by id) one REST
/// request each.
pub async fn check(
    client: &reqwest::Client,
    gh: &Github,
    items: Vec<(String, Item)>,
    timeout: Duration,
) -> (Vec<(String, Outcome)>, Contact) {
    let mut out = Vec::with_capacity(items.len());
    let mut contact = Contact::default();
    let (gists, items): (Vec<_>, Vec<_>) = items
        .into_iter()
        .partition(|(_, i)| matches!(i, Item::Gist { .. }));
    for batch in items.chunks(ITEMS_PER_QUERY) {
        let started = Instant::now();
        let mut query = String::from("query {");
        for (i, (_, item)) in batch.iter().enumerate() {
            query.push_str(&selection(&format!("r{i}"), item).unwrap_or_default());
        }
        query.push_str(" }");
        let body = serde_json::json!({ "query": query });
        contact.attempted = true;
        let req = client
            .post(&gh.api_url)
            .header("Content-Type", "application/json")
            .body(body.to_string());
        let answer = ask(gh, req, timeout).await;
        contact.answered |= answer.as_ref().map_or_else(|(a, _)| *a, |_| true);
        for (i, (key, item)) in batch.iter().enumerate() {
            let mut o = match &answer {
                Err(e) => failed(e),
                Ok((404, _)) => failed(&(true, "GitHub API answered 404 Not Found".into())),
                Ok((_, v)) => verdict(v, &format!("r{i}"), key, item),
            };
            o.duration = started.elapsed();
            out.push((key.clone(), o));
        }
    }
    for (key, item) in gists {
        let Item::Gist { id } = &item else { continue };
        let started = Instant::now();
        contact.attempted = true;
        let req = client
            .get(format!("{}/gists/{id}", rest_base(&gh.api_url)))
            .header("Accept", "application/vnd.github+json");
        let answer = ask(gh, req, timeout).await;
        contact.answered |= answer.as_ref().map_or_else(|(a, _)| *a, |_| true);
        let mut o = match answer {
            Err(e) => failed(&e),
            Ok((404, _)) => {
                let mut o = Outcome::new(Status::Dead, "gist not found (GitHub API)");
                o.http_status = Some(404);
                o
            }
            Ok(_) => {
                let mut o = Outcome::new(Status::Ok, "gist exists (GitHub API)");
                o.http_status = Some(200);
                o
            }
        };
        o.duration = started.elapsed();
        out.push((key, o));
    }
    (out, contact)
}

fn dead(what: String) -> Outcome {
    let mut o = Outcome::new(Status::Dead, format!("{what} (GitHub API)"));
    o.http_status = Some(404);
    o
}

/// The verdict on one item from a GraphQL answer.
fn verdict(v: &serde_json::Value, alias: &str, key: &str, item: &Item) -> Outcome {
    if !v["data"].is_object() {
        return Outcome::new(Status::Blocked, "GitHub API gave no answer for it");
    }
    let node = &v["data"][alias];
    if let Item::Owner { login } = item {
        if node.is_null() {
            return dead(format!("no user or organisation `{login}`"));
        }
        let mut o = Outcome::new(Status::Ok, "user or organisation exists (GitHub API)");
        o.http_status = Some(200);
        return o;
    }
    let (owner, name) = match item {
        Item::Repo { owner, name, .. }
        | Item::File { owner, name, .. }
        | Item::Commit { owner, name, .. }
        | Item::Issue { owner, name, .. }
        | Item::Release { owner, name, .. }
        | Item::Asset { owner, name, .. } => (owner, name),
        Item::Owner { .. } | Item::Gist { .. } => unreachable!("handled above"),
    };
    if node.is_null() {
        let not_found = v["errors"].as_array().is_some_and(|errs| {
            errs.iter().any(|e| {
                e["type"] == "NOT_FOUND"
                    && e["path"]
                        .as_array()
                        .is_some_and(|p| p.first().and_then(|x| x.as_str()) == Some(alias))
            })
        });
        return if not_found {
            dead("repository not found".into())
        } else {
            Outcome::new(Status::Blocked, "GitHub API gave no answer for it")
        };
    }
    let found = match item {
        Item::Repo { .. } => Ok("repository exists"),
        Item::File { segments, .. } => {
            let any = (1..=segments.len().min(MAX_REF_SEGMENTS))
                .any(|k| !node[format!("f{k}")].is_null());
            if any {
                Ok("file exists")
            } else {
                Err(format!("no `{}` in the repository", segments.join("/")))
            }
        }
        Item::Commit { sha, .. } => {
            if node["c"].is_null() {
                Err(format!("no commit `{sha}`"))
            } else {
                Ok("commit exists")
            }
        }
        Item::Issue { number, .. } => {
            if node["i"].is_null() {
                Err(format!("no issue or pull request #{number}"))
            } else {
                Ok("issue exists")
            }
        }
        Item::Release { tag, .. } => {
            if node["rel"].is_null() && node["tag"].is_null() {
                Err(format!("no release or tag `{tag}`"))
            } else {
                Ok("release exists")
            }
        }
        Item::Asset { tag, asset, .. } => {
            let has = node["rel"]["releaseAssets"]["nodes"]
                .as_array()
                .is_some_and(|n| !n.is_empty());
            if has {
                Ok("release asset exists")
            } else {
                Err(format!("no asset `{asset}` in release `{tag}`"))
            }
        }
        Item::Owner { .. } | Item::Gist { .. } => unreachable!("handled above"),
    };
    let what = match found {
        Ok(what) => what,
        Err(why) => return dead(why),
    };
    let full = node["nameWithOwner"].as_str().unwrap_or_default();
    let mut o = if full.eq_ignore_ascii_case(&format!("{owner}/{name}")) {
        Outcome::new(Status::Ok, format!("{what} (GitHub API)"))
    } else {
        let mut o = Outcome::new(Status::Redirected, format!("repository renamed to {full}"));
        let base = node["url"]
            .as_str()
            .map_or_else(|| format!("https://github.com/{full}"), str::to_owned);
        // The same page of the renamed repository.
        o.final_url = Some(match Url::parse(key) {
            Ok(u) => {
                let tail: Vec<&str> = u
                    .path_segments()
                    .map_or(Vec::new(), |s| s.skip(2).collect());
                if tail.is_empty() || tail == [""] {
                    base
                } else {
                    format!("{}/{}", base.trim_end_matches('/'), tail.join("/"))
                }
            }
            Err(_) => base,
        });
        o
    };
    o.http_status = Some(200);
    o.archived = matches!(item, Item::Repo { rest, .. } if rest.is_empty())
        && node["isArchived"].as_bool().unwrap_or(false);
    o
}

/// The REST API beside a GraphQL endpoint: `https://api.github.com/graphql`
/// → `https://api.github.com`.
fn rest_base(api_url: &str) -> &str {
    let base = api_url.trim_end_matches('/');
    base.strip_suffix("/graphql").unwrap_or(base)
}

/// The REST address of a repository beside a GraphQL endpoint:
/// `https://api.github.com/graphql` → `https://api.github.com/repos/O/R`.
fn rest_url(api_url: &str, repo: &GithubRepo) -> String {
    format!("{}/repos/{}/{}", rest_base(api_url), repo.owner, repo.name)
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
        .redirect(same_host_redirects())
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
                req = req.header("Authorization", format!("bearer {}", t.expose()));
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

/// Up to 3 redirects on the API's own host (a renamed repository), none to
/// another: the token goes to the API only.
fn same_host_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let here = attempt.previous().last().map(|u| {
            (
                u.scheme().to_owned(),
                u.host_str().map(str::to_owned),
                u.port_or_known_default(),
            )
        });
        let next = attempt.url();
        let same = here.is_some_and(|(s, h, p)| {
            s == next.scheme()
                && h.as_deref() == next.host_str()
                && p == next.port_or_known_default()
        });
        if attempt.previous().len() > 3 || !same {
            attempt.stop()
        } else {
            attempt.follow()
        }
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

    fn item(u: &str, fragments: &[&str]) -> Option<Item> {
        let f = fragments.iter().map(|f| (*f).to_owned()).collect();
        item_of(&Url::parse(u).unwrap(), &f)
    }

    #[test]
    fn what_the_api_checks() {
        let repo = |o: &str, n: &str, rest: &str| Item::Repo {
            owner: o.into(),
            name: n.into(),
            rest: rest.into(),
        };
        assert_eq!(
            item("https://github.com/rust-lang/rust", &[]),
            Some(repo("rust-lang", "rust", ""))
        );
        assert_eq!(
            item("https://github.com/rust-lang/rust/", &["install"]),
            Some(repo("rust-lang", "rust", ""))
        );
        assert_eq!(
            item("https://www.github.com/a/b.git", &[]),
            Some(repo("a", "b", ""))
        );
        assert_eq!(
            item("https://github.com/a/b/issues", &[]),
            Some(repo("a", "b", "/issues"))
        );
        assert_eq!(
            item("https://github.com/a/b/blob/main/docs/a%20b.md", &["L3-L5"]),
            Some(Item::File {
                owner: "a".into(),
                name: "b".into(),
                segments: vec!["main".into(), "docs".into(), "a b.md".into()],
            })
        );
        // A heading is for the page request (`remote-fragment`).
        assert_eq!(
            item("https://github.com/a/b/blob/main/README.md", &["usage"]),
            None
        );
        assert_eq!(
            item("https://github.com/a/b/pull/12", &[]),
            Some(Item::Issue {
                owner: "a".into(),
                name: "b".into(),
                number: 12
            })
        );
        assert_eq!(
            item("https://github.com/a/b/releases/tag/v1.0", &[]),
            Some(Item::Release {
                owner: "a".into(),
                name: "b".into(),
                tag: "v1.0".into()
            })
        );
        assert_eq!(
            item("https://github.com/rust-lang", &[]),
            Some(Item::Owner {
                login: "rust-lang".into()
            })
        );
        assert_eq!(
            item("https://gist.github.com/someone/0123abcd", &[]),
            Some(Item::Gist {
                id: "0123abcd".into()
            })
        );
        for u in [
            "https://github.com/topics/rust",
            "https://github.com/a/b?tab=readme",
            "https://github.com/a/b/wiki",
            "https://github.com/a/b/issues/x",
            "https://github.com/a/b/blob",
            "https://gitlab.com/a/b",
            "https://github.com/",
        ] {
            assert_eq!(item(u, &[]), None, "{u}");
        }
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
        let r = |o: &str, n: &str| Item::Repo {
            owner: o.into(),
            name: n.into(),
            rest: String::new(),
        };
        let key = "https://github.com/x/y";
        assert_eq!(
            verdict(&v, "r0", key, &r("alive", "repo")).status,
            Status::Ok
        );
        let renamed = verdict(&v, "r1", "https://github.com/old/name", &r("old", "name"));
        assert_eq!(renamed.status, Status::Redirected);
        assert_eq!(
            renamed.final_url.as_deref(),
            Some("https://github.com/new/name")
        );
        assert_eq!(
            verdict(&v, "r2", key, &r("gone", "repo")).status,
            Status::Dead
        );
        assert!(verdict(&v, "r3", key, &r("old", "archive")).archived);
        let file = Item::File {
            owner: "old".into(),
            name: "name".into(),
            segments: vec!["main".into(), "a.md".into()],
        };
        let o = verdict(
            &v,
            "r1",
            "https://github.com/old/name/blob/main/a.md",
            &file,
        );
        assert_eq!(o.status, Status::Dead, "{o:?}");
        let v = serde_json::json!({"data": {"r0": {"nameWithOwner": "new/name", "url": "https://github.com/new/name", "f1": {"__typename": "Blob"}, "f2": null}}});
        let o = verdict(
            &v,
            "r0",
            "https://github.com/old/name/blob/main/a.md",
            &file,
        );
        assert_eq!(o.status, Status::Redirected);
        assert_eq!(
            o.final_url.as_deref(),
            Some("https://github.com/new/name/blob/main/a.md")
        );
    }
}
