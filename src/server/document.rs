//! An open document: the editor's text, kept in step with its changes,
//! and what listlint last found in it.

use std::path::PathBuf;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::position::{Encoding, Lines};
use crate::diagnostic::Diagnostic;
use crate::source::LineIndex;

/// What a document is to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Linted.
    Markdown,
    /// `listlint.toml`: validated as the user types.
    Config,
    /// Kept (its changes still arrive) but not linted.
    Other,
}

pub(crate) struct Document {
    pub uri: Uri,
    /// The file the document is, or would be saved as; for config lookup
    /// and relative links.
    pub path: PathBuf,
    pub kind: Kind,
    pub version: i32,
    pub text: String,
    pub index: LineIndex,
    /// The diagnostics of the last lint, with byte spans into `text`;
    /// `None` when the text changed since.
    pub linted: Option<Vec<Diagnostic>>,
}

impl Document {
    pub fn new(uri: Uri, language: &str, version: i32, text: String) -> Self {
        let path = path_of(&uri);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let kind = if crate::config::CONFIG_NAMES.contains(&name) {
            Kind::Config
        } else if language == "markdown" || crate::app::discover::is_markdown(&path) {
            Kind::Markdown
        } else {
            Kind::Other
        };
        Self {
            uri,
            path,
            kind,
            version,
            index: LineIndex::new(&text),
            text,
            linted: None,
        }
    }

    pub fn lines(&self, encoding: Encoding) -> Lines<'_> {
        Lines {
            text: &self.text,
            index: &self.index,
            encoding,
        }
    }

    /// Applies the changes of one `didChange`, in order (each range is in
    /// the text as the previous change left it).
    pub fn apply(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let lines = self.lines(encoding);
                    let start = lines.offset(range.start);
                    let end = lines.offset(range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
            }
            self.index = LineIndex::new(&self.text);
        }
        self.version = version;
        self.linted = None;
    }
}

/// The local path of a `file:` URI; for another scheme (`untitled:`) a
/// name in the current directory, so the configuration found there applies.
pub(crate) fn path_of(uri: &Uri) -> PathBuf {
    if let Ok(url) = url::Url::parse(uri.as_str())
        && url.scheme() == "file"
        && let Ok(path) = url.to_file_path()
    {
        return path;
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let name = uri.as_str().rsplit(['/', ':']).next().unwrap_or("untitled");
    cwd.join(if name.is_empty() { "untitled" } else { name })
}

/// The `file:` URI of a path.
pub(crate) fn uri_of(path: &std::path::Path) -> Option<Uri> {
    let url = url::Url::from_file_path(path).ok()?;
    url.as_str().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    #[test]
    fn incremental_changes_land_where_the_client_means_in_utf16() {
        let uri: Uri = "file:///tmp/notes.md".parse().unwrap();
        let mut doc = Document::new(uri, "markdown", 1, "- 😀 [漢](x)\n- b\n".into());
        assert_eq!(doc.kind, Kind::Markdown);
        let change = |line, from, to, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(line, from),
                Position::new(line, to),
            )),
            range_length: None,
            text: text.into(),
        };
        // After "- 😀 [" (2 + 2 + 2 units) comes 漢.
        doc.apply(
            2,
            vec![change(0, 6, 7, "字"), change(1, 2, 3, "c")],
            Encoding::Utf16,
        );
        assert_eq!(doc.text, "- 😀 [字](x)\n- c\n");
        assert_eq!(doc.version, 2);
    }
}
