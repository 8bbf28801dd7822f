//! The one way the tests run the built `listlint`: in a directory, with
//! stdin closed or given, in an environment that keeps every request on
//! 127.0.0.1 and every output the same on every machine, and with a
//! wall-clock limit after which the run is killed and the test fails.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_listlint");

/// No listlint run may take longer: it is killed and the test fails.
pub const RUN_LIMIT: Duration = Duration::from_secs(30);

/// The outcome of one listlint run.
pub struct Run {
    pub code: i32,
    /// Stdout, decoded lossily ([`Run::stdout_bytes`] has the bytes).
    pub stdout: String,
    pub stdout_bytes: Vec<u8>,
    pub stderr: String,
    pub elapsed: Duration,
    /// Peak resident set size (VmHWM) seen while polling, in KiB.
    pub peak_rss_kib: Option<u64>,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {} after {:?} (peak RSS {:?} KiB)\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.elapsed, self.peak_rss_kib, self.stdout, self.stderr
        )
    }
}

impl Run {
    /// Stdout as one JSON value.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}):\n{self:?}"))
    }

    /// The JSON report of a `check --format json` run with the default
    /// `--fail-on error`, after checking the run agrees with it: exit 1 with
    /// an error among the diagnostics, 0 without, and nothing on stderr.
    #[track_caller]
    pub fn checked_json(&self) -> Value {
        let json = self.json();
        let error = super::json::diagnostics(&json)
            .iter()
            .any(|d| d["severity"] == "error");
        self.assert_code(i32::from(error)).assert_quiet();
        json
    }

    /// Panics unless the run exited with `code`.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code:\n{self:?}");
        self
    }

    /// Panics unless stderr is empty.
    #[track_caller]
    pub fn assert_quiet(&self) -> &Self {
        self.assert_stderr("")
    }

    /// Panics unless stderr is `expected`.
    #[track_caller]
    pub fn assert_stderr(&self, expected: &str) -> &Self {
        assert_eq!(self.stderr, expected, "unexpected stderr:\n{self:?}");
        self
    }
}

/// A listlint command being put together; [`Listlint::run`] runs it.
pub struct Listlint {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

/// `listlint` run in `dir`, in the test environment, with no arguments yet.
pub fn listlint(dir: &Path) -> Listlint {
    let mut cmd = Command::new(BIN);
    hermetic(&mut cmd, dir);
    Listlint { cmd, stdin: None }
}

/// `listlint` run in `dir` as [`listlint`] does, by a shell that first
/// limits the size of any file it writes to `blocks` (of 512 or 1024 bytes,
/// as the shell counts) and ignores the signal a write past it raises: the
/// write fails with "File too large" instead.
#[cfg(unix)]
pub fn listlint_with_file_size_limit(dir: &Path, blocks: u64) -> Listlint {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "trap '' XFSZ && ulimit -f {blocks} && exec \"$0\" \"$@\""
        ))
        .arg(BIN);
    hermetic(&mut cmd, dir);
    Listlint { cmd, stdin: None }
}

/// Runs in `dir`, in an environment that keeps every request on 127.0.0.1
/// and every output the same wherever the tests run.
pub fn hermetic(cmd: &mut Command, dir: &Path) {
    cmd.current_dir(dir)
        // Nothing may leave 127.0.0.1: no proxy, no token from the
        // environment.
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("all_proxy")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        // Colour decided by the arguments alone, help wrapped at a fixed
        // width.
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100");
}

/// Runs listlint in `dir` with `args` and stdin closed.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    listlint(dir).args(args).run()
}

impl Listlint {
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    /// Gives `input` on stdin (otherwise stdin is closed).
    pub fn stdin(mut self, input: impl AsRef<[u8]>) -> Self {
        self.stdin = Some(input.as_ref().to_vec());
        self
    }

    /// Spawns the command, feeds and drains it, and polls it (and its peak
    /// RSS) until it exits or [`RUN_LIMIT`] passes; then it is killed and
    /// the test fails.
    pub fn run(mut self) -> Run {
        self.cmd
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let start = Instant::now();
        let mut child = self.cmd.spawn().expect("spawn listlint");
        let pid = child.id();
        let feeder = self.stdin.map(|input| {
            let mut pipe = child.stdin.take().unwrap();
            // listlint may exit before reading everything (a usage error):
            // a broken pipe is its answer, not the test's failure.
            thread::spawn(move || drop(pipe.write_all(&input)))
        });
        let drain = |mut pipe: Box<dyn Read + Send>| {
            thread::spawn(move || {
                let mut v = Vec::new();
                let _ = pipe.read_to_end(&mut v);
                v
            })
        };
        let out = drain(Box::new(child.stdout.take().unwrap()));
        let err = drain(Box::new(child.stderr.take().unwrap()));
        let mut peak: Option<u64> = None;
        let status = loop {
            if let Some(kib) = vm_hwm_kib(pid) {
                peak = Some(peak.map_or(kib, |p| p.max(kib)));
            }
            match child.try_wait().expect("wait for listlint") {
                Some(status) => break status,
                None if start.elapsed() > RUN_LIMIT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    let stdout = String::from_utf8_lossy(&out.join().unwrap()).into_owned();
                    let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
                    panic!(
                        "listlint did not finish within {RUN_LIMIT:?}; killed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
                    );
                }
                None => thread::sleep(Duration::from_millis(5)),
            }
        };
        let elapsed = start.elapsed();
        if let Some(feeder) = feeder {
            feeder.join().unwrap();
        }
        let stdout_bytes = out.join().unwrap();
        let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
        let code = status
            .code()
            .unwrap_or_else(|| panic!("listlint died from a signal: {status:?}\n{stderr}"));
        Run {
            code,
            stdout: String::from_utf8_lossy(&stdout_bytes).into_owned(),
            stdout_bytes,
            stderr,
            elapsed,
            peak_rss_kib: peak,
        }
    }
}

/// `VmHWM` (peak RSS) of a running process, in KiB (Linux only).
fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
