//! The network stage of `check --links`: every unique http(s) URL
//! of the run is requested once, politely, and its outcome becomes
//! `dead-link`, `redirect`, `blocked-link`, `remote-fragment`, `soft-404`
//! and `archived-repo` diagnostics plus the `links` array of the JSON
//! report. Nothing here runs, and no runtime or client is built, unless
//! links are checked.

pub(crate) mod archive;
mod cache;
pub(crate) mod github;
pub mod html;
mod http;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The verdict on one URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Redirected,
    Dead,
    Blocked,
    Timeout,
    Error,
    Excluded,
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Redirected => "redirected",
            Status::Dead => "dead",
            Status::Blocked => "blocked",
            Status::Timeout => "timeout",
            Status::Error => "error",
            Status::Excluded => "excluded",
            Status::Skipped => "skipped",
        }
    }

    /// `dead-link` material.
    pub fn is_failure(self) -> bool {
        matches!(self, Status::Dead | Status::Timeout | Status::Error)
    }
}

/// What the run learnt about one URL.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    pub http_status: Option<u16>,
    pub final_url: Option<String>,
    pub duration: Duration,
    pub cached: bool,
    /// Why, in words, for the diagnostic (`404 Not Found`, `connection refused`).
    pub detail: String,
    /// Fragments that the page does not have.
    pub missing_fragments: Vec<String>,
    pub soft_404: bool,
    pub archived: bool,
    /// Failing runs in a row, this one included (with a cache).
    pub failures: u32,
    /// The archived copy suggested for a dead link.
    pub snapshot: Option<String>,
    /// The URL requested instead of the one written (`remap`).
    pub checked_url: Option<String>,
}

impl Outcome {
    pub(crate) fn new(status: Status, detail: impl Into<String>) -> Self {
        Self {
            status,
            http_status: None,
            final_url: None,
            duration: Duration::ZERO,
            cached: false,
            detail: detail.into(),
            missing_fragments: Vec::new(),
            soft_404: false,
            archived: false,
            failures: 0,
            snapshot: None,
            checked_url: None,
        }
    }
}

/// One unique URL to check, and what its citations need.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// The URL without its fragment, scheme and host lower-cased and the
    /// default port dropped: the key of deduplication.
    pub key: String,
    /// Fragments cited with it (for `remote-fragment`).
    pub fragments: BTreeSet<String>,
}

/// `[links]` resolved, with the command line's say.
#[derive(Debug, Clone)]
pub struct Settings {
    pub timeout: Duration,
    pub retries: u32,
    pub max_concurrency: usize,
    pub max_per_host: usize,
    pub accept: Vec<u16>,
    pub exclude: Vec<regex::Regex>,
    /// When not empty, only URLs matching one of these are requested;
    /// they are, even when `exclude` matches them.
    pub include: Vec<regex::Regex>,
    /// Sent to the pages checked instead of [`USER_AGENT`].
    pub user_agent: Option<String>,
    pub allow_private: bool,
    pub host_interval: Duration,
    pub cache: Option<PathBuf>,
    pub cache_max_age: Duration,
    pub fail_after: u32,
    pub github: Option<Github>,
    /// `[links.github] api-url` (GraphQL), with or without a token: the
    /// REST API beside it tells about the list's own repository.
    pub github_api_url: String,
    /// Header sets by host (`host` or `host:port`), values expanded.
    pub headers: Vec<(String, Vec<(String, String)>)>,
    /// Read pages for `remote-fragment`.
    pub fragments: bool,
    /// Read pages for `soft-404`.
    pub soft_404: bool,
    /// `--shard I/N`: only the hosts of shard I (1-based) of N.
    pub shard: Option<(u32, u32)>,
    /// `[links.archive]`: archived copies suggested for dead links.
    pub archive: Option<Archive>,
    /// `remap`: the first pattern that matches a URL rewrites the URL
    /// requested (`$1`… name its groups); the one written is reported.
    pub remap: Vec<(regex::Regex, String)>,
}

