//! JSON-RPC over stdio, framed by `Content-Length` headers.
//!
//! `lsp-server`'s own stdio transport ends its reader thread on the first
//! message it cannot parse, which closes the connection. Here a frame that
//! is not JSON, or JSON that is not a message, becomes [`Incoming::Malformed`]
//! and reading goes on with the next frame: the main loop answers it with
//! the protocol's error and the editor keeps its server.

use std::io::{BufRead, Read, Write};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::Message;

/// A frame larger than this is skipped unread (a 20 MB document is a
/// frame of about 20 MB; a length past this is a broken header).
const MAX_FRAME: usize = 1 << 30;

/// What the reader hands the main loop.
pub(crate) enum Incoming {
    Message(Message),
    /// A frame that is not a JSON-RPC message: the error code to answer
    /// with, the request id when one could be read, and why.
    Malformed {
        code: i32,
        id: serde_json::Value,
        message: String,
    },
}

/// What the writer sends: a message, or an error answer whose id may be
/// `null` (which [`lsp_server::RequestId`] cannot express).
pub(crate) enum Outgoing {
    Message(Message),
    Raw(serde_json::Value),
    /// A whole message, already JSON.
    Text(String),
}

/// The channels to and from stdio, and the threads behind them.
pub(crate) struct Transport {
    pub receiver: Receiver<Incoming>,
    pub sender: Sender<Outgoing>,
    writer: std::thread::JoinHandle<()>,
}

impl Transport {
    pub fn stdio() -> Self {
        Self::new(std::io::stdin(), std::io::stdout())
    }

    pub fn new(input: impl Read + Send + 'static, output: impl Write + Send + 'static) -> Self {
        let (in_tx, in_rx) = crossbeam_channel::unbounded();
        let (out_tx, out_rx) = crossbeam_channel::unbounded::<Outgoing>();
        std::thread::Builder::new()
            .name("lsp-reader".into())
            .spawn(move || {
                let mut input = std::io::BufReader::with_capacity(1 << 16, input);
                while let Some(frame) = read_frame(&mut input) {
                    if in_tx.send(frame).is_err() {
                        break;
                    }
                }
            })
            .expect("a thread can be started");
        let writer = std::thread::Builder::new()
            .name("lsp-writer".into())
            .spawn(move || {
                let mut output = std::io::BufWriter::new(output);
                for out in out_rx {
                    let text = match out {
                        Outgoing::Message(m) => serde_json::to_string(&Framed {
                            jsonrpc: "2.0",
                            msg: &m,
                        }),
                        Outgoing::Raw(v) => serde_json::to_string(&v),
                        Outgoing::Text(t) => Ok(t),
                    };
                    let Ok(text) = text else { continue };
                    let written = write!(output, "Content-Length: {}\r\n\r\n", text.len())
                        .and_then(|()| output.write_all(text.as_bytes()))
                        .and_then(|()| output.flush());
                    if written.is_err() {
                        // The client is gone; the reader sees the end of input.
                        break;
                    }
                }
            })
            .expect("a thread can be started");
        Self {
            receiver: in_rx,
            sender: out_tx,
            writer,
        }
    }

    /// Waits until everything sent has been written.
    pub fn finish(self) {
        drop(self.sender);
        let _ = self.writer.join();
    }
}

#[derive(serde::Serialize)]
struct Framed<'a> {
    jsonrpc: &'static str,
    #[serde(flatten)]
    msg: &'a Message,
}

/// Reads one frame; `None` at the end of input (or a read error, which
/// means the same: nothing more will come).
fn read_frame(input: &mut impl BufRead) -> Option<Incoming> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = Vec::new();
    let mut saw_header = false;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue; // blank lines between frames
        }
        saw_header = true;
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("invalid Content-Length `{}`", value.trim())),
            );
        }
    }
    let parse_error = |message: String| Incoming::Malformed {
        code: lsp_server::ErrorCode::ParseError as i32,
        id: serde_json::Value::Null,
        message,
    };
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(message)) => return Some(parse_error(message)),
        None => return Some(parse_error("a header without Content-Length".into())),
    };
    if length > MAX_FRAME {
        std::io::copy(&mut input.take(length as u64), &mut std::io::sink()).ok()?;
        return Some(parse_error(format!(
            "a message of {length} bytes, more than {MAX_FRAME}: skipped"
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).ok()?;
    Some(parse(&body))
}

/// A frame's body as a message. Bytes that are not UTF-8 are read as
/// U+FFFD (a document sent in another encoding is still linted, and its
/// `replacement-char` findings show where).
fn parse(body: &[u8]) -> Incoming {
    let text = String::from_utf8_lossy(body);
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Malformed {
                code: lsp_server::ErrorCode::ParseError as i32,
                id: serde_json::Value::Null,
                message: format!("not JSON: {e}"),
            };
        }
    };
    let id = match value.get("id") {
        Some(id @ (serde_json::Value::Number(_) | serde_json::Value::String(_))) => id.clone(),
        _ => serde_json::Value::Null,
    };
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Malformed {
            code: lsp_server::ErrorCode::InvalidRequest as i32,
            id,
            message: format!("not a JSON-RPC message: {e}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let mut r = std::io::BufReader::new(input.as_bytes());
        let mut out = Vec::new();
        while let Some(f) = read_frame(&mut r) {
            out.push(match f {
                Incoming::Message(Message::Request(r)) => format!("request {}", r.method),
                Incoming::Message(Message::Notification(n)) => format!("notification {}", n.method),
                Incoming::Message(Message::Response(_)) => "response".into(),
                Incoming::Malformed { code, id, .. } => format!("malformed {code} {id}"),
            });
        }
        out
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_bad_frame_is_reported_and_reading_goes_on() {
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7}"#),
            "X-Nonsense\r\n\r\n".to_owned(),
            "Content-Length: many\r\n\r\n".to_owned(),
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
        ]
        .concat();
        assert_eq!(
            frames(&input),
            [
                "malformed -32700 null",
                "malformed -32600 7",
                "malformed -32700 null",
                "malformed -32700 null",
                "request shutdown",
                "notification exit",
            ]
        );
    }
}
