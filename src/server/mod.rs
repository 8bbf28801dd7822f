//! `listlint server`: the Language Server Protocol over stdio.
//!
//! One thread runs everything after the transport: requests are answered
//! in order, and a changed document is linted once no change to it has
//! come for the debounce delay (a burst of keystrokes costs one lint).
//! Every request that reads diagnostics (code actions, formatting, hover)
//! first lints a document whose lint is pending, so no answer is built on
//! stale spans. Linting runs the same engine, settings and configuration
//! discovery as `check`, offline: network rules run only on the
//! `listlint.checkLinks` command.
//!
//! Nothing the client sends ends the server but `exit`: a frame that is
//! not JSON-RPC gets the protocol's error answer, a request that fails
//! (bad parameters, a closed document, a bug that panics) gets an error
//! answer, and the loop goes on.

mod actions;
mod configs;
mod convert;
mod document;
mod links;
mod position;
mod transport;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{Uri, notification as notif, request as req};

use crate::ExitStatus;
use document::{Document, Kind};
use position::Encoding;
use transport::{Incoming, Outgoing, Transport};

/// The command that runs the link stage on one document.
pub(crate) const CHECK_LINKS: &str = "listlint.checkLinks";

/// How long a document must stay unchanged before it is linted, unless
/// the client sets `initializationOptions.debounceMs`. Short: it only
/// gathers the several notifications one edit may send (a multi-cursor
/// edit, an applied fix); keystrokes that arrive while a lint runs are
/// gathered anyway, since a lint waits until every waiting message is
/// handled.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(10);

/// Runs the server on stdin and stdout until `exit` or the end of input.
pub fn run() -> ExitStatus {
    let transport = Transport::stdio();
    let status = Server::new(transport.sender.clone()).serve(&transport.receiver);
    transport.finish();
    status
}

/// An error answer for a request.
struct Failure {
    code: ErrorCode,
    message: String,
}

impl Failure {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

type Answer = Result<serde_json::Value, Failure>;

struct Server {
    out: crossbeam_channel::Sender<Outgoing>,
    encoding: Encoding,
    debounce: Duration,
    initialized: bool,
    shutdown: bool,
    docs: HashMap<Uri, Document>,
    /// Documents to lint, and when.
    due: HashMap<Uri, Instant>,
    configs: configs::Configs,
    /// Config files with a diagnostic published on them.
    flagged_configs: Vec<PathBuf>,
    /// Workspace folders, for the root of relative links.
    roots: Vec<PathBuf>,
    next_id: i32,
}

impl Server {
    fn new(out: crossbeam_channel::Sender<Outgoing>) -> Self {
        Self {
            out,
            encoding: Encoding::Utf16,
            debounce: DEFAULT_DEBOUNCE,
            initialized: false,
            shutdown: false,
            docs: HashMap::new(),
            due: HashMap::new(),
            configs: configs::Configs::default(),
            flagged_configs: Vec::new(),
            roots: Vec::new(),
            next_id: 0,
        }
    }

    fn send(&self, m: Message) {
        let _ = self.out.send(Outgoing::Message(m));
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
    }

    fn log(&self, message: String) {
        self.notify(
            notif::LogMessage::METHOD,
            lsp_types::LogMessageParams {
                typ: lsp_types::MessageType::LOG,
                message,
            },
        );
    }

    fn serve(mut self, incoming: &crossbeam_channel::Receiver<Incoming>) -> ExitStatus {
        loop {
            let next = match self.due.values().min() {
                Some(&at) => incoming.recv_deadline(at),
                None => incoming
                    .recv()
                    .map_err(|_| crossbeam_channel::RecvTimeoutError::Disconnected),
            };
            match next {
                Ok(Incoming::Message(m)) => {
                    if let Some(status) = self.handle(m) {
                        return status;
                    }
                }
                Ok(Incoming::Malformed { code, id, message }) => {
                    let _ = self.out.send(Outgoing::Raw(serde_json::json!({
                        "jsonrpc": "2.0",
                        "id": id,
                        "error": { "code": code, "message": message },
                    })));
                }
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
                // The client went away without `exit`.
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => {
                    return ExitStatus::Failure;
                }
            }
            // Changes already waiting are applied first: a burst that
            // arrived during a lint costs one lint, not one per change.
            if incoming.is_empty() {
                self.lint_due();
            }
        }
    }

