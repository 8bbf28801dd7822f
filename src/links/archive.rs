//! Archived copies of dead links, from the Wayback Machine: the latest
//! snapshot of each dead URL that answered 200 becomes the `dead-link`
//! suggestion. The availability API (`[links.archive] api-url`) names the
//! latest snapshot; when that one is not a 200 (the archive kept the
//! redirect or the error page the link turned into), the CDX server beside
//! it lists the snapshots that answered 200 and the latest is taken. A
//! snapshot that is not a 200 is never offered.
//!
//! The archive is slow and rate-limited: lookups run beside the checks on
//! a thread of their own, each starting when its link is found dead, with
//! their own small concurrency and timeout; once the checks are done the
//! run waits at most `max-wait` for those still pending. A dead link
//! without an answer by then is reported without a suggestion, never later.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use tokio::sync::{Semaphore, mpsc};
use url::Url;

use super::{Archive, Outcome, Status};

/// Where snapshots are served, whichever API found them.
pub const WEB_ARCHIVE: &str = "https://web.archive.org/web";

/// The address of the snapshot of `url` taken at `timestamp`.
pub fn snapshot_url(timestamp: &str, url: &str) -> String {
    format!("{WEB_ARCHIVE}/{timestamp}/{url}")
}

/// The CDX server beside the availability API at `api`: the same address
/// with its `wayback/available` end replaced by `cdx/search/cdx` (the
/// path alone when it ends otherwise). archive.org serves it from
/// web.archive.org.
pub fn cdx_url(api: &str) -> Result<Url, String> {
    let mut url = Url::parse(api).map_err(|e| format!("invalid api-url {api:?}: {e}"))?;
    let path = url.path().trim_end_matches('/');
    let path = match path.strip_suffix("wayback/available") {
        Some(base) => format!("{base}cdx/search/cdx"),
        None => "/cdx/search/cdx".to_owned(),
    };
    url.set_path(&path);
    url.set_query(None);
    if url.host_str() == Some("archive.org") {
        url.set_host(Some("web.archive.org"))
            .map_err(|e| e.to_string())?;
    }
    Ok(url)
}

/// Whether a dead link is one the archive may replace: gone (404, 410, a
/// page that says so) or on a name that no longer resolves. A 5xx, a
/// timeout or a refused connection may be the server's bad day.
pub fn wanted(o: &Outcome) -> bool {
    match o.status {
        Status::Dead => o.soft_404 || matches!(o.http_status, Some(404 | 410)),
        Status::Error => {
            let d = o.detail.to_ascii_lowercase();
            d.contains("failed to lookup address") || d.contains("dns error")
        }
        _ => false,
    }
}

/// What the availability API says (only the parts used).
#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    archived_snapshots: Snapshots,
}

#[derive(Deserialize, Default)]
struct Snapshots {
    closest: Option<Closest>,
}

#[derive(Deserialize)]
struct Closest {
    #[serde(default)]
    available: bool,
    #[serde(default)]
    status: String,
    #[serde(default)]
    timestamp: String,
}

/// A Wayback timestamp: 14 digits, `YYYYMMDDhhmmss`.
fn is_timestamp(ts: &str) -> bool {
    ts.len() == 14 && ts.bytes().all(|b| b.is_ascii_digit())
}

/// The answers of a run's lookups: the snapshot timestamp by URL, or
/// `None` when the archive has no copy that answered 200. URLs missing
/// from `found` got no answer (a failure, or the deadline): `failures`
/// says why, one entry each, for one warning.
#[derive(Debug, Default)]
pub(super) struct Answers {
    pub found: BTreeMap<String, Option<String>>,
    pub failures: Vec<String>,
    /// How many URLs were asked about.
    pub asked: usize,
}

/// Lookups running beside the checks. The thread, its runtime and its
/// client start with the first dead link, so a run without one builds
/// nothing.
pub(super) struct Lookups {
    archive: Archive,
    running: Option<(
        mpsc::UnboundedSender<String>,
        std::thread::JoinHandle<Answers>,
    )>,
    asked: usize,
}

impl Lookups {
    pub fn new(archive: &Archive) -> Self {
        Self {
            archive: archive.clone(),
            running: None,
            asked: 0,
        }
    }