/// The URL requested for `key`: `key` rewritten by the first `remap`
/// pattern that matches it, as a key.
pub fn remapped(settings: &Settings, key: &str) -> String {
    let Some((re, to)) = settings.remap.iter().find(|(re, _)| re.is_match(key)) else {
        return key.to_owned();
    };
    let url = re.replace(key, to.as_str()).into_owned();
    key_of(&url).map_or(url, |(k, _)| k)
}

/// `[links.archive]` resolved.
#[derive(Debug, Clone)]
pub struct Archive {
    /// The availability API (`…/wayback/available`).
    pub api_url: String,
    /// One lookup's limit.
    pub timeout: Duration,
    pub max_concurrency: usize,
    /// The most the run waits for the archive once its checks are done.
    pub max_wait: Duration,
}

#[derive(Debug, Clone)]
pub struct Github {
    pub token: Secret,
    pub api_url: String,
}

/// A token: shown nowhere, not even in debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token itself, for the one header that carries it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

pub const USER_AGENT: &str = concat!(
    "Mozilla/5.0 (compatible; listlint/",
    env!("CARGO_PKG_VERSION"),
    "; +https://github.com/listlint/listlint)"
);

/// How long a `Retry-After` may make us wait; longer is `blocked`.
pub const RETRY_AFTER_CAP: Duration = Duration::from_secs(60);
/// The most of a page read for fragments or a soft-404 check (after decompression).
pub const BODY_CAP: usize = 4 << 20;
/// Redirects followed before giving up (more than 10 is an error).
pub const MAX_REDIRECTS: usize = 10;

/// Splits a URL into its key and fragment; `None` for a URL
/// without a scheme (relative links are not for the network).
pub fn key_of(url: &str) -> Option<(String, Option<String>)> {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f.to_owned())),
        None => (url, None),
    };
    let colon = base.find(':')?;
    let scheme = &base[..colon];
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    let rest = &base[colon + 1..];
    let Some(after) = rest.strip_prefix("//") else {
        return Some((format!("{scheme}:{rest}"), fragment));
    };
    let auth_end = after.find(['/', '?']).unwrap_or(after.len());
    let (authority, tail) = after.split_at(auth_end);
    let mut host = authority.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => Some(":80"),
        "https" => Some(":443"),
        _ => None,
    };
    if let Some(p) = default_port
        && host.ends_with(p)
    {
        host.truncate(host.len() - p.len());
    }
    Some((format!("{scheme}://{host}{tail}"), fragment))
}

/// The shard (0-based) of a URL key among `n`: by host, with a hash that
/// is the same on every machine and run (FNV-1a), so a CI matrix splits
/// the links the same way in every job.
pub fn shard_of(key: &str, n: u32) -> u32 {
    let rest = key.split_once("://").map_or(key, |(_, r)| r);
    let host = rest.split(['/', '?']).next().unwrap_or(rest);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in host.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % u64::from(n.max(1))) as u32
}

/// Whether a URL key would be requested (`--dump`): an http(s) URL that
/// `exclude`, `include`, the private-target rule and the shard leave in.
pub fn would_check(settings: &Settings, key: &str) -> bool {
    url::Url::parse(key).is_ok_and(|u| http::precheck(settings, &u, key).is_none())
        && settings
            .shard
            .is_none_or(|(index, count)| shard_of(key, count) == index - 1)
}

