//! End-to-end tests of `listlint check --links` (network link checking).
//!
//! Every test runs the built binary in a temporary directory against the
//! std-only HTTP server of `support/server.rs`, which listens on
//! `127.0.0.1` (ephemeral ports) only: two servers are two hosts. The tests
//! assert what listlint reports (`--format json`: `links` and
//! `diagnostics`), its exit code, and what the server saw (request counts,
//! methods, headers, timing, concurrency, bytes sent). Every run has a
//! wall-clock limit. The `server_*` tests check the server itself and need
//! no listlint.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::json::{diagnostics, errors};
use crate::support::server::{self, Server, max_overlap, percent_encode};
use crate::support::{Dir, Run};

const MIB: u64 = 1024 * 1024;

// ---------------------------------------------------------------------------
// Running listlint

/// A temporary directory holding the documents and `listlint.toml`.
struct Work {
    dir: Dir,
}

impl Work {
    fn new() -> Work {
        Work { dir: Dir::new() }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) {
        self.dir.write(rel, text);
    }

    fn config(&self, config: &Config) {
        self.write("listlint.toml", &config.render());
    }

    /// Runs listlint with `args` and extra environment variables; no cache
    /// outside the temporary directory.
    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self
            .dir
            .listlint()
            .args(args)
            .env("HOME", self.path())
            .env("XDG_CACHE_HOME", self.path().join(".xdg-cache"));
        for (k, v) in env {
            cmd = cmd.env(k, v);
        }
        cmd.run()
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// `listlint check --links --format json --config listlint.toml
    /// [extra...] FILES...`
    fn check_with(&self, extra: &[&str], files: &[&str]) -> Run {
        self.run(&check_args(extra, files))
    }

    fn check(&self, files: &[&str]) -> Run {
        self.check_with(&[], files)
    }

    /// `listlint fix --links --unsafe-fixes --format json --config
    /// listlint.toml FILES...`
    fn fix_unsafe(&self, files: &[&str]) -> Run {
        let mut args = vec![
            "fix",
            "--links",
            "--unsafe-fixes",
            "--format",
            "json",
            "--config",
            "listlint.toml",
        ];
        args.extend_from_slice(files);
        self.run(&args)
    }
}

/// The arguments of `listlint check --links --format json --config
/// listlint.toml [extra...] FILES...`.
fn check_args<'a>(extra: &[&'a str], files: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "check",
        "--links",
        "--format",
        "json",
        "--config",
        "listlint.toml",
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(files);
    args
}

/// Lets server threads record anything still in flight before asserting
/// that nothing arrived.
fn settle() {
    thread::sleep(Duration::from_millis(300));
}

// ---------------------------------------------------------------------------
// Config and documents

/// A `listlint.toml` with a `[links]` table suitable for tests (loopback
/// allowed, short timeout, one retry, no host interval) and extra tables.
struct Config {
    links: Vec<(String, String)>,
    tables: String,
}

fn config() -> Config {
    Config {
        links: vec![
            ("allow-private".into(), "true".into()),
            ("timeout".into(), "\"2s\"".into()),
            ("retries".into(), "1".into()),
            ("host-interval".into(), "\"0ms\"".into()),
            // The archive is a local fake in the tests that want it.
            ("archive".into(), "{ enabled = false }".into()),
        ],
        tables: String::new(),
    }
}

impl Config {
    /// Sets a `[links]` key to a TOML value (`"\"1s\""`, `"2"`, `"[403]"`).
    fn set(mut self, key: &str, value: &str) -> Config {
        match self.links.iter_mut().find(|(k, _)| k == key) {
            Some(kv) => kv.1 = value.to_owned(),
            None => self.links.push((key.to_owned(), value.to_owned())),
        }
        self
    }

    fn unset(mut self, key: &str) -> Config {
        self.links.retain(|(k, _)| k != key);
        self
    }

    /// Appends TOML tables after `[links]`.
    fn tables(mut self, text: &str) -> Config {
        self.tables.push_str(text);
        self.tables.push('\n');
        self
    }

    fn render(&self) -> String {
        let mut s = String::from("[links]\n");
        for (k, v) in &self.links {
            s.push_str(&format!("{k} = {v}\n"));
        }
        s.push('\n');
        s.push_str(&self.tables);
        s
    }
}

/// A Markdown document citing each URL in a paragraph of its own: URL `i`
/// is on line [`line_of`]`(i)`.
fn doc(urls: &[&str]) -> String {
    let mut s = String::from("# Links\n");
    for (i, u) in urls.iter().enumerate() {
        s.push_str(&format!("\nLink [number {i}]({u}).\n"));
    }
    s
}

fn line_of(i: usize) -> u64 {
    3 + 2 * i as u64
}

// ---------------------------------------------------------------------------
// Reading the JSON report

fn links(json: &Value) -> Vec<Value> {
    match json.get("links") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => v.as_array().expect("`links` is an array").clone(),
    }
}

/// The `links` entry whose `url` is `url` (which has no fragment).
fn link(json: &Value, url: &str) -> Value {
    links(json)
        .into_iter()
        .find(|l| l["url"] == url)
        .unwrap_or_else(|| {
            panic!(
                "no `links` entry for {url}:\n{}",
                serde_json::to_string_pretty(json).unwrap()
            )
        })
}

fn status(json: &Value, url: &str) -> String {
    link(json, url)["status"]
        .as_str()
        .unwrap_or_else(|| panic!("`status` of {url} is not a string"))
        .to_owned()
}

/// The diagnostics of `rule`.
fn diags(json: &Value, rule: &str) -> Vec<Value> {
    diagnostics(json)
        .iter()
        .filter(|d| d["rule"] == rule)
        .cloned()
        .collect()
}

fn strip_fragment(url: &str) -> &str {
    url.split('#').next().unwrap()
}

/// The diagnostics of `rule` about `url`: same URL without the fragment;
/// when `url` has a fragment, the diagnostic's URL has the same one or its
/// message names it.
fn diags_for(json: &Value, rule: &str, url: &str) -> Vec<Value> {
    let fragment = url.split_once('#').map(|(_, f)| f);
    diags(json, rule)
        .into_iter()
        .filter(|d| {
            let Some(du) = d["url"].as_str() else {
                return false;
            };
            if strip_fragment(du) != strip_fragment(url) {
                return false;
            }
            match (fragment, du.split_once('#')) {
                (None, _) => true,
                (Some(f), Some((_, df))) => df == f,
                (Some(f), None) => d["message"].as_str().is_some_and(|m| m.contains(f)),
            }
        })
        .collect()
}

fn pretty(json: &Value) -> String {
    serde_json::to_string_pretty(json).unwrap()
}

// ---------------------------------------------------------------------------
// The server itself (no listlint needed)

/// Sends a raw request and reads the answer to the end (bounded).
fn raw(port: u16, request: &str) -> (u16, String, Vec<u8>) {
    raw_limited(port, request, usize::MAX)
}

/// Like [`raw`], but stops after `limit` bytes of the whole answer.
fn raw_limited(port: u16, request: &str, limit: usize) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect to the test server");
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut data = Vec::new();
    let mut buf = [0u8; 65536];
    let deadline = Instant::now() + Duration::from_secs(10);
    while data.len() < limit && Instant::now() < deadline {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => data.extend_from_slice(&buf[..n]),
            Err(e) => panic!("reading the answer: {e}"),
        }
    }
    let end = data
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8_lossy(&data[..end]).into_owned();
    let code = head.split(' ').nth(1).unwrap().parse().unwrap();
    (code, head, data[end + 4..].to_vec())
}

fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n")
}

fn head_req(path: &str) -> String {
    format!("HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
}

fn header_value(head: &str, name: &str) -> Option<String> {
    head.lines().skip(1).find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}

#[test]
fn server_basic_routes() {
    let s = Server::start();
    let (code, head, body) = raw(s.port(), &get("/ok/x"));
    assert_eq!(code, 200);
    assert_eq!(body, b"ok\n");
    assert_eq!(header_value(&head, "connection").as_deref(), Some("close"));
    assert_eq!(raw(s.port(), &get("/okay")).0, 404);
    assert_eq!(raw(s.port(), &get("/status/410/x")).0, 410);
    assert_eq!(raw(s.port(), &get("/status/999")).0, 999);
    let (code, _, body) = raw(s.port(), &head_req("/status/404"));
    assert_eq!((code, body.len()), (404, 0), "HEAD has no body");
    assert_eq!(raw(s.port(), &head_req("/head-405/a")).0, 405);
    assert_eq!(raw(s.port(), &get("/head-405/a")).0, 200);
    assert_eq!(raw(s.port(), &get("/bot")).0, 403);
    let browser = "GET /bot HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0 listlint\r\n\r\n";
    assert_eq!(raw(s.port(), browser).0, 200);
    let (code, head, _) = raw(s.port(), &get("/auth/x"));
    assert_eq!(code, 401);
    assert_eq!(
        header_value(&head, "www-authenticate").as_deref(),
        Some("Bearer")
    );
    let authed = "GET /auth/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer abc\r\n\r\n";
    assert_eq!(raw(s.port(), authed).0, 200);
    let (code, _, body) = raw(s.port(), &get("/html"));
    assert_eq!(code, 200);
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("id=\"intro\"") && html.contains("id=\"caf\u{e9}\""));
    assert!(html.contains("name=\"legacy\"") && !html.contains("missing"));
    assert_eq!(raw(s.port(), &get("/html/sub")).0, 404);
    let (code, _, body) = raw(s.port(), &get("/soft-host/r4nd0m"));
    assert_eq!(code, 200);
    assert!(String::from_utf8(body).unwrap().contains("Page not found"));
    assert_eq!(raw(s.port(), &get("/nothing-here")).0, 404);

    let reqs = s.requests();
    assert_eq!(reqs.len(), 15);
    assert_eq!(reqs[0].method, "GET");
    assert_eq!(reqs[0].path, "/ok/x");
    assert_eq!(reqs[0].header("user-agent"), Some("test"));
    assert_eq!(s.count("/head-405/a"), 2);
    assert_eq!(s.count_method("HEAD", "/head-405/a"), 1);
    assert!(s.bytes_sent("/ok/x") > 3);
}

#[test]
fn server_redirects_are_absolute_chains() {
    let s = Server::start();
    let (code, head, _) = raw(s.port(), &head_req("/redirect/301/2/x?q=1"));
    assert_eq!(code, 301);
    assert_eq!(
        header_value(&head, "location"),
        Some(s.url("/redirect/301/1/x?q=1"))
    );
    let (code, head, _) = raw(s.port(), &get("/redirect/308/1"));
    assert_eq!(code, 308);
    assert_eq!(header_value(&head, "location"), Some(s.url("/ok")));
    let target = s.url("/ok/after");
    let path = format!("/redirect-to?url={}&code=307", percent_encode(&target));
    let (code, head, _) = raw(s.port(), &get(&path));
    assert_eq!(code, 307);
    assert_eq!(header_value(&head, "location"), Some(target));
    let (code, head, _) = raw(s.port(), &get("/loop"));
    assert_eq!(code, 302);
    assert_eq!(header_value(&head, "location"), Some(s.url("/loop")));
    assert_eq!(s.count(&path), 1);
}

#[test]
fn server_retry_after_and_flaky_answer_once_then_ok() {
    let s = Server::start();
    let (code, head, _) = raw(s.port(), &get("/retry-after/1/a"));
    assert_eq!(code, 429);
    assert_eq!(header_value(&head, "retry-after").as_deref(), Some("1"));
    assert_eq!(raw(s.port(), &get("/retry-after/1/a")).0, 200);
    assert_eq!(raw(s.port(), &get("/retry-after/1/b")).0, 429, "per path");
    assert_eq!(raw(s.port(), &get("/flaky-503")).0, 503);
    assert_eq!(raw(s.port(), &get("/flaky-503")).0, 200);
    let reqs = s.requests_to("/retry-after/1/a");
    assert!(reqs[1].arrived > reqs[0].arrived);

    let (code, head, _) = raw(s.port(), &get("/retry-after-date/30"));
    assert_eq!(code, 429);
    let date = header_value(&head, "retry-after").unwrap();
    let when = httpdate::parse_http_date(&date).expect("an HTTP-date");
    let ahead = when.duration_since(std::time::SystemTime::now()).unwrap();
    assert!(
        (Duration::from_secs(28)..=Duration::from_secs(30)).contains(&ahead),
        "{date}: {ahead:?} ahead"
    );
    assert_eq!(raw(s.port(), &get("/retry-after-date/30")).0, 200);
}

