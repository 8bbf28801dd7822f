//! Printing results: the only place (with `main.rs`) that writes output.

mod human;
mod json;

use std::io::Write;

use crate::diagnostic::Severity;
use crate::fix::Applicability;

/// Where listlint lives: rule docs are `{REPOSITORY}/blob/main/rules/<id>.md`.
pub const REPOSITORY: &str = "https://github.com/listlint/listlint";

/// A diagnostic with its place resolved to lines and columns.
#[derive(Debug, Clone)]
pub struct Located {
    pub rule: &'static str,
    pub severity: Severity,
    /// 1-based line and column (Unicode scalar values); the end is exclusive.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub span: crate::source::Span,
    pub message: String,
    pub note: Option<String>,
    pub fix: Option<(String, Applicability)>,
    /// The fix's text edits with their places resolved (for SARIF `fixes`);
    /// empty without a fix, and for fixes that are not text edits
    /// (transcoding a file, a redirect found over the network).
    pub edits: Vec<LocatedEdit>,
    pub url: Option<String>,
}

/// One edit of a diagnostic's fix: replace the text from `line:column` up to
/// `end_line:end_column` (exclusive, counted like [`Located`]) with
/// `replacement`. An insertion has an empty range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedEdit {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub replacement: String,
}

/// One linted file's findings.
#[derive(Debug)]
pub struct FileReport {
    /// The path as shown (relative as given; `-` or `--stdin-filename` for stdin).
    pub path: String,
    /// The text, kept for formats that print snippets.
    pub text: Option<String>,
    pub diagnostics: Vec<Located>,
}

/// A failure of the run (not a finding): unreadable file, bad argument.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RunError {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
}

/// One unique URL checked over the network (SPEC 2, `links`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkEntry {
    pub url: String,
    pub status: &'static str,
    pub http_status: Option<u16>,
    pub final_url: Option<String>,
    pub duration_ms: u64,
    pub cached: bool,
    pub locations: Vec<LinkLocation>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkLocation {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

/// Everything a run reports.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub errors: Vec<RunError>,
    /// Present when links were checked over the network.
    pub links: Option<Vec<LinkEntry>>,
}

impl Report {
    /// Sorts by path, line, column and rule (SPEC 2).
    pub fn sort(&mut self) {
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        for f in &mut self.files {
            f.diagnostics.sort_by(|a, b| {
                (
                    a.line,
                    a.column,
                    a.rule,
                    a.end_line,
                    a.end_column,
                    &a.message,
                )
                    .cmp(&(
                        b.line,
                        b.column,
                        b.rule,
                        b.end_line,
                        b.end_column,
                        &b.message,
                    ))
            });
        }
    }

    pub fn count_at_least(&self, min: Severity) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity >= min)
            .count()
    }

    pub fn counts(&self) -> [usize; 3] {
        let mut c = [0; 3];
        for d in self.files.iter().flat_map(|f| &f.diagnostics) {
            c[d.severity as usize] += 1;
        }
        c
    }
}

/// Output settings.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub format: Format,
    pub color: bool,
    pub quiet: bool,
}

/// Writes the report; run errors go to `err` except in JSON, where they are
/// part of the document (SPEC 2).
pub fn write(
    report: &Report,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    match style.format {
        Format::Json => json::write(report, out),
        Format::Concise => {
            write_errors(report, err)?;
            for f in &report.files {
                for d in &f.diagnostics {
                    writeln!(
                        out,
                        "{}:{}:{}: {}[{}] {}",
                        f.path,
                        d.line,
                        d.column,
                        d.severity.as_str(),
                        d.rule,
                        d.message
                    )?;
                }
            }
            if !style.quiet {
                summary(report, err)?;
            }
            Ok(())
        }
        Format::Human => {
            write_errors(report, err)?;
            human::write(report, style.color, out)?;
            if !style.quiet {
                summary(report, out)?;
            }
            Ok(())
        }
    }
}

fn write_errors(report: &Report, err: &mut dyn Write) -> std::io::Result<()> {
    for e in &report.errors {
        writeln!(err, "error: {}: {}", e.path, e.message)?;
    }
    Ok(())
}

fn summary(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let [info, warning, error] = report.counts();
    let files = report.files.len();
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    if !report.errors.is_empty() {
        let failed = plural(report.errors.len(), "error");
        writeln!(
            out,
            "{} checked; the run failed: {failed}",
            plural(files, "file")
        )
    } else if info + warning + error == 0 {
        writeln!(out, "{} checked, no problems found", plural(files, "file"))
    } else {
        writeln!(
            out,
            "{} checked: {}, {}, {info} info",
            plural(files, "file"),
            plural(error, "error"),
            plural(warning, "warning"),
        )
    }
}
