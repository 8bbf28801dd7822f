//! URL helpers shared by the link rules: classification, normalisation for
//! duplicate detection, and the data tables under `rules/data/`.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Whether a destination has a scheme (`https:`, `mailto:` …).
pub fn scheme(url: &str) -> Option<&str> {
    // Byte by byte up to the first `:`: a destination without a scheme
    // (most relative paths) is given up on at its first other character,
    // not searched to its end.
    let b = url.as_bytes();
    for (i, &c) in b.iter().enumerate().take(33) {
        if c == b':' {
            return (i > 0 && b[0].is_ascii_alphabetic()).then(|| &url[..i]);
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')) {
            return None;
        }
    }
    None
}

/// `url` split at its first `://`.
pub fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let b = url.as_bytes();
    // Nearly every URL asked about is `http://` or `https://`.
    for i in [4, 5] {
        if b.get(i) == Some(&b':') && b[i + 1..].starts_with(b"//") {
            if b[..i].contains(&b':') {
                break;
            }
            return Some((&url[..i], &url[i + 3..]));
        }
    }
    memchr::memchr_iter(b':', b)
        .find(|&i| b[i + 1..].starts_with(b"//"))
        .map(|i| (&url[..i], &url[i + 3..]))
}

pub fn is_http(url: &str) -> bool {
    // Every rule asks this of every link: the scheme's bytes are compared
    // in place, without looking for the `:` first.
    let b = url.as_bytes();
    b.len() >= 5
        && b[..4].eq_ignore_ascii_case(b"http")
        && (b[4] == b':' || (b.len() >= 6 && b[4].eq_ignore_ascii_case(&b's') && b[5] == b':'))
}

/// A relative reference to a file (not a fragment, not protocol-relative,
/// no scheme).
pub fn is_relative_path(url: &str) -> bool {
    !url.is_empty()
        && !is_http(url)
        && !url.starts_with('#')
        && !url.starts_with("//")
        && scheme(url).is_none()
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

/// [`HOST_BYTE`] of a letter, digit or `-`.
const NAME: u8 = 0x80;
/// The bit of [`HOST_BYTE`] that only `.` has.
const DOT_BIT: u8 = 1;
/// [`HOST_BYTE`] of `.`: `NAME` too.
const DOT: u8 = NAME | DOT_BIT;
/// [`HOST_BYTE`] of what ends a host name: `/`, `?`, `#` or `:`.
const END: u8 = 0x40;

/// The class of each byte in a plain host name: `NAME`, `DOT`, `END`, or
/// 0 for a byte a plain host name does not have.
const HOST_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphanumeric() || b == b'-' {
            NAME
        } else if b == b'.' {
            DOT
        } else if matches!(b, b'/' | b'?' | b'#' | b':') {
            END
        } else {
            0
        };
        c += 1;
    }
    t
};

/// A fast check that an `http(s)://` URL is valid without parsing it: an
/// ASCII host name of letters, digits, dots and hyphens (with an optional
/// port) and a rest of printable ASCII that needs no escaping. Anything else
/// is left to the URL parser.
pub fn plainly_valid(url: &str) -> bool {
    let Some((_, rest)) = split_scheme(url) else {
        return false;
    };
    // One pass over the host: the name's characters (no `..`, led by a
    // letter or digit), then an optional port of up to five digits.
    let b = rest.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_alphanumeric) {
        return false;
    }
    // Each byte's class, looked up: the name's bytes all have `NAME`, two
    // dots in a row have `DOT_BIT` in common.
    let (mut all, mut dots, mut prev) = (NAME, 0, 0);
    let mut i = 1;
    while let Some(&c) = b.get(i) {
        let class = HOST_BYTE[usize::from(c)];
        if class == END {
            break;
        }
        all &= class;
        dots |= class & prev;
        prev = class;
        i += 1;
    }
    if all != NAME || dots & DOT_BIT != 0 {
        return false;
    }
    if b.get(i) == Some(&b':') {
        i += 1;
        let digits = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i - digits > 5 || b.get(i).is_some_and(|c| !matches!(c, b'/' | b'?' | b'#')) {
            return false;
        }
    }
    plain_tail(&b[i..])
}

