//! `[links]`: the link checker's settings as the config file writes them,
//! validated with the rest of the file, and turned into
//! [`crate::links::Settings`] for a run that checks links.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use crate::links::{Archive, Github, Settings};

/// `[links]`: read now so configs written for link checking validate.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinksConfig {
    pub enabled: Option<bool>,
    pub timeout: Option<String>,
    pub retries: Option<u32>,
    pub max_concurrency: Option<u32>,
    pub max_per_host: Option<u32>,
    pub accept: Option<Vec<Accept>>,
    pub exclude: Option<Vec<String>>,
    pub include: Option<Vec<String>>,
    /// Globs of files and directories (relative to the config's directory)
    /// whose links are not checked.
    pub exclude_path: Option<Vec<String>>,
    pub user_agent: Option<String>,
    pub remap: Option<Vec<String>>,
    pub allow_private: Option<bool>,
    pub host_interval: Option<String>,
    pub cache: Option<String>,
    pub cache_max_age: Option<String>,
    pub fail_after: Option<u32>,
    pub github: Option<GithubConfig>,
    pub headers: Option<BTreeMap<String, BTreeMap<String, String>>>,
    pub archive: Option<ArchiveConfig>,
}

/// One item of `accept`: a status code, or a range written as text
/// (`"200..=299"`, `"400..404"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Accept {
    Code(u16),
    Text(String),
}

/// The status codes of `accept` items written as on the command line:
/// `200..=299,403` (codes and ranges, comma-separated).
pub fn parse_accept(s: &str) -> Result<Vec<u16>, String> {
    let mut codes = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let code = |t: &str| {
            t.trim()
                .parse::<u16>()
                .ok()
                .filter(|c| (100..=999).contains(c))
                .ok_or_else(|| {
                    format!(
                        "expected status codes (100 to 999) or ranges such as \"200..=299\", found {part:?}"
                    )
                })
        };
        let (from, to) = if let Some((a, b)) = part.split_once("..=") {
            (code(a)?, code(b)?)
        } else if let Some((a, b)) = part.split_once("..") {
            let (a, b) = (code(a)?, code(b)?);
            (a, b.saturating_sub(1))
        } else {
            let c = code(part)?;
            (c, c)
        };
        if from > to {
            return Err(format!("the range {part:?} is empty"));
        }
        codes.extend(from..=to);
    }
    codes.sort_unstable();
    codes.dedup();
    Ok(codes)
}

/// `accept` items as status codes.
fn accept_codes(items: &[Accept]) -> Result<Vec<u16>, String> {
    let mut codes = Vec::new();
    for item in items {
        match item {
            Accept::Code(c) => codes.extend(parse_accept(&c.to_string())?),
            Accept::Text(t) => codes.extend(parse_accept(t)?),
        }
    }
    codes.sort_unstable();
    codes.dedup();
    Ok(codes)
}

/// `[links.archive]`: where archived copies of dead links are looked up.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ArchiveConfig {
    pub enabled: Option<bool>,
    pub api_url: Option<String>,
    pub timeout: Option<String>,
    pub max_concurrency: Option<u32>,
    pub max_wait: Option<String>,
}

/// The Wayback Machine's availability API.
pub const ARCHIVE_API_URL: &str = "https://archive.org/wayback/available";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GithubConfig {
    pub token: Option<String>,
    pub api_url: Option<String>,
}

