//! A small threaded HTTP/1.1 test server for the link-checking tests
//! (the `links` module), built on the standard library only.
//!
//! It listens on `127.0.0.1` on an ephemeral port and nowhere else, answers
//! one request per connection (`Connection: close`), records every request
//! (method, target, headers, body, arrival and end time, bytes sent) and
//! serves the routes below. A route matches its prefix at a segment boundary
//! (`/ok`, `/ok/x`, `/ok?q` but not `/okay`), and the rest of the path is
//! kept where useful (`/redirect/301/2/x` ends at `/ok/x`).
//!
//! | Route | Answer |
//! |---|---|
//! | `/ok…` | 200, a small text body |
//! | `/status/<code>…` | that status |
//! | `/redirect/<code>/<n>…` | a chain of `n` redirects with absolute `Location`s, the last to `/ok…` |
//! | `/redirect-to?url=<percent-encoded>&code=<c>` | one redirect (default 302) |
//! | `/loop` | 302 to itself |
//! | `/head-405…` | 405 on HEAD, 200 on GET |
//! | `/retry-after/<s>…` | first request per target 429 with `Retry-After: <s>`, then 200 |
//! | `/retry-after-date/<s>…` | the same with `Retry-After` as the HTTP-date `s` seconds from now |
//! | `/flaky-503…` | first request per target 503, then 200 |
//! | `/hang…` | reads the request and never answers (until the client leaves, or 10 s) |
//! | `/drip…` | 200, `Content-Length: 600`, then one body byte per second |
//! | `/big…` | 200 text/html, `Content-Length` 1 GiB, streamed in 64 KiB chunks |
//! | `/gzip-bomb…` | `Content-Encoding: gzip`, a valid gzip stream inflating to ~1 GiB of zeros |
//! | `/html` (exactly, plus a query) | an HTML page with ids `intro`, `café` and `<a name="legacy">` |
//! | `/soft404…`, `/soft-host/…` | 200 text/html "Page not found" |
//! | `/bot…` | 403 unless the User-Agent contains `Mozilla/` |
//! | `/auth…` | 401 with `WWW-Authenticate: Bearer` unless `Authorization: Bearer <something>` |
//! | `/slow…` | sleeps 300 ms, then 200 |
//! | `/wall/<vendor>/<code>…` | `<code>` with the bot wall's challenge header: `cloudflare`, `aws-challenge`, `aws-captcha`, `datadome` |
//! | `/wayback/available?url=<u>` | a fake Wayback availability API: the latest of `u`'s captures (see [`captures`]): `20200102030405`, a 200, unless `u` says otherwise |
//! | `/cdx/search/cdx?url=<u>&fl=…&filter=statuscode:<c>&limit=-<n>` | the fake CDX server beside it, in JSON |
//! | `/unfiltered/wayback/available`, `/unfiltered/cdx/search/cdx` | the same, but the CDX server ignores `filter` and `limit` |
//! | `/wayback-slow/available` | never answers (like `/hang`) |
//! | `/wayback-fail/available` | 500 |
//! | `POST /graphql` | a fake GitHub GraphQL API (see [`graphql`]) |
//! | `POST /slow-api/graphql` | the same after 1.5 s |
//! | `GET /repos/<owner>/<name>` | a fake GitHub REST API for repositories (see [`rest_repo`]) |
//! | `GET /gists/<id>` | a fake GitHub REST API for gists (see [`GISTS`]) |
//! | anything else | 404 ([`Server::start_soft_404_host`]: the soft-404 page) |
//!
//! Dropping the [`Server`] stops accepting; stalled handlers (`/hang`,
//! `/drip`, `/big`) end when the client disconnects, when the server is
//! dropped, or after a bounded time.

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Size of the `/big` body.
pub const BIG_LEN: u64 = 1 << 30;
/// Length of the `/drip` body (one byte per second).
pub const DRIP_LEN: usize = 600;
/// How long `/slow` holds a request.
pub const SLOW: Duration = Duration::from_millis(300);
/// The longest a stalled handler (`/hang`, `/drip`, `/big`) lives.
const STALL_LIMIT: Duration = Duration::from_secs(20);
/// `/hang` gives up after this long even when the client stays.
const HANG_LIMIT: Duration = Duration::from_secs(10);
/// Timeout of a single socket read or write; loops re-check the shutdown
/// flag between them.
const IO_TICK: Duration = Duration::from_millis(250);
/// Largest request head or body accepted.
const MAX_REQUEST: usize = 1 << 20;

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    /// Path and query as received (`/ok/x?y=1`).
    pub path: String,
    /// Headers in order, names as received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// When the request head was fully read.
    pub arrived: Instant,
    /// When the handler finished (response written or connection given up).
    pub done: Option<Instant>,
    /// When a complete answer started to be written (for in-flight counts:
    /// from then on the client may already be done with it).
    pub answering: Option<Instant>,
}

impl Req {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without its query.
    pub fn path_only(&self) -> &str {
        self.path.split('?').next().unwrap_or("")
    }
}

#[derive(Default)]
struct State {
    requests: Mutex<Vec<Req>>,
    /// Bytes written per request target (head and body).
    bytes_sent: Mutex<HashMap<String, u64>>,
    /// Targets already seen by `/retry-after` and `/flaky-503`.
    seen: Mutex<HashSet<String>>,
    shutdown: AtomicBool,
    /// Answer unknown paths with the soft-404 page instead of a 404.
    soft_404_host: bool,
    /// `/limit` requests being answered now.
    limit_in_flight: std::sync::atomic::AtomicUsize,
}

impl State {
    fn stopping(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }

    fn add_bytes(&self, path: &str, n: usize) {
        *self
            .bytes_sent
            .lock()
            .unwrap()
            .entry(path.to_owned())
            .or_default() += n as u64;
    }

    /// Whether this is the first time `key` is seen.
    fn first(&self, key: String) -> bool {
        self.seen.lock().unwrap().insert(key)
    }
}

/// The test server; stops accepting when dropped.
pub struct Server {
    port: u16,
    state: Arc<State>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds `127.0.0.1:0` and starts serving.
    pub fn start() -> Server {
        Server::spawn(State::default())
    }