/// Whether every byte of a URL's path, query and fragment is printable
/// ASCII that needs no escaping. The bytes are tested in blocks of 16
/// with no early exit inside a block, which the compiler turns into a few
/// vector instructions: this runs for every byte of nearly every URL.
fn plain_tail(bytes: &[u8]) -> bool {
    // Every test is made, without `&&`: the tests of a block's bytes run
    // side by side.
    fn plain(b: u8) -> bool {
        (b.wrapping_sub(0x21) < 0x5e)
            & (b != b'<')
            & (b != b'>')
            & (b != b'"')
            & (b != b'{')
            & (b != b'}')
            & (b != b'|')
            & (b != b'\\')
            & (b != b'^')
            & (b != b'`')
    }
    let block_ok =
        |block: &[u8; 16]| block.iter().fold(0, |bad, &b| bad | u8::from(!plain(b))) == 0;
    let (blocks, rest) = bytes.as_chunks::<16>();
    // The last bytes are tested as a block too, filled up with `/`.
    let mut last = [b'/'; 16];
    last[..rest.len()].copy_from_slice(rest);
    blocks.iter().all(block_ok) && block_ok(&last)
}

/// Splits `path?query#fragment`.
pub fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match memchr::memchr(b'#', url.as_bytes()) {
        Some(i) => (&url[..i], Some(&url[i + 1..])),
        None => (url, None),
    }
}

/// The key two title links share when they point at the same page (for
/// `duplicate-link`): scheme and host lower-cased, `http` taken for
/// `https`, a leading `www.` and the default port dropped, trailing slash
/// and `index.html` removed, click-tracking parameters removed, arXiv
/// abs/pdf/version forms merged; the fragment is kept (different sections
/// of one page are different links).
pub fn normalize(url: &str) -> String {
    let url = url.trim();
    if !is_http(url) {
        return url.trim_end_matches('/').to_owned();
    }
    // Scheme, host (lower-cased, default port dropped), path, and the rest.
    let (scheme, host, path, rest) = if plainly_valid(url) {
        let (scheme, after) = split_scheme(url).expect("plainly valid");
        // Copied only when not already in lower case (nearly all are).
        fn lower(s: &str) -> Cow<'_, str> {
            if s.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(s.to_ascii_lowercase())
            } else {
                Cow::Borrowed(s)
            }
        }
        let scheme = lower(scheme);
        let host_end = memchr::memchr3(b'/', b'?', b'#', after.as_bytes()).unwrap_or(after.len());
        let (authority, tail) = after.split_at(host_end);
        let default_port = if scheme == "https" { ":443" } else { ":80" };
        let host = authority.strip_suffix(default_port).unwrap_or(authority);
        let path_end = memchr::memchr2(b'?', b'#', tail.as_bytes()).unwrap_or(tail.len());
        let (path, rest) = tail.split_at(path_end);
        (
            scheme,
            lower(host),
            Cow::Borrowed(path),
            Cow::Borrowed(rest),
        )
    } else {
        let Ok(parsed) = url::Url::parse(url) else {
            return url.to_owned();
        };
        let host = match (parsed.host_str(), parsed.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            _ => String::new(),
        };
        let mut rest = String::new();
        if let Some(q) = parsed.query() {
            rest = format!("?{q}");
        }
        if let Some(f) = parsed.fragment() {
            rest.push('#');
            rest.push_str(f);
        }
        (
            Cow::Owned(parsed.scheme().to_owned()),
            Cow::Owned(host),
            Cow::Owned(parsed.path().to_owned()),
            Cow::Owned(rest),
        )
    };
    let path = path.trim_end_matches('/');
    let bare_host = host.strip_prefix("www.").unwrap_or(&host);
    if (bare_host == "arxiv.org" || bare_host == "export.arxiv.org")
        && let Some(id) = path
            .strip_prefix("/pdf/")
            .or_else(|| path.strip_prefix("/abs/"))
    {
        let id = id.trim_end_matches(".pdf");
        let id = match id.rfind('v') {
            Some(v)
                if v > 0 && v + 1 < id.len() && id[v + 1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                &id[..v]
            }
            _ => id,
        };
        return format!("https://arxiv.org/abs/{id}");
    }
    // One page, written several ways: `http` and `https`, with and without
    // `www.`, as the directory or its index file, with click-tracking
    // parameters.
    let scheme = if scheme == "http" { "https" } else { &*scheme };
    let path = ["/index.html", "/index.htm", "/index.php"]
        .iter()
        .find_map(|i| path.strip_suffix(i))
        .unwrap_or(path);
    let rest = without_tracking(&rest);
    // Pieces pushed, not formatted: this runs for every title link.
    let mut key =
        String::with_capacity(scheme.len() + 3 + bare_host.len() + path.len() + rest.len());
    for piece in [scheme, "://", bare_host, path, &rest] {
        key.push_str(piece);
    }
    key
}

