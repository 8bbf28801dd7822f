//! Requests, politely: a global and a per-host concurrency limit, an
//! optional gap between requests to one host, HEAD first, redirects
//! followed by hand (so headers never cross to another host and loops are
//! seen), retries with backoff for timeouts, 5xx and 429, bodies read only
//! for fragments and soft-404 checks, and never beyond a cap.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use tokio::sync::{OnceCell, Semaphore};
use url::Url;

use super::{
    BODY_CAP, MAX_REDIRECTS, Outcome, RETRY_AFTER_CAP, Settings, Status, Target, USER_AGENT,
    Unreachable, github, html,
};

/// One host's politeness state.
struct Host {
    permits: Semaphore,
    /// No request to the host before this (host-interval, Retry-After).
    not_before: Mutex<Instant>,
    /// The host's answer for a path that cannot exist (soft-404 probe).
    probe: OnceCell<Option<u16>>,
    /// After a 429 the host gets one request at a time: permits still
    /// to retire as requests end.
    retire: std::sync::atomic::AtomicUsize,
    throttled: std::sync::atomic::AtomicBool,
    /// Time its URLs spent waiting for `Retry-After`, all together: past
    /// [`RETRY_AFTER_CAP`] the host's refusals are final (`blocked`), so
    /// one host cannot hold the run for URLs × retries × Retry-After.
    waited: Mutex<Duration>,
}

struct Engine {
    client: reqwest::Client,
    settings: Settings,
    global: Semaphore,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
    /// Hosts a request was sent to, and hosts that answered.
    attempted: Mutex<HashSet<String>>,
    answered: Mutex<HashSet<String>>,
    progress: Option<Arc<dyn super::Progress>>,
}

/// A host permit that is retired instead of released while the host is
/// being throttled.
struct RetiringPermit<'a> {
    permit: Option<tokio::sync::SemaphorePermit<'a>>,
    host: &'a Host,
}

impl RetiringPermit<'_> {
    /// The first 429 of a host: from now on one request at a time.
    fn throttle(&self, max_per_host: usize) {
        use std::sync::atomic::Ordering;
        if !self.host.throttled.swap(true, Ordering::SeqCst) {
            let idle = self.host.permits.forget_permits(max_per_host - 1);
            self.host
                .retire
                .fetch_add(max_per_host - 1 - idle, Ordering::SeqCst);
        }
    }
}

impl Drop for RetiringPermit<'_> {
    fn drop(&mut self) {
        use std::sync::atomic::Ordering;
        let retire = self
            .host
            .retire
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if let Some(p) = self.permit.take()
            && retire
        {
            p.forget();
        }
    }
}

/// Why a request gave no response.
enum Failure {
    Timeout,
    Connect(String),
    Other(String),
}

/// The end of a redirect chain.
struct Fetched {
    status: StatusCode,
    final_url: Url,
    permanent: bool,
    retry_after: Option<Duration>,
    /// The page, when it was read.
    body: Option<String>,
    /// The body was cut short by time (not by the size cap).
    body_stalled: bool,
    /// A bot wall's challenge, by whose wall it is.
    challenge: Option<&'static str>,
}

fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or("").to_ascii_lowercase(),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// Loopback, private, link-local and unspecified targets.
pub(super) fn is_private(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip_private(ip.into()),
        Some(url::Host::Ipv6(ip)) => ip_private(ip.into()),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        None => false,
    }
}

/// Loopback, private, link-local, unspecified and shared (CGNAT) addresses.
fn ip_private(ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(ip) => {
            ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || ip.octets()[0] == 100 && (64..128).contains(&ip.octets()[1])
        }
        std::net::IpAddr::V6(ip) => {
            let s = ip.segments();
            ip.is_loopback()
                || ip.is_unspecified()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || ip.to_ipv4_mapped().is_some_and(|v4| ip_private(v4.into()))
        }
    }
}

/// What a name that resolves only to private addresses gives (it becomes
/// `skipped`, like a private address written in the URL).
const PRIVATE_NAME: &str = "resolves only to private addresses";

