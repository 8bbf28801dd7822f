//! The links cache file (`[links] cache`): ok results younger than
//! `cache-max-age` are reused, and consecutive failures are counted for
//! `fail-after`. A missing or unreadable cache is an empty one: the cache
//! only ever saves time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Status;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// Seconds since the Unix epoch of the last check.
    pub checked: u64,
    /// Failing runs in a row (0 after a success).
    #[serde(default)]
    pub failures: u32,
    /// What the archive said about the URL, kept across runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<ArchiveEntry>,
}

/// One archive lookup.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchiveEntry {
    /// The snapshot's timestamp, or none when the archive has no copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<String>,
    /// Seconds since the Unix epoch of the lookup.
    pub checked: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    max_age: Duration,
    entries: BTreeMap<String, Entry>,
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    pub fn load(path: &Path, max_age: Duration) -> Self {
        let entries = std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<File>(&b).ok())
            .filter(|f| f.version == 1)
            .map(|f| f.entries)
            .unwrap_or_default();
        Self {
            path: path.to_owned(),
            max_age,
            entries,
        }
    }

    /// A fresh ok result for `key`.
    pub fn fresh(&self, key: &str) -> Option<&Entry> {
        let e = self.entries.get(key)?;
        let age = now().saturating_sub(e.checked);
        // Only ok results are reused: a redirect is checked again.
        (e.status == Status::Ok && age <= self.max_age.as_secs()).then_some(e)
    }

    /// Failing runs in a row before this one.
    pub fn failures(&self, key: &str) -> u32 {
        self.entries.get(key).map_or(0, |e| e.failures)
    }

    /// Records this run's result; returns the failing runs in a row,
    /// this one included.
    pub fn record(
        &mut self,
        key: &str,
        status: Status,
        http_status: Option<u16>,
        final_url: Option<String>,
    ) -> u32 {
        let failures = if status.is_failure() {
            self.failures(key) + 1
        } else {
            0
        };
        if matches!(status, Status::Excluded | Status::Skipped) {
            return 0;
        }
        let archive = self.entries.get(key).and_then(|e| e.archive.clone());
        self.entries.insert(
            key.to_owned(),
            Entry {
                status,
                http_status,
                final_url,
                checked: now(),
                failures,
                archive,
            },
        );
        failures
    }

    /// A fresh archive answer for `key`: `Some(None)` when the archive
    /// had no copy.
    pub fn archived(&self, key: &str) -> Option<Option<String>> {
        let a = self.entries.get(key)?.archive.as_ref()?;
        (now().saturating_sub(a.checked) <= self.max_age.as_secs()).then(|| a.snapshot.clone())
    }

    /// Records an archive answer for a URL recorded in this run.
    pub fn record_archive(&mut self, key: &str, snapshot: Option<String>) {
        if let Some(e) = self.entries.get_mut(key) {
            e.archive = Some(ArchiveEntry {
                snapshot,
                checked: now(),
            });
        }
    }

    /// Writes the cache atomically (temporary file, then rename), dropping
    /// entries much older than the maximum age.
    pub fn save(&mut self) -> Result<(), String> {
        let horizon =
            now().saturating_sub(self.max_age.as_secs().saturating_mul(30).max(86_400 * 30));
        self.entries
            .retain(|_, e| e.checked >= horizon || e.failures > 0);
        let file = File {
            version: 1,
            entries: std::mem::take(&mut self.entries),
        };
        let json = serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())?;
        self.entries = file.entries;
        let dir = self
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = self
            .path
            .file_name()
            .map_or_else(|| "cache".into(), |n| n.to_string_lossy().into_owned());
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let write = std::fs::write(&tmp, &json).and_then(|()| std::fs::rename(&tmp, &self.path));
        if let Err(e) = write {
            let _ = std::fs::remove_file(&tmp);
            return Err(format!(
                "cannot write the links cache {}: {e}",
                self.path.display()
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: &str = r#"{"version":1,"entries":{}}"#;

    fn one_ok(path: &Path) -> Cache {
        let mut cache = Cache::load(path, Duration::from_secs(3600));
        cache.record("https://example.com/", Status::Ok, Some(200), None);
        cache
    }

    #[test]
    fn the_temporary_file_is_written_beside_the_cache() {
        // The rename that makes a save atomic works only within one
        // filesystem, so the temporary file must go beside the cache, not in
        // the working directory: a directory standing where it goes makes the
        // save fail and leaves the cache as it was.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        std::fs::write(&path, EMPTY).unwrap();
        let tmp = dir
            .path()
            .join(format!(".links.json.{}.tmp", std::process::id()));
        std::fs::create_dir(&tmp).unwrap();
        let err = one_ok(&path).save().unwrap_err();
        assert!(err.starts_with("cannot write the links cache"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), EMPTY);
        std::fs::remove_dir(&tmp).unwrap();
        one_ok(&path).save().unwrap();
        let saved = Cache::load(&path, Duration::from_secs(3600));
        assert!(saved.fresh("https://example.com/").is_some());
        assert!(saved.fresh("https://example.org/").is_none());
    }

    #[test]
    fn a_failed_save_leaves_no_temporary_file() {
        // A directory where the cache goes: the rename fails.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        std::fs::create_dir(&path).unwrap();
        assert!(one_ok(&path).save().is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["links.json"], "{left:?}");
    }
}