    /// A host that serves soft 404s: every path that no route knows (a
    /// random probe path included) answers 200 with the "Page not found"
    /// page instead of 404.
    pub fn start_soft_404_host() -> Server {
        Server::spawn(State {
            soft_404_host: true,
            ..State::default()
        })
    }

    fn spawn(state: State) -> Server {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(state);
        let st = Arc::clone(&state);
        let accept = thread::Builder::new()
            .name(format!("linkserver-{port}"))
            .spawn(move || accept_loop(listener, port, st))
            .expect("spawn the accept thread");
        Server {
            port,
            state,
            accept: Some(accept),
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT{path}`; `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        assert!(path.starts_with('/'), "path must start with /: {path}");
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// `127.0.0.1:PORT`.
    pub fn authority(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Req> {
        self.state.requests.lock().unwrap().clone()
    }

    /// The requests whose target (path and query) is exactly `path`.
    pub fn requests_to(&self, path: &str) -> Vec<Req> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }

    /// When the first request to `path` (its path without the query)
    /// arrived; panics when none did.
    #[track_caller]
    pub fn first_arrival(&self, path: &str) -> Instant {
        self.requests()
            .iter()
            .find(|r| r.path_only() == path)
            .unwrap_or_else(|| panic!("no request to {path}: {:#?}", self.requests()))
            .arrived
    }

    /// How many requests had exactly this target (path and query).
    pub fn count(&self, path: &str) -> usize {
        self.requests_to(path).len()
    }

    /// How many `method` requests had exactly this target.
    pub fn count_method(&self, method: &str, path: &str) -> usize {
        self.requests_to(path)
            .iter()
            .filter(|r| r.method == method)
            .count()
    }

    /// How many requests had a target starting with `prefix`.
    pub fn count_prefix(&self, prefix: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.path.starts_with(prefix))
            .count()
    }

    /// `(arrived, done)` of the requests whose target starts with `prefix`;
    /// a request still running ends now.
    pub fn intervals(&self, prefix: &str) -> Vec<(Instant, Instant)> {
        let now = Instant::now();
        self.requests()
            .iter()
            .filter(|r| r.path.starts_with(prefix))
            .map(|r| (r.arrived, r.answering.or(r.done).unwrap_or(now)))
            .collect()
    }

    /// The most requests with a target starting with `prefix` that were
    /// being handled at the same time, counted server-side.
    pub fn max_in_flight(&self, prefix: &str) -> usize {
        max_overlap(&self.intervals(prefix))
    }

    /// Bytes written (head and body) in answers to exactly this target.
    pub fn bytes_sent(&self, path: &str) -> u64 {
        self.state
            .bytes_sent
            .lock()
            .unwrap()
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.shutdown.store(true, Ordering::SeqCst);
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

/// The largest number of intervals that overlap at one instant (an
/// interval ending exactly when another starts does not overlap it).
pub fn max_overlap(intervals: &[(Instant, Instant)]) -> usize {
    let mut events: Vec<(Instant, i32)> = Vec::new();
    for &(a, b) in intervals {
        events.push((a, 1));
        events.push((b, -1));
    }
    // Ends before starts at the same instant.
    events.sort();
    let (mut cur, mut max) = (0i32, 0i32);
    for (_, d) in events {
        cur += d;
        max = max.max(cur);
    }
    max as usize
}

fn accept_loop(listener: TcpListener, port: u16, state: Arc<State>) {
    while !state.stopping() {
        match listener.accept() {
            Ok((stream, _)) => {
                let st = Arc::clone(&state);
                let spawned = thread::Builder::new()
                    .name(format!("linkserver-{port}-conn"))
                    .spawn(move || handle(stream, port, &st));
                if spawned.is_err() {
                    thread::sleep(Duration::from_millis(10));
                }
            }
            Err(_) => thread::sleep(Duration::from_millis(2)),
        }
    }
}

/// What a route decided.
enum Answer {
    /// A complete response (the body is left out for HEAD).
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    Hang,
    Drip,
    Big,
    GzipBomb,
}

fn full(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
    Answer::Full {
        status,
        headers: vec![("Content-Type".into(), content_type.into())],
        body: body.into(),
    }
}

fn redirect(status: u16, location: String) -> Answer {
    Answer::Full {
        status,
        headers: vec![
            ("Location".into(), location),
            ("Content-Type".into(), "text/plain".into()),
        ],
        body: b"redirecting\n".to_vec(),
    }
}

fn handle(mut stream: TcpStream, port: u16, state: &State) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(IO_TICK));
    let Some(req) = read_request(&mut stream, state) else {
        return;
    };
    let index = {
        let mut reqs = state.requests.lock().unwrap();
        reqs.push(req.clone());
        reqs.len() - 1
    };
    let answer = route(&req, port, state);
    if matches!(answer, Answer::Full { .. })
        && let Some(r) = state.requests.lock().unwrap().get_mut(index)
    {
        // Before the first byte of the answer: a client may read the whole
        // answer and send its next request before the write returns here.
        r.answering = Some(Instant::now());
    }
    let head = req.method == "HEAD";
    let mut out = Counted {
        stream: &mut stream,
        state,
        path: &req.path,
        started: Instant::now(),
    };
    let graceful = match answer {
        Answer::Full {
            status,
            headers,
            body,
        } => {
            let mut text = status_line(status);
            for (n, v) in &headers {
                text.push_str(&format!("{n}: {v}\r\n"));
            }
            text.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ));
            let mut bytes = text.into_bytes();
            if !head {
                bytes.extend_from_slice(&body);
            }
            out.write_all_bounded(&bytes).is_ok()
        }
        Answer::Hang => {
            hang(out.stream, state);
            false
        }
        Answer::Drip => {
            let head_text = format!(
                "{}Content-Type: text/html\r\nContent-Length: {DRIP_LEN}\r\nConnection: close\r\n\r\n",
                status_line(200)
            );
            if out.write_all_bounded(head_text.as_bytes()).is_ok() && !head {
                drip(&mut out, state);
                false
            } else {
                head
            }
        }
        Answer::Big => {
            let head_text = format!(
                "{}Content-Type: text/html\r\nContent-Length: {BIG_LEN}\r\nConnection: close\r\n\r\n",
                status_line(200)
            );
            if out.write_all_bounded(head_text.as_bytes()).is_ok() && !head {
                big(&mut out);
                false
            } else {
                head
            }
        }
        Answer::GzipBomb => {
            let body = gzip_bomb();
            let head_text = format!(
                "{}Content-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                status_line(200),
                body.len()
            );
            let mut ok = out.write_all_bounded(head_text.as_bytes()).is_ok();
            if ok && !head {
                ok = out.write_all_bounded(body).is_ok();
            }
            ok
        }
    };
    let _ = stream.flush();
    if let Some(r) = state.requests.lock().unwrap().get_mut(index) {
        r.done = Some(Instant::now());
    }
    if graceful {
        // Close our side and let the client read the answer before the
        // socket goes away (closing with unread input would reset it).
        let _ = stream.shutdown(Shutdown::Write);
        let _ = stream.set_read_timeout(Some(IO_TICK));
        let deadline = Instant::now() + Duration::from_secs(2);
        let mut buf = [0u8; 4096];
        while Instant::now() < deadline && !state.stopping() {
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if is_timeout(&e) => {}
                Err(_) => break,
            }
        }
    }
}