/// Name resolution that drops private addresses, so a host name pointing
/// at the local network (or a redirect to one) is not requested unless
/// `allow-private` is set.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<std::net::SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<std::net::SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| !ip_private(a.ip()))
                .collect();
            if public.is_empty() && !found.is_empty() {
                return Err(format!("{host} {PRIVATE_NAME}").into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// A factor in [0.5, 1.5) for backoff jitter.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let h = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    0.5 + (h % 10_000) as f64 / 10_000.0
}

fn backoff(attempt: u32) -> Duration {
    let base = 0.5 * f64::from(1u32 << attempt.min(5));
    Duration::from_secs_f64((base * jitter()).min(10.0))
}

fn retry_after(resp: &reqwest::Response) -> Option<Duration> {
    let h = resp.headers();
    // GitHub's rate limit: no requests left until `x-ratelimit-reset` (Unix seconds).
    if h.get("x-ratelimit-remaining")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == "0")
        && let Some(reset) = h
            .get("x-ratelimit-reset")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
    {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        return Some(Duration::from_secs(reset.saturating_sub(now) + 1));
    }
    let v = h.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    // An HTTP-date has whole seconds: wait for the end of that second.
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO)
            + Duration::from_secs(1),
    )
}

/// Whose bot wall answered instead of the page, by the signals the
/// vendors document for telling a challenge from the page itself. Each
/// is a specific header: a status code alone proves nothing (a
/// challenge comes with 403, 429, 503, 202 or 405, and a real 404 can
/// come from a protected site).
fn challenge(headers: &reqwest::header::HeaderMap) -> Option<&'static str> {
    let value = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_ascii_lowercase())
    };
    // Cloudflare: set on every kind of challenge page, and `challenge` is its only value.
    if value("cf-mitigated").as_deref() == Some("challenge") {
        return Some("Cloudflare challenge");
    }
    // AWS WAF: `challenge` (with 202) or `captcha` (with 405).
    if let Some(v) = value("x-amzn-waf-action")
        && matches!(v.as_str(), "challenge" | "captcha")
    {
        return Some(if v == "captcha" {
            "AWS WAF CAPTCHA"
        } else {
            "AWS WAF challenge"
        });
    }
    // DataDome: added to the answer when its protection blocks a request.
    if headers.contains_key("x-dd-b") {
        return Some("DataDome block");
    }
    None
}

/// HEAD answers that a GET may contradict.
fn head_unreliable(s: StatusCode) -> bool {
    matches!(s.as_u16(), 400 | 401 | 403 | 404 | 405 | 406 | 410 | 501)
}

impl Engine {
    fn host(&self, key: &str) -> Arc<Host> {
        let mut hosts = self.hosts.lock().expect("hosts lock");
        hosts
            .entry(key.to_owned())
            .or_insert_with(|| {
                Arc::new(Host {
                    permits: Semaphore::new(self.settings.max_per_host),
                    not_before: Mutex::new(Instant::now()),
                    probe: OnceCell::new(),
                    retire: std::sync::atomic::AtomicUsize::new(0),
                    throttled: std::sync::atomic::AtomicBool::new(false),
                    waited: Mutex::new(Duration::ZERO),
                })
            })
            .clone()
    }

    /// Headers configured for this URL's host (`host` or `host:port`).
    fn headers_for(&self, url: &Url) -> Vec<(String, String)> {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        let with_port = format!("{host}:{}", url.port_or_known_default().unwrap_or(0));
        self.settings
            .headers
            .iter()
            .filter(|(h, _)| *h == host || *h == with_port)
            .flat_map(|(_, v)| v.iter().cloned())
            .collect()
    }

