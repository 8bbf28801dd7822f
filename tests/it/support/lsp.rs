//! A language-server client for the tests: `listlint server` started as
//! an editor starts it, spoken to over its real stdin and stdout.
//!
//! Every wait has a limit ([`WAIT`]); past it the test fails and the
//! server is killed.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// No answer or notification may take longer.
pub const WAIT: Duration = Duration::from_secs(30);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications and server requests received while waiting for
    /// something else, oldest first.
    pending: VecDeque<Value>,
    next_id: i64,
}

/// A `file:` URI for a path.
pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Starts `listlint server` in `dir` (not initialized yet).
    pub fn start(dir: &Path) -> Client {
        let mut cmd = Command::new(super::bin::BIN);
        super::bin::hermetic(&mut cmd, dir);
        let mut child = cmd
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("listlint server starts");
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_frame(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            pending: VecDeque::new(),
            next_id: 0,
        }
    }

    /// Starts and initializes a server for the workspace `dir`, with these
    /// client capabilities; returns the client and the `initialize` result.
    pub fn initialized(dir: &Path, capabilities: Value, options: Value) -> (Client, Value) {
        let mut c = Client::start(dir);
        let result = c.request_ok(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(dir),
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        c.notify("initialized", json!({}));
        (c, result)
    }

    /// Sends bytes as they are (for malformed frames).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("the server reads");
        stdin.flush().expect("the server reads");
    }

    /// Sends one frame with this body.
    pub fn send_body(&mut self, body: &[u8]) {
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body);
        self.send_raw(&frame);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        let body = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.send_body(body.to_string().as_bytes());
    }

    /// Sends a request and returns its whole response (`result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send_body(body.to_string().as_bytes());
        self.response(&json!(id))
    }

    /// A request's `result`; fails the test on an error answer.
    #[track_caller]
    pub fn request_ok(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// The response with this id (`null`: an error answer to a frame
    /// that had none).
    pub fn response(&mut self, id: &Value) -> Value {
        self.wait(
            |m| m.get("method").is_none() && &m["id"] == id,
            "a response",
        )
    }

    /// The next `publishDiagnostics` for `uri`.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait(
            |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri,
            "diagnostics",
        );
        m["params"]["diagnostics"]
            .as_array()
            .expect("an array")
            .clone()
    }

    /// Opens a document and returns its first diagnostics.
    pub fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    /// Takes the first message (received or coming) that matches.
    fn wait(&mut self, matches: impl Fn(&Value) -> bool, what: &str) -> Value {
        if let Some(i) = self.pending.iter().position(&matches) {
            return self.pending.remove(i).expect("found");
        }
        let until = Instant::now() + WAIT;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(m) if matches(&m) => return m,
                Ok(m) => self.pending.push_back(m),
                Err(RecvTimeoutError::Timeout) => {
                    let _ = self.child.kill();
                    panic!("no {what} within {WAIT:?}; received: {:?}", self.pending)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "the server ended while waiting for {what}: {:?}",
                        self.child.wait()
                    )
                }
            }
        }
    }

    /// Whether the server is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().expect("status").is_none()
    }

    /// `shutdown`, then `exit`; the server's exit code.
    pub fn shutdown(mut self) -> i32 {
        self.request_ok("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Closes stdin and waits for the server to end; its exit code.
    pub fn wait_exit(&mut self) -> i32 {
        drop(self.stdin.take());
        let until = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("status") {
                return status.code().unwrap_or(-1);
            }
            if Instant::now() > until {
                let _ = self.child.kill();
                panic!("the server did not end within {WAIT:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server writes JSON"))
}

/// The text after applying LSP text edits (positions in UTF-16 units, or
/// UTF-8 bytes when `utf8`), as an editor applies them: all against the
/// original text.
pub fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().expect("line") as usize;
        let ch = p["character"].as_u64().expect("character") as usize;
        let Some(&start) = starts.get(line) else {
            return text.len();
        };
        let end = starts.get(line + 1).map_or(text.len(), |e| e - 1);
        let line_text = &text[start..end];
        if utf8 {
            return start + ch.min(line_text.len());
        }
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            if units >= ch {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().expect("newText"),
            )
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    let mut out = String::new();
    let mut at = 0;
    for (s, e, new) in spans {
        assert!(s >= at, "overlapping edits: {edits:?}");
        out.push_str(&text[at..s]);
        out.push_str(new);
        at = e;
    }
    out.push_str(&text[at..]);
    out
}