    /// Handles one message; `Some` when the server is to stop.
    fn handle(&mut self, m: Message) -> Option<ExitStatus> {
        match m {
            Message::Request(r) => {
                let id = r.id.clone();
                let method = r.method.clone();
                let answer =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.request(r)))
                        .unwrap_or_else(|_| {
                            Err(Failure::new(
                                ErrorCode::InternalError,
                                format!("listlint failed on `{method}` (a bug: please report it)"),
                            ))
                        });
                self.send(Message::Response(match answer {
                    Ok(v) => Response::new_ok(id, v),
                    Err(f) => Response::new_err(id, f.code as i32, f.message),
                }));
                None
            }
            Message::Notification(n) => {
                if n.method == notif::Exit::METHOD {
                    return Some(if self.shutdown {
                        ExitStatus::Success
                    } else {
                        ExitStatus::Failure
                    });
                }
                let method = n.method.clone();
                let ran =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.notification(n)));
                if ran.is_err() {
                    self.log(format!(
                        "listlint failed on `{method}` (a bug: please report it)"
                    ));
                }
                None
            }
            // Answers to our own requests (capability registration).
            Message::Response(_) => None,
        }
    }

    fn request(&mut self, r: Request) -> Answer {
        fn params<P: serde::de::DeserializeOwned>(r: Request) -> Result<P, Failure> {
            serde_json::from_value(r.params)
                .map_err(|e| Failure::new(ErrorCode::InvalidParams, e.to_string()))
        }
        fn json(v: impl serde::Serialize) -> Answer {
            serde_json::to_value(v)
                .map_err(|e| Failure::new(ErrorCode::InternalError, e.to_string()))
        }
        if r.method == req::Initialize::METHOD {
            if self.initialized {
                return Err(Failure::new(
                    ErrorCode::InvalidRequest,
                    "initialize was already received",
                ));
            }
            let p: lsp_types::InitializeParams = params(r)?;
            self.initialized = true;
            return json(self.initialize(p));
        }
        if !self.initialized {
            return Err(Failure::new(
                ErrorCode::ServerNotInitialized,
                "initialize first",
            ));
        }
        if self.shutdown {
            return Err(Failure::new(
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            ));
        }
        match r.method.as_str() {
            req::Shutdown::METHOD => {
                self.shutdown = true;
                json(())
            }
            req::CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(r)?;
                let uri = p.text_document.uri;
                let encoding = self.encoding;
                let found = self.fresh(&uri)?;
                let path = self.docs[&uri].path.clone();
                let (settings, config) = self.settings(&path);
                let doc = &self.docs[&uri];
                let fixed = || fixed_text(doc, &settings, &config);
                json(actions::code_actions(
                    doc,
                    &found,
                    p.range,
                    p.context.only.as_deref(),
                    fixed,
                    encoding,
                ))
            }
            req::Formatting::METHOD => {
                let p: lsp_types::DocumentFormattingParams = params(r)?;
                let uri = p.text_document.uri;
                self.fresh(&uri)?;
                let path = self.docs[&uri].path.clone();
                let (settings, config) = self.settings(&path);
                let Some(new) = fixed_text(&self.docs[&uri], &settings, &config) else {
                    return json(Vec::<lsp_types::TextEdit>::new());
                };
                json(convert::diff_edits(&self.docs[&uri], &new, self.encoding))
            }
            req::HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(r)?;
                let at = p.text_document_position_params;
                let uri = at.text_document.uri;
                let found = self.fresh(&uri)?;
                json(actions::hover(
                    &self.docs[&uri],
                    &found,
                    at.position,
                    self.encoding,
                ))
            }
            req::ExecuteCommand::METHOD => {
                let p: lsp_types::ExecuteCommandParams = params(r)?;
                if p.command != CHECK_LINKS {
                    return Err(Failure::new(
                        ErrorCode::InvalidParams,
                        format!("unknown command `{}`", p.command),
                    ));
                }
                let uri: Uri = p
                    .arguments
                    .first()
                    .and_then(|a| serde_json::from_value(a.clone()).ok())
                    .ok_or_else(|| {
                        Failure::new(ErrorCode::InvalidParams, "expected a document URI")
                    })?;
                self.fresh(&uri)?;
                let summary = self.check_links(&uri)?;
                json(summary)
            }
            _ => Err(Failure::new(
                ErrorCode::MethodNotFound,
                format!("`{}` is not supported", r.method),
            )),
        }
    }

    fn initialize(&mut self, p: lsp_types::InitializeParams) -> lsp_types::InitializeResult {
        use lsp_types::*;
        self.encoding = Encoding::negotiate(
            p.capabilities
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        if let Some(ms) = p
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("debounceMs"))
            .and_then(serde_json::Value::as_u64)
        {
            self.debounce = Duration::from_millis(ms.min(10_000));
        }
        #[allow(deprecated)]
        let root_uri = p.root_uri.clone();
        self.roots = p
            .workspace_folders
            .iter()
            .flatten()
            .map(|f| f.uri.clone())
            .chain(root_uri)
            .map(|u| document::path_of(&u))
            .collect();
        let watch = p
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        if watch {
            self.watch_configs();
        }
        InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(self.encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::from(actions::FIX_ALL),
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                document_formatting_provider: Some(OneOf::Left(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![CHECK_LINKS.into()],
                    ..ExecuteCommandOptions::default()
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "listlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        }
    }

    /// Asks the client to tell us when a config file changes on disk
    /// (created, edited elsewhere, deleted).
    fn watch_configs(&mut self) {
        use lsp_types::*;
        let watchers = crate::config::CONFIG_NAMES
            .iter()
            .map(|n| FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{n}")),
                kind: None,
            })
            .collect();
        let registration = Registration {
            id: "listlint-config".into(),
            method: notif::DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        self.next_id += 1;
        self.send(Message::Request(Request::new(
            RequestId::from(format!("listlint-{}", self.next_id)),
            req::RegisterCapability::METHOD.into(),
            RegistrationParams {
                registrations: vec![registration],
            },
        )));
    }

    fn notification(&mut self, n: Notification) {
        fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
            serde_json::from_value(n.params).ok()
        }
        if !self.initialized {
            return;
        }
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidOpenTextDocumentParams>(n) else {
                    return;
                };
                let d = p.text_document;
                let uri = d.uri.clone();
                let doc = Document::new(d.uri, &d.language_id, d.version, d.text);
                self.docs.insert(uri.clone(), doc);
                self.lint(&uri);
            }
            notif::DidChangeTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidChangeTextDocumentParams>(n) else {
                    return;
                };
                let uri = p.text_document.uri;
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return;
                };
                doc.apply(p.text_document.version, p.content_changes, self.encoding);
                self.due.insert(uri, Instant::now() + self.debounce);
            }
            notif::DidSaveTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidSaveTextDocumentParams>(n) else {
                    return;
                };
                let uri = p.text_document.uri;
                if self.docs.get(&uri).is_some_and(|d| d.kind == Kind::Config) {
                    self.configs_changed();
                } else if self.due.contains_key(&uri) {
                    self.lint(&uri);
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidCloseTextDocumentParams>(n) else {
                    return;
                };
                let uri = p.text_document.uri;
                self.due.remove(&uri);
                if let Some(doc) = self.docs.remove(&uri) {
                    self.publish(&doc.uri, Some(doc.version), Vec::new());
                    // A closed config buffer shows what is on disk again.
                    if doc.kind == Kind::Config {
                        self.configs_changed();
                    }
                }
            }
            notif::DidChangeWatchedFiles::METHOD => {
                let Some(p) = params::<lsp_types::DidChangeWatchedFilesParams>(n) else {
                    return;
                };
                let config_changed = p.changes.iter().any(|c| {
                    let path = document::path_of(&c.uri);
                    path.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| crate::config::CONFIG_NAMES.contains(&n))
                });
                if config_changed {
                    self.configs_changed();
                }
            }
            // `initialized`, `$/cancelRequest`, `$/setTrace`, settings
            // changes and anything newer: nothing to do.
            _ => {}
        }
    }

    /// Lints the documents whose debounce delay has passed.
    fn lint_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.lint(&uri);
        }
    }

    /// The diagnostics of an open document, linted now if a lint is pending.
    fn fresh(&mut self, uri: &Uri) -> Result<Vec<crate::diagnostic::Diagnostic>, Failure> {
        let Some(doc) = self.docs.get(uri) else {
            return Err(Failure::new(
                ErrorCode::InvalidParams,
                format!("`{}` is not open", uri.as_str()),
            ));
        };
        if doc.linted.is_none() {
            self.lint(uri);
        }
        Ok(self.docs[uri].linted.clone().unwrap_or_default())
    }

    /// A config file changed: forget every config read, say again which
    /// are broken, and lint every open document again.
    fn configs_changed(&mut self) {
        self.configs.clear();
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        for uri in uris {
            self.lint(&uri);
        }
        self.publish_config_errors();
    }

    /// The settings of a document, as `check` would resolve them.
    fn settings(
        &mut self,
        doc_path: &std::path::Path,
    ) -> (
        crate::engine::lint::FileSettings,
        std::sync::Arc<crate::config::Config>,
    ) {
        let (config, _) = self.configs.for_file(doc_path);
        let mut settings = crate::engine::lint::FileSettings::resolve(
            &config,
            doc_path,
            &crate::engine::lint::Selection::default(),
        );
        // Relative links resolve inside the workspace folder that holds
        // the document, as `check` resolves them inside the directory it
        // was given.
        let root = self
            .roots
            .iter()
            .filter(|r| doc_path.starts_with(r))
            .max_by_key(|r| r.as_os_str().len())
            .cloned()
            .unwrap_or_else(|| config.root.clone());
        settings.rules.link_root = root;
        (settings, config)
    }

    /// Lints one document now and publishes what it finds.
    fn lint(&mut self, uri: &Uri) {
        self.due.remove(uri);
        let Some(kind) = self.docs.get(uri).map(|d| d.kind) else {
            return;
        };
        match kind {
            Kind::Markdown => self.lint_markdown(uri),
            Kind::Config => self.lint_config(uri),
            Kind::Other => {}
        }
    }

    fn lint_markdown(&mut self, uri: &Uri) {
        let path = self.docs[uri].path.clone();
        let (settings, config) = self.settings(&path);
        let before = self.configs.broken().count();
        let doc = self.docs.get_mut(uri).expect("checked by the caller");
        let found = if config.excludes(&path) {
            Vec::new()
        } else if doc.text.len() as u64 > config.max_file_size {
            vec![crate::diagnostic::Diagnostic {
                severity: crate::diagnostic::Severity::Info,
                ..crate::diagnostic::Diagnostic::new(
                    crate::diagnostic::RuleId::new("max-file-size"),
                    0..0,
                    format!(
                        "not linted: {} bytes, more than max-file-size ({})",
                        doc.text.len(),
                        config.max_file_size
                    ),
                )
            }]
        } else {
            // A copy, not the document's own text lent: a rule that
            // panics must not leave the document empty (the copy costs
            // well under a millisecond per megabyte).
            let source = crate::source::SourceFile {
                path: path.clone(),
                text: doc.text.clone(),
                bom: false,
                encoding: crate::source::Encoding::Utf8,
            };
            let ws = crate::workspace::Workspace::new();
            crate::engine::lint::lint(&source, &settings, &ws).diagnostics
        };
        let published = convert::diagnostics(doc, &found, self.encoding);
        doc.linted = Some(found);
        let (uri, version) = (doc.uri.clone(), doc.version);
        self.publish(&uri, Some(version), published);
        if self.configs.broken().count() != before {
            self.publish_config_errors();
        }
    }

    /// A config file open in the editor: its text is checked as typed.
    fn lint_config(&mut self, uri: &Uri) {
        let doc = self.docs.get_mut(uri).expect("checked by the caller");
        let found = match configs::check(&doc.path, &doc.text) {
            Ok(_) => Vec::new(),
            Err(b) => vec![config_diagnostic(&b)],
        };
        let published = convert::diagnostics(doc, &found, self.encoding);
        doc.linted = Some(Vec::new());
        let (uri, version) = (doc.uri.clone(), doc.version);
        self.publish(&uri, Some(version), published);
    }

    /// One diagnostic on each broken config file that is not open (an open
    /// one is checked as typed), none on those that load again.
    fn publish_config_errors(&mut self) {
        let open: Vec<PathBuf> = self
            .docs
            .values()
            .filter(|d| d.kind == Kind::Config)
            .map(|d| d.path.clone())
            .collect();
        let broken: Vec<configs::Broken> = self
            .configs
            .broken()
            .filter(|b| !open.contains(&b.path))
            .cloned()
            .collect();
        for path in std::mem::take(&mut self.flagged_configs) {
            if !broken.iter().any(|b| b.path == path)
                && !open.contains(&path)
                && let Some(uri) = document::uri_of(&path)
            {
                self.publish(&uri, None, Vec::new());
            }
        }
        for b in broken {
            let Some(uri) = document::uri_of(&b.path) else {
                continue;
            };
            let text = std::fs::read_to_string(&b.path).unwrap_or_default();
            let doc = Document::new(uri.clone(), "toml", 0, text);
            let found = [config_diagnostic(&b)];
            let published = convert::diagnostics(&doc, &found, self.encoding);
            self.publish(&uri, None, published);
            self.flagged_configs.push(b.path);
        }
    }

    /// Sends a document's diagnostics, serialised here to JSON text (not
    /// through a `serde_json::Value` tree: a large list has thousands).
    fn publish(&self, uri: &Uri, version: Option<i32>, diagnostics: Vec<lsp_types::Diagnostic>) {
        #[derive(serde::Serialize)]
        struct Publish {
            jsonrpc: &'static str,
            method: &'static str,
            params: lsp_types::PublishDiagnosticsParams,
        }
        let message = Publish {
            jsonrpc: "2.0",
            method: notif::PublishDiagnostics::METHOD,
            params: lsp_types::PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics,
                version,
            },
        };
        if let Ok(text) = serde_json::to_string(&message) {
            let _ = self.out.send(Outgoing::Text(text));
        }
    }

    /// `listlint.checkLinks`: the link stage on one document; its findings
    /// join the document's diagnostics until the next edit.
    fn check_links(&mut self, uri: &Uri) -> Result<String, Failure> {
        let path = self.docs[uri].path.clone();
        let (mut settings, config) = self.settings(&path);
        settings.links = true;
        let doc = &self.docs[uri];
        let found = links::check(doc, &settings, &config)
            .map_err(|message| Failure::new(ErrorCode::RequestFailed, message))?;
        let summary = found.summary;
        let doc = self.docs.get_mut(uri).expect("checked by the caller");
        let mut all = doc.linted.take().unwrap_or_default();
        all.extend(found.diagnostics);
        let published = convert::diagnostics(doc, &all, self.encoding);
        doc.linted = Some(all);
        let (uri, version) = (doc.uri.clone(), doc.version);
        self.publish(&uri, Some(version), published);
        Ok(summary)
    }
}