    /// Waits for the host's turn: its interval and any Retry-After.
    async fn wait_turn(&self, host: &Host) {
        let wait = {
            let mut nb = host.not_before.lock().expect("host lock");
            let now = Instant::now();
            let at = (*nb).max(now);
            *nb = at + self.settings.host_interval;
            at - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    fn hold_off(&self, host: &Host, d: Duration) {
        let mut nb = host.not_before.lock().expect("host lock");
        *nb = (*nb).max(Instant::now() + d);
    }

    /// One request and, when wanted, its body; no redirect is followed.
    /// `downgraded`: an https link redirected to http, where configured
    /// headers (credentials) would travel in clear text: none are sent.
    async fn request(
        &self,
        url: &Url,
        method: &Method,
        want_body: bool,
        downgraded: bool,
    ) -> Result<(reqwest::Response, Option<(String, bool)>), Failure> {
        let key = host_key(url);
        let host = self.host(&key);
        let host_permit = host.permits.acquire().await.expect("never closed");
        let host_permit = RetiringPermit {
            permit: Some(host_permit),
            host: &host,
        };
        self.wait_turn(&host).await;
        let _permit = self.global.acquire().await.expect("never closed");
        self.attempted.lock().expect("lock").insert(key.clone());
        let mut rb = self.client.request(method.clone(), url.clone());
        if !(downgraded && url.scheme() == "http") {
            for (k, v) in self.headers_for(url) {
                rb = rb.header(k, v);
            }
        }
        let resp = match tokio::time::timeout(self.settings.timeout, rb.send()).await {
            Err(_) => return Err(Failure::Timeout),
            Ok(Err(e)) if e.is_timeout() => return Err(Failure::Timeout),
            Ok(Err(e)) if e.is_connect() => return Err(Failure::Connect(error_chain(&e))),
            Ok(Err(e)) => return Err(Failure::Other(error_chain(&e))),
            Ok(Ok(r)) => r,
        };
        self.answered.lock().expect("lock").insert(key);
        if resp.status() == StatusCode::TOO_MANY_REQUESTS {
            host_permit.throttle(self.settings.max_per_host);
        }
        if let Some(d) =
            retry_after(&resp).filter(|_| matches!(resp.status().as_u16(), 403 | 429 | 503))
        {
            self.hold_off(&host, d.min(RETRY_AFTER_CAP));
        }
        let html = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|ct| ct.contains("html") || ct.contains("xml"));
        if !(want_body && resp.status().is_success() && html) {
            return Ok((resp, None));
        }
        let mut resp = resp;
        let mut body = Vec::new();
        let deadline = Instant::now() + self.settings.timeout;
        let stall = self.settings.timeout.min(Duration::from_secs(10));
        let mut stalled = false;
        while body.len() < BODY_CAP {
            let left = deadline
                .saturating_duration_since(Instant::now())
                .min(stall);
            match tokio::time::timeout(left, resp.chunk()).await {
                Ok(Ok(Some(chunk))) => body.extend_from_slice(&chunk),
                Ok(Ok(None)) => break,
                Ok(Err(_)) | Err(_) => {
                    stalled = true;
                    break;
                }
            }
        }
        body.truncate(BODY_CAP);
        let text = String::from_utf8_lossy(&body).into_owned();
        Ok((resp, Some((text, stalled))))
    }

    /// Follows redirects by hand from `url`.
    async fn fetch(&self, url: &Url, method: &Method, want_body: bool) -> Result<Fetched, Outcome> {
        let mut current = url.clone();
        let mut seen = HashSet::from([current.to_string()]);
        let mut permanent = false;
        for _ in 0..=MAX_REDIRECTS {
            let downgraded = url.scheme() == "https" && current.scheme() == "http";
            let (resp, body) = match self.request(&current, method, want_body, downgraded).await {
                Ok(r) => r,
                Err(Failure::Timeout) => {
                    return Err(Outcome::new(Status::Timeout, "timed out"));
                }
                Err(Failure::Connect(e)) | Err(Failure::Other(e)) if e.contains(PRIVATE_NAME) => {
                    return Err(Outcome::new(
                        Status::Skipped,
                        format!("{e} (set allow-private to check it)"),
                    ));
                }
                Err(Failure::Connect(e)) | Err(Failure::Other(e)) => {
                    return Err(Outcome::new(Status::Error, e));
                }
            };
            let status = resp.status();
            if status.is_redirection()
                && let Some(loc) = resp
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
            {
                let Ok(next) = current.join(loc) else {
                    return Err(Outcome::new(
                        Status::Error,
                        format!("redirect to an invalid URL {loc:?}"),
                    ));
                };
                permanent |= matches!(status.as_u16(), 301 | 308);
                if !matches!(next.scheme(), "http" | "https") {
                    return Err(Outcome::new(
                        Status::Error,
                        format!("redirect to a {} URL", next.scheme()),
                    ));
                }
                if !self.settings.allow_private && is_private(&next) {
                    return Err(Outcome::new(
                        Status::Error,
                        format!("redirect to a private address ({next})"),
                    ));
                }
                if !seen.insert(next.to_string()) {
                    return Err(Outcome::new(
                        Status::Error,
                        format!("redirect loop at {next}"),
                    ));
                }
                current = next;
                continue;
            }
            let (body, body_stalled) = match body {
                Some((b, s)) => (Some(b), s),
                None => (None, false),
            };
            return Ok(Fetched {
                status,
                challenge: challenge(resp.headers()),
                retry_after: retry_after(&resp),
                final_url: current,
                permanent,
                body,
                body_stalled,
            });
        }
        Err(Outcome::new(
            Status::Error,
            format!("more than {MAX_REDIRECTS} redirects"),
        ))
    }

    /// Checks one URL, with retries.
    async fn check(&self, url: Url, fragments: Vec<String>) -> Outcome {
        let started = Instant::now();
        let want_body =
            (self.settings.fragments && !fragments.is_empty()) || self.settings.soft_404;
        let mut method = if want_body { Method::GET } else { Method::HEAD };
        let mut attempt = 0u32;
        let mut timeouts = 0u32;
        let mut outcome = loop {
            let fetched = match self.fetch(&url, &method, want_body).await {
                Ok(f) => f,
                Err(o) if o.status == Status::Timeout => {
                    // A hanging server costs at most two timeouts.
                    if attempt < self.settings.retries && timeouts == 0 {
                        timeouts += 1;
                        attempt += 1;
                        tokio::time::sleep(backoff(attempt - 1)).await;
                        continue;
                    }
                    break o;
                }
                Err(o) => break o,
            };
            let code = fetched.status;
            // A bot wall is the answer: neither retries nor a GET get past it.
            if fetched.challenge.is_some() {
                break self.verdict(&url, fetched, &fragments).await;
            }
            if method == Method::HEAD && head_unreliable(code) {
                method = Method::GET;
                continue;
            }
            // A 403 that says when the rate limit resets is a 429 in disguise.
            let rate_limited = code == StatusCode::FORBIDDEN && fetched.retry_after.is_some();
            let retryable =
                code == StatusCode::TOO_MANY_REQUESTS || code.is_server_error() || rate_limited;
            if retryable && attempt < self.settings.retries {
                let wait = match fetched.retry_after {
                    Some(d) if d > RETRY_AFTER_CAP => {
                        break self.verdict(&url, fetched, &fragments).await;
                    }
                    Some(d) => {
                        let host = self.host(&host_key(&fetched.final_url));
                        let spent = {
                            let mut waited = host.waited.lock().expect("host lock");
                            let over = *waited + d > RETRY_AFTER_CAP;
                            if !over {
                                *waited += d;
                            }
                            over
                        };
                        if spent {
                            break self.verdict(&url, fetched, &fragments).await;
                        }
                        d
                    }
                    None => backoff(attempt),
                };
                attempt += 1;
                tokio::time::sleep(wait).await;
                continue;
            }
            break self.verdict(&url, fetched, &fragments).await;
        };
        outcome.duration = started.elapsed();
        outcome
    }

    /// The outcome of a final answer.
    async fn verdict(&self, url: &Url, f: Fetched, fragments: &[String]) -> Outcome {
        let code = f.status.as_u16();
        let reason = f.status.canonical_reason().unwrap_or("");
        let detail = format!("{code} {reason}").trim().to_owned();
        let accepted = f.status.is_success() || self.settings.accept.contains(&code);
        let status = if accepted {
            if f.permanent {
                Status::Redirected
            } else {
                Status::Ok
            }
        } else if matches!(code, 401 | 403 | 429 | 999) {
            Status::Blocked
        } else if f.status.is_redirection() {
            Status::Error
        } else {
            Status::Dead
        };
        if let Some(wall) = f.challenge {
            let mut o = Outcome::new(Status::Blocked, format!("{detail} ({wall})"));
            o.http_status = Some(code);
            if f.final_url != *url {
                o.final_url = Some(f.final_url.to_string());
            }
            return o;
        }
        let mut o = Outcome::new(status, detail);
        o.http_status = Some(code);
        if f.final_url != *url {
            o.final_url = Some(f.final_url.to_string());
        }
        if let (true, Some(body)) = (f.status.is_success(), &f.body) {
            if self.settings.fragments && !fragments.is_empty() {
                let anchors = html::anchors(body);
                let missing: Vec<String> = fragments
                    .iter()
                    .filter(|fr| !html::has_anchor(&anchors, fr))
                    .cloned()
                    .collect();
                if f.body_stalled && !missing.is_empty() {
                    // The anchor may be in the part that never came: the
                    // page is not usable either way.
                    o.status = Status::Timeout;
                    o.detail = "the page stalled while it was read".into();
                } else {
                    o.missing_fragments = missing;
                }
            }
            // A title that names an error page is enough; a weaker "not
            // found" (a heading, a short page) needs the host to answer 200
            // for a path that cannot exist too.
            if self.settings.soft_404
                && (html::titled_not_found(body)
                    || (html::says_not_found(body)
                        && self.host_serves_soft_404(&f.final_url).await))
            {
                // Not found, said with a 200: dead, reported by `soft-404`.
                o.soft_404 = true;
                o.status = Status::Dead;
                o.detail = "soft 404: the page says it was not found".into();
            }
        }
        o
    }

    /// Whether the host answers 2xx for a path that cannot exist.
    async fn host_serves_soft_404(&self, url: &Url) -> bool {
        let host = self.host(&host_key(url));
        let probe = host
            .probe
            .get_or_init(|| async {
                let mut u = url.clone();
                let n = (jitter() * 1e9) as u64;
                u.set_path(&format!("/listlint-soft-404-probe-{n:x}"));
                u.set_query(None);
                u.set_fragment(None);
                match self.request(&u, &Method::GET, false, false).await {
                    Ok((r, _)) => Some(r.status().as_u16()),
                    Err(_) => None,
                }
            })
            .await;
        probe.is_some_and(|s| (200..300).contains(&s))
    }
}

/// The root cause of a request error, in its own words (`connection
/// refused`, `message head is too large`): the outer layers only repeat
/// the URL.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut last = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        last = s.to_string();
        src = s.source();
    }
    last
}