/// A query and fragment (`?a=1&utm_source=x#f`) without its tracking
/// parameters.
fn without_tracking(rest: &str) -> std::borrow::Cow<'_, str> {
    let Some(query) = rest.strip_prefix('?') else {
        return rest.into();
    };
    let (query, fragment) = match query.find('#') {
        Some(i) => query.split_at(i),
        None => (query, ""),
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !is_tracking_param(p.split('=').next().unwrap_or(p)))
        .collect();
    if kept.len() == query.split('&').count() {
        return rest.into();
    }
    let mut out = String::new();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    out.push_str(fragment);
    out.into()
}

static TRACKING: LazyLock<Vec<(String, bool)>> = LazyLock::new(|| {
    include_str!("../../../rules/data/tracking-params.txt")
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
    // The table is in lower case; the name is compared without a copy.
    let name = name.as_bytes();
    TRACKING.iter().any(|(p, prefix)| {
        let p = p.as_bytes();
        if *prefix {
            name.len() >= p.len() && name[..p.len()].eq_ignore_ascii_case(p)
        } else {
            name.eq_ignore_ascii_case(p)
        }
    })
}

pub struct CanonicalForm {
    pub name: String,
    pub pattern: regex::Regex,
    /// The hosts `pattern` can match, each with its subdomains.
    pub hosts: Vec<String>,
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
    hosts: Vec<String>,
    replace: String,
    why: String,
}

/// The canonical-link table, `rules/data/canonical.toml`.
pub static CANONICAL: LazyLock<Vec<CanonicalForm>> = LazyLock::new(|| {
    let file: CanonicalFile = toml::from_str(include_str!("../../../rules/data/canonical.toml"))
        .expect("rules/data/canonical.toml is valid (checked by a unit test)");
    file.canonical
        .into_iter()
        .map(|e| CanonicalForm {
            pattern: regex::Regex::new(&e.pattern).expect("canonical patterns compile (unit test)"),
            hosts: e.hosts,
            name: e.name,
            replace: e.replace,
            why: e.why,
        })
        .collect()
});

/// All canonical patterns in one automaton: one pass per URL finds
/// whether any entry applies.
static CANONICAL_SET: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    regex::RegexSet::new(CANONICAL.iter().map(|c| c.pattern.as_str()))
        .expect("canonical patterns compile (unit test)")
});

/// The hosts of all canonical patterns, with the last bytes of each as a
/// number: one comparison of numbers per host rules out most URLs.
struct Hosts {
    names: Vec<&'static str>,
    /// The names' [`Hosts::key`]s.
    keys: Vec<u64>,
    /// How many last bytes are compared as a number: the shortest host's
    /// length, at most 8.
    tail: usize,
}

impl Hosts {
    /// The last `self.tail` bytes of `host`, as a number.
    fn key(&self, host: &[u8]) -> u64 {
        host[host.len() - self.tail..]
            .iter()
            .fold(0, |k, &b| k << 8 | u64::from(b))
    }
}

static CANONICAL_HOSTS: LazyLock<Hosts> = LazyLock::new(|| {
    let names: Vec<&'static str> = CANONICAL
        .iter()
        .flat_map(|c| c.hosts.iter().map(String::as_str))
        .collect();
    let tail = names.iter().map(|h| h.len()).min().unwrap_or(0).min(8);
    let mut hosts = Hosts {
        names,
        keys: Vec::new(),
        tail,
    };
    hosts.keys = hosts
        .names
        .iter()
        .map(|h| hosts.key(h.as_bytes()))
        .collect();
    hosts
});

