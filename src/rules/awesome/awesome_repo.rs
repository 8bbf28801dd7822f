//! The list's own GitHub repository, as awesome-lint's `awesome-github`
//! and `awesome-git-repo-age` rules check it: `awesome-repo-metadata` (a
//! description, the topics `awesome` and `awesome-list`, a licence GitHub
//! detects) and `awesome-repo-age` (at least 30 days old). Both need the
//! network: with `--links`, the link stage asks GitHub's REST API about the
//! repository once per run ([`crate::links::github::repo_facts`]) and
//! reports on the list (`crate::app::link_stage`). The repository is the
//! GitHub remote of the git checkout the list is in, read from its
//! `.git/config`: no remote, or one that is not on GitHub, means no check.

use std::path::{Path, PathBuf};

pub use crate::links::github::{GithubRepo, RepoFacts};
use crate::rules::*;

pub(crate) const METADATA: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-repo-metadata"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "(`--links`) the list's GitHub repository has no description, no `awesome` or `awesome-list` topic, or no licence GitHub detects",
    doc: include_str!("../../../rules/awesome-repo-metadata.md"),
};

pub(crate) const AGE: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-repo-age"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "(`--links`) the list's GitHub repository is less than 30 days old",
    doc: include_str!("../../../rules/awesome-repo-age.md"),
};

/// The age a list needs before it is submitted to the awesome list.
pub(crate) const MIN_AGE_DAYS: u64 = 30;

pub struct AwesomeRepoMetadata;
pub struct AwesomeRepoAge;

// Reported by the link stage, like the other `--links` rules.
impl Rule for AwesomeRepoMetadata {
    rule_facts!(meta: METADATA, stage: Stage::Repository);

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}

impl Rule for AwesomeRepoAge {
    rule_facts!(meta: AGE, stage: Stage::Repository);

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}

/// The findings on a repository: `(rule, message)`, `now` in seconds since
/// the Unix epoch.
pub(crate) fn findings(repo: &GithubRepo, facts: &RepoFacts, now: u64) -> Vec<(RuleId, String)> {
    let mut out = Vec::new();
    if facts
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        out.push((
            METADATA.id,
            format!("the repository `{repo}` has no description on GitHub"),
        ));
    }
    let missing: Vec<&str> = ["awesome", "awesome-list"]
        .into_iter()
        .filter(|t| !facts.topics.iter().any(|have| have == t))
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        let s = if missing.len() > 1 { "s" } else { "" };
        out.push((
            METADATA.id,
            format!("the repository `{repo}` lacks the GitHub topic{s} {list}"),
        ));
    }
    if !facts.license {
        out.push((
            METADATA.id,
            format!("GitHub detects no licence in the repository `{repo}`"),
        ));
    }
    if let Some(created) = facts.created {
        let days = now.saturating_sub(created) / 86_400;
        if days < MIN_AGE_DAYS {
            let left = MIN_AGE_DAYS - days;
            let unit = if left == 1 { "day" } else { "days" };
            out.push((
                AGE.id,
                format!(
                    "the repository `{repo}` is {days} days old, less than {MIN_AGE_DAYS} ({left} {unit} to go)"
                ),
            ));
        }
    }
    out
}

/// The GitHub repository of the git checkout that holds `file`: the push
/// URL (else the URL) of the current branch's remote, else of `origin`,
/// else of the only remote. `None` outside a checkout, without such a
/// remote, or when it is not on GitHub.
pub fn github_remote(file: &Path) -> Option<GithubRepo> {
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = std::path::absolute(dir.unwrap_or(Path::new("."))).ok()?;
    let (git_dir, common) = dir.ancestors().find_map(git_dirs)?;
    let config = std::fs::read_to_string(common.join("config")).ok()?;
    let head = std::fs::read_to_string(git_dir.join("HEAD")).unwrap_or_default();
    let branch = head.trim().strip_prefix("ref: refs/heads/");
    remote_url(&config, branch).and_then(|u| parse_github_url(&u))
}

/// The git directory of a work tree at `dir` and its common directory
/// (where `config` is): `.git` itself, or what a `.git` file (a linked
/// work tree, a submodule) points to.
fn git_dirs(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let dot = dir.join(".git");
    let meta = std::fs::metadata(&dot).ok()?;
    let git_dir = if meta.is_dir() {
        dot
    } else {
        let text = std::fs::read_to_string(&dot).ok()?;
        let target = text.trim().strip_prefix("gitdir:")?.trim();
        dir.join(target)
    };
    let common = match std::fs::read_to_string(git_dir.join("commondir")) {
        Ok(c) => git_dir.join(c.trim()),
        Err(_) => git_dir.clone(),
    };
    Some((git_dir, common))
}

