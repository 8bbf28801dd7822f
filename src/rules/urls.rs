//! URL helpers shared by the link rules: classification, normalisation for
//! duplicate detection, and the data tables under `rules/data/`.

use std::sync::LazyLock;

/// Whether a destination has a scheme (`https:`, `mailto:` …).
pub fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let s = &url[..colon];
    (!s.is_empty()
        && s.len() <= 32
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(s)
}

pub fn is_http(url: &str) -> bool {
    scheme(url).is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"))
}

/// A relative reference to a file (not a fragment, not protocol-relative,
/// no scheme).
pub fn is_relative_path(url: &str) -> bool {
    !url.is_empty() && !url.starts_with('#') && !url.starts_with("//") && scheme(url).is_none()
}

/// A relative destination that is really a URL without its scheme
/// (`www.example.com/x`, `github.com/o/r`) or starts with a stray `[`: a
/// syntax slip, not a link to a local file.
pub fn not_a_path(url: &str) -> Option<&'static str> {
    if !is_relative_path(url) {
        return None;
    }
    if url.starts_with('[') {
        return Some("link destination starts with `[`");
    }
    if url.starts_with("www.") {
        return Some("URL has no scheme");
    }
    let (first, rest) = url.split_once('/')?;
    let labels: Vec<&str> = first.split('.').collect();
    let tld = labels.last()?;
    const FILE_EXTENSIONS: &[&str] = &[
        "md", "markdown", "html", "htm", "txt", "png", "jpg", "jpeg", "gif", "svg", "pdf", "json",
        "yml", "yaml", "toml", "rs", "py", "js", "ts", "d",
    ];
    let host_like = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_lowercase())
        && !FILE_EXTENSIONS.contains(tld)
        && !rest.is_empty();
    host_like.then_some("URL has no scheme")
}

/// Splits `path?query#fragment`.
pub fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match url.find('#') {
        Some(i) => (&url[..i], Some(&url[i + 1..])),
        None => (url, None),
    }
}

/// The key two title links share when they point at the same page (SPEC 4,
/// `duplicate-link`): scheme and host lower-cased, default port dropped,
/// trailing slash removed, arXiv abs/pdf/version forms merged; the fragment
/// is kept (different sections of one page are different links).
pub fn normalize(url: &str) -> String {
    let url = url.trim();
    if !is_http(url) {
        return url.trim_end_matches('/').to_owned();
    }
    let Ok(mut parsed) = url::Url::parse(url) else {
        return url.to_owned();
    };
    // `url` lower-cases scheme and host and drops the default port.
    let path = parsed.path().to_owned();
    if path.len() > 1 && path.ends_with('/') {
        parsed.set_path(path.trim_end_matches('/'));
    }
    let host = parsed
        .host_str()
        .unwrap_or("")
        .trim_start_matches("www.")
        .to_owned();
    if host == "arxiv.org" || host == "export.arxiv.org" {
        let p = parsed.path().to_owned();
        if let Some(id) = p.strip_prefix("/pdf/").or_else(|| p.strip_prefix("/abs/")) {
            let id = id.trim_end_matches(".pdf");
            let id = match id.rfind('v') {
                Some(v)
                    if v > 0
                        && id[v + 1..].chars().all(|c| c.is_ascii_digit())
                        && v + 1 < id.len() =>
                {
                    &id[..v]
                }
                _ => id,
            };
            return format!("https://arxiv.org/abs/{id}");
        }
    }
    let mut s = parsed.to_string();
    if parsed.path() == "/" && parsed.query().is_none() && parsed.fragment().is_none() {
        s.pop();
    }
    s
}

static TRACKING: LazyLock<Vec<(String, bool)>> = LazyLock::new(|| {
    include_str!("../../rules/data/tracking-params.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.strip_suffix('*') {
            Some(prefix) => (prefix.to_ascii_lowercase(), true),
            None => (l.to_ascii_lowercase(), false),
        })
        .collect()
});

/// Whether a query parameter name only tracks clicks.
pub fn is_tracking_param(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    TRACKING.iter().any(|(p, prefix)| {
        if *prefix {
            lower.starts_with(p.as_str())
        } else {
            lower == *p
        }
    })
}

pub struct CanonicalForm {
    pub name: String,
    pub pattern: regex::Regex,
    pub replace: String,
    pub why: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CanonicalFile {
    canonical: Vec<CanonicalEntry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CanonicalEntry {
    name: String,
    pattern: String,
    replace: String,
    why: String,
}

/// The canonical-link table, `rules/data/canonical.toml`.
pub static CANONICAL: LazyLock<Vec<CanonicalForm>> = LazyLock::new(|| {
    let file: CanonicalFile = toml::from_str(include_str!("../../rules/data/canonical.toml"))
        .expect("rules/data/canonical.toml is valid (checked by a unit test)");
    file.canonical
        .into_iter()
        .map(|e| CanonicalForm {
            pattern: regex::Regex::new(&e.pattern).expect("canonical patterns compile (unit test)"),
            name: e.name,
            replace: e.replace,
            why: e.why,
        })
        .collect()
});

/// The canonical form of `url`, if the table has one that differs.
pub fn canonical(url: &str) -> Option<(String, &'static CanonicalForm)> {
    if !is_http(url) {
        return None;
    }
    CANONICAL.iter().find_map(|c| {
        c.pattern
            .is_match(url)
            .then(|| c.pattern.replace(url, c.replace.as_str()).into_owned())
            .filter(|u| u != url)
            .map(|u| (u, c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_for_duplicates() {
        assert_eq!(
            normalize("https://arxiv.org/pdf/2206.07682"),
            normalize("https://arxiv.org/abs/2206.07682v2")
        );
        assert_eq!(
            normalize("https://arxiv.org/abs/1810.04805/"),
            normalize("https://arxiv.org/abs/1810.04805")
        );
        assert_eq!(
            normalize("HTTPS://Example.COM:443/a/"),
            normalize("https://example.com/a")
        );
        assert_eq!(
            normalize("https://example.com/"),
            normalize("https://example.com")
        );
        assert_ne!(
            normalize("https://example.com/a#x"),
            normalize("https://example.com/a#y")
        );
    }

    #[test]
    fn tables_load() {
        assert!(CANONICAL.len() >= 3);
        assert!(is_tracking_param("utm_source") && is_tracking_param("FBCLID"));
        assert!(!is_tracking_param("id"));
        let (c, _) = canonical("https://arxiv.org/pdf/2206.07682").unwrap();
        assert_eq!(c, "https://arxiv.org/abs/2206.07682");
        assert!(canonical("https://arxiv.org/abs/2206.07682").is_none());
        assert!(canonical("https://openreview.net/attachment?id=HpqH0JakHf&name=pdf").is_none());
    }
}