/// Whether `url` (an `http:` or `https:` one) may be on a host of a
/// canonical pattern or a subdomain of one: the patterns match nothing
/// else, and the few hosts are compared sooner than the patterns are run.
fn on_canonical_host(url: &str) -> bool {
    let b = url.as_bytes();
    // The scheme is `http:` or `https:`; `//` and the host follow.
    let from = if b.get(4) == Some(&b':') { 5 } else { 6 };
    let Some(rest) = b.get(from..).and_then(|r| r.strip_prefix(b"//")) else {
        return false;
    };
    // Every pattern has a `/` right after the host, and a host has none:
    // what comes before the first `/` is the host the pattern can match.
    let Some(end) = rest.iter().position(|&c| c == b'/') else {
        return false;
    };
    let host = &rest[..end];
    let known = &*CANONICAL_HOSTS;
    if host.len() < known.tail {
        return false;
    }
    let key = known.key(host);
    known.keys.contains(&key)
        && known.names.iter().any(|h| {
            let h = h.as_bytes();
            host.ends_with(h) && (host.len() == h.len() || host[host.len() - h.len() - 1] == b'.')
        })
}

/// The canonical form of `url`, if the table has one that differs.
pub fn canonical(url: &str) -> Option<(String, &'static CanonicalForm)> {
    // Most URLs match no pattern: `is_match` says so sooner than
    // `matches`, which looks for every pattern that matches.
    if !is_http(url) || !on_canonical_host(url) || !CANONICAL_SET.is_match(url) {
        return None;
    }
    let first = CANONICAL_SET.matches(url).into_iter().next()?;
    CANONICAL[first..].iter().find_map(|c| {
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
    use proptest::prelude::*;

    /// [`plainly_valid`] as its definition reads, one byte at a time.
    fn plainly_valid_by_definition(url: &str) -> bool {
        let Some((_, rest)) = split_scheme(url) else {
            return false;
        };
        let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
        let (host, after) = rest.split_at(end);
        let host_ok = host.starts_with(|c: char| c.is_ascii_alphanumeric())
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
            && !host.contains("..");
        let tail = match after.strip_prefix(':') {
            Some(port) => {
                let digits = port.bytes().take_while(u8::is_ascii_digit).count();
                let tail = &port[digits..];
                if digits > 5 || !(tail.is_empty() || tail.starts_with(['/', '?', '#'])) {
                    return false;
                }
                tail
            }
            None => after,
        };
        host_ok
            && tail
                .bytes()
                .all(|b| (0x21..0x7f).contains(&b) && !b"<>\"{}|\\^`".contains(&b))
    }

    proptest! {
        #[test]
        fn plainly_valid_is_its_definition(
            url in "(https?://|ftp://|)([a-z0-9.\\-]|[_~%é ]){0,12}(:[0-9]{0,6})?([/?#][ -~é]{0,40})?"
        ) {
            prop_assert_eq!(plainly_valid(&url), plainly_valid_by_definition(&url), "{}", url);
        }
    }

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
        for (a, b) in [
            (
                "http://www.agner.org/optimize/",
                "https://www.agner.org/optimize/",
            ),
            ("https://www.example.com/a", "https://example.com/a"),
            (
                "https://variancecharts.com/index.html",
                "https://variancecharts.com/",
            ),
            ("https://e.org/docs/index.htm", "https://e.org/docs"),
            (
                "https://m.com/books/d?utm_source=x&utm_medium=affiliate",
                "https://m.com/books/d",
            ),
            (
                "https://m.com/d?id=3&utm_source=x#f",
                "https://m.com/d?id=3#f",
            ),
        ] {
            assert_eq!(normalize(a), normalize(b), "{a} {b}");
        }
        for (a, b) in [
            ("https://m.com/d?id=3", "https://m.com/d?id=4"),
            ("https://m.com/d?id=3", "https://m.com/d"),
            ("https://example.com/a", "https://example.org/a"),
            ("https://e.org/index.html#a", "https://e.org/#b"),
        ] {
            assert_ne!(normalize(a), normalize(b), "{a} {b}");
        }
    }

    /// Every pattern's hosts hold every host it matches: each pattern
    /// has examples here, with each of its host's forms, and each example
    /// it matches is on one of its hosts.
    #[test]
    fn canonical_hosts_cover_their_patterns() {
        let examples = [
            "https://arxiv.org/pdf/2206.07682",
            "http://www.arxiv.org/pdf/2206.07682v2.pdf",
            "https://export.arxiv.org/pdf/hep-th/9901001v1.pdf",
            "https://export.arxiv.org/abs/2206.07682",
            "https://openreview.net/pdf?id=abc_D-1",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://en.m.wikipedia.org/wiki/Markdown",
            "https://zh-yue.m.wikipedia.org/",
            "https://mobile.twitter.com/rustlang",
            "https://google.com/amp/s/example.com/a",
            "https://www.google.com/amp/s/example.com/a",
            "https://papers.nips.cc/paper_files/paper/2020/file/0123456789abcdef0123456789abcdef-Paper.pdf",
            "https://proceedings.neurips.cc/paper_files/paper/2022/file/0123456789abcdef0123456789abcdef-Paper-Conference.pdf",
            "https://papers.neurips.cc/paper_files/paper/2021/file/0123456789abcdef0123456789abcdef-Paper.pdf",
            "http://proceedings.nips.cc/paper_files/paper/2019/file/0123456789abcdef0123456789abcdef-Paper.pdf",
        ];
        for c in CANONICAL.iter() {
            let matched: Vec<&str> = examples
                .into_iter()
                .filter(|u| c.pattern.is_match(u))
                .collect();
            assert!(!matched.is_empty(), "no example for {}", c.name);
            for u in matched {
                assert!(on_canonical_host(u), "{} matches {u}", c.name);
                assert!(canonical(u).is_some(), "{u}");
            }
        }
    }

    #[test]
    fn tables_load() {
        assert!(CANONICAL.len() >= 3);
        // A pattern matches from the scheme, then the host: the hosts
        // looked up first are where it can match.
        for c in CANONICAL.iter() {
            assert!(c.pattern.as_str().starts_with("^https?://"), "{}", c.name);
            assert!(!c.hosts.is_empty(), "{}", c.name);
        }
        assert!(on_canonical_host("https://en.m.wikipedia.org/wiki/X"));
        assert!(on_canonical_host("http://papers.nips.cc/paper_files/x"));
        assert!(!on_canonical_host("https://github.com/arxiv.org/pdf"));
        assert!(!on_canonical_host("https://m.wikipedia.org.example/"));
        assert!(!on_canonical_host("https://arxiv.org.example/pdf/1"));
        assert!(!on_canonical_host("https://notarxiv.org/pdf/1"));
        assert!(!on_canonical_host("https:arxiv.org/pdf/2206.07682"));
        assert!(!on_canonical_host("https://arxiv.org"));
        assert!(is_tracking_param("utm_source") && is_tracking_param("FBCLID"));
        assert!(!is_tracking_param("id"));
        let (c, _) = canonical("https://arxiv.org/pdf/2206.07682").unwrap();
        assert_eq!(c, "https://arxiv.org/abs/2206.07682");
        assert!(canonical("https://arxiv.org/abs/2206.07682").is_none());
        // The version the author chose stays.
        for (pdf, abs) in [
            (
                "https://arxiv.org/pdf/2206.07682v2.pdf",
                "https://arxiv.org/abs/2206.07682v2",
            ),
            (
                "https://arxiv.org/pdf/2206.07682v12",
                "https://arxiv.org/abs/2206.07682v12",
            ),
            (
                "http://export.arxiv.org/pdf/hep-th/9901001v1.pdf",
                "https://arxiv.org/abs/hep-th/9901001v1",
            ),
        ] {
            assert_eq!(canonical(pdf).unwrap().0, abs, "{pdf}");
        }
        assert!(canonical("https://openreview.net/attachment?id=HpqH0JakHf&name=pdf").is_none());
    }
}