    /// Starts the lookup of `key` (each key once per run).
    pub fn ask(&mut self, key: String) {
        self.asked += 1;
        let (tx, _) = self.running.get_or_insert_with(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            let archive = self.archive.clone();
            let worker = std::thread::spawn(move || serve(rx, &archive));
            (tx, worker)
        });
        // The worker only stops receiving once the sender is dropped.
        let _ = tx.send(key);
    }

    /// Says no more will come, waits at most `max-wait` for the answers
    /// still pending, and returns them all.
    pub fn finish(self) -> Answers {
        let Some((tx, worker)) = self.running else {
            return Answers::default();
        };
        drop(tx);
        let mut answers = worker.join().unwrap_or_else(|_| Answers {
            failures: vec!["the lookups stopped".into(); self.asked],
            ..Answers::default()
        });
        answers.asked = self.asked;
        answers
    }
}

/// The lookup thread: asks about each key received, at most
/// `max-concurrency` at once, until the sender is dropped and then for at
/// most `max-wait` more.
fn serve(mut rx: mpsc::UnboundedReceiver<String>, archive: &Archive) -> Answers {
    let mut answers = Answers::default();
    let setup = reqwest::Client::builder()
        .user_agent(super::USER_AGENT)
        .timeout(archive.timeout)
        .connect_timeout(archive.timeout)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
        .and_then(|client| {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the runtime: {e}"))?;
            Ok((client, rt))
        });
    let (client, rt) = match setup {
        Ok(s) => s,
        Err(why) => {
            while rx.blocking_recv().is_some() {
                answers.failures.push(why.clone());
            }
            return answers;
        }
    };
    let cdx = cdx_url(&archive.api_url);
    rt.block_on(async {
        let permits = Arc::new(Semaphore::new(archive.max_concurrency));
        let mut tasks = tokio::task::JoinSet::new();
        let mut receiving = true;
        // Set when the checks are done.
        let mut deadline = None;
        loop {
            if !receiving && tasks.is_empty() {
                break;
            }
            let until = deadline.unwrap_or_else(tokio::time::Instant::now);
            tokio::select! {
                key = rx.recv(), if receiving => match key {
                    Some(key) => {
                        let (client, permits, api, cdx) =
                            (client.clone(), permits.clone(), archive.api_url.clone(), cdx.clone());
                        tasks.spawn(async move {
                            let _permit = permits.acquire_owned().await.expect("never closed");
                            let answer = latest_200(&client, &api, cdx, &key).await;
                            (key, answer)
                        });
                    }
                    None => {
                        receiving = false;
                        deadline = Some(tokio::time::Instant::now() + archive.max_wait);
                    }
                },
                done = tasks.join_next(), if !tasks.is_empty() => match done {
                    Some(Ok((key, Ok(ts)))) => {
                        answers.found.insert(key, ts);
                    }
                    Some(Ok((_, Err(why)))) => answers.failures.push(why),
                    Some(Err(_)) => answers.failures.push("a lookup stopped".into()),
                    None => {}
                },
                () = tokio::time::sleep_until(until), if deadline.is_some() => {
                    let left = tasks.len();
                    tasks.abort_all();
                    answers.failures.extend(std::iter::repeat_n(
                        format!("no answer within {:?}", archive.max_wait),
                        left,
                    ));
                    break;
                }
            }
        }
    });
    answers
}

/// The latest snapshot of `key` that answered 200: the availability API's
/// latest when it is one, else the CDX server's latest 200.
async fn latest_200(
    client: &reqwest::Client,
    api: &str,
    cdx: Result<Url, String>,
    key: &str,
) -> Result<Option<String>, String> {
    let url = Url::parse_with_params(api, &[("url", key)])
        .map_err(|e| format!("invalid api-url {api:?}: {e}"))?;
    let answer: Answer = get_json(client, url).await?;
    let Some(latest) = answer.archived_snapshots.closest.filter(|c| c.available) else {
        return Ok(None);
    };
    if latest.status == "200" && is_timestamp(&latest.timestamp) {
        return Ok(Some(latest.timestamp));
    }
    let mut url = cdx?;
    url.query_pairs_mut()
        .append_pair("url", key)
        .append_pair("output", "json")
        .append_pair("fl", "timestamp,statuscode")
        .append_pair("filter", "statuscode:200")
        .append_pair("limit", "-1");
    let rows: Vec<Vec<String>> = get_json(client, url).await?;
    Ok(latest_200_row(&rows))
}