pub(crate) fn validate_links(l: &LinksConfig) -> Result<(), (String, String)> {
    let archive = l.archive.clone().unwrap_or_default();
    if let Some(u) = &archive.api_url
        && !url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
    {
        return Err((
            "archive.api-url".into(),
            format!("expected an http(s) URL, found {u:?}"),
        ));
    }
    for (key, v, max, max_text) in [
        ("timeout", &l.timeout, Duration::from_secs(3600), "1h"),
        (
            "host-interval",
            &l.host_interval,
            Duration::from_secs(3600),
            "1h",
        ),
        (
            "cache-max-age",
            &l.cache_max_age,
            Duration::from_secs(366 * 86_400),
            "366d",
        ),
        (
            "archive.timeout",
            &archive.timeout,
            Duration::from_secs(3600),
            "1h",
        ),
        (
            "archive.max-wait",
            &archive.max_wait,
            Duration::from_secs(3600),
            "1h",
        ),
    ] {
        let Some(s) = v else { continue };
        match parse_duration(s) {
            None => {
                return Err((
                    key.into(),
                    format!(
                        "expected a duration such as \"20s\", \"500ms\" or \"1d\", found {s:?}"
                    ),
                ));
            }
            Some(d) if d > max => {
                return Err((
                    key.into(),
                    format!("expected a duration of at most {max_text}, found {s:?}"),
                ));
            }
            Some(_) => {}
        }
    }
    for (host, set) in l.headers.iter().flatten() {
        for (name, value) in set {
            if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Err((
                    format!("headers.\"{host}\""),
                    format!("{name:?} is not a valid HTTP header name"),
                ));
            }
            // `${VAR}` is expanded later; the rest must be a valid value.
            if reqwest::header::HeaderValue::from_str(value).is_err() {
                return Err((
                    format!("headers.\"{host}\".{name}"),
                    "expected a header value of visible ASCII characters".into(),
                ));
            }
        }
    }
    for (key, v) in [
        ("max-concurrency", l.max_concurrency),
        ("max-per-host", l.max_per_host),
        ("archive.max-concurrency", archive.max_concurrency),
    ] {
        if v == Some(0) {
            return Err((
                key.into(),
                "expected a number of at least 1, found 0".into(),
            ));
        }
    }
    for (key, pats) in [("exclude", &l.exclude), ("include", &l.include)] {
        for p in pats.iter().flatten() {
            regex_syntax_ok(p).map_err(|m| (key.to_owned(), m))?;
        }
    }
    if let Some(globs) = &l.exclude_path {
        super::build_globs(globs).map_err(|m| ("exclude-path".to_owned(), m))?;
    }
    if let Some(ua) = &l.user_agent
        && reqwest::header::HeaderValue::from_str(ua).is_err()
    {
        return Err((
            "user-agent".into(),
            "expected a header value of visible ASCII characters".into(),
        ));
    }
    for r in l.remap.iter().flatten() {
        parse_remap(r).map_err(|m| ("remap".to_owned(), m))?;
    }
    if let Some(items) = &l.accept {
        accept_codes(items).map_err(|m| ("accept".to_owned(), m))?;
    }
    Ok(())
}

fn regex_syntax_ok(p: &str) -> Result<(), String> {
    regex::Regex::new(p)
        .map(|_| ())
        .map_err(|e| format!("invalid regular expression {p:?}: {e}"))
}

/// Parses `20s`, `500ms`, `5m`, `1h`, `1d`.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let secs = match unit.trim() {
        "ms" => n / 1000.0,
        "s" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86400.0,
        _ => return None,
    };
    Duration::try_from_secs_f64(secs).ok()
}

/// The link checker's settings from the run's `[links]` table (`base` is
/// the directory relative paths in it are relative to).
pub fn settings(cfg: Option<&LinksConfig>, base: &std::path::Path) -> Result<Settings, String> {
    let d = LinksConfig::default();
    let c = cfg.unwrap_or(&d);
    let dur = |v: &Option<String>, default: Duration| {
        v.as_deref().and_then(parse_duration).unwrap_or(default)
    };
    let exclude = regexes(c.exclude.iter().flatten(), "links.exclude")?;
    let include = regexes(c.include.iter().flatten(), "links.include")?;
    let github = match &c.github {
        Some(g) => match g.token.as_deref().map(expand_env) {
            Some(Ok(token)) if !token.trim().is_empty() => Some(Github {
                token: crate::links::Secret::new(token.trim()),
                api_url: g
                    .api_url
                    .clone()
                    .unwrap_or_else(|| "https://api.github.com/graphql".into()),
            }),
            Some(Err(v)) => {
                return Err(format!(
                    "links.github.token: environment variable {v} is not set"
                ));
            }
            _ => None,
        },
        None => None,
    };
    let mut headers = Vec::new();
    for (host, set) in c.headers.iter().flatten() {
        let mut values = Vec::new();
        for (name, value) in set {
            let v = expand_env(value).map_err(|var| {
                format!("links.headers.\"{host}\".{name}: environment variable {var} is not set")
            })?;
            if reqwest::header::HeaderValue::from_str(&v).is_err() {
                return Err(format!(
                    "links.headers.\"{host}\".{name}: the value (after ${{…}} expansion) is not a valid header value"
                ));
            }
            values.push((name.clone(), v));
        }
        headers.push((host.to_ascii_lowercase(), values));
    }
    Ok(Settings {
        timeout: dur(&c.timeout, Duration::from_secs(20)),
        retries: c.retries.unwrap_or(3),
        max_concurrency: c.max_concurrency.unwrap_or(128).max(1) as usize,
        max_per_host: c.max_per_host.unwrap_or(8).max(1) as usize,
        accept: accept_codes(c.accept.as_deref().unwrap_or_default())
            .map_err(|e| format!("links.accept: {e}"))?,
        exclude,
        include,
        user_agent: c.user_agent.clone(),
        remap: c
            .remap
            .iter()
            .flatten()
            .map(|r| parse_remap(r).map_err(|e| format!("links.remap: {e}")))
            .collect::<Result<_, _>>()?,
        allow_private: c.allow_private.unwrap_or(false),
        host_interval: dur(&c.host_interval, Duration::ZERO),
        cache: c.cache.as_ref().map(|p| base.join(p)),
        cache_max_age: dur(&c.cache_max_age, Duration::from_secs(86_400)),
        fail_after: c.fail_after.unwrap_or(1).max(1),
        github,
        github_api_url: c
            .github
            .as_ref()
            .and_then(|g| g.api_url.clone())
            .unwrap_or_else(|| "https://api.github.com/graphql".into()),
        headers,
        fragments: false,
        soft_404: false,
        shard: None,
        archive: archive_settings(c.archive.as_ref()),
    })
}