/// Checks the targets on a runtime built for this run, telling `done`
/// of each outcome as soon as it is known.
pub(super) fn run(
    targets: Vec<Target>,
    settings: &Settings,
    progress: Option<Arc<dyn super::Progress>>,
    done: &mut dyn FnMut(&str, &Outcome),
) -> Result<Vec<(String, Outcome)>, Unreachable> {
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(settings.user_agent.as_deref().unwrap_or(USER_AGENT))
        .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
        .pool_max_idle_per_host(settings.max_per_host)
        .gzip(true);
    let client = if settings.allow_private {
        client
    } else {
        client.dns_resolver(Arc::new(PublicOnly))
    };
    let client = client
        .build()
        .map_err(|e| Unreachable(format!("cannot build the HTTP client: {e}")))?;
    if let Some(p) = &progress {
        p.start(targets.len() as u64);
    }
    let engine = Arc::new(Engine {
        client,
        settings: settings.clone(),
        global: Semaphore::new(settings.max_concurrency),
        hosts: Mutex::new(HashMap::new()),
        attempted: Mutex::new(HashSet::new()),
        answered: Mutex::new(HashSet::new()),
        progress,
    });
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .map_err(|e| Unreachable(format!("cannot start the runtime: {e}")))?;
    let results = rt.block_on(async {
        let mut out = Vec::new();
        let mut push = |key: String, o: Outcome| {
            done(&key, &o);
            out.push((key, o));
        };
        let mut tasks = tokio::task::JoinSet::new();
        let mut repos = Vec::new();
        for t in round_robin_by_host(targets) {
            let url = match Url::parse(&t.key) {
                Ok(u) => u,
                Err(e) => {
                    push(
                        t.key,
                        Outcome::new(Status::Error, format!("invalid URL: {e}")),
                    );
                    continue;
                }
            };
            if let Some(o) = precheck(&engine.settings, &url, &t.key) {
                push(t.key, o);
                continue;
            }
            if engine.settings.github.is_some()
                && let Some(item) = github::item_of(&url, &t.fragments)
            {
                repos.push((t.key, item));
                continue;
            }
            let e = engine.clone();
            let fragments: Vec<String> = t.fragments.into_iter().collect();
            tasks.spawn(async move {
                let o = e.check(url, fragments).await;
                if let Some(p) = &e.progress {
                    p.advance(1);
                }
                (t.key, o)
            });
        }
        // The GitHub batch runs beside the other checks, so each of their
        // outcomes (and a dead link's archive lookup) comes as it is known.
        let mut batch = match engine.settings.github.clone() {
            Some(gh) if !repos.is_empty() => {
                let keys: Vec<String> = repos.iter().map(|(k, _)| k.clone()).collect();
                let e = engine.clone();
                let handle = tokio::spawn(async move {
                    github::check(&e.client, &gh, repos, e.settings.timeout).await
                });
                Some((keys, handle))
            }
            _ => None,
        };
        loop {
            tokio::select! {
                Some(r) = tasks.join_next() => {
                    if let Ok((key, o)) = r {
                        push(key, o);
                    }
                }
                r = async { (&mut batch.as_mut().expect("guarded").1).await }, if batch.is_some() => {
                    let (keys, _) = batch.take().expect("guarded");
                    let n = keys.len() as u64;
                    match r {
                        Ok((found, contact)) => {
                            for (key, o) in found {
                                push(key, o);
                            }
                            github_contact(&engine, contact);
                        }
                        Err(e) => {
                            for key in keys {
                                push(key, Outcome::new(Status::Error, format!("GitHub API check failed: {e}")));
                            }
                        }
                    }
                    if let Some(p) = &engine.progress {
                        p.advance(n);
                    }
                }
                else => break,
            }
        }
        out
    });
    if let Some(p) = &engine.progress {
        p.finish();
    }
    let attempted = engine.attempted.lock().expect("lock").len();
    let answered = engine.answered.lock().expect("lock").len();
    let any_ok = results
        .iter()
        .any(|(_, o)| matches!(o.status, Status::Ok | Status::Redirected));
    if attempted >= 3 && answered == 0 && !any_ok {
        // The first URL's error, whichever answer came first.
        let why = results
            .iter()
            .filter(|(_, o)| o.status == Status::Error)
            .min_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, o)| o.detail.clone())
            .unwrap_or_else(|| "no answer".into());
        return Err(Unreachable(format!(
            "the network is unreachable: none of the {attempted} hosts answered ({why})"
        )));
    }
    Ok(results)
}