#[test]
fn server_http_dates_are_rfc_9110() {
    assert_eq!(server::http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(
        server::http_date(1_580_474_096),
        "Fri, 31 Jan 2020 12:34:56 GMT"
    );
    assert_eq!(
        server::http_date(951_825_600),
        "Tue, 29 Feb 2000 12:00:00 GMT"
    );
}

#[test]
fn server_counts_requests_in_flight() {
    let s = Server::start();
    let t0 = Instant::now();
    let handles: Vec<_> = (0..3)
        .map(|i| {
            let port = s.port();
            thread::spawn(move || raw(port, &get(&format!("/slow/{i}"))).0)
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 200);
    }
    assert!(t0.elapsed() >= server::SLOW);
    assert_eq!(s.max_in_flight("/slow/"), 3);
    // One after the other: never more than one.
    let s2 = Server::start();
    raw(s2.port(), &get("/slow/a"));
    raw(s2.port(), &get("/slow/b"));
    assert_eq!(s2.max_in_flight("/slow/"), 1);
    let mut both = s.intervals("/slow/");
    both.extend(s2.intervals("/slow/"));
    assert_eq!(max_overlap(&both), 3);
    assert_eq!(s2.max_in_flight("/nothing"), 0);
}

#[test]
fn server_hang_and_drip_end_when_the_client_leaves() {
    let s = Server::start();
    let mut c = TcpStream::connect(("127.0.0.1", s.port())).unwrap();
    c.write_all(get("/hang").as_bytes()).unwrap();
    c.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = [0u8; 16];
    assert!(c.read(&mut buf).is_err(), "/hang answers nothing");
    drop(c);

    let mut c = TcpStream::connect(("127.0.0.1", s.port())).unwrap();
    c.write_all(get("/drip").as_bytes()).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    let mut got = Vec::new();
    let t0 = Instant::now();
    while !got.windows(4).any(|w| w == b"\r\n\r\n") || t0.elapsed() < Duration::from_millis(1500) {
        let n = c.read(&mut buf).unwrap();
        assert!(n > 0);
        got.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&got).into_owned();
    assert!(text.starts_with("HTTP/1.1 200"));
    assert!(text.contains("Content-Length: 600"));
    let body = &text[text.find("\r\n\r\n").unwrap() + 4..];
    assert!(
        (1..=3).contains(&body.len()),
        "one byte per second, got {body:?}"
    );
    drop(c);
    // Both handlers notice the client left (hang: EOF; drip: write error).
    let deadline = Instant::now() + Duration::from_secs(8);
    while s.requests().iter().any(|r| r.done.is_none()) {
        assert!(
            Instant::now() < deadline,
            "stalled handlers did not end after the client left"
        );
        thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn server_big_stops_when_the_client_leaves() {
    let s = Server::start();
    let (code, head, body) = raw_limited(s.port(), &get("/big"), 1 << 20);
    assert_eq!(code, 200);
    assert_eq!(
        header_value(&head, "content-length"),
        Some(server::BIG_LEN.to_string())
    );
    assert!(body.starts_with(b"<!doctype html>"));
    let deadline = Instant::now() + Duration::from_secs(8);
    while s.requests()[0].done.is_none() {
        assert!(Instant::now() < deadline, "/big kept writing");
        thread::sleep(Duration::from_millis(50));
    }
    let sent = s.bytes_sent("/big");
    assert!(sent >= 1 << 20, "counted {sent}");
    assert!(sent < 64 * MIB, "stopped early: {sent}");
}

#[test]
fn server_crc32_of_zeros_matches_the_bitwise_crc() {
    assert_eq!(server::crc32(b""), 0);
    assert_eq!(server::crc32(b"123456789"), 0xCBF4_3926);
    for n in [0usize, 1, 2, 3, 7, 8, 255, 256, 1000, 4097, 65537] {
        assert_eq!(
            server::crc32_zeros(n as u64),
            server::crc32(&vec![0; n]),
            "{n} zeros"
        );
    }
}

#[test]
fn server_gzip_bomb_is_a_gzip_stream_of_zeros() {
    // A small member built the same way: header, one fixed-Huffman block,
    // CRC-32 and size of 1 + 258 * 100 zeros.
    let small = server::gzip_zeros(100);
    assert_eq!(&small[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    assert_eq!(small[10] & 0b111, 0b011, "BFINAL = 1, BTYPE = 01");
    let n = small.len();
    assert_eq!(
        u32::from_le_bytes(small[n - 4..].try_into().unwrap()),
        1 + 258 * 100
    );
    assert_eq!(
        u32::from_le_bytes(small[n - 8..n - 4].try_into().unwrap()),
        server::crc32(&vec![0; 1 + 258 * 100])
    );
    // The served bomb: ~1 GiB inflated, a few MiB on the wire.
    let s = Server::start();
    let (code, head, body) = raw_limited(s.port(), &get("/gzip-bomb"), 4096);
    assert_eq!(code, 200);
    assert_eq!(
        header_value(&head, "content-encoding").as_deref(),
        Some("gzip")
    );
    let len: usize = header_value(&head, "content-length")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(len, server::gzip_bomb().len());
    assert!(len < 8 * MIB as usize, "{len} bytes on the wire");
    const { assert!(server::BOMB_INFLATED >= 1000 * MIB) };
    assert_eq!(&body[..3], &[0x1f, 0x8b, 8]);
    let bomb = server::gzip_bomb();
    assert_eq!(
        u32::from_le_bytes(bomb[len - 4..].try_into().unwrap()) as u64,
        server::BOMB_INFLATED
    );
    let (code, head, body) = raw(s.port(), &head_req("/gzip-bomb"));
    assert_eq!((code, body.len()), (200, 0));
    assert_eq!(header_value(&head, "content-length"), Some(len.to_string()));
}

#[test]
fn server_graphql_fake_answers_like_github() {
    let s = Server::start();
    let query = r#"query { r0: repository(owner: "alive", name: "repo") { nameWithOwner isArchived url } r1: repository(owner: "gone", name: "repo") { nameWithOwner isArchived url } r2: repository(name: "name", owner: "Old") { nameWithOwner isArchived url } r3: repository(owner: "old", name: "archive") { nameWithOwner isArchived url } }"#;
    let body = serde_json::json!({ "query": query }).to_string();
    let post = |auth: &str| {
        format!(
            "POST /graphql HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    assert_eq!(raw(s.port(), &post("")).0, 401);
    let (code, _, answer) = raw(s.port(), &post("Authorization: bearer t0ken\r\n"));
    assert_eq!(code, 200);
    let v: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(v["data"]["r0"]["nameWithOwner"], "alive/repo");
    assert_eq!(v["data"]["r0"]["isArchived"], false);
    assert_eq!(v["data"]["r1"], Value::Null);
    assert_eq!(v["errors"][0]["type"], "NOT_FOUND");
    assert_eq!(v["errors"][0]["path"][0], "r1");
    assert_eq!(v["data"]["r2"]["nameWithOwner"], "new/name");
    assert_eq!(v["data"]["r2"]["url"], "https://github.com/new/name");
    assert_eq!(v["data"]["r3"]["isArchived"], true);
    let reqs = s.requests();
    assert_eq!(reqs[1].body, body.as_bytes());
    // Chunked request bodies are read too.
    let chunked = format!(
        "POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    );
    let (code, _, answer) = raw(s.port(), &chunked);
    assert_eq!(code, 200);
    let v: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(v["data"]["r0"]["nameWithOwner"], "alive/repo");
}

#[test]
fn server_soft_404_host_answers_every_unknown_path() {
    let s = Server::start_soft_404_host();
    for path in ["/listlint-probe-1234", "/soft-host/x", "/a/b?c=d"] {
        let (code, _, body) = raw(s.port(), &get(path));
        assert_eq!(code, 200, "{path}");
        assert!(String::from_utf8(body).unwrap().contains("Page not found"));
    }
    assert_eq!(
        raw(s.port(), &get("/status/404")).0,
        404,
        "routes still work"
    );
}

#[test]
fn server_stops_accepting_when_dropped() {
    let s = Server::start();
    let port = s.port();
    assert_eq!(raw(port, &get("/ok")).0, 200);
    drop(s);
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the listener is closed"
    );
}

// ---------------------------------------------------------------------------
// listlint check --links

/// One request per unique URL (fragment dropped, scheme lower-cased) over
/// all citations and files; one `links` entry per URL with every location.
#[test]
fn links_dedup_one_request_per_unique_url() {
    let s = Server::start();
    let w = Work::new();
    let dup = s.url("/ok/dup");
    let upper = dup.replacen("http://", "HTTP://", 1);
    let slash = s.url("/ok/dup/");
    let a = [
        dup.clone(),
        dup.clone(),
        format!("{dup}#a"),
        dup.clone(),
        upper,
        format!("{dup}#b"),
        dup.clone(),
        slash.clone(),
    ];
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    w.write("a.md", &doc(&a));
    w.write("b.md", &doc(&[&dup]));
    w.config(&config());
    let run = w.check(&["a.md", "b.md"]);
    run.assert_code(0);
    let json = run.json();
    assert_eq!(json["files"], 2);

    assert_eq!(s.count("/ok/dup"), 1, "{:#?}", s.requests());
    assert_eq!(s.count("/ok/dup/"), 1, "{:#?}", s.requests());
    assert_eq!(s.requests().len(), 2, "{:#?}", s.requests());
    for r in s.requests() {
        let ua = r.header("user-agent").unwrap_or("");
        assert!(
            ua.contains("Mozilla/") && ua.contains("listlint"),
            "User-Agent: {ua:?}"
        );
    }

    assert_eq!(links(&json).len(), 2, "{}", pretty(&json));
    let entry = link(&json, &dup);
    assert_eq!(entry["status"], "ok");
    assert_eq!(entry["http_status"], 200);
    assert_eq!(entry["cached"], false);
    assert!(entry["duration_ms"].is_u64(), "{entry}");
    let locations: BTreeSet<(String, u64)> = entry["locations"]
        .as_array()
        .expect("`locations` array")
        .iter()
        .map(|l| {
            assert!(l["column"].as_u64().is_some_and(|c| c >= 1), "{l}");
            (
                l["path"].as_str().unwrap().to_owned(),
                l["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut expected: BTreeSet<(String, u64)> =
        (0..7).map(|i| ("a.md".to_owned(), line_of(i))).collect();
    expected.insert(("b.md".to_owned(), line_of(0)));
    assert_eq!(locations, expected, "{}", pretty(&json));
    assert_eq!(entry["locations"].as_array().unwrap().len(), 8);

    let entry = link(&json, &slash);
    assert_eq!(entry["status"], "ok");
    assert_eq!(entry["locations"].as_array().unwrap().len(), 1);
    assert_eq!(entry["locations"][0]["path"], "a.md");
    assert_eq!(entry["locations"][0]["line"], line_of(7));
}

/// 404/410 dead, 401/403 blocked, a browser-only page ok, config exclude,
/// unsupported scheme.
#[test]
fn links_statuses_dead_blocked_ok_excluded_skipped() {
    let s = Server::start();
    let w = Work::new();
    let (s404, s410, s403) = (
        s.url("/status/404"),
        s.url("/status/410"),
        s.url("/status/403"),
    );
    let (auth, bot, excluded) = (
        s.url("/auth/a"),
        s.url("/bot/a"),
        s.url("/ok/excluded-by-config"),
    );
    let mail = "mailto:x@y.z";
    w.write(
        "a.md",
        &doc(&[&s404, &s410, &s403, &auth, &bot, &excluded, mail]),
    );
    w.config(&config().set("exclude", "['excluded-by-config']"));
    let run = w.check(&["a.md"]);
    run.assert_code(1);
    let json = run.json();
    let j = pretty(&json);

    assert_eq!(status(&json, &s404), "dead", "{j}");
    assert_eq!(link(&json, &s404)["http_status"], 404, "{j}");
    assert_eq!(status(&json, &s410), "dead", "{j}");
    assert_eq!(status(&json, &s403), "blocked", "{j}");
    assert_eq!(link(&json, &s403)["http_status"], 403, "{j}");
    assert_eq!(status(&json, &auth), "blocked", "{j}");
    assert_eq!(link(&json, &auth)["http_status"], 401, "{j}");
    assert_eq!(status(&json, &bot), "ok", "the User-Agent passes: {j}");
    assert_eq!(status(&json, &excluded), "excluded", "{j}");
    assert_eq!(status(&json, mail), "skipped", "{j}");

    for url in [&s404, &s410] {
        let d = diags_for(&json, "dead-link", url);
        assert_eq!(d.len(), 1, "one dead-link for {url}: {j}");
        assert_eq!(d[0]["severity"], "error");
        assert_eq!(d[0]["path"], "a.md");
    }
    assert_eq!(diags_for(&json, "dead-link", &s404)[0]["line"], line_of(0));
    assert_eq!(diags(&json, "dead-link").len(), 2, "{j}");
    for url in [&s403, &auth] {
        let d = diags_for(&json, "blocked-link", url);
        assert_eq!(d.len(), 1, "one blocked-link for {url}: {j}");
        assert_eq!(d[0]["severity"], "warning");
    }
    assert_eq!(diags(&json, "blocked-link").len(), 2, "{j}");

    settle();
    assert_eq!(s.count("/ok/excluded-by-config"), 0, "excluded: no request");
    // 404, 410, 401 and 403 are not retried; each URL was asked at most
    // twice (HEAD, then maybe GET).
    for p in ["/status/404", "/status/410", "/status/403", "/auth/a"] {
        assert!((1..=2).contains(&s.count(p)), "{p}: {:#?}", s.requests());
    }
}

/// A blocked link is a warning: alone, it does not fail the run.
#[test]
fn links_blocked_only_exits_zero() {
    let s = Server::start();
    let w = Work::new();
    let (s403, auth) = (s.url("/status/403"), s.url("/auth/b"));
    w.write("a.md", &doc(&[&s403, &auth]));
    w.config(&config());
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    let json = run.json();
    assert_eq!(status(&json, &s403), "blocked");
    assert_eq!(status(&json, &auth), "blocked");
    assert_eq!(diags(&json, "blocked-link").len(), 2, "{}", pretty(&json));
    assert!(diags(&json, "dead-link").is_empty());
}

/// Without `allow-private`, loopback targets are skipped: not one request.
#[test]
fn links_private_target_skipped_without_allow_private() {
    let s = Server::start();
    let w = Work::new();
    let (ok, dead) = (s.url("/ok/private"), s.url("/status/404"));
    w.write("a.md", &doc(&[&ok, &dead]));
    w.config(&config().unset("allow-private"));
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    let json = run.json();
    settle();
    assert!(s.requests().is_empty(), "{:#?}", s.requests());
    assert!(diags(&json, "dead-link").is_empty(), "{}", pretty(&json));
    // `links` may be absent (nothing went over the network); any entry
    // present says `skipped`.
    for l in links(&json) {
        assert_eq!(l["status"], "skipped", "{}", pretty(&json));
    }
    // The same with `allow-private = false` spelled out.
    w.config(&config().set("allow-private", "false"));
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    settle();
    assert!(s.requests().is_empty(), "{:#?}", s.requests());
}

/// One link, one kind of answer: what listlint reports (exit code, the
/// link's status and HTTP status, the rule that reports it) and the
/// requests it made, by method, in order.
struct OneLink {
    /// What the case shows; a failure names it.
    case: &'static str,
    path: &'static str,
    /// `[links]` keys set over [`config`].
    set: &'static [(&'static str, &'static str)],
    /// What listlint reports: its exit code, the link's status and HTTP
    /// status, and the rule that reports it.
    want: (i32, &'static str, u64, Option<&'static str>),
    methods: &'static [&'static str],
}

const ONE_LINK: &[OneLink] = &[
    OneLink {
        case: "HEAD first; GET when HEAD is refused with 405",
        path: "/head-405",
        set: &[],
        want: (0, "ok", 200, None),
        methods: &["HEAD", "GET"],
    },
    OneLink {
        case: "`accept = [403]` makes a 403 ok",
        path: "/status/403",
        set: &[("accept", "[403]")],
        want: (0, "ok", 403, None),
        methods: &["HEAD", "GET"],
    },
    OneLink {
        case: "a 503 is retried: ok after exactly two requests",
        path: "/flaky-503",
        set: &[("retries", "2")],
        want: (0, "ok", 200, None),
        methods: &["HEAD", "HEAD"],
    },
    OneLink {
        case: "a 500 with `retries = 1`: two requests, then dead",
        path: "/status/500",
        set: &[("retries", "1")],
        want: (1, "dead", 500, Some("dead-link")),
        methods: &["HEAD", "HEAD"],
    },
    OneLink {
        case: "a `Retry-After` in seconds beyond the cap (60 s) is not waited for: blocked after one request",
        path: "/retry-after/3600",
        set: &[("retries", "3")],
        want: (0, "blocked", 429, Some("blocked-link")),
        methods: &["HEAD"],
    },
    OneLink {
        case: "a `Retry-After` as an HTTP-date beyond the cap is not waited for either",
        path: "/retry-after-date/3600",
        set: &[("retries", "3")],
        want: (0, "blocked", 429, Some("blocked-link")),
        methods: &["HEAD"],
    },
];

#[test]
fn links_one_link_answers() {
    let s = Server::start();
    for c in ONE_LINK {
        let (code, status, http_status, rule) = c.want;
        let w = Work::new();
        let url = s.url(c.path);
        w.write("a.md", &doc(&[&url]));
        let mut cfg = config();
        for (k, v) in c.set {
            cfg = cfg.set(k, v);
        }
        w.config(&cfg);
        let run = w.check(&["a.md"]);
        assert_eq!(run.code, code, "{}: {run:?}", c.case);
        let json = run.json();
        let j = pretty(&json);
        let entry = link(&json, &url);
        assert_eq!(entry["status"], status, "{}: {j}", c.case);
        assert_eq!(entry["http_status"], http_status, "{}: {j}", c.case);
        let reported: Vec<&str> = diagnostics(&json)
            .iter()
            .filter_map(|d| d["rule"].as_str())
            .collect();
        assert_eq!(reported, Vec::from_iter(rule), "{}: {j}", c.case);
        if let Some(rule) = rule {
            let d = diags_for(&json, rule, &url);
            assert_eq!(d[0]["line"], line_of(0), "{}: {j}", c.case);
        }
        let methods: Vec<String> = s
            .requests_to(c.path)
            .into_iter()
            .map(|r| r.method)
            .collect();
        assert_eq!(methods, c.methods, "{}", c.case);
    }
}

/// The waits one host asks for share one budget (the cap, 60 s): three
/// links that each get `Retry-After: 25` at once are two waits of 25 s
/// (retried, ok) and one that would pass the budget (blocked, not
/// retried). The run takes about 25 s.
#[test]
fn links_retry_after_waits_share_a_budget_per_host() {
    let s = Server::start();
    let w = Work::new();
    let urls: Vec<String> = ["a", "b", "c"]
        .iter()
        .map(|q| s.url(&format!("/retry-after/25?{q}")))
        .collect();
    let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    w.write("a.md", &doc(&refs));
    w.config(&config().set("retries", "2").set("timeout", "\"5s\""));
    let run = w.check(&["a.md"]);
    run.assert_code(0).assert_quiet();
    let json = run.json();
    let statuses: Vec<String> = urls.iter().map(|u| status(&json, u)).collect();
    let ok = statuses.iter().filter(|s| *s == "ok").count();
    let blocked = statuses.iter().filter(|s| *s == "blocked").count();
    assert_eq!((ok, blocked), (2, 1), "{}", pretty(&json));
    let asked = s
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/retry-after/25"))
        .count();
    assert_eq!(asked, 5, "{:#?}", s.requests());
}

/// A 429 is retried no sooner than its `Retry-After` says, in seconds or
/// as an HTTP-date (whole seconds: two seconds ahead is at least one).
#[test]
fn links_retry_after_is_honoured() {
    let s = Server::start();
    for (path, at_least) in [
        ("/retry-after/1", Duration::from_secs(1)),
        ("/retry-after-date/2", Duration::from_secs(1)),
    ] {
        let w = Work::new();
        let url = s.url(path);
        w.write("a.md", &doc(&[&url]));
        w.config(&config().set("retries", "2"));
        let run = w.check(&["a.md"]);
        run.assert_code(0).assert_quiet();
        let json = run.json();
        assert_eq!(status(&json, &url), "ok", "{}", pretty(&json));
        let reqs = s.requests_to(path);
        assert_eq!(reqs.len(), 2, "{reqs:#?}");
        let gap = reqs[1].arrived - reqs[0].arrived;
        assert!(gap >= at_least, "{path}: second request after {gap:?}");
    }
}

/// Permanent redirects are `redirected`, temporary ones `ok`; more than 10
/// redirects and loops are errors.
#[test]
fn links_redirects_permanent_temporary_too_many_and_loop() {
    let s = Server::start();
    let w = Work::new();
    let permanent = s.url("/redirect/301/3");
    let temporary = s.url("/redirect/302/2");
    let too_many = s.url("/redirect/308/12/far");
    let lp = s.url("/loop");
    w.write("a.md", &doc(&[&permanent, &temporary, &too_many, &lp]));
    w.config(&config());
    let run = w.check(&["a.md"]);
    run.assert_code(1);
    let json = run.json();
    let j = pretty(&json);

    let entry = link(&json, &permanent);
    assert_eq!(entry["status"], "redirected", "{j}");
    assert_eq!(entry["final_url"], s.url("/ok"), "{j}");
    let d = diags_for(&json, "redirect", &permanent);
    assert_eq!(d.len(), 1, "{j}");
    assert_eq!(d[0]["severity"], "warning");

    assert_eq!(status(&json, &temporary), "ok", "{j}");
    assert!(diags_for(&json, "redirect", &temporary).is_empty(), "{j}");
    assert_eq!(diags(&json, "redirect").len(), 1, "{j}");

    assert_eq!(status(&json, &too_many), "error", "{j}");
    assert_eq!(diags_for(&json, "dead-link", &too_many).len(), 1, "{j}");
    // Ten redirects followed (the tenth lands on /2), not an eleventh.
    assert!(s.count("/redirect/308/2/far") >= 1, "{:#?}", s.requests());
    assert_eq!(s.count("/redirect/308/1/far"), 0);
    assert_eq!(s.count("/ok/far"), 0);

    assert_eq!(status(&json, &lp), "error", "{j}");
    assert_eq!(diags_for(&json, "dead-link", &lp).len(), 1, "{j}");
    let loops = s.count("/loop");
    assert!((1..=11).contains(&loops), "{loops} requests to /loop");
}

/// A server that never answers: `timeout`, dead-link, bounded run.
#[test]
fn links_hang_times_out() {
    let s = Server::start();
    let w = Work::new();
    let url = s.url("/hang");
    w.write("a.md", &doc(&[&url]));
    w.config(&config().set("timeout", "\"1s\"").set("retries", "1"));
    let run = w.check(&["a.md"]);
    run.assert_code(1);
    assert!(run.elapsed < Duration::from_secs(10), "{run:?}");
    let json = run.json();
    assert_eq!(status(&json, &url), "timeout", "{}", pretty(&json));
    assert_eq!(diags_for(&json, "dead-link", &url).len(), 1);
    assert!((1..=4).contains(&s.count("/hang")), "{:#?}", s.requests());
}

/// A body that comes one byte a second cannot stall the fragment check.
#[test]
fn links_dripping_body_is_bounded() {
    let s = Server::start();
    let w = Work::new();
    let url = s.url("/drip#x");
    let base = s.url("/drip");
    w.write("a.md", &doc(&[&url]));
    w.config(
        &config()
            .set("timeout", "\"1s\"")
            .tables("[rules]\nremote-fragment = \"warning\""),
    );
    let run = w.check(&["a.md"]);
    assert!(run.elapsed < Duration::from_secs(15), "{run:?}");
    run.assert_code(1).assert_quiet();
    let json = run.json();
    assert_eq!(status(&json, &base), "timeout", "{}", pretty(&json));
    let dead = diags_for(&json, "dead-link", &url);
    assert_eq!(dead.len(), 1, "{}", pretty(&json));
    assert_eq!(dead[0]["message"], "dead link: no answer within 1s");
    assert!(s.count("/drip") >= 1);
}

/// `check --links` of one link to `path` (with a fragment) on a page too
/// large to read whole: the run ends quietly with 0, and either the
/// fragment was judged or the page was not ok. The run, to look at how.
fn check_fragment_on_a_huge_page(s: &Server, path: &str, fragment: &str) -> Run {
    let w = Work::new();
    let url = s.url(&format!("{path}#{fragment}"));
    w.write("a.md", &doc(&[&url]));
    w.config(
        &config()
            .set("timeout", "\"5s\"")
            .tables("[rules]\nremote-fragment = \"warning\""),
    );
    let run = w.check(&["a.md"]);
    run.assert_code(0).assert_quiet();
    let json = run.json();
    let verdict = !diags_for(&json, "remote-fragment", &url).is_empty();
    assert!(
        verdict || status(&json, &s.url(path)) != "ok",
        "{}",
        pretty(&json)
    );
    run
}

/// A 1 GiB page is not downloaded to look for a fragment.
#[test]
fn links_huge_body_is_not_downloaded() {
    let s = Server::start();
    let run = check_fragment_on_a_huge_page(&s, "/big", "nothere");
    assert!(run.elapsed < Duration::from_secs(20), "{run:?}");
    let sent = s.bytes_sent("/big");
    eprintln!("/big: {sent} bytes sent, run took {:?}", run.elapsed);
    assert!(sent < 32 * MIB, "{sent} bytes of /big were sent");
    assert!(s.count_method("GET", "/big") >= 1, "{:#?}", s.requests());
}

/// A gzip body that inflates to 1 GiB is not inflated in memory.
#[test]
fn links_gzip_bomb_is_bounded() {
    let s = Server::start();
    server::gzip_bomb(); // built before the clock starts
    let run = check_fragment_on_a_huge_page(&s, "/gzip-bomb", "x");
    assert!(run.elapsed < Duration::from_secs(15), "{run:?}");
    eprintln!(
        "/gzip-bomb: peak RSS {:?} KiB, run took {:?}",
        run.peak_rss_kib, run.elapsed
    );
    if let Some(kib) = run.peak_rss_kib {
        assert!(kib < 256 * 1024, "peak RSS {kib} KiB\n{run:?}");
    }
    assert!(s.count("/gzip-bomb") >= 1);
}

/// A configured Authorization header goes to its host only, never to
/// another host, not even after a redirect.
#[test]
fn links_auth_header_stays_on_its_host() {
    let a = Server::start();
    let b = Server::start();
    let w = Work::new();
    let token = "tok-3f9c1e-listlint-test";
    let scoped = a.url("/auth/scoped");
    let other = b.url("/ok/other");
    let other_auth = b.url("/auth/other");
    let hop = a.url(&format!(
        "/redirect-to?url={}&code=302",
        percent_encode(&b.url("/ok/after"))
    ));
    w.write("a.md", &doc(&[&scoped, &other, &other_auth, &hop]));
    w.config(&config().tables(&format!(
        "[links.headers.\"{}\"]\nAuthorization = \"Bearer ${{LISTLINT_TEST_TOKEN}}\"",
        a.authority()
    )));
    let run = w.run_env(
        &check_args(&[], &["a.md"]),
        &[("LISTLINT_TEST_TOKEN", token)],
    );
    run.assert_code(0);
    let json = run.json();
    let j = pretty(&json);
    assert_eq!(status(&json, &scoped), "ok", "the token was sent: {j}");
    assert_eq!(status(&json, &other), "ok", "{j}");
    assert_eq!(status(&json, &other_auth), "blocked", "{j}");
    assert_eq!(status(&json, &hop), "ok", "a 302 is ok: {j}");

    let expected = format!("Bearer {token}");
    let scoped_reqs = a.requests_to("/auth/scoped");
    assert!(!scoped_reqs.is_empty());
    for r in &scoped_reqs {
        assert_eq!(r.header("authorization"), Some(expected.as_str()), "{r:#?}");
    }
    assert!(b.count("/ok/after") >= 1, "the redirect was followed");
    assert!(b.count("/ok/other") >= 1 && b.count("/auth/other") >= 1);
    for r in b.requests() {
        assert_eq!(r.header("authorization"), None, "leaked to B: {r:#?}");
        assert!(
            !r.headers.iter().any(|(_, v)| v.contains(token)),
            "leaked to B: {r:#?}"
        );
    }
}

/// The cache: ok results reused on the next run, dead ones checked again;
/// `--no-cache` checks everything again.
#[test]
fn links_cache_reuses_ok_results() {
    let s = Server::start();
    let w = Work::new();
    let (one, two, dead) = (s.url("/ok/one"), s.url("/ok/two"), s.url("/status/404"));
    w.write("a.md", &doc(&[&one, &two, &dead]));
    w.config(&config().set("cache", "\"cache.json\""));
    let args = ["--cache", "a.md"];

    let run = w.check(&args);
    run.assert_code(1);
    let json = run.json();
    assert_eq!(status(&json, &one), "ok");
    assert_eq!(link(&json, &one)["cached"], false);
    assert!(w.path().join("cache.json").is_file(), "cache.json written");
    let (n_one, n_two, n_dead) = (
        s.count("/ok/one"),
        s.count("/ok/two"),
        s.count("/status/404"),
    );
    assert!(n_one >= 1 && n_two >= 1 && n_dead >= 1);

    let run = w.check(&args);
    run.assert_code(1);
    let json = run.json();
    let j = pretty(&json);
    for url in [&one, &two] {
        assert_eq!(status(&json, url), "ok", "{j}");
        assert_eq!(link(&json, url)["cached"], true, "{j}");
    }
    assert_eq!(link(&json, &dead)["cached"], false, "{j}");
    assert_eq!(status(&json, &dead), "dead", "{j}");
    assert_eq!(diags_for(&json, "dead-link", &dead).len(), 1, "{j}");
    settle();
    assert_eq!(s.count("/ok/one"), n_one, "served from the cache");
    assert_eq!(s.count("/ok/two"), n_two, "served from the cache");
    assert!(
        s.count("/status/404") > n_dead,
        "dead links are checked again"
    );

    let run = w.check(&["--no-cache", "a.md"]);
    run.assert_code(1);
    let json = run.json();
    assert_eq!(link(&json, &one)["cached"], false, "{}", pretty(&json));
    assert!(s.count("/ok/one") > n_one, "--no-cache asks again");
    assert!(s.count("/ok/two") > n_two, "--no-cache asks again");
}

/// `max-per-host` bounds the requests in flight per host, not overall.
#[test]
fn links_per_host_concurrency_limit() {
    let a = Server::start();
    let b = Server::start();
    let w = Work::new();
    let names: Vec<String> = (b'a'..=b'l')
        .map(|c| format!("/slow/{}", c as char))
        .collect();
    let mut urls: Vec<String> = Vec::new();
    for n in &names {
        urls.push(a.url(n));
        urls.push(b.url(n));
    }
    let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    w.write("a.md", &doc(&refs));
    w.config(&config().set("max-per-host", "2").set("timeout", "\"5s\""));
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    let json = run.json();
    for u in &urls {
        assert_eq!(status(&json, u), "ok", "{}", pretty(&json));
    }
    for n in &names {
        assert_eq!(a.count(n), 1, "{n} on A");
        assert_eq!(b.count(n), 1, "{n} on B");
    }
    let (ma, mb) = (a.max_in_flight("/slow/"), b.max_in_flight("/slow/"));
    assert!((1..=2).contains(&ma), "A had {ma} in flight");
    assert!((1..=2).contains(&mb), "B had {mb} in flight");
    let mut both = a.intervals("/slow/");
    both.extend(b.intervals("/slow/"));
    let together = max_overlap(&both);
    assert!(
        (3..=4).contains(&together),
        "the two hosts are checked concurrently: {together} in flight together"
    );
}

/// `fail-after = 2`: a dead link is reported on the second failing run only.
#[test]
fn links_fail_after_two_runs() {
    let s = Server::start();
    let w = Work::new();
    let dead = s.url("/status/404");
    w.write("a.md", &doc(&[&dead]));
    w.config(
        &config()
            .set("cache", "\"cache.json\"")
            .set("fail-after", "2"),
    );
    let run = w.check(&["--cache", "a.md"]);
    run.assert_code(0);
    let json = run.json();
    assert!(diags(&json, "dead-link").is_empty(), "{}", pretty(&json));
    let first = s.count("/status/404");
    assert!(first >= 1);

    let run = w.check(&["--cache", "a.md"]);
    run.assert_code(1);
    let json = run.json();
    assert_eq!(
        diags_for(&json, "dead-link", &dead).len(),
        1,
        "{}",
        pretty(&json)
    );
    assert!(s.count("/status/404") > first, "checked again");
}

/// `n` free ports on 127.0.0.1: bound, then released, so connecting is
/// refused.
fn closed_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind(("127.0.0.1", 0)).unwrap())
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

/// Nothing connects to any of three hosts: the run fails with exit 2.
#[test]
fn links_network_unreachable_exits_2() {
    let ports = closed_ports(3);
    let urls: Vec<String> = ports
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}/ok"))
        .collect();
    let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    let w = Work::new();
    w.write("a.md", &doc(&refs));
    w.config(&config().set("timeout", "\"1s\""));
    let run = w.check(&["a.md"]);
    assert_unreachable(
        &run,
        "the network is unreachable: none of the 3 hosts answered",
    );
}

/// The run failed with exit 2 and one error, for the whole run, whose
/// message starts with `reason`.
#[track_caller]
fn assert_unreachable(run: &Run, reason: &str) {
    run.assert_code(2).assert_quiet();
    let json = run.json();
    let errors = errors(&json);
    assert_eq!(errors.len(), 1, "{run:?}");
    assert_eq!(errors[0]["path"], "", "{run:?}");
    assert!(
        errors[0]["message"].as_str().unwrap().starts_with(reason),
        "{run:?}"
    );
}

/// `check` of two hosts that do not answer and a GitHub repository whose
/// API `api_url` gives, from a third port nothing listens on.
fn two_dead_hosts_and_a_repository(api_url: impl FnOnce(u16) -> String) -> (Run, &'static str) {
    let ports = closed_ports(3);
    let api_url = api_url(ports[2]);
    let urls: Vec<String> = ports[..2]
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}/ok"))
        .collect();
    let repo = "https://github.com/alive/repo";
    let w = Work::new();
    w.write("a.md", &doc(&[&urls[0], &urls[1], repo]));
    w.config(&config().set("timeout", "\"1s\"").tables(&format!(
        "[links.github]\ntoken = \"gh-test-token\"\napi-url = \"{api_url}\""
    )));
    (w.check(&["a.md"]), repo)
}

/// The GitHub API counts as one of the hosts that did not answer: two
/// hosts and the API, none reachable, is an unreachable network too.
#[test]
fn links_github_api_unreachable_counts_toward_exit_2() {
    let (run, _) =
        two_dead_hosts_and_a_repository(|port| format!("http://127.0.0.1:{port}/graphql"));
    assert_unreachable(
        &run,
        "the network is unreachable: none of the 3 hosts answered (",
    );
}

/// A GitHub API that refuses (401) has answered: the network is up, the
/// repositories are `blocked`, and two unreachable hosts alone are too few
/// for exit 2.
#[test]
fn links_github_api_refusal_is_an_answer() {
    let s = Server::start();
    let (run, repo) = two_dead_hosts_and_a_repository(|_| s.url("/status/401"));
    run.assert_code(1).assert_quiet();
    let json = run.json();
    assert_eq!(status(&json, repo), "blocked", "{}", pretty(&json));
}

/// `--offline` never touches the network, even with `--links` or
/// `enabled = true`.
#[test]
fn links_offline_makes_no_request() {
    let s = Server::start();
    let w = Work::new();
    let dead = s.url("/status/404");
    w.write("a.md", &doc(&[&dead, &s.url("/ok/offline")]));
    w.config(&config().set("enabled", "true"));
    // `check [flags] --format json --config listlint.toml a.md`.
    let check = |flags: &[&'static str]| {
        [
            &["check"][..],
            flags,
            &["--format", "json", "--config", "listlint.toml", "a.md"],
        ]
        .concat()
    };
    for args in [check(&["--links", "--offline"]), check(&["--offline"])] {
        let run = w.run(&args);
        run.assert_code(0);
        let json = run.json();
        assert!(links(&json).is_empty(), "{}", pretty(&json));
        assert!(diags(&json, "dead-link").is_empty(), "{}", pretty(&json));
        settle();
        assert!(s.requests().is_empty(), "{args:?}: {:#?}", s.requests());
    }
    // Control: `enabled = true` alone does check links.
    let run = w.run(&check(&[]));
    run.assert_code(1);
    assert!(s.count("/status/404") >= 1, "{:#?}", s.requests());
}

/// GitHub repository links are checked in one GraphQL query, not over HTTP.
#[test]
fn links_github_repos_via_graphql_batch() {
    let s = Server::start();
    let w = Work::new();
    let alive = "https://github.com/alive/repo";
    let renamed = "https://github.com/old/name";
    let gone = "https://github.com/gone/repo";
    let archived = "https://github.com/old/archive";
    w.write("a.md", &doc(&[alive, renamed, gone, archived]));
    w.config(&config().tables(&format!(
        "[links.github]\ntoken = \"gh-test-token\"\napi-url = \"{}\"",
        s.url("/graphql")
    )));
    let run = w.check(&["a.md"]);
    run.assert_code(1);
    let json = run.json();
    let j = pretty(&json);

    let reqs = s.requests();
    assert_eq!(reqs.len(), 1, "exactly one request, a POST: {reqs:#?}");
    let r = &reqs[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/graphql"));
    assert_eq!(
        r.header("authorization").map(str::to_ascii_lowercase),
        Some("bearer gh-test-token".to_owned())
    );
    let body: Value = serde_json::from_slice(&r.body).expect("a JSON body");
    let query = body["query"].as_str().expect("a `query` string");
    let asked: BTreeSet<String> = server::graphql_repos(query)
        .into_iter()
        .map(|(_, o, n)| format!("{o}/{n}"))
        .collect();
    let expected: BTreeSet<String> = ["alive/repo", "old/name", "gone/repo", "old/archive"]
        .map(String::from)
        .into();
    assert_eq!(asked, expected, "{query}");

    assert_eq!(status(&json, alive), "ok", "{j}");
    let entry = link(&json, renamed);
    assert_eq!(entry["status"], "redirected", "{j}");
    assert_eq!(entry["final_url"], "https://github.com/new/name", "{j}");
    assert_eq!(diags_for(&json, "redirect", renamed).len(), 1, "{j}");
    assert_eq!(status(&json, gone), "dead", "{j}");
    assert_eq!(diags_for(&json, "dead-link", gone).len(), 1, "{j}");
    assert_eq!(diags(&json, "dead-link").len(), 1, "{j}");
    assert_eq!(status(&json, archived), "ok", "{j}");
    let d = diags_for(&json, "archived-repo", archived);
    assert_eq!(d.len(), 1, "{j}");
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(diags(&json, "archived-repo").len(), 1, "{j}");
}

/// `soft-404`: a 200 page that is a "not found" page in disguise, on a host
/// that answers every unknown path (a random probe too) with it; a real page
/// on a host that answers 404 for unknown paths is not one.
#[test]
fn links_soft_404_rule() {
    let s = Server::start();
    let soft_host = Server::start_soft_404_host();
    let w = Work::new();
    let soft = soft_host.url("/soft-host/page");
    let real = s.url("/html");
    w.write("a.md", &doc(&[&soft, &real]));
    w.config(&config().tables("[rules]\nsoft-404 = \"warning\""));
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    let json = run.json();
    let j = pretty(&json);
    let d = diags_for(&json, "soft-404", &soft);
    assert_eq!(d.len(), 1, "{j}");
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(d[0]["line"], line_of(0));
    assert!(diags_for(&json, "soft-404", &real).is_empty(), "{j}");
    assert_eq!(diags(&json, "soft-404").len(), 1, "{j}");
    // The page is not there: its status is dead, reported by soft-404 alone.
    assert_eq!(status(&json, &soft), "dead", "{j}");
    assert_eq!(status(&json, &real), "ok", "{j}");
    assert!(diags(&json, "dead-link").is_empty(), "{j}");
    assert!(soft_host.count("/soft-host/page") >= 1);
    assert!(s.count("/html") >= 1);
}

/// `remote-fragment`: ids, `<a name>` and percent-encoded ids match; a
/// missing one is reported; the page is fetched once for all fragments.
#[test]
fn links_remote_fragment_rule() {
    let s = Server::start();
    let w = Work::new();
    let base = s.url("/html");
    let urls = [
        format!("{base}#intro"),
        format!("{base}#legacy"),
        format!("{base}#caf%C3%A9"),
        format!("{base}#missing"),
    ];
    let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    w.write("a.md", &doc(&refs));
    w.config(&config().tables("[rules]\nremote-fragment = \"warning\""));
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    let json = run.json();
    let j = pretty(&json);
    let all = diags(&json, "remote-fragment");
    assert_eq!(all.len(), 1, "only #missing: {j}");
    let d = diags_for(&json, "remote-fragment", &urls[3]);
    assert_eq!(d.len(), 1, "{j}");
    assert_eq!(d[0]["line"], line_of(3));
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(s.count_method("GET", "/html"), 1, "{:#?}", s.requests());
    let entry = link(&json, &base);
    assert_eq!(entry["status"], "ok");
    assert_eq!(entry["locations"].as_array().unwrap().len(), 4, "{j}");
}

/// Human output: a link summary line on stderr; `--quiet` drops it.
#[test]
fn links_summary_on_stderr_and_quiet() {
    let s = Server::start();
    let w = Work::new();
    w.write("a.md", &doc(&[&s.url("/ok/a"), &s.url("/status/404")]));
    w.config(&config());
    let summary = |text: &str| {
        text.lines()
            .find(|l| {
                let l = l.to_lowercase();
                l.contains("checked") && l.contains("ok")
            })
            .map(str::to_owned)
    };
    let run = w.run(&["check", "--links", "--config", "listlint.toml", "a.md"]);
    run.assert_code(1);
    assert!(
        summary(&run.stderr).is_some(),
        "a summary line on stderr:\n{run:?}"
    );
    assert!(run.stdout.contains("dead-link"), "{run:?}");

    let run = w.run(&[
        "check",
        "--links",
        "--quiet",
        "--config",
        "listlint.toml",
        "a.md",
    ]);
    run.assert_code(1);
    assert!(summary(&run.stderr).is_none(), "--quiet: {run:?}");
    assert!(
        !run.stderr.to_lowercase().contains("checked")
            && !run.stdout.to_lowercase().contains("checked"),
        "--quiet prints no summary: {run:?}"
    );
    assert!(run.stdout.contains("dead-link"), "{run:?}");
}

// ---------------------------------------------------------------------------
// fix --links

/// `fix --links --unsafe-fixes` rewrites a permanent redirect to its final
/// URL, keeping the fragment; without `--unsafe-fixes` the file stays.
#[test]
fn fix_links_rewrites_permanent_redirects_only_when_unsafe() {
    let s = Server::start();
    let w = Work::new();
    let moved = format!("{}#usage", s.url("/redirect/301/2"));
    let temporary = s.url("/redirect/302/1");
    let text = doc(&[&moved, &temporary]);
    w.write("a.md", &text);
    w.config(&config());

    let run = w.run(&["fix", "--links", "--config", "listlint.toml", "a.md"]);
    run.assert_code(0);
    let after = std::fs::read_to_string(w.path().join("a.md")).unwrap();
    assert_eq!(
        after, text,
        "a safe fix run must not follow redirects:\n{run:?}"
    );

    let run = w.fix_unsafe(&["a.md"]);
    run.assert_code(0);
    let after = std::fs::read_to_string(w.path().join("a.md")).unwrap();
    let want = doc(&[&format!("{}#usage", s.url("/ok")), &temporary]);
    assert_eq!(after, want, "{run:?}");
    // What remains is reported against the fixed text: no redirect left.
    assert!(diags(&run.json(), "redirect").is_empty(), "{run:?}");
}

/// An http link is upgraded only when its https form answers; a plain-HTTP
/// server on an explicit port is left alone, and nothing asks it for TLS.
#[test]
fn fix_links_keeps_http_links_whose_https_form_cannot_answer() {
    let s = Server::start();
    let w = Work::new();
    let url = s.url("/ok/plain");
    let text = doc(&[&url]);
    w.write("a.md", &text);
    w.config(&config());
    let run = w.run(&["fix", "--links", "--config", "listlint.toml", "a.md"]);
    run.assert_code(0);
    assert_eq!(
        std::fs::read_to_string(w.path().join("a.md")).unwrap(),
        text
    );
    assert_eq!(s.count("/ok/plain"), 1, "{:#?}", s.requests());
    assert_eq!(s.requests().len(), 1, "{:#?}", s.requests());
}

/// `duplicate-link` across the run, as an error so that it sets the exit
/// code.
const DUPLICATES_ACROSS_RUN: &str =
    "[rules]\nduplicate-link = { severity = \"error\", scope = \"run\" }";

/// A list whose one entry's title link is `url`.
fn list_of(title: &str, url: &str) -> String {
    format!("# {title}\n\n- [{title}]({url}) - A project.\n")
}

/// `fix --links --unsafe-fixes` on `files`, then `check --links` on the
/// files it wrote: the fix run's report must be the check run's.
#[track_caller]
fn assert_fix_reports_like_a_fresh_check(w: &Work, files: &[&str]) -> Run {
    let fixed = w.fix_unsafe(files);
    let checked = w.check(files);
    assert_eq!(
        diagnostics(&fixed.json()),
        diagnostics(&checked.json()),
        "fix:\n{fixed:?}\ncheck:\n{checked:?}"
    );
    assert_eq!(
        fixed.code, checked.code,
        "fix:\n{fixed:?}\ncheck:\n{checked:?}"
    );
    fixed
}

/// The `duplicate-link` diagnostics of a report: path, line and message.
fn duplicates(json: &Value) -> Vec<(String, u64, String)> {
    diags(json, "duplicate-link")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// `fix --links` rewrites a.md's permanent redirect to the URL b.md lists:
/// by path order b.md's entry is now the duplicate of a.md's, as a fresh
/// `check` of the written files says (`scope = "run"`).
#[test]
fn fix_links_duplicates_across_files_follow_a_rewritten_url() {
    let s = Server::start();
    let w = Work::new();
    let moved = s.url("/redirect/301/1/x");
    let target = s.url("/ok/x");
    w.write("a.md", &list_of("A", &moved));
    w.write("b.md", &list_of("B", &target));
    w.config(&config().tables(DUPLICATES_ACROSS_RUN));

    let run = assert_fix_reports_like_a_fresh_check(&w, &["a.md", "b.md"]);
    assert_eq!(
        std::fs::read_to_string(w.path().join("a.md")).unwrap(),
        list_of("A", &target),
        "{run:?}"
    );
    run.assert_code(1);
    assert_eq!(
        duplicates(&run.json()),
        vec![(
            "b.md".to_owned(),
            3,
            format!("`{target}` is already listed in `a.md` at line 3")
        )],
        "{run:?}"
    );
}

/// a.md's permanent redirect is rewritten while b.md cites the old URL in
/// a form that is not requested (excluded): b.md's entry duplicated a.md's
/// before the fix and no longer does, so the report has no duplicate.
#[test]
fn fix_links_drops_duplicates_across_files_that_a_rewrite_ended() {
    let s = Server::start();
    let w = Work::new();
    let moved = s.url("/redirect/301/1/x");
    // The same entry to `duplicate-link` (a trailing slash), another URL
    // to the link checker.
    let same = s.url("/redirect/301/1/x/");
    w.write("a.md", &list_of("A", &moved));
    w.write("b.md", &list_of("B", &same));
    w.config(
        &config()
            .set("exclude", "['/x/$']")
            .tables(DUPLICATES_ACROSS_RUN),
    );
    let before = w.run(&["check", "--offline", "--format", "json"]);
    before.assert_code(1).assert_quiet();
    assert_eq!(duplicates(&before.json()).len(), 1, "{before:?}");

    let run = assert_fix_reports_like_a_fresh_check(&w, &["a.md", "b.md"]);
    assert_eq!(
        std::fs::read_to_string(w.path().join("a.md")).unwrap(),
        list_of("A", &s.url("/ok/x")),
        "{run:?}"
    );
    assert_eq!(
        std::fs::read_to_string(w.path().join("b.md")).unwrap(),
        list_of("B", &same),
        "{run:?}"
    );
    assert!(duplicates(&run.json()).is_empty(), "{run:?}");
    run.assert_code(0);
}

/// After a host's first 429, listlint sends it one request at a time: of
/// 8 links to a host that allows 2 at once, a few are refused at first and
/// retried, and every one ends ok with far fewer than 8 refusals.
#[test]
fn links_host_is_throttled_after_a_429() {
    let s = Server::start();
    let w = Work::new();
    let urls: Vec<String> = (0..8).map(|i| s.url(&format!("/limit/{i}"))).collect();
    let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    w.write("a.md", &doc(&refs));
    w.config(&config().set("retries", "3").set("max-per-host", "8"));
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    let json = run.json();
    for u in &urls {
        assert_eq!(status(&json, u), "ok", "{}", pretty(&json));
    }
    let total = s.count_prefix("/limit/");
    // 8 successes; without throttling each retry round would refuse again.
    assert!(total <= 8 + 6, "{total} requests: {:#?}", s.requests());
}

/// A 403 with `x-ratelimit-remaining: 0` (GitHub without a token) waits
/// for `x-ratelimit-reset` and tries again, instead of calling it blocked.
#[test]
fn links_rate_limit_reset_is_honoured() {
    let s = Server::start();
    let w = Work::new();
    let url = s.url("/ratelimit/x");
    w.write("a.md", &doc(&[&url]));
    w.config(&config().set("retries", "2"));
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    assert_eq!(status(&run.json(), &url), "ok", "{run:?}");
    let reqs = s.requests_to("/ratelimit/x");
    // HEAD refused (a 403 is also retried with GET), then after the reset.
    let last = reqs.last().unwrap();
    assert!(
        last.arrived.duration_since(reqs[0].arrived) >= Duration::from_millis(900),
        "{reqs:#?}"
    );
}

/// Only ok results are reused from the cache (SPEC 6): a permanent
/// redirect is requested again on the next run.
#[test]
fn links_cache_does_not_reuse_redirects() {
    let s = Server::start();
    let w = Work::new();
    let moved = s.url("/redirect/301/1/c");
    let fine = s.url("/ok/other");
    w.write("a.md", &doc(&[&moved, &fine]));
    w.config(&config().set("cache", "\"cache.json\""));
    let first = w.check(&["a.md"]);
    first.assert_code(0).assert_quiet();
    assert_eq!(status(&first.json(), &moved), "redirected", "{first:?}");
    let second = w.check(&["a.md"]);
    second.assert_code(0).assert_quiet();
    let json = second.json();
    assert_eq!(link(&json, &moved)["cached"], false, "{second:?}");
    assert_eq!(link(&json, &fine)["cached"], true, "{second:?}");
    assert_eq!(
        s.count("/redirect/301/1/c"),
        2,
        "{:#?}",
        s.requests()
            .iter()
            .map(|r| (r.method.clone(), r.path.clone()))
            .collect::<Vec<_>>()
    );
    assert_eq!(s.count("/ok/other"), 1);
}

// ---------------------------------------------------------------------------
// The awesome list's own repository (`awesome-repo-metadata`,
// `awesome-repo-age`), through the fake GitHub REST API

/// A git checkout in `w` (at `dir`, `.` for the top) whose `origin` is
/// `remote`, with an awesome list `dir/README.md` citing the server, and
/// a config pointing the GitHub API at it (with `token` if given).
fn awesome_checkout(w: &Work, s: &Server, remote: Option<&str>, token: Option<&str>) {
    std::fs::create_dir_all(w.path().join(".git")).unwrap();
    let mut git = String::from("[core]\n\tbare = false\n");
    if let Some(r) = remote {
        git.push_str(&format!(
            "[remote \"origin\"]\n\turl = {r}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch \"main\"]\n\tremote = origin\n"
        ));
    }
    w.write(".git/config", &git);
    w.write(".git/HEAD", "ref: refs/heads/main\n");
    w.write(
        "README.md",
        &format!(
            "# Awesome Things\n\n## Tools\n\n- [Ok]({}) - A tool that works.\n- [Fine]({}) - Another one.\n",
            s.url("/ok/a"),
            s.url("/ok/b")
        ),
    );
    let mut github = format!("[links.github]\napi-url = \"{}\"\n", s.url("/graphql"));
    if let Some(t) = token {
        github.push_str(&format!("token = \"{t}\"\n"));
    }
    w.write(
        "listlint.toml",
        &format!(
            "preset = \"awesome\"\n{}",
            config().tables(&github).render()
        ),
    );
}

/// The `awesome-repo-*` diagnostics as (rule, line, message), sorted.
fn repo_diags(json: &Value) -> Vec<(String, u64, String)> {
    let mut v: Vec<_> = diagnostics(json)
        .iter()
        .filter(|d| {
            d["rule"]
                .as_str()
                .is_some_and(|r| r.starts_with("awesome-repo-"))
        })
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn links_awesome_repo_checks_the_list_s_own_repository() {
    let s = Server::start();
    let w = Work::new();
    awesome_checkout(&w, &s, Some("git@github.com:awesome/bare.git"), None);
    // Offline, GitHub is not asked.
    let offline = w.run(&[
        "check",
        "--format",
        "json",
        "--config",
        "listlint.toml",
        "README.md",
    ]);
    offline.assert_code(0).assert_quiet();
    assert!(repo_diags(&offline.json()).is_empty(), "{offline:?}");
    assert_eq!(s.count_prefix("/repos"), 0);

    let run = w.check(&["README.md"]);
    run.assert_code(0).assert_quiet();
    let json = run.json();
    assert_eq!(
        repo_diags(&json),
        [
            (
                "awesome-repo-age".to_owned(),
                1,
                "the repository `awesome/bare` is 10 days old, less than 30 (20 days to go)"
                    .to_owned()
            ),
            (
                "awesome-repo-metadata".to_owned(),
                1,
                "GitHub detects no licence in the repository `awesome/bare`".to_owned()
            ),
            (
                "awesome-repo-metadata".to_owned(),
                1,
                "the repository `awesome/bare` has no description on GitHub".to_owned()
            ),
            (
                "awesome-repo-metadata".to_owned(),
                1,
                "the repository `awesome/bare` lacks the GitHub topic `awesome-list`".to_owned()
            ),
        ],
        "{run:?}"
    );
    // Warnings: the run does not fail on them.
    run.assert_code(0);
    let asked = s.requests_to("/repos/awesome/bare");
    assert_eq!(asked.len(), 1, "{:#?}", s.requests());
    assert_eq!(asked[0].method, "GET");
    assert_eq!(asked[0].header("authorization"), None);
}

#[test]
fn links_awesome_repo_a_good_repository_and_the_token() {
    let s = Server::start();
    let w = Work::new();
    awesome_checkout(
        &w,
        &s,
        Some("https://github.com/awesome/good.git"),
        Some("gh-test-token"),
    );
    let run = w.check(&["README.md"]);
    assert!(repo_diags(&run.json()).is_empty(), "{run:?}");
    run.assert_code(0);
    let asked = s.requests_to("/repos/awesome/good");
    assert_eq!(asked.len(), 1, "{:#?}", s.requests());
    assert_eq!(
        asked[0]
            .header("authorization")
            .map(str::to_ascii_lowercase),
        Some("bearer gh-test-token".to_owned())
    );

    // 29 days old: one day to go.
    let w = Work::new();
    awesome_checkout(&w, &s, Some("https://github.com/awesome/young"), None);
    let run = w.check(&["README.md"]);
    run.assert_code(0).assert_quiet();
    assert_eq!(
        repo_diags(&run.json()),
        [(
            "awesome-repo-age".to_owned(),
            1,
            "the repository `awesome/young` is 29 days old, less than 30 (1 day to go)".to_owned()
        )],
        "{run:?}"
    );
}

#[test]
fn links_awesome_repo_no_remote_no_check_no_error() {
    let s = Server::start();
    for remote in [
        None,
        Some("https://gitlab.com/awesome/bare.git"),
        Some("/srv/git/list.git"),
    ] {
        let w = Work::new();
        awesome_checkout(&w, &s, remote, None);
        let run = w.check(&["README.md"]);
        assert!(repo_diags(&run.json()).is_empty(), "{remote:?}: {run:?}");
        run.assert_code(0);
        assert!(!run.stderr.contains("GitHub"), "{remote:?}: {run:?}");
    }
    assert_eq!(s.count_prefix("/repos"), 0, "{:#?}", s.requests());
}

#[test]
fn links_awesome_repo_unknown_repository_is_a_note_not_a_failure() {
    let s = Server::start();
    let w = Work::new();
    awesome_checkout(&w, &s, Some("git@github.com:someone/private.git"), None);
    let run = w.check(&["README.md"]);
    assert!(repo_diags(&run.json()).is_empty(), "{run:?}");
    run.assert_code(0);
    assert!(
        run.stderr.contains(
            "note: README.md: the GitHub repository `someone/private` was not checked: GitHub API answered 404 Not Found"
        ),
        "{run:?}"
    );
}

#[test]
fn links_awesome_repo_asked_once_reported_once_and_suppressible() {
    let s = Server::start();
    let w = Work::new();
    awesome_checkout(&w, &s, Some("git@github.com:awesome/bare.git"), None);
    std::fs::create_dir_all(w.path().join("more")).unwrap();
    let readme = std::fs::read_to_string(w.path().join("README.md")).unwrap();
    w.write("more/README.md", &readme);
    let run = w.check(&["README.md", "more/README.md"]);
    run.assert_code(0).assert_quiet();
    let json = run.json();
    assert_eq!(repo_diags(&json).len(), 4, "{run:?}");
    assert!(
        diagnostics(&json)
            .iter()
            .filter(|d| d["rule"].as_str().unwrap().starts_with("awesome-repo-"))
            .all(|d| d["path"] == "README.md"),
        "{run:?}"
    );
    assert_eq!(s.count("/repos/awesome/bare"), 1, "{:#?}", s.requests());

    // An inline suppression on the first line silences a rule; `[rules]`
    // turns one off.
    w.write(
        "README.md",
        &format!("<!-- listlint-disable-file awesome-repo-age -->\n{readme}"),
    );
    let config = std::fs::read_to_string(w.path().join("listlint.toml")).unwrap();
    w.write(
        "listlint.toml",
        &config.replacen(
            "[links]",
            "[rules]\nawesome-repo-metadata = \"off\"\n\n[links]",
            1,
        ),
    );
    let run = w.check(&["README.md"]);
    run.assert_code(0).assert_quiet();
    assert!(repo_diags(&run.json()).is_empty(), "{run:?}");
    assert!(
        diags(&run.json(), "unused-suppression").is_empty(),
        "{run:?}"
    );
}

// ---------------------------------------------------------------------------
// Bot walls and archived copies

/// A bot wall's challenge is `blocked`, whatever its status code: the
/// vendors' documented headers decide, and a challenge is neither retried
/// nor asked again with GET.
#[test]
fn links_bot_walls_are_blocked_whatever_the_status() {
    let s = Server::start();
    let w = Work::new();
    let walls = [
        ("/wall/cloudflare/403", "Cloudflare challenge"),
        ("/wall/cloudflare/503", "Cloudflare challenge"),
        ("/wall/cloudflare/429", "Cloudflare challenge"),
        ("/wall/cloudflare/404", "Cloudflare challenge"),
        ("/wall/cloudflare/200", "Cloudflare challenge"),
        ("/wall/aws-challenge/202", "AWS WAF challenge"),
        ("/wall/aws-captcha/405", "AWS WAF CAPTCHA"),
        ("/wall/datadome/403", "DataDome block"),
        ("/wall/datadome/404", "DataDome block"),
    ];
    let urls: Vec<String> = walls.iter().map(|(p, _)| s.url(p)).collect();
    let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    w.write("a.md", &doc(&refs));
    w.config(&config());
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    let json = run.json();
    let j = pretty(&json);
    for ((path, wall), url) in walls.iter().zip(&urls) {
        assert_eq!(status(&json, url), "blocked", "{path}: {j}");
        let d = diags_for(&json, "blocked-link", url);
        assert_eq!(d.len(), 1, "{path}: {j}");
        let message = d[0]["message"].as_str().unwrap();
        assert!(message.contains(wall), "{path}: {message}");
        assert_eq!(s.count(path), 1, "{path}: {:#?}", s.requests());
    }
    assert!(diags(&json, "dead-link").is_empty(), "{j}");
    // One request each: the HEAD that met the wall.
    assert_eq!(s.requests().len(), walls.len());
}

/// `[links.archive]` pointing at the local fake availability API.
fn with_archive(c: Config, api: &str, extra: &str) -> Config {
    c.set("archive", &format!("{{ api-url = \"{api}\"{extra} }}"))
}

const SNAPSHOT: &str = "https://web.archive.org/web/20200102030405/";

/// Dead links (404, 410, a soft 404) get the archive's latest copy in the
/// `dead-link` message, the json `links` entry and a SARIF fix; a link the
/// archive never saw, a server error and a live link get none, and only
/// the links the archive may replace are asked about.
#[test]
fn links_dead_links_get_an_archived_copy() {
    let s = Server::start();
    let w = Work::new();
    let (gone, deleted, never, broken, fine) = (
        s.url("/status/404/gone"),
        s.url("/status/410/deleted"),
        s.url("/status/404/never-archived"),
        s.url("/status/500"),
        s.url("/ok"),
    );
    w.write("a.md", &doc(&[&gone, &deleted, &never, &broken, &fine]));
    w.config(&with_archive(
        config().set("retries", "0"),
        &s.url("/wayback/available"),
        "",
    ));
    let run = w.check(&["a.md"]);
    run.assert_code(1);
    let json = run.json();
    let j = pretty(&json);
    for url in [&gone, &deleted] {
        let copy = format!("{SNAPSHOT}{url}");
        assert_eq!(link(&json, url)["archived_url"], copy.as_str(), "{j}");
        let d = diags_for(&json, "dead-link", url);
        assert_eq!(d.len(), 1, "{j}");
        assert!(
            d[0]["message"]
                .as_str()
                .unwrap()
                .ends_with(&format!("; archived copy: {copy}")),
            "{j}"
        );
        assert_eq!(d[0]["fix"], "unsafe", "{j}");
    }
    for url in [&never, &broken, &fine] {
        assert!(link(&json, url).get("archived_url").is_none(), "{j}");
    }
    assert_eq!(diags_for(&json, "dead-link", &never)[0]["fix"], Value::Null);
    let asked: BTreeSet<String> = s
        .requests()
        .iter()
        .filter(|r| r.path_only() == "/wayback/available")
        .map(|r| server::parse_query(r.path.split_once('?').unwrap().1)["url"].clone())
        .collect();
    assert_eq!(
        asked,
        BTreeSet::from([gone.clone(), deleted.clone(), never.clone()]),
        "{:#?}",
        s.requests()
    );

    // SARIF carries the replacement as a fix of the dead-link result.
    let run = w.run(&[
        "check",
        "--links",
        "--format",
        "sarif",
        "--config",
        "listlint.toml",
        "a.md",
    ]);
    let sarif = run.json();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let fixed: Vec<&str> = results
        .iter()
        .filter(|r| r["ruleId"] == "dead-link")
        .filter_map(|r| {
            r["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
                .as_str()
        })
        .collect();
    assert_eq!(
        fixed,
        [format!("{SNAPSHOT}{gone}"), format!("{SNAPSHOT}{deleted}")],
        "{sarif:#}"
    );

    // GitHub annotations name the copy in the dead link's message.
    let run = w.run(&[
        "check",
        "--links",
        "--format",
        "github",
        "--config",
        "listlint.toml",
        "a.md",
    ]);
    for url in [&gone, &deleted] {
        let copy = format!("{SNAPSHOT}{url}");
        assert!(
            run.stdout.lines().any(|l| l.starts_with("::error ")
                && l.contains("dead-link")
                && l.ends_with(&format!("; archived copy: {copy}"))),
            "{run:?}"
        );
    }
}

/// With a links cache, the archive's answers (a copy, or none) are kept:
/// the next run asks the archive nothing.
#[test]
fn links_archive_answers_are_cached() {
    let s = Server::start();
    let w = Work::new();
    let (gone, never) = (
        s.url("/status/404/cached"),
        s.url("/status/404/never-archived"),
    );
    w.write("a.md", &doc(&[&gone, &never]));
    w.config(&with_archive(
        config().set("cache", "\"cache.json\""),
        &s.url("/wayback/available"),
        "",
    ));
    let first = w.check(&["a.md"]);
    first.assert_code(1);
    assert_eq!(s.count_prefix("/wayback"), 2, "{:#?}", s.requests());
    let second = w.check(&["a.md"]);
    second.assert_code(1);
    assert_eq!(s.count_prefix("/wayback"), 2, "{:#?}", s.requests());
    assert_eq!(
        link(&second.json(), &gone)["archived_url"],
        format!("{SNAPSHOT}{gone}").as_str()
    );
    assert!(link(&second.json(), &never).get("archived_url").is_none());
}

/// The copy offered is the latest snapshot that answered 200: when the
/// archive's latest is a redirect or an error page it kept, the CDX server
/// beside the availability API is asked for the latest 200, and a link the
/// archive kept only as redirects gets none. The availability API's own
/// answer suffices when it is a 200. Whether or not the CDX server applies
/// the filter asked for, nothing but a 200 is offered.
#[test]
fn links_archived_copy_is_the_latest_that_answered_200() {
    for prefix in ["", "/unfiltered"] {
        let s = Server::start();
        let w = Work::new();
        let (plain, redirected, error_page, only_redirects) = (
            s.url("/status/404/plain"),
            s.url("/status/404/redirect-archived"),
            s.url("/status/410/error-page-archived"),
            s.url("/status/404/only-redirects-archived"),
        );
        w.write(
            "a.md",
            &doc(&[&plain, &redirected, &error_page, &only_redirects]),
        );
        w.config(&with_archive(
            config().set("retries", "0"),
            &s.url(&format!("{prefix}/wayback/available")),
            "",
        ));
        let run = w.check(&["a.md"]);
        run.assert_code(1);
        let json = run.json();
        let j = pretty(&json);
        for (url, ts) in [
            (&plain, "20200102030405"),
            (&redirected, "20190101000000"),
            (&error_page, "20180101000000"),
        ] {
            let copy = format!("https://web.archive.org/web/{ts}/{url}");
            assert_eq!(
                link(&json, url)["archived_url"],
                copy.as_str(),
                "{prefix}: {j}"
            );
        }
        assert!(
            link(&json, &only_redirects).get("archived_url").is_none(),
            "{prefix}: {j}"
        );
        assert_eq!(diags(&json, "dead-link").len(), 4, "{prefix}: {j}");
        assert!(!run.stderr.contains("warning"), "{prefix}: {run:?}");
        // The CDX server is asked only when the latest snapshot is not a
        // 200, for snapshots that answered 200.
        let cdx: BTreeSet<String> = s
            .requests()
            .iter()
            .filter(|r| r.path_only() == format!("{prefix}/cdx/search/cdx"))
            .map(|r| {
                let q = server::parse_query(r.path.split_once('?').unwrap().1);
                assert_eq!(q["filter"], "statuscode:200", "{r:?}");
                q["url"].clone()
            })
            .collect();
        assert_eq!(
            cdx,
            BTreeSet::from([
                redirected.clone(),
                error_page.clone(),
                only_redirects.clone()
            ]),
            "{prefix}: {:#?}",
            s.requests()
        );
    }
}

/// A dead link's lookup starts as soon as it is found dead, while other
/// links are still being checked, not once all are.
#[test]
fn links_archive_lookups_run_beside_the_checks() {
    let s = Server::start();
    let w = Work::new();
    let (gone, hanging) = (s.url("/status/404/early"), s.url("/hang/slow-check"));
    w.write("a.md", &doc(&[&hanging, &gone]));
    w.config(&with_archive(
        config().set("retries", "0").set("timeout", "\"3s\""),
        &s.url("/wayback/available"),
        "",
    ));
    let run = w.check(&["a.md"]);
    run.assert_code(1);
    let json = run.json();
    assert_eq!(
        link(&json, &gone)["archived_url"],
        format!("{SNAPSHOT}{gone}").as_str(),
        "{run:?}"
    );
    assert_eq!(diags(&json, "dead-link").len(), 2, "{run:?}");
    let hang = s.first_arrival("/hang/slow-check");
    let lookup = s.first_arrival("/wayback/available");
    // Well before the hanging link's 3 s timeout ends the checks.
    assert!(
        lookup < hang + Duration::from_millis(1500),
        "{:#?}",
        s.requests()
    );
}

/// A slow GitHub API batch holds back neither the other links' outcomes
/// nor their archive lookups.
#[test]
fn links_archive_lookups_do_not_wait_for_the_github_batch() {
    let s = Server::start();
    let w = Work::new();
    let gone = s.url("/status/404/beside-github");
    let repo = "https://github.com/alive/repo";
    w.write("a.md", &doc(&[repo, &gone]));
    w.config(&with_archive(
        config().set("retries", "0").tables(&format!(
            "[links.github]\napi-url = \"{}\"",
            s.url("/slow-api/graphql")
        )),
        &s.url("/wayback/available"),
        "",
    ));
    let run = w.run_env(
        &[
            "check",
            "--links",
            "--format",
            "json",
            "--config",
            "listlint.toml",
            "a.md",
        ],
        &[("GITHUB_TOKEN", "gh-token")],
    );
    run.assert_code(1);
    let json = run.json();
    assert_eq!(status(&json, repo), "ok", "{run:?}");
    assert_eq!(
        link(&json, &gone)["archived_url"],
        format!("{SNAPSHOT}{gone}").as_str(),
        "{run:?}"
    );
    let api = s.first_arrival("/slow-api/graphql");
    let lookup = s.first_arrival("/wayback/available");
    // The API answers 1.5 s after it is asked.
    assert!(
        lookup < api + Duration::from_millis(1000),
        "{:#?}",
        s.requests()
    );
}

/// An archive that never answers costs at most `max-wait` once the checks
/// are done; one that fails costs nothing: either way the dead links are
/// reported, without a copy, and one warning says why. The lookups run
/// while a hanging link is still being checked.
#[test]
fn links_slow_or_failing_archive_never_holds_the_run() {
    for (api, why) in [
        ("/wayback-slow/available", "no answer within"),
        ("/wayback-fail/available", "500"),
    ] {
        let s = Server::start();
        let w = Work::new();
        let urls: Vec<String> = (0..6).map(|i| s.url(&format!("/status/404/{i}"))).collect();
        let hanging = s.url("/hang/check");
        let mut refs: Vec<&str> = urls.iter().map(String::as_str).collect();
        refs.push(&hanging);
        w.write("a.md", &doc(&refs));
        w.config(&with_archive(
            config().set("retries", "0").set("timeout", "\"2s\""),
            &s.url(api),
            ", timeout = \"20s\", max-wait = \"1s\", max-concurrency = 2",
        ));
        let run = w.check(&["a.md"]);
        run.assert_code(1);
        // The checks' 2 s, `max-wait`, and room for a loaded machine.
        assert!(run.elapsed < Duration::from_secs(6), "{api}: {run:?}");
        let json = run.json();
        assert_eq!(diags(&json, "dead-link").len(), 7, "{api}: {run:?}");
        let hang = s.requests_to("/hang/check");
        assert_eq!(hang.len(), 1, "{api}: {:#?}", s.requests());
        let first_lookup = s
            .requests()
            .iter()
            .filter(|r| r.path_only() == api)
            .map(|r| r.arrived)
            .min()
            .expect("the archive was asked");
        assert!(
            first_lookup < hang[0].arrived + Duration::from_secs(1),
            "{api}: {:#?}",
            s.requests()
        );
        for url in &urls {
            assert!(link(&json, url).get("archived_url").is_none(), "{run:?}");
        }
        let warnings: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.contains("the archive gave no answer"))
            .collect();
        assert_eq!(warnings.len(), 1, "{api}: {run:?}");
        assert!(warnings[0].contains(why), "{api}: {run:?}");
        // Never more lookups at once than its own concurrency.
        assert!(s.max_in_flight(api) <= 2, "{api}: {:#?}", s.requests());
    }
}

/// `--no-archive` and `enabled = false` ask the archive nothing.
#[test]
fn links_archive_off_by_flag_or_key() {
    let s = Server::start();
    let w = Work::new();
    let gone = s.url("/status/404/off");
    w.write("a.md", &doc(&[&gone]));
    let api = s.url("/wayback/available");
    w.config(&with_archive(config(), &api, ""));
    let run = w.check_with(&["--no-archive"], &["a.md"]);
    run.assert_code(1);
    assert!(link(&run.json(), &gone).get("archived_url").is_none());
    w.config(&with_archive(config(), &api, ", enabled = false"));
    w.check(&["a.md"]).assert_code(1);
    // Off with the rule it serves.
    w.config(&with_archive(config(), &api, ""));
    w.check_with(&["--ignore", "dead-link"], &["a.md"])
        .assert_code(0);
    settle();
    assert_eq!(s.count_prefix("/wayback"), 0, "{:#?}", s.requests());
}

/// `fix --links --unsafe-fixes` replaces a dead link by its archived copy,
/// keeping the fragment; a safe fix leaves it.
#[test]
fn fix_links_replaces_dead_links_by_their_archived_copy() {
    let s = Server::start();
    let w = Work::new();
    let gone = format!("{}#usage", s.url("/status/404/moved-away"));
    let never = s.url("/status/410/never-archived");
    let text = doc(&[&gone, &never]);
    w.write("a.md", &text);
    w.config(&with_archive(config(), &s.url("/wayback/available"), ""));
    let run = w.run(&["fix", "--links", "--config", "listlint.toml", "a.md"]);
    run.assert_code(1);
    assert_eq!(
        std::fs::read_to_string(w.path().join("a.md")).unwrap(),
        text
    );
    let run = w.fix_unsafe(&["a.md"]);
    let copy = format!("{SNAPSHOT}{}#usage", s.url("/status/404/moved-away"));
    assert_eq!(
        std::fs::read_to_string(w.path().join("a.md")).unwrap(),
        doc(&[&copy, &never]),
        "{run:?}"
    );
    // The one left is the link the archive has no copy of.
    let json = run.json();
    assert_eq!(diags(&json, "dead-link").len(), 1, "{run:?}");
    run.assert_code(1);
}

// ---------------------------------------------------------------------------
// Flags for CI steps

/// `--exclude` and `--include` (repeatable) add to the `exclude` and
/// `include` keys: an included URL is requested even when excluded, and
/// with includes nothing else is.
#[test]
fn links_exclude_and_include_flags_and_keys() {
    let s = Server::start();
    let w = Work::new();
    let (a, b, c) = (s.url("/ok/a"), s.url("/ok/b"), s.url("/ok/c"));
    w.write("a.md", &doc(&[&a, &b, &c]));

    w.config(&config());
    let run = w.check_with(&["--exclude", "/ok/a$", "--exclude", "/ok/b$"], &["a.md"]);
    run.assert_code(0);
    let json = run.json();
    assert_eq!(status(&json, &a), "excluded");
    assert_eq!(status(&json, &b), "excluded");
    assert_eq!(status(&json, &c), "ok");

    w.config(&config().set("exclude", "['/ok/']"));
    let run = w.check_with(&["--include", "/ok/c$"], &["a.md"]);
    run.assert_code(0);
    let json = run.json();
    assert_eq!(status(&json, &a), "excluded", "{}", pretty(&json));
    assert_eq!(status(&json, &c), "ok", "{}", pretty(&json));

    w.config(&config().set("include", "['/ok/b$']"));
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    let json = run.json();
    assert_eq!(status(&json, &a), "excluded");
    assert_eq!(status(&json, &b), "ok");
    assert_eq!(status(&json, &c), "excluded");

    settle();
    assert_eq!(s.count("/ok/a"), 0, "{:#?}", s.requests());
    assert_eq!(s.count("/ok/b"), 1, "{:#?}", s.requests());
    assert_eq!(s.count("/ok/c"), 2, "{:#?}", s.requests());

    w.config(&config().set("include", "['(']"));
    let run = w.check(&["a.md"]);
    run.assert_code(2);
    assert!(
        (run.stdout.contains("include") || run.stderr.contains("include")),
        "{run:?}"
    );
    w.config(&config());
    let run = w.check_with(&["--include", "("], &["a.md"]);
    run.assert_code(2);
    assert!(
        (run.stdout.contains("--include") || run.stderr.contains("--include")),
        "{run:?}"
    );
}

/// `--exclude-path` (repeatable, relative to the current directory) and the
/// `exclude-path` key (relative to the config): the links of matching files,
/// or of files under a matching directory, are neither requested nor listed
/// by `--dump`; the files are linted all the same.
#[test]
fn links_exclude_path_flag_and_key() {
    let s = Server::start();
    let w = Work::new();
    let (a, b, c) = (s.url("/ok/a"), s.url("/ok/b"), s.url("/status/404"));
    w.write("a.md", &doc(&[&a]));
    w.write("vendor/x/b.md", &doc(&[&b]));
    // A lint finding offline: a bare URL is still reported in an excluded file.
    w.write(
        "docs/old/c.md",
        &format!(
            "{}
See {c}
",
            doc(&[&c])
        ),
    );
    let listed = |run: &Run| -> BTreeSet<String> {
        links(&run.json())
            .iter()
            .map(|l| l["url"].as_str().unwrap_or_default().to_owned())
            .collect()
    };

    w.config(&config());
    let run = w.check(&["."]);
    run.assert_code(1);
    assert_eq!(
        listed(&run),
        [&a, &b, &c].map(|u| u.clone()).into(),
        "{run:?}"
    );

    let run = w.check_with(
        &[
            "--exclude-path",
            "vendor",
            "--exclude-path",
            "./docs/**/c.md",
        ],
        &["."],
    );
    let json = run.json();
    assert_eq!(listed(&run), [a.clone()].into(), "{run:?}");
    assert!(diags(&json, "dead-link").is_empty(), "{}", pretty(&json));
    assert_eq!(
        json["files"],
        3,
        "excluded files are linted: {}",
        pretty(&json)
    );

    w.config(&config().set("exclude-path", "['vendor/**']"));
    let run = w.check(&["."]);
    assert_eq!(listed(&run), [&a, &c].map(|u| u.clone()).into(), "{run:?}");
    let run = w.run(&["check", "--dump", "--config", "listlint.toml", "."]);
    run.assert_code(0);
    assert!(
        !run.stdout.contains(&b) && run.stdout.contains(&a),
        "{run:?}"
    );

    settle();
    assert_eq!(s.count("/ok/b"), 1, "{:#?}", s.requests());

    w.config(&config().set("exclude-path", "['a[']"));
    let run = w.check(&["."]);
    run.assert_code(2);
    assert!(run.stdout.contains("links.exclude-path"), "{run:?}");
    w.config(&config());
    let run = w.check_with(&["--exclude-path", "a["], &["."]);
    run.assert_code(2);
    assert!(run.stdout.contains("--exclude-path"), "{run:?}");
}

/// `--accept` and the `accept` key take codes and ranges.
#[test]
fn links_accept_codes_and_ranges() {
    let s = Server::start();
    let w = Work::new();
    let (s404, s418, s403, s500) = (
        s.url("/status/404"),
        s.url("/status/418"),
        s.url("/status/403"),
        s.url("/status/500"),
    );
    w.write("a.md", &doc(&[&s404, &s418, &s403, &s500]));
    w.config(&config().set("retries", "0"));
    let run = w.check_with(&["--accept", "400..=404,418"], &["a.md"]);
    run.assert_code(1);
    let json = run.json();
    for url in [&s404, &s418, &s403] {
        assert_eq!(status(&json, url), "ok", "{url}: {}", pretty(&json));
    }
    assert_eq!(status(&json, &s500), "dead");

    w.config(
        &config()
            .set("retries", "0")
            .set("accept", "[\"400..405\", 418, \"500..=500\"]"),
    );
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    let json = run.json();
    for url in [&s404, &s418, &s403, &s500] {
        assert_eq!(status(&json, url), "ok", "{url}: {}", pretty(&json));
    }

    let run = w.check_with(&["--accept", "2xx"], &["a.md"]);
    run.assert_code(2);
    assert!(
        (run.stdout.contains("--accept") || run.stderr.contains("--accept")),
        "{run:?}"
    );
    w.config(&config().set("accept", "[\"404..=400\"]"));
    let run = w.check(&["a.md"]);
    run.assert_code(2);
    assert!(
        (run.stdout.contains("accept") || run.stderr.contains("accept")),
        "{run:?}"
    );
}

/// `--dump` prints each place a URL that would be requested is cited, and
/// requests nothing: excluded, private (without `allow-private`) and
/// non-http URLs are left out.
#[test]
fn links_dump_lists_urls_and_checks_nothing() {
    let s = Server::start();
    let w = Work::new();
    let (a, dead, skip) = (s.url("/ok/a"), s.url("/status/404"), s.url("/ok/skip"));
    w.write("a.md", &doc(&[&a, &dead, "mailto:x@y.z", &skip, &a]));
    w.write("b.md", &doc(&[&dead]));
    w.config(&config().set("exclude", "['skip']"));
    let run = w.run(&[
        "check",
        "--dump",
        "--config",
        "listlint.toml",
        "a.md",
        "b.md",
    ]);
    run.assert_code(0);
    let col = "Link [number 0](".len() + 1;
    let want: Vec<String> = [
        ("a.md", 0, &a),
        ("a.md", 1, &dead),
        ("a.md", 4, &a),
        ("b.md", 0, &dead),
    ]
    .iter()
    .map(|(f, i, u)| format!("{f}:{}:{col} {u}", line_of(*i)))
    .collect();
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), want, "{run:?}");

    // Private targets are left out unless allowed; `--offline` still dumps.
    w.config(&config().unset("allow-private"));
    let run = w.run(&[
        "check",
        "--dump",
        "--offline",
        "--config",
        "listlint.toml",
        "a.md",
    ]);
    run.assert_code(0);
    assert_eq!(run.stdout, "", "{run:?}");
    settle();
    assert!(s.requests().is_empty(), "{:#?}", s.requests());

    let run = w.run(&["fix", "--dump", "--config", "listlint.toml", "a.md"]);
    run.assert_code(2);
}

/// `--timeout` and `--max-retries` override `timeout` and `retries`.
#[test]
fn links_timeout_and_max_retries_flags() {
    let s = Server::start();
    let w = Work::new();
    let (hang, flaky) = (s.url("/hang"), s.url("/flaky-503/a"));
    w.write("a.md", &doc(&[&hang, &flaky]));
    w.config(&config().set("timeout", "\"20s\"").set("retries", "2"));
    let run = w.check_with(&["--timeout", "500ms", "--max-retries", "0"], &["a.md"]);
    run.assert_code(1);
    assert!(run.elapsed < Duration::from_secs(8), "{run:?}");
    let json = run.json();
    assert_eq!(status(&json, &hang), "timeout", "{}", pretty(&json));
    // No retry: the first 503 is the verdict.
    assert_eq!(status(&json, &flaky), "dead", "{}", pretty(&json));
    assert_eq!(s.count("/flaky-503/a"), 1, "{:#?}", s.requests());

    for bad in ["soon", "0s", "2h"] {
        let run = w.check_with(&["--timeout", bad], &["a.md"]);
        run.assert_code(2);
        assert!(
            run.stdout.contains("--timeout") || run.stderr.contains("--timeout"),
            "{run:?}"
        );
    }
}

/// `--max-concurrency` overrides `max-concurrency`.
#[test]
fn links_max_concurrency_flag() {
    let s = Server::start();
    let w = Work::new();
    let urls: Vec<String> = (0..4).map(|i| s.url(&format!("/slow/{i}"))).collect();
    let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    w.write("a.md", &doc(&refs));
    w.config(&config().set("max-concurrency", "8"));
    w.check_with(&["--max-concurrency", "1"], &["a.md"])
        .assert_code(0);
    assert_eq!(s.max_in_flight("/slow"), 1, "{:#?}", s.requests());
    w.check_with(&["--max-concurrency", "0"], &["a.md"])
        .assert_code(2);
}

/// `--user-agent` and the `user-agent` key replace the User-Agent sent to
/// the pages checked.
#[test]
fn links_user_agent_flag_and_key() {
    let s = Server::start();
    let w = Work::new();
    let bot = s.url("/bot/ua");
    w.write("a.md", &doc(&[&bot]));
    w.config(&config());
    let run = w.check_with(&["--user-agent", "curl/8.0"], &["a.md"]);
    run.assert_code(0);
    assert_eq!(status(&run.json(), &bot), "blocked");
    w.config(&config().set("user-agent", "\"Mozilla/5.0 (listlint test)\""));
    let run = w.check(&["a.md"]);
    assert_eq!(status(&run.json(), &bot), "ok");
    let agents: BTreeSet<String> = s
        .requests()
        .iter()
        .filter_map(|r| r.header("user-agent").map(str::to_owned))
        .collect();
    assert_eq!(
        agents,
        BTreeSet::from([
            "curl/8.0".to_owned(),
            "Mozilla/5.0 (listlint test)".to_owned()
        ])
    );
    w.config(&config().set("user-agent", "\"bad\\u0001\""));
    w.check(&["a.md"]).assert_code(2);
}

/// `--header 'HOST: NAME: VALUE'` is sent to that host only.
#[test]
fn links_header_flag_is_sent_to_its_host_only() {
    let a = Server::start();
    let b = Server::start();
    let w = Work::new();
    let (scoped, other) = (a.url("/auth/flag"), b.url("/auth/flag"));
    w.write("a.md", &doc(&[&scoped, &other]));
    w.config(&config());
    let header = format!("{}: Authorization: Bearer flag-token", a.authority());
    let run = w.check_with(&["--header", &header], &["a.md"]);
    run.assert_code(0);
    let json = run.json();
    assert_eq!(status(&json, &scoped), "ok", "{}", pretty(&json));
    assert_eq!(status(&json, &other), "blocked", "{}", pretty(&json));
    assert!(
        b.requests()
            .iter()
            .all(|r| r.header("authorization").is_none()),
        "{:#?}",
        b.requests()
    );
    for bad in ["no-separator", "host: no value", "host: Bad Name: x"] {
        let run = w.check_with(&["--header", bad], &["a.md"]);
        run.assert_code(2);
        assert!(
            run.stdout.contains("--header") || run.stderr.contains("--header"),
            "{bad}: {run:?}"
        );
    }
}

/// `.listlintignore` and lychee's `.lycheeignore` beside the config hold
/// URL patterns not to request, a regex a line.
#[test]
fn links_ignore_files() {
    let s = Server::start();
    let w = Work::new();
    let (a, b, c) = (s.url("/ok/a"), s.url("/ok/b"), s.url("/ok/c"));
    w.write("a.md", &doc(&[&a, &b, &c]));
    w.config(&config());
    w.write(".listlintignore", "# ours\n/ok/a$\n\n");
    w.write(".lycheeignore", "/ok/b$\n");
    let run = w.check(&["a.md"]);
    run.assert_code(0);
    let json = run.json();
    assert_eq!(status(&json, &a), "excluded");
    assert_eq!(status(&json, &b), "excluded");
    assert_eq!(status(&json, &c), "ok");
    settle();
    assert_eq!(s.count_prefix("/ok"), 1, "{:#?}", s.requests());

    w.write(".lycheeignore", "ok\n(\n");
    let run = w.check(&["a.md"]);
    run.assert_code(2);
    assert!(
        run.stdout.contains(".lycheeignore:2") || run.stderr.contains(".lycheeignore:2"),
        "{run:?}"
    );
}

/// `--remap 'REGEX REPLACEMENT'` and the `remap` key: the URL requested is
/// the rewritten one, the report names the written one and says which was
/// requested. The written host is never asked.
#[test]
fn links_remap_flag_and_key() {
    let s = Server::start();
    let w = Work::new();
    let (fine, gone) = (
        "https://docs.example.invalid/page/ok/remapped",
        "https://docs.example.invalid/page/status/404",
    );
    w.write("a.md", &doc(&[fine, gone]));
    w.config(&config());
    let remap = format!(
        "^https://docs\\.example\\.invalid/page/(.*)$ http://{}/$1",
        s.authority()
    );
    let run = w.check_with(&["--remap", &remap], &["a.md"]);
    run.assert_code(1);
    let json = run.json();
    let j = pretty(&json);
    assert_eq!(status(&json, fine), "ok", "{j}");
    assert_eq!(
        link(&json, fine)["checked_url"],
        s.url("/ok/remapped").as_str(),
        "{j}"
    );
    let d = diags_for(&json, "dead-link", gone);
    assert_eq!(d.len(), 1, "{j}");
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .ends_with(&format!("(checked as {})", s.url("/status/404"))),
        "{j}"
    );
    assert_eq!(s.count("/ok/remapped"), 1, "{:#?}", s.requests());

    w.config(&config().set("remap", &format!("['{remap}']")));
    let run = w.check(&["a.md"]);
    run.assert_code(1);
    assert_eq!(status(&run.json(), fine), "ok", "{run:?}");

    for bad in ["no-replacement", "( x"] {
        let run = w.check_with(&["--remap", bad], &["a.md"]);
        run.assert_code(2);
        assert!(
            run.stdout.contains("--remap") || run.stderr.contains("--remap"),
            "{bad}: {run:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// GitHub through the API

/// `[links.github]` with the fake API's address and no token: the token
/// comes from the command line or the environment.
fn github_api_config(s: &Server) -> Config {
    config().tables(&format!(
        "[links.github]\napi-url = \"{}\"",
        s.url("/graphql")
    ))
}

/// With a token (here `GITHUB_TOKEN`), every kind of github.com link is
/// checked through the API, found and missing: repository pages, files and
/// directories at a ref (a ref with a slash too), commits, issues and pull
/// requests, releases, bare tags, release assets, users and organisations
/// in one GraphQL query; gists through REST. A renamed repository's file is
/// a redirect to the same file under the new name.
#[test]
fn links_github_api_checks_every_kind() {
    let s = Server::start();
    let w = Work::new();
    let gh = "https://github.com";
    let found = [
        format!("{gh}/alive/repo/issues"),
        format!("{gh}/alive/repo/blob/main/README.md"),
        format!("{gh}/alive/repo/tree/main/docs"),
        format!("{gh}/alive/repo/blob/feature/x/src/lib.rs"),
        format!("{gh}/alive/repo/commit/abcdef1234567"),
        format!("{gh}/alive/repo/issues/1"),
        format!("{gh}/alive/repo/pull/2"),
        format!("{gh}/alive/repo/releases/tag/v1.0"),
        format!("{gh}/alive/repo/releases/tag/v0.9"),
        format!("{gh}/alive/repo/releases/download/v1.0/tool.tar.gz"),
        format!("{gh}/alive"),
        format!("{gh}/some-org"),
        "https://gist.github.com/someone/0123abcd".to_owned(),
    ];
    let missing = [
        format!("{gh}/alive/repo/blob/main/nope.md"),
        format!("{gh}/alive/repo/tree/nope/docs"),
        format!("{gh}/alive/repo/commit/1234567abcdef"),
        format!("{gh}/alive/repo/issues/3"),
        format!("{gh}/alive/repo/releases/tag/v2.0"),
        format!("{gh}/alive/repo/releases/download/v1.0/other.zip"),
        format!("{gh}/gone/repo/issues/1"),
        format!("{gh}/nobody-here"),
        "https://gist.github.com/ffff0000".to_owned(),
    ];
    let renamed = format!("{gh}/old/name/blob/main/README.md");
    let mut all: Vec<&str> = found.iter().chain(&missing).map(String::as_str).collect();
    all.push(&renamed);
    w.write("a.md", &doc(&all));
    w.config(&github_api_config(&s));
    let run = w.run_env(
        &[
            "check",
            "--links",
            "--format",
            "json",
            "--config",
            "listlint.toml",
            "a.md",
        ],
        &[("GITHUB_TOKEN", "gh-env-token")],
    );
    run.assert_code(1);
    let json = run.json();
    let j = pretty(&json);
    for u in &found {
        assert_eq!(status(&json, u), "ok", "{u}: {j}");
    }
    for u in &missing {
        assert_eq!(status(&json, u), "dead", "{u}: {j}");
        assert_eq!(diags_for(&json, "dead-link", u).len(), 1, "{u}: {j}");
    }
    let entry = link(&json, &renamed);
    assert_eq!(entry["status"], "redirected", "{j}");
    assert_eq!(
        entry["final_url"],
        format!("{gh}/new/name/blob/main/README.md"),
        "{j}"
    );

    let reqs = s.requests();
    let posts: Vec<_> = reqs.iter().filter(|r| r.path == "/graphql").collect();
    assert_eq!(posts.len(), 1, "one GraphQL query: {reqs:#?}");
    assert_eq!(s.count_prefix("/gists/"), 2, "{reqs:#?}");
    assert_eq!(reqs.len(), 3, "{reqs:#?}");
    for r in &reqs {
        assert_eq!(
            r.header("authorization").map(str::to_ascii_lowercase),
            Some("bearer gh-env-token".to_owned()),
            "{r:#?}"
        );
    }
}

/// The token's precedence: `--github-token`, then `[links.github] token`,
/// then `GITHUB_TOKEN`, then `GH_TOKEN`.
#[test]
fn links_github_token_precedence() {
    let s = Server::start();
    let w = Work::new();
    w.write("a.md", &doc(&["https://github.com/alive/repo"]));
    let base = [
        "check",
        "--links",
        "--format",
        "json",
        "--config",
        "listlint.toml",
    ];
    let env = [
        ("GITHUB_TOKEN", "from-github-token"),
        ("GH_TOKEN", "from-gh-token"),
    ];
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], bool, &'a str);
    let cases: [Case; 5] = [
        (&["--github-token", "from-flag"], &env, true, "from-flag"),
        (&[], &env, true, "from-config"),
        (&[], &env, false, "from-github-token"),
        (&[], &env[1..], false, "from-gh-token"),
        (&["--github-token", "from-flag"], &[], false, "from-flag"),
    ];
    for (flags, env, in_config, want) in cases {
        let c = github_api_config(&s);
        if in_config {
            let text = c.render().replace(
                "[links.github]\n",
                "[links.github]\ntoken = \"from-config\"\n",
            );
            w.write("listlint.toml", &text);
        } else {
            w.config(&c);
        }
        let before = s.count("/graphql");
        let mut args = base.to_vec();
        args.extend_from_slice(flags);
        args.push("a.md");
        let run = w.run_env(&args, env);
        run.assert_code(0);
        assert_eq!(s.count("/graphql"), before + 1, "{want}: {run:?}");
        let last = s.requests_to("/graphql").pop().unwrap();
        assert_eq!(
            last.header("authorization"),
            Some(format!("bearer {want}").as_str()),
            "{want}"
        );
        assert!(
            !run.stdout.contains(want) && !run.stderr.contains(want),
            "{run:?}"
        );
    }
}

/// The token is printed nowhere (reports, `--verbose`, `--dump`, the
/// summary, errors) and sent to the API's host only: not to the pages
/// checked, not after the API redirects to another host, and not to an
/// API the config names when the token comes from the environment.
#[test]
fn links_github_token_never_printed_nor_sent_elsewhere() {
    let a = Server::start();
    let b = Server::start();
    let w = Work::new();
    let token = "gh-secret-5e1f9c";
    let hop = a.url(&format!(
        "/redirect-to?url={}&code=302",
        percent_encode(&b.url("/ok/after"))
    ));
    let repo = "https://github.com/alive/repo";
    let gone = "https://github.com/gone/repo";
    w.write("a.md", &doc(&[&hop, repo, gone]));
    // The API redirects to another host: not followed, the token stays.
    let api = a.url(&format!(
        "/redirect-to?url={}&code=307",
        percent_encode(&b.url("/graphql"))
    ));
    w.config(&config().tables(&format!("[links.github]\napi-url = \"{api}\"")));
    let summary = w.path().join("summary.md");
    let summary_arg = summary.display().to_string();
    let env = [("GITHUB_TOKEN", token)];
    for format in ["json", "human", "sarif", "github"] {
        let run = w.run_env(
            &[
                "check",
                "--links",
                "--verbose",
                "--format",
                format,
                "--summary",
                &summary_arg,
                "--config",
                "listlint.toml",
                "a.md",
            ],
            &env,
        );
        assert!(
            !run.stdout.contains(token) && !run.stderr.contains(token),
            "{run:?}"
        );
        if format == "json" {
            let json = run.json();
            assert_eq!(status(&json, repo), "blocked", "{}", pretty(&json));
            assert_eq!(status(&json, &hop), "ok", "{}", pretty(&json));
        }
    }
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(!text.contains(token), "{text}");
    let run = w.run_env(
        &["check", "--dump", "--config", "listlint.toml", "a.md"],
        &env,
    );
    run.assert_code(0);
    assert!(
        !run.stdout.contains(token) && !run.stderr.contains(token),
        "{run:?}"
    );

    settle();
    assert!(
        a.requests()
            .iter()
            .any(|r| r.method == "POST" && r.path.contains("code=307")),
        "the API was asked: {:#?}",
        a.requests()
    );
    for r in b.requests() {
        assert_eq!(r.header("authorization"), None, "leaked to B: {r:#?}");
        assert!(!r.headers.iter().any(|(_, v)| v.contains(token)), "{r:#?}");
        assert_ne!(
            r.path, "/graphql",
            "the API's redirect was followed: {r:#?}"
        );
    }
    for r in a.requests() {
        if !r.path.contains("code=307") {
            assert_eq!(r.header("authorization"), None, "sent to a page: {r:#?}");
        }
    }

    // An API the config names gets no token from the environment or the
    // command line: the run stops before any request.
    w.config(&config().tables("[links.github]\napi-url = \"https://github-api.invalid/graphql\""));
    for (flags, env) in [
        (&[][..], &env[..]),
        (&["--github-token", token][..], &[][..]),
    ] {
        let mut args = vec![
            "check",
            "--links",
            "--format",
            "json",
            "--config",
            "listlint.toml",
        ];
        args.extend_from_slice(flags);
        args.push("a.md");
        let run = w.run_env(&args, env);
        run.assert_code(2);
        assert!(run.stdout.contains("links.github.api-url"), "{run:?}");
        assert!(
            !run.stdout.contains(token) && !run.stderr.contains(token),
            "{run:?}"
        );
    }
    // Named in the config, the token goes to the API the config names.
    w.config(&config().tables(&format!(
        "[links.github]\napi-url = \"{}\"\ntoken = \"${{GITHUB_TOKEN}}\"",
        b.url("/graphql")
    )));
    let run = w.run_env(
        &[
            "check",
            "--links",
            "--format",
            "json",
            "--config",
            "listlint.toml",
            "a.md",
        ],
        &env,
    );
    let json = run.json();
    assert_eq!(status(&json, gone), "dead", "{}", pretty(&json));
    assert!(!run.stdout.contains(token), "{run:?}");
}