/// `"REGEX REPLACEMENT"`: the pattern, then after white space what a
/// matching URL is requested as.
pub fn parse_remap(s: &str) -> Result<(regex::Regex, String), String> {
    let (pattern, to) = s
        .trim()
        .split_once(char::is_whitespace)
        .ok_or_else(|| format!("expected \"REGEX REPLACEMENT\", found {s:?}"))?;
    let re = regex::Regex::new(pattern)
        .map_err(|e| format!("invalid regular expression {pattern:?}: {e}"))?;
    Ok((re, to.trim().to_owned()))
}

/// Compiles URL patterns; `what` names them in an error.
pub fn regexes<'a>(
    patterns: impl IntoIterator<Item = &'a String>,
    what: &str,
) -> Result<Vec<regex::Regex>, String> {
    patterns
        .into_iter()
        .map(|p| regex::Regex::new(p).map_err(|e| format!("{what}: {p:?}: {e}")))
        .collect()
}

/// `[links.archive]`: on unless `enabled = false`.
fn archive_settings(a: Option<&ArchiveConfig>) -> Option<Archive> {
    let d = ArchiveConfig::default();
    let a = a.unwrap_or(&d);
    if a.enabled == Some(false) {
        return None;
    }
    let dur = |v: &Option<String>, default: Duration| {
        v.as_deref().and_then(parse_duration).unwrap_or(default)
    };
    Some(Archive {
        api_url: a.api_url.clone().unwrap_or_else(|| ARCHIVE_API_URL.into()),
        timeout: dur(&a.timeout, Duration::from_secs(10)),
        max_concurrency: a.max_concurrency.unwrap_or(4).max(1) as usize,
        max_wait: dur(&a.max_wait, crate::links::archive::DEFAULT_MAX_WAIT),
    })
}

/// `${NAME}` replaced by the environment variable; the name of a missing one
/// is the error.
fn expand_env(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find('}') else {
            out.push_str(&rest[at..]);
            return Ok(out);
        };
        let name = &rest[at + 2..at + end];
        out.push_str(&std::env::var(name).map_err(|_| name.to_owned())?);
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_environment_variables() {
        // SAFETY-free: a variable only this test uses.
        assert_eq!(expand_env("Bearer x").unwrap(), "Bearer x");
        assert_eq!(
            expand_env("Bearer ${LISTLINT_SURELY_UNSET_VAR}").unwrap_err(),
            "LISTLINT_SURELY_UNSET_VAR"
        );
        let path = std::env::var("PATH").unwrap_or_default();
        assert_eq!(expand_env("a${PATH}b").unwrap(), format!("a{path}b"));
    }

    #[test]
    fn accepted_codes_and_ranges() {
        assert_eq!(parse_accept("403").unwrap(), [403]);
        assert_eq!(
            parse_accept("200..=202, 403").unwrap(),
            [200, 201, 202, 403]
        );
        assert_eq!(parse_accept("400..402").unwrap(), [400, 401]);
        assert!(parse_accept("99").is_err());
        assert!(parse_accept("300..=200").is_err());
        assert!(parse_accept("2xx").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("20s"), Some(Duration::from_secs(20)));
        assert_eq!(parse_duration("0ms"), Some(Duration::ZERO));
        assert_eq!(parse_duration("1d"), Some(Duration::from_secs(86400)));
        assert_eq!(parse_duration("soon"), None);
    }
}