/// Counts for the summary line.
#[derive(Debug, Default)]
pub struct Summary {
    pub checked: usize,
    pub ok: usize,
    pub dead: usize,
    pub blocked: usize,
    pub redirected: usize,
    pub cached: usize,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "links: {} checked, {} ok, {} dead, {} blocked, {} redirected, {} cached in {:.1} s",
            self.checked,
            self.ok,
            self.dead,
            self.blocked,
            self.redirected,
            self.cached,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Told how far the checks are, for a progress display.
pub trait Progress: Send + Sync {
    /// `total` URLs are about to be requested.
    fn start(&self, total: u64);
    /// `n` more were answered (or given up on).
    fn advance(&self, n: u64);
    /// All were.
    fn finish(&self);
}

/// What [`check`] found.
#[derive(Debug)]
pub struct Checked {
    /// By [`Target::key`].
    pub outcomes: BTreeMap<String, Outcome>,
    pub summary: Summary,
    /// Problems that do not stop the run (a cache that cannot be saved).
    pub warnings: Vec<String>,
}

/// The run failed as a whole (no host could be reached).
#[derive(Debug)]
pub struct Unreachable(pub String);

/// Checks every target, telling `progress` how far it is.
pub fn check(
    targets: Vec<Target>,
    settings: &Settings,
    progress: Option<Arc<dyn Progress>>,
) -> Result<Checked, Unreachable> {
    let started = std::time::Instant::now();
    let mut cache = settings
        .cache
        .as_ref()
        .map(|p| cache::Cache::load(p, settings.cache_max_age));
    let mut results = BTreeMap::new();
    let mut todo = Vec::new();
    let (targets, originals, aliases) = remap_targets(targets, settings);
    for t in targets {
        let needs_body = (settings.fragments && !t.fragments.is_empty()) || settings.soft_404;
        if let Some(e) = cache.as_ref().and_then(|c| c.fresh(&t.key))
            && !needs_body
        {
            let mut o = Outcome::new(e.status, "cached");
            o.http_status = e.http_status;
            o.final_url = e.final_url.clone();
            o.cached = true;
            results.insert(t.key, o);
            continue;
        }
        todo.push(t);
    }
    // The written URLs that get each requested URL's outcome.
    let remapped: BTreeMap<&str, &str> = aliases
        .iter()
        .map(|(o, c)| (o.as_str(), c.as_str()))
        .collect();
    let mut written: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for original in &originals {
        let checked = remapped.get(original.as_str()).copied().unwrap_or(original);
        written.entry(checked).or_default().push(original);
    }
    // A dead link's archive lookup starts as soon as it is found dead.
    let mut lookups = settings.archive.as_ref().map(archive::Lookups::new);
    let mut found_dead = |key: &str, o: &Outcome| {
        let (Some(l), Some(a)) = (lookups.as_mut(), &settings.archive) else {
            return;
        };
        let failures = match &cache {
            Some(c) if o.status.is_failure() => c.failures(key) + 1,
            _ => u32::from(o.status.is_failure()),
        };
        for &original in written.get(key).into_iter().flatten() {
            if archive_wants(original, o, failures, a, settings)
                && cache.as_ref().and_then(|c| c.archived(original)).is_none()
            {
                l.ask(original.to_owned());
            }
        }
    };
    let checked = http::run(todo, settings, progress, &mut found_dead)?;
    for (key, mut o) in checked {
        if let Some(c) = cache.as_mut() {
            o.failures = c.record(&key, o.status, o.http_status, o.final_url.clone());
        } else {
            o.failures = u32::from(o.status.is_failure());
        }
        results.insert(key, o);
    }
    // Each written URL gets the outcome of the URL requested for it.
    for (original, checked) in &aliases {
        if let Some(mut o) = results.get(checked).cloned() {
            o.checked_url = Some(checked.clone());
            results.insert(original.clone(), o);
        }
    }
    results.retain(|k, _| originals.contains(k));
    let mut warnings = Vec::new();
    if let (Some(a), Some(l)) = (&settings.archive, lookups) {
        suggest_archived(
            &mut results,
            cache.as_mut(),
            a,
            l.finish(),
            settings,
            &mut warnings,
        );
    }
    if let Some(c) = cache.as_mut()
        && let Err(e) = c.save()
    {
        warnings.push(format!("warning: {e}"));
    }
    let mut s = Summary {
        elapsed: started.elapsed(),
        ..Summary::default()
    };
    for o in results.values() {
        if matches!(o.status, Status::Excluded | Status::Skipped) {
            continue;
        }
        s.checked += 1;
        s.cached += usize::from(o.cached);
        match o.status {
            Status::Ok => s.ok += 1,
            Status::Redirected => s.redirected += 1,
            Status::Blocked => s.blocked += 1,
            _ => s.dead += 1,
        }
    }
    Ok(Checked {
        outcomes: results,
        summary: s,
        warnings,
    })
}

/// The targets to request once `remap` has rewritten them (merged when
/// two become one), the keys written, and each rewritten key with the key
/// requested for it.
fn remap_targets(
    targets: Vec<Target>,
    settings: &Settings,
) -> (Vec<Target>, BTreeSet<String>, Vec<(String, String)>) {
    if settings.remap.is_empty() {
        let originals = targets.iter().map(|t| t.key.clone()).collect();
        return (targets, originals, Vec::new());
    }
    let mut originals = BTreeSet::new();
    let mut aliases = Vec::new();
    let mut merged: BTreeMap<String, Target> = BTreeMap::new();
    for t in targets {
        originals.insert(t.key.clone());
        let checked = remapped(settings, &t.key);
        if checked != t.key {
            aliases.push((t.key.clone(), checked.clone()));
        }
        let m = merged.entry(checked.clone()).or_insert_with(|| Target {
            key: checked,
            ..Target::default()
        });
        m.fragments.extend(t.fragments);
    }
    (merged.into_values().collect(), originals, aliases)
}

/// Whether the archive at `api` may be asked about `key`. A public archive
/// has no copy of a private address and must not learn it: a private one
/// is asked only of a private archive (a local mirror), and only with
/// `allow-private`.
fn archive_may_know(key: &str, api: &str, allow_private: bool) -> bool {
    let private = |u: &str| url::Url::parse(u).is_ok_and(|u| http::is_private(&u));
    !private(key) || (allow_private && private(api))
}

/// Whether the archive is asked about `key`, dead with `o` after
/// `failures` failing runs in a row: a link it may replace, that will be
/// reported, and that it may hear of.
fn archive_wants(key: &str, o: &Outcome, failures: u32, a: &Archive, settings: &Settings) -> bool {
    archive::wanted(o)
        && failures >= settings.fail_after
        && archive_may_know(key, &a.api_url, settings.allow_private)
}

/// Gives each dead link that will be reported its archived copy, from the
/// cache or from the lookups of this run; a lookup that failed leaves its
/// link without one and adds to one warning.
fn suggest_archived(
    results: &mut BTreeMap<String, Outcome>,
    mut cache: Option<&mut cache::Cache>,
    a: &Archive,
    answers: archive::Answers,
    settings: &Settings,
    warnings: &mut Vec<String>,
) {
    for (key, o) in results.iter_mut() {
        if !archive_wants(key, o, o.failures, a, settings) {
            continue;
        }
        let ts = match cache.as_ref().and_then(|c| c.archived(key)) {
            Some(ts) => ts,
            None => match answers.found.get(key) {
                Some(ts) => {
                    if let Some(c) = cache.as_deref_mut() {
                        c.record_archive(key, ts.clone());
                    }
                    ts.clone()
                }
                None => continue,
            },
        };
        o.snapshot = ts.map(|ts| archive::snapshot_url(&ts, key));
    }
    if let Some(why) = answers.failures.first() {
        warnings.push(format!(
            "warning: the archive gave no answer for {} of {} dead links ({why}); they are reported without an archived copy",
            answers.failures.len(),
            answers.asked
        ));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_public_archive_never_hears_of_a_private_address() {
        let public = "https://archive.org/wayback/available";
        let local = "http://127.0.0.1:9/wayback/available";
        assert!(super::archive_may_know(
            "https://example.com/a",
            public,
            false
        ));
        assert!(!super::archive_may_know(
            "http://127.0.0.1:8080/a",
            public,
            true
        ));
        assert!(!super::archive_may_know("http://10.1.2.3/a", public, true));
        assert!(!super::archive_may_know("http://localhost/a", local, false));
        assert!(super::archive_may_know("http://localhost/a", local, true));
    }

    use super::*;

    #[test]
    fn keys_lower_case_scheme_and_host_and_drop_default_ports() {
        let k = key_of;
        assert_eq!(
            k("HTTP://Example.COM:80/A/b?Q=1#Frag"),
            Some(("http://example.com/A/b?Q=1".into(), Some("Frag".into())))
        );
        assert_eq!(
            k("https://example.com:443"),
            Some(("https://example.com".into(), None))
        );
        assert_eq!(
            k("https://example.com:8443/x/"),
            Some(("https://example.com:8443/x/".into(), None))
        );
        assert_eq!(k("mailto:A@B.c"), Some(("mailto:A@B.c".into(), None)));
        assert_eq!(k("docs/guide.md#x"), None);
        assert_eq!(k("#top"), None);
    }
}