/// The URL of the remote `git remote get-url --push` would use, from the
/// text of a git config: `branch.<branch>.remote`, else `origin`, else the
/// only remote.
pub(crate) fn remote_url(config: &str, branch: Option<&str>) -> Option<String> {
    // (section, subsection, key, value), keys lower-cased.
    let mut entries: Vec<(String, String, String, String)> = Vec::new();
    let mut section = (String::new(), String::new());
    for line in config.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let Some(head) = rest.split(']').next() else {
                continue;
            };
            section = match head.split_once(char::is_whitespace) {
                Some((name, sub)) => (
                    name.trim().to_ascii_lowercase(),
                    sub.trim().trim_matches('"').to_owned(),
                ),
                // `[remote.origin]`, the old spelling.
                None => match head.split_once('.') {
                    Some((name, sub)) => (name.to_ascii_lowercase(), sub.to_owned()),
                    None => (head.to_ascii_lowercase(), String::new()),
                },
            };
            continue;
        }
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        entries.push((
            section.0.clone(),
            section.1.clone(),
            key.trim().to_ascii_lowercase(),
            value.to_owned(),
        ));
    }
    let get = |sec: &str, sub: &str, key: &str| {
        entries
            .iter()
            .rev()
            .find(|(s, b, k, _)| s == sec && b == sub && k == key)
            .map(|(_, _, _, v)| v.clone())
    };
    let mut remotes: Vec<&str> = entries
        .iter()
        .filter(|(s, _, k, _)| s == "remote" && k == "url")
        .map(|(_, b, _, _)| b.as_str())
        .collect();
    remotes.dedup();
    let name = branch
        .and_then(|b| get("branch", b, "remote"))
        .filter(|r| r != ".")
        .or_else(|| remotes.contains(&"origin").then(|| "origin".to_owned()))
        .or_else(|| (remotes.len() == 1).then(|| remotes[0].to_owned()))?;
    get("remote", &name, "pushurl").or_else(|| get("remote", &name, "url"))
}