/// The latest timestamp among CDX rows (a header row naming the fields
/// first) whose status is 200: neither the filter nor the fields asked
/// for are trusted to have been applied.
fn latest_200_row(rows: &[Vec<String>]) -> Option<String> {
    let (header, rows) = rows.split_first()?;
    let field = |name: &str| header.iter().position(|f| f == name);
    let (ts, status) = (field("timestamp")?, field("statuscode")?);
    rows.iter()
        .filter(|r| r.get(status).is_some_and(|s| s == "200"))
        .filter_map(|r| r.get(ts).filter(|ts| is_timestamp(ts)))
        .max()
        .cloned()
}

/// GETs `url` and reads its JSON answer.
async fn get_json<T: serde::de::DeserializeOwned>(
    client: &reqwest::Client,
    url: Url,
) -> Result<T, String> {
    let resp = client.get(url).send().await.map_err(|e| {
        if e.is_timeout() {
            "timed out".to_owned()
        } else {
            e.to_string()
        }
    })?;
    if !resp.status().is_success() {
        return Err(format!("the archive answered {}", resp.status()));
    }
    let body = resp.bytes().await.map_err(|e| e.to_string())?;
    serde_json::from_slice(&body)
        .map_err(|e| format!("the archive's answer is not the expected JSON: {e}"))
}

/// `max-wait` when the config does not say.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(30);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_addresses() {
        assert_eq!(
            snapshot_url("20200102030405", "https://example.com/a?b"),
            "https://web.archive.org/web/20200102030405/https://example.com/a?b"
        );
    }

    #[test]
    fn the_cdx_server_beside_the_availability_api() {
        let cdx = |api| cdx_url(api).unwrap().to_string();
        assert_eq!(
            cdx("https://archive.org/wayback/available"),
            "https://web.archive.org/cdx/search/cdx"
        );
        assert_eq!(
            cdx("http://127.0.0.1:8080/mirror/wayback/available?x=1"),
            "http://127.0.0.1:8080/mirror/cdx/search/cdx"
        );
        assert_eq!(
            cdx("http://127.0.0.1:8080/api"),
            "http://127.0.0.1:8080/cdx/search/cdx"
        );
    }

    #[test]
    fn only_a_snapshot_that_answered_200_is_taken() {
        let rows = |r: &[[&str; 2]]| -> Vec<Vec<String>> {
            r.iter()
                .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
                .collect()
        };
        let got = latest_200_row(&rows(&[
            ["timestamp", "statuscode"],
            ["20180101000000", "200"],
            ["20190101000000", "200"],
            ["20200101000000", "301"],
            ["20210101000000", "404"],
            ["2022", "200"],
        ]));
        assert_eq!(got.as_deref(), Some("20190101000000"));
        // All the fields, in the server's order.
        let got = latest_200_row(&rows(&[
            ["statuscode", "timestamp"],
            ["200", "20180101000000"],
            ["302", "20200101000000"],
        ]));
        assert_eq!(got.as_deref(), Some("20180101000000"));
        assert_eq!(
            latest_200_row(&rows(&[
                ["timestamp", "statuscode"],
                ["20200101000000", "302"]
            ])),
            None
        );
    }

    #[test]
    fn which_dead_links_the_archive_may_replace() {
        let dead = |code| {
            let mut o = Outcome::new(Status::Dead, "");
            o.http_status = Some(code);
            o
        };
        assert!(wanted(&dead(404)));
        assert!(wanted(&dead(410)));
        assert!(!wanted(&dead(500)));
        let mut soft = dead(200);
        soft.soft_404 = true;
        assert!(wanted(&soft));
        assert!(wanted(&Outcome::new(
            Status::Error,
            "failed to lookup address information: Name or service not known"
        )));
        assert!(!wanted(&Outcome::new(Status::Error, "connection refused")));
        assert!(!wanted(&Outcome::new(Status::Timeout, "timed out")));
    }
}