/// Records the GitHub API as a host for the "network unreachable"
/// verdict.
fn github_contact(engine: &Engine, contact: github::Contact) {
    let Some(gh) = &engine.settings.github else {
        return;
    };
    let host = Url::parse(&gh.api_url)
        .map(|u| host_key(&u))
        .unwrap_or_else(|_| gh.api_url.clone());
    if contact.attempted {
        engine.attempted.lock().expect("lock").insert(host.clone());
    }
    if contact.answered {
        engine.answered.lock().expect("lock").insert(host);
    }
}

/// The targets in an order that takes one URL of each host in turn: the
/// requests in flight are spread over the hosts (fewer connections per
/// host, no host waiting behind another's queue).
fn round_robin_by_host(targets: Vec<Target>) -> Vec<Target> {
    let mut queues: Vec<(String, std::collections::VecDeque<Target>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for t in targets {
        let host = Url::parse(&t.key).map_or_else(|_| String::new(), |u| host_key(&u));
        let i = *index.entry(host.clone()).or_insert_with(|| {
            queues.push((host, std::collections::VecDeque::new()));
            queues.len() - 1
        });
        queues[i].1.push_back(t);
    }
    let mut out = Vec::new();
    while !queues.is_empty() {
        queues.retain_mut(|(_, q)| {
            if let Some(t) = q.pop_front() {
                out.push(t);
            }
            !q.is_empty()
        });
    }
    out
}

/// What is decided without a request: other schemes, exclusions, private
/// targets.
pub(super) fn precheck(s: &Settings, url: &Url, key: &str) -> Option<Outcome> {
    if !matches!(url.scheme(), "http" | "https") {
        return Some(Outcome::new(
            Status::Skipped,
            format!("{} links are not checked", url.scheme()),
        ));
    }
    // An include wins over an exclude; with includes, nothing else is requested.
    if !s.include.iter().any(|r| r.is_match(key)) {
        if s.exclude.iter().any(|r| r.is_match(key)) {
            return Some(Outcome::new(
                Status::Excluded,
                "excluded by [links] exclude",
            ));
        }
        if !s.include.is_empty() {
            return Some(Outcome::new(
                Status::Excluded,
                "not matched by [links] include",
            ));
        }
    }
    if !s.allow_private && is_private(url) {
        return Some(Outcome::new(
            Status::Skipped,
            "private address (set allow-private to check it)",
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Some(Outcome::new(Status::Error, "URL without a host"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_targets() {
        for u in [
            "http://127.0.0.1:8080/",
            "http://10.1.2.3/",
            "http://192.168.0.1/",
            "http://169.254.1.1/",
            "http://[::1]/",
            "http://[fe80::1]/",
            "http://[fd00::1]/",
            "http://localhost/",
            "http://api.localhost/",
            "http://0.0.0.0/",
        ] {
            assert!(is_private(&Url::parse(u).unwrap()), "{u}");
        }
        for u in [
            "https://example.com/",
            "http://8.8.8.8/",
            "http://[2001:db8::1]/",
        ] {
            assert!(!is_private(&Url::parse(u).unwrap()), "{u}");
        }
    }

    #[test]
    fn targets_take_turns_by_host() {
        let t = |k: &str| Target {
            key: k.into(),
            ..Target::default()
        };
        let order: Vec<String> = round_robin_by_host(vec![
            t("http://a.test/1"),
            t("http://a.test/2"),
            t("http://a.test/3"),
            t("http://b.test/1"),
            t("http://c.test/1"),
            t("http://c.test/2"),
        ])
        .into_iter()
        .map(|t| t.key)
        .collect();
        assert_eq!(
            order,
            [
                "http://a.test/1",
                "http://b.test/1",
                "http://c.test/1",
                "http://a.test/2",
                "http://c.test/2",
                "http://a.test/3"
            ]
        );
    }

    #[test]
    fn names_that_resolve_to_private_addresses_are_refused() {
        use reqwest::dns::Resolve;
        use std::str::FromStr;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        // `localhost` resolves to loopback addresses on every machine.
        let name = reqwest::dns::Name::from_str("localhost").unwrap();
        let err = match rt.block_on(PublicOnly.resolve(name)) {
            Ok(addrs) => panic!("resolved to {:?}", addrs.collect::<Vec<_>>()),
            Err(e) => e.to_string(),
        };
        assert!(err.contains(PRIVATE_NAME), "{err}");
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!(backoff(0) < Duration::from_millis(750));
        assert!(backoff(3) >= Duration::from_secs(2));
        assert!(backoff(30) <= Duration::from_secs(10));
    }
}