/// `owner/name` of a GitHub remote URL: `https://github.com/o/r.git`,
/// `git@github.com:o/r.git`, `ssh://git@github.com/o/r`, `git://…`, with
/// or without credentials (never shown).
pub(crate) fn parse_github_url(url: &str) -> Option<GithubRepo> {
    let url = url.trim();
    let (host, path) = match url.split_once("://") {
        Some((_, rest)) => {
            let (authority, path) = rest.split_once('/')?;
            let host = authority.rsplit('@').next()?;
            (host.split(':').next()?, path)
        }
        // `[user@]host:path`, git's scp-like syntax.
        None => {
            let (authority, path) = url.split_once(':')?;
            if authority.contains('/') {
                return None;
            }
            (authority.rsplit('@').next()?, path)
        }
    };
    let host = host.to_ascii_lowercase();
    if !matches!(
        host.as_str(),
        "github.com" | "www.github.com" | "ssh.github.com"
    ) {
        return None;
    }
    let path = path.trim_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let (owner, name) = path.split_once('/')?;
    let valid = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    (valid(owner) && valid(name)).then(|| GithubRepo {
        owner: owner.to_owned(),
        name: name.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::github::parse_timestamp;

    fn repo(s: &str) -> Option<String> {
        parse_github_url(s).map(|r| r.to_string())
    }

    #[test]
    fn github_remote_urls() {
        for u in [
            "https://github.com/sindresorhus/awesome.git",
            "https://github.com/sindresorhus/awesome",
            "https://github.com/sindresorhus/awesome/",
            "https://user:secret@github.com/sindresorhus/awesome.git",
            "http://www.github.com/sindresorhus/awesome",
            "git@github.com:sindresorhus/awesome.git",
            "github.com:sindresorhus/awesome",
            "ssh://git@github.com/sindresorhus/awesome.git",
            "ssh://git@ssh.github.com:443/sindresorhus/awesome.git",
            "git://github.com/sindresorhus/awesome.git",
        ] {
            assert_eq!(repo(u).as_deref(), Some("sindresorhus/awesome"), "{u}");
        }
        for u in [
            "https://gitlab.com/a/b.git",
            "git@gitlab.com:a/b.git",
            "https://github.com/a",
            "https://github.com/a/b/c",
            "/srv/git/list.git",
            "../list",
            "",
        ] {
            assert_eq!(repo(u), None, "{u}");
        }
    }

    #[test]
    fn the_branch_remote_then_origin_then_the_only_remote() {
        let config = "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://github.com/a/origin.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[remote \"fork\"]\n\turl = git@github.com:me/fork.git\n\tpushurl = git@github.com:me/push.git\n[branch \"main\"]\n\tremote = fork\n[branch \"local\"]\n\tremote = .\n";
        assert_eq!(
            remote_url(config, Some("main")).as_deref(),
            Some("git@github.com:me/push.git")
        );
        assert_eq!(
            remote_url(config, Some("other")).as_deref(),
            Some("https://github.com/a/origin.git")
        );
        assert_eq!(
            remote_url(config, Some("local")).as_deref(),
            Some("https://github.com/a/origin.git")
        );
        let one = "[remote \"upstream\"]\n  url = \"https://github.com/o/r\"\n";
        assert_eq!(
            remote_url(one, None).as_deref(),
            Some("https://github.com/o/r")
        );
        let two = "[remote \"a\"]\nurl = x\n[remote \"b\"]\nurl = y\n";
        assert_eq!(remote_url(two, None), None);
        assert_eq!(remote_url("[core]\nbare = true\n", None), None);
    }

    #[test]
    fn the_remote_of_a_checkout_and_of_a_linked_work_tree() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path();
        std::fs::create_dir_all(top.join(".git")).unwrap();
        std::fs::write(
            top.join(".git/config"),
            "[remote \"origin\"]\n\turl = git@github.com:owner/list.git\n",
        )
        .unwrap();
        std::fs::write(top.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::create_dir_all(top.join("docs")).unwrap();
        let found = github_remote(&top.join("docs/README.md")).map(|r| r.to_string());
        assert_eq!(found.as_deref(), Some("owner/list"));
        // A linked work tree: `.git` is a file naming its git directory,
        // whose `commondir` leads to the config.
        let wt = top.join("wt");
        std::fs::create_dir_all(top.join(".git/worktrees/wt")).unwrap();
        std::fs::write(top.join(".git/worktrees/wt/commondir"), "../..\n").unwrap();
        std::fs::write(top.join(".git/worktrees/wt/HEAD"), "ref: refs/heads/x\n").unwrap();
        std::fs::create_dir_all(&wt).unwrap();
        std::fs::write(
            wt.join(".git"),
            format!("gitdir: {}\n", top.join(".git/worktrees/wt").display()),
        )
        .unwrap();
        let found = github_remote(&wt.join("README.md")).map(|r| r.to_string());
        assert_eq!(found.as_deref(), Some("owner/list"));
        // No checkout, no repository.
        let bare = tempfile::tempdir().unwrap();
        assert_eq!(github_remote(&bare.path().join("README.md")), None);
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_timestamp("2020-01-01T00:00:00Z"), Some(1_577_836_800));
        assert_eq!(parse_timestamp("2024-02-29T12:00:01Z"), Some(1_709_208_001));
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("2020-13-01T00:00:00Z"), None);
    }

    #[test]
    fn findings_name_what_is_missing() {
        let r = GithubRepo {
            owner: "o".into(),
            name: "r".into(),
        };
        let now = parse_timestamp("2024-03-01T00:00:00Z").unwrap();
        let good = RepoFacts {
            description: Some("A list.".into()),
            topics: vec!["awesome".into(), "awesome-list".into(), "rust".into()],
            created: parse_timestamp("2020-01-01T00:00:00Z"),
            license: true,
        };
        assert!(findings(&r, &good, now).is_empty());
        let bad = RepoFacts {
            description: Some("  ".into()),
            topics: vec!["awesome".into()],
            created: parse_timestamp("2024-02-20T00:00:00Z"),
            license: false,
        };
        let f = findings(&r, &bad, now);
        let f: Vec<(&str, String)> = f.into_iter().map(|(r, m)| (r.as_str(), m)).collect();
        assert_eq!(
            f,
            [
                (
                    "awesome-repo-metadata",
                    "the repository `o/r` has no description on GitHub".to_owned()
                ),
                (
                    "awesome-repo-metadata",
                    "the repository `o/r` lacks the GitHub topic `awesome-list`".to_owned()
                ),
                (
                    "awesome-repo-metadata",
                    "GitHub detects no licence in the repository `o/r`".to_owned()
                ),
                (
                    "awesome-repo-age",
                    "the repository `o/r` is 10 days old, less than 30 (20 days to go)".to_owned()
                ),
            ]
        );
        let none = RepoFacts::default();
        assert!(
            findings(&r, &none, now)[1]
                .1
                .ends_with("topics `awesome` and `awesome-list`")
        );
    }
}