/// A writer that counts the bytes written per target and gives up on
/// shutdown or after [`STALL_LIMIT`].
struct Counted<'a> {
    stream: &'a mut TcpStream,
    state: &'a State,
    path: &'a str,
    started: Instant,
}

impl Counted<'_> {
    fn write_all_bounded(&mut self, mut buf: &[u8]) -> io::Result<()> {
        while !buf.is_empty() {
            if self.state.stopping() || self.started.elapsed() > STALL_LIMIT {
                return Err(io::Error::other("server stopping"));
            }
            match self.stream.write(buf) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => {
                    self.state.add_bytes(self.path, n);
                    buf = &buf[n..];
                }
                Err(e) if is_timeout(&e) || e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Reads the request head and body; `None` when the client sent nothing
/// usable.
fn read_request(stream: &mut TcpStream, state: &State) -> Option<Req> {
    let _ = stream.set_read_timeout(Some(IO_TICK));
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_REQUEST || Instant::now() > deadline || state.stopping() {
            return None;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if is_timeout(&e) || e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    };
    let arrived = Instant::now();
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let method = parts.next()?.to_owned();
    let mut target = parts.next()?.to_owned();
    // Absolute form (`GET http://host/path`): keep the path.
    if let Some(rest) = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        target = match rest.find('/') {
            Some(i) => rest[i..].to_owned(),
            None => "/".to_owned(),
        };
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            let (n, v) = l.split_once(':')?;
            Some((n.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut rest = buf[head_end + 4..].to_vec();
    let mut read_more = |rest: &mut Vec<u8>| -> bool {
        if rest.len() > MAX_REQUEST || Instant::now() > deadline || state.stopping() {
            return false;
        }
        match stream.read(&mut chunk) {
            Ok(0) => false,
            Ok(n) => {
                rest.extend_from_slice(&chunk[..n]);
                true
            }
            Err(e) => is_timeout(&e) || e.kind() == io::ErrorKind::Interrupted,
        }
    };
    let body = if let Some(len) = get("content-length").and_then(|v| v.parse::<usize>().ok()) {
        while rest.len() < len {
            if !read_more(&mut rest) {
                return None;
            }
        }
        rest.truncate(len);
        rest
    } else if get("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        loop {
            match dechunk(&rest) {
                Some(body) => break body,
                None => {
                    if !read_more(&mut rest) {
                        return None;
                    }
                }
            }
        }
    } else {
        Vec::new()
    };
    Some(Req {
        method,
        path: target,
        headers,
        body,
        arrived,
        done: None,
        answering: None,
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes a complete chunked body; `None` while it is incomplete.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let eol = find(data, b"\r\n")?;
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size_text = size_text.split(';').next().unwrap_or("").trim().to_owned();
        let size = usize::from_str_radix(&size_text, 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            // Trailers end with an empty line.
            find(data, b"\r\n")?;
            return Some(body);
        }
        if data.len() < size + 2 {
            return None;
        }
        body.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

fn status_line(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
    format!("HTTP/1.1 {status} {reason}\r\n")
}

/// The rest of `path` after `prefix` when `prefix` matches at a segment
/// boundary (`/ok` matches `/ok` and `/ok/x`, not `/okay`).
fn under<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = path.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with('/') || prefix.ends_with('/')).then_some(rest)
}

/// Leading decimal digits of `s` and the rest.
fn number(s: &str) -> Option<(u64, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    Some((s[..end].parse().ok()?, &s[end..]))
}

fn route(req: &Req, port: u16, state: &State) -> Answer {
    let (path, query) = match req.path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (req.path.as_str(), None),
    };
    let query_suffix = query.map(|q| format!("?{q}")).unwrap_or_default();
    let base = format!("http://127.0.0.1:{port}");
    let head = req.method == "HEAD";

    if under(path, "/ok").is_some() {
        return full(200, "text/plain", "ok\n");
    }
    if let Some(rest) = under(path, "/status/") {
        return match number(rest) {
            Some((code, _)) if (200..=999).contains(&code) => {
                full(code as u16, "text/plain", format!("status {code}\n"))
            }
            _ => full(400, "text/plain", "bad status\n"),
        };
    }
    if let Some(rest) = under(path, "/redirect/") {
        let parsed = number(rest).and_then(|(code, rest)| {
            let (n, suffix) = number(rest.strip_prefix('/')?)?;
            Some((code, n, suffix))
        });
        return match parsed {
            Some((code, n, suffix)) if (300..400).contains(&code) => {
                let location = if n > 1 {
                    format!("{base}/redirect/{code}/{}{suffix}{query_suffix}", n - 1)
                } else {
                    format!("{base}/ok{suffix}{query_suffix}")
                };
                redirect(code as u16, location)
            }
            _ => full(400, "text/plain", "bad redirect\n"),
        };
    }
    if path == "/redirect-to" {
        let params = parse_query(query.unwrap_or(""));
        let Some(url) = params.get("url") else {
            return full(400, "text/plain", "missing url\n");
        };
        let code = params
            .get("code")
            .and_then(|c| c.parse::<u16>().ok())
            .unwrap_or(302);
        return redirect(code, url.clone());
    }
    if under(path, "/loop").is_some() {
        return redirect(302, format!("{base}{}", req.path));
    }
    if under(path, "/head-405").is_some() {
        return if head {
            Answer::Full {
                status: 405,
                headers: vec![
                    ("Allow".into(), "GET".into()),
                    ("Content-Type".into(), "text/plain".into()),
                ],
                body: b"no HEAD here\n".to_vec(),
            }
        } else {
            full(200, "text/plain", "ok after GET\n")
        };
    }
    let retry_after = under(path, "/retry-after/")
        .map(|rest| (rest, false))
        .or_else(|| under(path, "/retry-after-date/").map(|rest| (rest, true)));
    if let Some((rest, as_date)) = retry_after {
        let secs = number(rest).map(|(s, _)| s).unwrap_or(1);
        let value = if as_date {
            http_date(unix_now() + secs)
        } else {
            secs.to_string()
        };
        return if state.first(format!("retry-after {}", req.path)) {
            Answer::Full {
                status: 429,
                headers: vec![
                    ("Retry-After".into(), value),
                    ("Content-Type".into(), "text/plain".into()),
                ],
                body: b"slow down\n".to_vec(),
            }
        } else {
            full(200, "text/plain", "ok now\n")
        };
    }
    // GitHub's rate limit: 403 with no requests left until the reset
    // time (Unix seconds, one second from now); then 200.
    if under(path, "/ratelimit").is_some() {
        return if state.first(format!("ratelimit {}", req.path)) {
            let reset = unix_now() + 1;
            Answer::Full {
                status: 403,
                headers: vec![
                    ("x-ratelimit-remaining".into(), "0".into()),
                    ("x-ratelimit-reset".into(), reset.to_string()),
                    ("Content-Type".into(), "text/plain".into()),
                ],
                body: b"rate limited\n".to_vec(),
            }
        } else {
            full(200, "text/plain", "ok now\n")
        };
    }
    if under(path, "/flaky-503").is_some() {
        return if state.first(format!("flaky {}", req.path)) {
            full(503, "text/plain", "try again\n")
        } else {
            full(200, "text/plain", "ok now\n")
        };
    }
    if under(path, "/hang").is_some() {
        return Answer::Hang;
    }
    if under(path, "/drip").is_some() {
        return Answer::Drip;
    }
    if under(path, "/big").is_some() {
        return Answer::Big;
    }
    if under(path, "/gzip-bomb").is_some() {
        return Answer::GzipBomb;
    }
    if path == "/html" {
        return full(200, "text/html; charset=utf-8", HTML_PAGE);
    }
    if let Some(rest) = under(path, "/wall/") {
        let (vendor, rest) = rest.split_once('/').unwrap_or((rest, ""));
        let header = match vendor {
            "cloudflare" => ("cf-mitigated", "challenge"),
            "aws-challenge" => ("x-amzn-waf-action", "challenge"),
            "aws-captcha" => ("x-amzn-waf-action", "captcha"),
            "datadome" => ("X-DD-B", "1"),
            _ => return full(400, "text/plain", "unknown wall\n"),
        };
        let code = number(rest).map_or(403, |(c, _)| c as u16);
        return Answer::Full {
            status: code,
            headers: vec![
                (header.0.into(), header.1.into()),
                ("Content-Type".into(), "text/html".into()),
            ],
            body: b"<html><title>Just a moment...</title></html>\n".to_vec(),
        };
    }
    if let Some(prefix) = path.strip_suffix("/wayback/available")
        && matches!(prefix, "" | "/unfiltered")
    {
        let params = parse_query(query.unwrap_or(""));
        let url = params.get("url").cloned().unwrap_or_default();
        // The latest capture, whatever it answered.
        let json = match captures(&url).last() {
            None => format!("{{\"url\": {url:?}, \"archived_snapshots\": {{}}}}"),
            Some((ts, status)) => format!(
                "{{\"url\": {url:?}, \"archived_snapshots\": {{\"closest\": {{\"status\": \"{status}\", \"available\": true, \"url\": \"http://web.archive.org/web/{ts}/{url}\", \"timestamp\": \"{ts}\"}}}}}}"
            ),
        };
        return full(200, "application/json", json);
    }
    if let Some(prefix) = path.strip_suffix("/cdx/search/cdx")
        && matches!(prefix, "" | "/unfiltered")
    {
        return full(
            200,
            "application/json",
            cdx(query.unwrap_or(""), prefix.is_empty()),
        );
    }
    if path == "/wayback-slow/available" {
        return Answer::Hang;
    }
    if path == "/wayback-fail/available" {
        return full(500, "text/plain", "archive down\n");
    }
    if under(path, "/soft404").is_some() || path.starts_with("/soft-host/") {
        return full(200, "text/html; charset=utf-8", SOFT_404_PAGE);
    }
    if under(path, "/bot").is_some() {
        let browser = req
            .header("user-agent")
            .is_some_and(|ua| ua.contains("Mozilla/"));
        return if browser {
            full(200, "text/plain", "hello browser\n")
        } else {
            full(403, "text/plain", "no bots\n")
        };
    }
    if under(path, "/auth").is_some() {
        let authorized = req.header("authorization").is_some_and(|v| {
            let v = v.trim();
            v.len() > 7 && v[..7].eq_ignore_ascii_case("bearer ") && !v[7..].trim().is_empty()
        });
        return if authorized {
            full(200, "text/plain", "welcome\n")
        } else {
            Answer::Full {
                status: 401,
                headers: vec![
                    ("WWW-Authenticate".into(), "Bearer".into()),
                    ("Content-Type".into(), "text/plain".into()),
                ],
                body: b"who are you\n".to_vec(),
            }
        };
    }
    // A host that allows two `/limit` requests at a time: more get 429
    // with `Retry-After: 1`; the others are held 200 ms.
    if under(path, "/limit").is_some() {
        let now = state.limit_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        let answer = if now > 2 {
            Answer::Full {
                status: 429,
                headers: vec![
                    ("Retry-After".into(), "1".into()),
                    ("Content-Type".into(), "text/plain".into()),
                ],
                body: b"two at a time\n".to_vec(),
            }
        } else {
            thread::sleep(Duration::from_millis(200));
            full(200, "text/plain", "ok\n")
        };
        state.limit_in_flight.fetch_sub(1, Ordering::SeqCst);
        return answer;
    }
    if under(path, "/slow").is_some() {
        thread::sleep(SLOW);
        return full(200, "text/plain", "ok, slowly\n");
    }
    if let Some(rest) = under(path, "/repos") {
        return rest_repo(req, rest);
    }
    if let Some(id) = under(path, "/gists/") {
        let known = GISTS.contains(&id) && req.header("authorization").is_some();
        let (status, body) = if known {
            (200, serde_json::json!({"id": id, "public": true}))
        } else {
            (404, serde_json::json!({"message": "Not Found"}))
        };
        return full(status, "application/json", body.to_string());
    }
    if path == "/slow-api/graphql" && req.method == "POST" {
        thread::sleep(Duration::from_millis(1500));
        return graphql(req);
    }
    if path == "/graphql" {
        return if req.method == "POST" {
            graphql(req)
        } else {
            full(405, "text/plain", "POST only\n")
        };
    }
    if state.soft_404_host {
        return full(200, "text/html; charset=utf-8", SOFT_404_PAGE);
    }
    full(404, "text/plain", "not found\n")
}

pub const HTML_PAGE: &str = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>A page</title></head>\n<body>\n<h1 id=\"intro\">Intro</h1>\n<p><a name=\"legacy\">An old-style anchor</a></p>\n<div id=\"caf\u{e9}\">Caf\u{e9}</div>\n<p>Nothing else here.</p>\n</body></html>\n";

pub const SOFT_404_PAGE: &str = "<!doctype html>\n<html><head><title>Page not found</title></head>\n<body><p>Sorry, this page does not exist</p></body></html>\n";

/// Splits `a=b&c=d` and percent-decodes the values.
/// The fake archive's captures of `url`, oldest first: (timestamp, status).
fn captures(url: &str) -> Vec<(&'static str, &'static str)> {
    if url.contains("never-archived") {
        vec![]
    } else if url.contains("only-redirects-archived") {
        vec![("20200101000000", "302"), ("20220101000000", "301")]
    } else if url.contains("redirect-archived") {
        vec![("20190101000000", "200"), ("20230101000000", "301")]
    } else if url.contains("error-page-archived") {
        vec![
            ("20170101000000", "200"),
            ("20180101000000", "200"),
            ("20210101000000", "404"),
        ]
    } else {
        vec![("20200102030405", "200")]
    }
}

/// The fake CDX server's JSON answer to `query`: a header row naming the
/// fields (`fl`, else all), then a row a capture. `filter=statuscode:C`
/// and `limit=-N` (the last N) are applied when `honest`.
fn cdx(query: &str, honest: bool) -> String {
    let params = parse_query(query);
    let url = params.get("url").cloned().unwrap_or_default();
    let fields: Vec<String> = params.get("fl").map_or_else(
        || {
            [
                "urlkey",
                "timestamp",
                "original",
                "mimetype",
                "statuscode",
                "digest",
                "length",
            ]
            .map(String::from)
            .to_vec()
        },
        |fl| fl.split(',').map(String::from).collect(),
    );
    let mut rows = captures(&url);
    if honest {
        if let Some(code) = params
            .get("filter")
            .and_then(|f| f.strip_prefix("statuscode:"))
        {
            rows.retain(|(_, status)| *status == code);
        }
        if let Some(n) = params.get("limit").and_then(|l| l.strip_prefix('-')) {
            let n: usize = n.parse().unwrap_or(0);
            rows = rows.split_off(rows.len().saturating_sub(n));
        }
    }
    let mut out = vec![fields.clone()];
    for (ts, status) in rows {
        out.push(
            fields
                .iter()
                .map(|f| match f.as_str() {
                    "timestamp" => ts.to_owned(),
                    "statuscode" => status.to_owned(),
                    "original" => url.clone(),
                    _ => "-".to_owned(),
                })
                .collect(),
        );
    }
    serde_json::to_string(&out).unwrap()
}

pub fn parse_query(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        if b[i] == b'+' {
            out.push(b' ');
        } else {
            out.push(b[i]);
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes everything but unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for &c in s.as_bytes() {
        if c.is_ascii_alphanumeric() || b"-._~".contains(&c) {
            out.push(c as char);
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    out
}

/// `/hang`: never answers; returns when the client disconnects, the server
/// stops, or after [`HANG_LIMIT`].
fn hang(stream: &mut TcpStream, state: &State) {
    let _ = stream.set_read_timeout(Some(IO_TICK));
    let start = Instant::now();
    let mut buf = [0u8; 1024];
    while start.elapsed() < HANG_LIMIT && !state.stopping() {
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if is_timeout(&e) || e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// The `/drip` body: HTML-ish, [`DRIP_LEN`] bytes, no id at all.
fn drip_body() -> Vec<u8> {
    let mut body = b"<!doctype html><html><body><p>".to_vec();
    let tail = b"</p></body></html>\n";
    body.resize(DRIP_LEN - tail.len(), b'.');
    body.extend_from_slice(tail);
    body
}

/// `/drip`: one byte per second until the client goes away.
fn drip(out: &mut Counted<'_>, state: &State) {
    for byte in drip_body() {
        if out.write_all_bounded(&[byte]).is_err() {
            return;
        }
        // A second, in slices, so that shutdown is noticed quickly.
        for _ in 0..10 {
            if state.stopping() {
                return;
            }
            thread::sleep(Duration::from_millis(100));
        }
    }
}

/// `/big`: 1 GiB of HTML filler in 64 KiB chunks, as fast as the client reads.
fn big(out: &mut Counted<'_>) {
    let mut chunk = Vec::with_capacity(64 * 1024);
    chunk.extend_from_slice(b"<!doctype html><html><body>\n");
    while chunk.len() < 64 * 1024 {
        chunk.extend_from_slice(b"<p>filler filler filler filler filler filler</p>\n");
    }
    chunk.truncate(64 * 1024);
    let mut left = BIG_LEN;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        if out.write_all_bounded(&chunk[..n]).is_err() {
            return;
        }
        left -= n as u64;
    }
}

// ---------------------------------------------------------------------------
// The gzip bomb

/// Number of zero bytes the `/gzip-bomb` body inflates to (~1 GiB).
pub const BOMB_PAIRS: u64 = (1 << 30) / 258;
pub const BOMB_INFLATED: u64 = 1 + 258 * BOMB_PAIRS;

/// The `/gzip-bomb` body, built once.
pub fn gzip_bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| gzip_zeros(BOMB_PAIRS))
}

/// Deflate bit writer: bits are packed starting at the least significant
/// bit of each byte.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    /// Writes the `len` low bits of `value`, least significant first
    /// (block headers, extra bits).
    fn lsb(&mut self, value: u32, len: u32) {
        self.acc |= (value as u64) << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Writes a Huffman code of `len` bits, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let mut rev = 0;
        for i in 0..len {
            rev |= ((code >> i) & 1) << (len - 1 - i);
        }
        self.lsb(rev, len);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A gzip member holding `1 + 258 * pairs` zero bytes: one fixed-Huffman
/// deflate block with a literal 0 and then `pairs` copies of
/// <length 258, distance 1>.
pub fn gzip_zeros(pairs: u64) -> Vec<u8> {
    let mut bits = Bits {
        out: Vec::with_capacity((pairs * 13 / 8 + 64) as usize),
        acc: 0,
        n: 0,
    };
    bits.lsb(1, 1); // BFINAL
    bits.lsb(1, 2); // BTYPE = 01, fixed Huffman
    bits.code(0b0011_0000, 8); // literal 0
    // One <258, 1> pair is length code 285 (11000101) and distance code 0
    // (00000): 13 bits. Write pairs one by one until the stream is byte
    // aligned; from there every eight pairs are the same 13 bytes.
    let pair = |bits: &mut Bits| {
        bits.code(0b1100_0101, 8);
        bits.code(0, 5);
    };
    let mut done = 0u64;
    while done < pairs && bits.n != 0 {
        pair(&mut bits);
        done += 1;
    }
    if pairs - done >= 8 {
        let mut probe = Bits {
            out: Vec::new(),
            acc: 0,
            n: 0,
        };
        for _ in 0..8 {
            pair(&mut probe);
        }
        let block = probe.finish();
        assert_eq!(block.len(), 13);
        while pairs - done >= 8 {
            bits.out.extend_from_slice(&block);
            done += 8;
        }
    }
    while done < pairs {
        pair(&mut bits);
        done += 1;
    }
    bits.code(0, 7); // end of block (256)
    let deflate = bits.finish();

    let total = 1 + 258 * pairs;
    let mut gz = vec![0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff];
    gz.extend_from_slice(&deflate);
    gz.extend_from_slice(&crc32_zeros(total).to_le_bytes());
    gz.extend_from_slice(&((total & 0xffff_ffff) as u32).to_le_bytes());
    gz
}

/// CRC-32 (IEEE, as in gzip) of `bytes`, bit by bit; for small checks.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn gf2_times(mat: &[u32; 32], mut vec: u32) -> u32 {
    let mut sum = 0;
    let mut i = 0;
    while vec != 0 {
        if vec & 1 != 0 {
            sum ^= mat[i];
        }
        vec >>= 1;
        i += 1;
    }
    sum
}

fn gf2_square(square: &mut [u32; 32], mat: &[u32; 32]) {
    for n in 0..32 {
        square[n] = gf2_times(mat, mat[n]);
    }
}

/// CRC-32 of `n` zero bytes in O(log n), by raising the "one zero bit"
/// operator of the CRC register to the power `8 n` (as zlib's
/// `crc32_combine` does).
pub fn crc32_zeros(n: u64) -> u32 {
    let mut odd = [0u32; 32];
    odd[0] = 0xEDB8_8320;
    for (i, row) in odd.iter_mut().enumerate().skip(1) {
        *row = 1 << (i - 1);
    }
    let mut even = [0u32; 32];
    gf2_square(&mut even, &odd); // two zero bits
    gf2_square(&mut odd, &even); // four zero bits
    let mut crc = !0u32;
    let mut len = n;
    while len != 0 {
        gf2_square(&mut even, &odd); // first round: one zero byte
        if len & 1 != 0 {
            crc = gf2_times(&even, crc);
        }
        len >>= 1;
        if len == 0 {
            break;
        }
        gf2_square(&mut odd, &even);
        if len & 1 != 0 {
            crc = gf2_times(&odd, crc);
        }
        len >>= 1;
    }
    !crc
}

// ---------------------------------------------------------------------------
// The fake GitHub GraphQL API

/// Repositories the fake knows, by lower-cased `owner/name`:
/// `(nameWithOwner, isArchived)`.
const REPOS: &[(&str, &str, bool)] = &[
    ("alive/repo", "alive/repo", false),
    ("old/name", "new/name", false),
    ("new/name", "new/name", false),
    ("old/archive", "old/archive", true),
];

/// Answers a GraphQL query like GitHub's API: aliased
/// `repository(owner:, name:)` fields (missing ones are `null` with a
/// `NOT_FOUND` error) with what listlint asks of them, and
/// `repositoryOwner(login:)` fields (`null` when unknown). Requires
/// `Authorization: bearer <token>`.
fn graphql(req: &Req) -> Answer {
    let json = |status: u16, v: serde_json::Value| full(status, "application/json", v.to_string());
    let auth_ok = req.header("authorization").is_some_and(|v| {
        let v = v.trim();
        v.len() > 7 && v[..7].eq_ignore_ascii_case("bearer ") && !v[7..].trim().is_empty()
    });
    if !auth_ok {
        return json(
            401,
            serde_json::json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/graphql"}),
        );
    }
    let query = serde_json::from_slice::<serde_json::Value>(&req.body)
        .ok()
        .and_then(|v| v.get("query").and_then(|q| q.as_str()).map(str::to_owned));
    let Some(query) = query else {
        return json(400, serde_json::json!({"message": "Problems parsing JSON"}));
    };
    let Some(fields) = gql::parse(&query) else {
        return json(
            200,
            serde_json::json!({"errors": [{"message": "Parse error"}]}),
        );
    };
    let mut data = serde_json::Map::new();
    let mut errors = Vec::new();
    for f in &fields {
        let value = match f.name.as_str() {
            "repository" => {
                let (owner, name) = (f.arg("owner"), f.arg("name"));
                let key = format!("{owner}/{name}").to_lowercase();
                match REPOS.iter().find(|(k, _, _)| *k == key) {
                    Some((_, full_name, archived)) => repository(f, full_name, *archived),
                    None => {
                        errors.push(serde_json::json!({
                            "type": "NOT_FOUND",
                            "path": [f.alias],
                            "locations": [{"line": 1, "column": 1}],
                            "message": format!("Could not resolve to a Repository with the name '{owner}/{name}'."),
                        }));
                        serde_json::Value::Null
                    }
                }
            }
            "repositoryOwner" => {
                let login = f.arg("login");
                match OWNERS.iter().find(|o| o.eq_ignore_ascii_case(&login)) {
                    Some(o) => {
                        serde_json::json!({"login": o, "url": format!("https://github.com/{o}")})
                    }
                    None => serde_json::Value::Null,
                }
            }
            _ => serde_json::Value::Null,
        };
        data.insert(f.alias.clone(), value);
    }
    let mut answer = serde_json::json!({ "data": data });
    if !errors.is_empty() {
        answer["errors"] = serde_json::Value::Array(errors);
    }
    json(200, answer)
}

/// Users and organisations the fake knows.
pub const OWNERS: &[&str] = &["alive", "some-org"];

/// Gists the fake REST API knows (with a token).
pub const GISTS: &[&str] = &["0123abcd"];

/// What the fake repositories hold (all of them the same): files and
/// directories at a ref as `REF:PATH` expressions, commits, issues and
/// pull requests, releases with their assets, tags.
const OBJECTS: &[&str] = &[
    "main:",
    "main:README.md",
    "main:docs",
    "main:docs/guide.md",
    "feature/x:src/lib.rs",
    "abcdef1234567",
];
const ISSUES: &[u64] = &[1, 2];
const RELEASES: &[(&str, &[&str])] = &[("v1.0", &["tool.tar.gz"])];
const TAGS: &[&str] = &["v1.0", "v0.9"];

/// The fields of a repository a query asks for.
fn repository(f: &gql::Field, full_name: &str, archived: bool) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for sub in &f.selections {
        let v = match sub.name.as_str() {
            "nameWithOwner" => serde_json::json!(full_name),
            "isArchived" => serde_json::json!(archived),
            "url" => serde_json::json!(format!("https://github.com/{full_name}")),
            "object" => {
                let expr = sub.arg("expression");
                match OBJECTS.iter().find(|o| **o == expr) {
                    Some(o) if o.ends_with(':') || o.ends_with("docs") => {
                        serde_json::json!({"__typename": "Tree"})
                    }
                    Some(o) if !o.contains(':') => serde_json::json!({"__typename": "Commit"}),
                    Some(_) => serde_json::json!({"__typename": "Blob"}),
                    None => serde_json::Value::Null,
                }
            }
            "issueOrPullRequest" => {
                let n: u64 = sub.arg("number").parse().unwrap_or(0);
                match n {
                    1 => serde_json::json!({"__typename": "Issue"}),
                    2 => serde_json::json!({"__typename": "PullRequest"}),
                    _ if ISSUES.contains(&n) => serde_json::json!({"__typename": "Issue"}),
                    _ => serde_json::Value::Null,
                }
            }
            "release" => match RELEASES.iter().find(|(t, _)| *t == sub.arg("tagName")) {
                Some((tag, assets)) => {
                    let mut rel = serde_json::Map::new();
                    for s in &sub.selections {
                        match s.name.as_str() {
                            "tagName" => {
                                rel.insert(s.alias.clone(), serde_json::json!(tag));
                            }
                            "releaseAssets" => {
                                let want = s.arg("name");
                                let nodes: Vec<_> = assets
                                    .iter()
                                    .filter(|a| want.is_empty() || **a == want)
                                    .map(|a| serde_json::json!({"name": a}))
                                    .collect();
                                rel.insert(s.alias.clone(), serde_json::json!({"nodes": nodes}));
                            }
                            _ => {}
                        }
                    }
                    serde_json::Value::Object(rel)
                }
                None => serde_json::Value::Null,
            },
            "ref" => {
                let q = sub.arg("qualifiedName");
                match q.strip_prefix("refs/tags/").filter(|t| TAGS.contains(t)) {
                    Some(t) => serde_json::json!({"name": t}),
                    None => serde_json::Value::Null,
                }
            }
            _ => serde_json::Value::Null,
        };
        out.insert(sub.alias.clone(), v);
    }
    serde_json::Value::Object(out)
}

/// Just enough GraphQL to read the queries listlint sends: fields with an
/// alias, arguments (strings and integers) and selection sets.
pub mod gql {
    #[derive(Debug)]
    pub struct Field {
        pub alias: String,
        pub name: String,
        pub args: Vec<(String, String)>,
        pub selections: Vec<Field>,
    }

    impl Field {
        /// An argument's value, or "" when it is not given.
        pub fn arg(&self, name: &str) -> String {
            self.args
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        }
    }

    #[derive(Debug, PartialEq)]
    enum Tok {
        Name(String),
        Str(String),
        Punct(char),
    }

    fn tokens(q: &str) -> Option<Vec<Tok>> {
        let mut out = Vec::new();
        let mut it = q.char_indices().peekable();
        while let Some(&(i, c)) = it.peek() {
            if c.is_whitespace() || c == ',' {
                it.next();
            } else if "{}():".contains(c) {
                out.push(Tok::Punct(c));
                it.next();
            } else if c == '"' {
                // A JSON string literal: find its end, let serde decode it.
                let mut end = None;
                let mut escaped = false;
                it.next();
                for (j, d) in it.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == '"' {
                        end = Some(j);
                        break;
                    }
                }
                let s: String = serde_json::from_str(&q[i..=end?]).ok()?;
                out.push(Tok::Str(s));
            } else if c.is_ascii_alphanumeric() || c == '_' {
                let mut s = String::new();
                while let Some(&(_, d)) = it.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        s.push(d);
                        it.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Name(s));
            } else {
                return None;
            }
        }
        Some(out)
    }

    /// The top-level fields of `query { … }` (or `{ … }`).
    pub fn parse(q: &str) -> Option<Vec<Field>> {
        let toks = tokens(q)?;
        let mut i = 0;
        if toks.first() == Some(&Tok::Name("query".into())) {
            i = 1;
        }
        let fields = set(&toks, &mut i)?;
        (i == toks.len()).then_some(fields)
    }

    fn set(t: &[Tok], i: &mut usize) -> Option<Vec<Field>> {
        if t.get(*i) != Some(&Tok::Punct('{')) {
            return None;
        }
        *i += 1;
        let mut fields = Vec::new();
        loop {
            match t.get(*i)? {
                Tok::Punct('}') => {
                    *i += 1;
                    return Some(fields);
                }
                Tok::Name(first) => {
                    *i += 1;
                    let (alias, name) = if t.get(*i) == Some(&Tok::Punct(':')) {
                        *i += 1;
                        match t.get(*i)? {
                            Tok::Name(n) => {
                                *i += 1;
                                (first.clone(), n.clone())
                            }
                            _ => return None,
                        }
                    } else {
                        (first.clone(), first.clone())
                    };
                    let mut args = Vec::new();
                    if t.get(*i) == Some(&Tok::Punct('(')) {
                        *i += 1;
                        while t.get(*i)? != &Tok::Punct(')') {
                            let Tok::Name(k) = t.get(*i)? else {
                                return None;
                            };
                            if t.get(*i + 1)? != &Tok::Punct(':') {
                                return None;
                            }
                            let v = match t.get(*i + 2)? {
                                Tok::Name(v) | Tok::Str(v) => v.clone(),
                                Tok::Punct(_) => return None,
                            };
                            args.push((k.clone(), v));
                            *i += 3;
                        }
                        *i += 1;
                    }
                    let selections = if t.get(*i) == Some(&Tok::Punct('{')) {
                        set(t, i)?
                    } else {
                        Vec::new()
                    };
                    fields.push(Field {
                        alias,
                        name,
                        args,
                        selections,
                    });
                }
                _ => return None,
            }
        }
    }
}

/// `(alias, owner, name)` of every `alias: repository(owner: "…", name: "…")`
/// field in a query (the two arguments in either order).
pub fn graphql_repos(query: &str) -> Vec<(String, String, String)> {
    static FIELD: OnceLock<regex::Regex> = OnceLock::new();
    static OWNER: OnceLock<regex::Regex> = OnceLock::new();
    static NAME: OnceLock<regex::Regex> = OnceLock::new();
    let field = FIELD.get_or_init(|| {
        regex::Regex::new(r"([A-Za-z_][A-Za-z0-9_]*)\s*:\s*repository\s*\(([^)]*)\)").unwrap()
    });
    let owner = OWNER.get_or_init(|| regex::Regex::new(r#"\bowner\s*:\s*"([^"]*)""#).unwrap());
    let name = NAME.get_or_init(|| regex::Regex::new(r#"\bname\s*:\s*"([^"]*)""#).unwrap());
    field
        .captures_iter(query)
        .filter_map(|c| {
            let args = c.get(2)?.as_str();
            Some((
                c[1].to_owned(),
                owner.captures(args)?[1].to_owned(),
                name.captures(args)?[1].to_owned(),
            ))
        })
        .collect()
}

/// A repository of the fake REST API: lower-cased `owner/name`,
/// description, topics, age in days, licence SPDX id.
type RestRepo = (
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
    u64,
    Option<&'static str>,
);

/// Repositories the fake REST API knows.
const REST_REPOS: &[RestRepo] = &[
    (
        "awesome/good",
        Some("A curated list of good things."),
        &["awesome", "awesome-list", "rust"],
        400,
        Some("CC0-1.0"),
    ),
    ("awesome/bare", None, &["awesome"], 10, None),
    (
        "awesome/young",
        Some("A young list."),
        &["awesome", "awesome-list"],
        29,
        Some("MIT"),
    ),
];

/// Answers `GET /repos/<owner>/<name>` like GitHub's REST API, with the
/// fields awesome-lint reads (`description`, `topics`, `created_at`,
/// `license`); 404 `Not Found` for a repository it does not know. A token
/// is optional, as on GitHub; `bearer bad` is refused with 401.
fn rest_repo(req: &Req, rest: &str) -> Answer {
    let json = |status: u16, v: serde_json::Value| full(status, "application/json", v.to_string());
    if req.method != "GET" {
        return json(404, serde_json::json!({"message": "Not Found"}));
    }
    if req
        .header("authorization")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("bearer bad"))
    {
        return json(401, serde_json::json!({"message": "Bad credentials"}));
    }
    let key = rest.trim_matches('/').to_lowercase();
    let Some((full_name, description, topics, days, license)) =
        REST_REPOS.iter().find(|r| r.0 == key)
    else {
        return json(404, serde_json::json!({"message": "Not Found"}));
    };
    let now = unix_now();
    json(
        200,
        serde_json::json!({
            "full_name": full_name,
            "description": description,
            "topics": topics,
            // Half a day more than the whole days: the run may have read
            // its clock a second before this answer, and must still count
            // the same number of days.
            "created_at": iso_timestamp(now - days * 86_400 - 43_200),
            "license": license.map(|id| serde_json::json!({"spdx_id": id})),
        }),
    )
}

/// `2020-01-31T12:34:56Z` for seconds since the Unix epoch.
pub fn iso_timestamp(secs: u64) -> String {
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `Fri, 31 Jan 2020 12:34:56 GMT` (the HTTP-date of RFC 9110) for seconds
/// since the Unix epoch.
pub fn http_date(secs: u64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs / 86_400;
    let (y, m, d) = civil_from_days(days as i64);
    let rem = secs % 86_400;
    format!(
        "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[(days % 7) as usize],
        MONTHS[(m - 1) as usize],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs()
}

/// Year, month and day of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}
