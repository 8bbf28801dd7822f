//! `--format human`: rustc-style snippets via codespan-reporting, with the
//! fix as a help note.

use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CSeverity};
use codespan_reporting::files::SimpleFile;
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
        let file = SimpleFile::new(f.path.as_str(), text);
        let mut buf = if color {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        };
        for d in &f.diagnostics {
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
                        f.path,
                        d.line,
                        d.column,
                        text[first..last].chars().count()
                    ),
                );
                Vec::new()
            };
            let diag = Diagnostic::new(severity)
                .with_code(d.rule)
                .with_message(&d.message)
                .with_labels(labels)
                .with_notes(notes);
            term::emit(&mut buf, &config, &file, &diag).map_err(std::io::Error::other)?;
        }
        out.write_all(buf.as_slice())?;
    }
    Ok(())
}
