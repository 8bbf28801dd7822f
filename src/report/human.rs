//! `--format human`: rustc-style snippets via codespan-reporting, with the
//! fix as a help note.

use std::io::Write;

use rayon::prelude::*;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CSeverity};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::{self, termcolor};

use super::Report;
use crate::diagnostic::Severity;

/// Longest snippet (in bytes, whole lines) shown under a diagnostic.
const MAX_SNIPPET: usize = 2000;

pub fn write(report: &Report, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let config = term::Config::default();
    for f in &report.files {
        if f.diagnostics.is_empty() {
            continue;
        }
        let text = f.text.as_deref().unwrap_or("");
        let file = Snippets::new(f.path.as_str(), text);
        let render = |d: &super::Located| -> std::io::Result<Vec<u8>> {
            let mut buf = if color {
                termcolor::Buffer::ansi()
            } else {
                termcolor::Buffer::no_color()
            };
            let diag = snippet(f.path.as_str(), text, d);
            term::emit(&mut buf, &config, &file, &diag).map_err(std::io::Error::other)?;
            Ok(buf.into_inner())
        };
        // A snippet takes a while to lay out (about 100,000 instructions):
        // a file's many findings are laid out on every core, a chunk at a
        // time, so that a file with 100,000 findings is not held twice.
        for chunk in f.diagnostics.chunks(256) {
            let rendered: Vec<std::io::Result<Vec<u8>>> = if chunk.len() > 8 {
                chunk.par_iter().map(render).collect()
            } else {
                chunk.iter().map(render).collect()
            };
            for r in rendered {
                out.write_all(&r?)?;
            }
        }
    }
    Ok(())
}

/// The codespan-reporting diagnostic of `d`, found in `text` of `path`.
fn snippet(path: &str, text: &str, d: &super::Located) -> Diagnostic<()> {
    let severity = match d.severity {
        Severity::Error => CSeverity::Error,
        Severity::Warning => CSeverity::Warning,
        Severity::Info => CSeverity::Note,
    };
    let mut notes = Vec::new();
    if let Some(n) = &d.note {
        notes.push(format!("note: {n}"));
    }
    if let Some((title, applicability)) = &d.fix {
        let unsafe_ = if *applicability == crate::fix::Applicability::Unsafe {
            " (unsafe fix)"
        } else {
            ""
        };
        notes.push(format!("help: {title}{unsafe_}"));
    }
    let span = d.span.start.min(text.len())..d.span.end.min(text.len());
    // The lines a snippet would print: a 10 MB line printed once per
    // diagnostic on it would make the report quadratic.
    let first = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let last = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let labels = if last - first <= MAX_SNIPPET {
        vec![Label::primary((), span)]
    } else {
        notes.insert(
            0,
            format!(
                "at {}:{}:{} (not shown: {} characters)",
                path,
                d.line,
                d.column,
                text[first..last].chars().count()
            ),
        );
        Vec::new()
    };
    Diagnostic::new(severity)
        .with_code(d.rule)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// One file for codespan-reporting: its line starts are found with
/// memchr, several times faster on a large file than codespan's own
/// `SimpleFile` (which gives the same lines).
struct Snippets<'t> {
    name: &'t str,
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Snippets<'t> {
    fn new(name: &'t str, text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self { name, text, starts }
    }

    /// Where line `line` (0-based) starts; the text's end just after the last.
    fn start(&self, line: usize) -> Result<usize, files::Error> {
        match line.cmp(&self.starts.len()) {
            std::cmp::Ordering::Less => Ok(self.starts[line]),
            std::cmp::Ordering::Equal => Ok(self.text.len()),
            std::cmp::Ordering::Greater => Err(files::Error::LineTooLarge {
                given: line,
                max: self.starts.len() - 1,
            }),
        }
    }
}

impl<'a, 't: 'a> Files<'a> for Snippets<'t> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Ok(self
            .starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next - 1))
    }

    fn line_range(
        &'a self,
        (): (),
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, files::Error> {
        Ok(self.start(line_index)?..self.start(line_index + 1)?)
    }
}