/// The text of an open document with every safe fix applied (the fix
/// loop of `listlint fix`); `None` when nothing changes.
fn fixed_text(
    doc: &Document,
    settings: &crate::engine::lint::FileSettings,
    config: &crate::config::Config,
) -> Option<String> {
    if doc.kind != Kind::Markdown
        || config.excludes(&doc.path)
        || doc.text.len() as u64 > config.max_file_size
    {
        return None;
    }
    let source = crate::source::SourceFile {
        path: doc.path.clone(),
        text: doc.text.clone(),
        bom: false,
        encoding: crate::source::Encoding::Utf8,
    };
    let bytes = doc.text.as_bytes().to_vec();
    let ws = crate::workspace::Workspace::new();
    let (_, _, fixed) = crate::engine::fixer::fix(source, bytes, settings, &ws, false);
    if !fixed.changed() {
        return None;
    }
    String::from_utf8(fixed.output().to_vec()).ok()
}

/// The diagnostic on a config file that does not load.
fn config_diagnostic(b: &configs::Broken) -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic {
        severity: crate::diagnostic::Severity::Error,
        ..crate::diagnostic::Diagnostic::new(
            crate::diagnostic::RuleId::new("config"),
            b.span.clone().unwrap_or(0..0),
            b.message.clone(),
        )
    }
}
