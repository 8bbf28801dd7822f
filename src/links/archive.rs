//! Archived copies of dead links: the Wayback Machine's availability API
//! (`[links.archive] api-url`) is asked for the latest snapshot of each
//! dead URL that answered 200, and its address becomes the `dead-link`
//! suggestion. The archive is slow and rate-limited, so it has its own
//! small concurrency and timeout, and the whole lookup ends at
//! `max-wait` whatever is still pending: a dead link without an answer is
//! reported without a suggestion, never later.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use tokio::sync::Semaphore;
use url::Url;

use super::{Archive, Outcome, Status};

/// Where snapshots are served, whichever API found them.
pub const WEB_ARCHIVE: &str = "https://web.archive.org/web";

/// The address of the snapshot of `url` taken at `timestamp`.
pub fn snapshot_url(timestamp: &str, url: &str) -> String {
    format!("{WEB_ARCHIVE}/{timestamp}/{url}")
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

/// What the API says (only the parts used).
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

/// The answers for `keys`: the snapshot timestamp, or `None` when the
/// archive has no copy that answered 200. Keys missing from the map got
/// no answer (a failure, or the deadline): the second value counts the
/// failures and says why, for one warning.
pub(super) fn lookup(
    keys: Vec<String>,
    archive: &Archive,
) -> (BTreeMap<String, Option<String>>, Vec<String>) {
    let mut found = BTreeMap::new();
    let mut failures = Vec::new();
    if keys.is_empty() {
        return (found, failures);
    }
    let client = match reqwest::Client::builder()
        .user_agent(super::USER_AGENT)
        .timeout(archive.timeout)
        .connect_timeout(archive.timeout)
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            failures.push(format!("cannot build the HTTP client: {e}"));
            return (found, failures);
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            failures.push(format!("cannot start the runtime: {e}"));
            return (found, failures);
        }
    };
    let total = keys.len();
    rt.block_on(async {
        let permits = Arc::new(Semaphore::new(archive.max_concurrency));
        let mut tasks = tokio::task::JoinSet::new();
        for key in keys {
            let (client, permits, api) = (client.clone(), permits.clone(), archive.api_url.clone());
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await.expect("never closed");
                let answer = ask(&client, &api, &key).await;
                (key, answer)
            });
        }
        let deadline = tokio::time::Instant::now() + archive.max_wait;
        loop {
            match tokio::time::timeout_at(deadline, tasks.join_next()).await {
                Ok(Some(Ok((key, Ok(ts))))) => {
                    found.insert(key, ts);
                }
                Ok(Some(Ok((_, Err(why))))) => failures.push(why),
                Ok(Some(Err(_))) => failures.push("a lookup stopped".into()),
                Ok(None) => break,
                Err(_) => {
                    let left = total - found.len() - failures.len();
                    tasks.abort_all();
                    failures.extend(std::iter::repeat_n(
                        format!("no answer within {:?}", archive.max_wait),
                        left,
                    ));
                    break;
                }
            }
        }
    });
    (found, failures)
}

/// One question to the availability API: the latest snapshot of `key`.
async fn ask(client: &reqwest::Client, api: &str, key: &str) -> Result<Option<String>, String> {
    let url = Url::parse_with_params(api, &[("url", key)])
        .map_err(|e| format!("invalid api-url {api:?}: {e}"))?;
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
    let answer: Answer = serde_json::from_slice(&body)
        .map_err(|e| format!("the archive's answer is not the expected JSON: {e}"))?;
    Ok(answer.archived_snapshots.closest.and_then(|c| {
        let ts_ok = c.timestamp.len() == 14 && c.timestamp.bytes().all(|b| b.is_ascii_digit());
        (c.available && c.status == "200" && ts_ok).then_some(c.timestamp)
    }))
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
