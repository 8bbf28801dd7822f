//! Printing results: the only place (with `main.rs`) that writes output.

mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;
mod summary;
mod terminal;

pub use summary::append as append_summary;
pub(crate) use terminal::emit;
pub use terminal::{LinkProgress, color_by_default, dump, notes, show, show_errors};

use std::io::Write;

use crate::diagnostic::Severity;
use crate::fix::Applicability;

/// Where listlint lives: rule docs are `{REPOSITORY}/blob/main/rules/<id>.md`.
pub const REPOSITORY: &str = "https://github.com/listlint/listlint";

/// A diagnostic with its place resolved to lines and columns.
#[derive(Debug, Clone)]
pub struct Located {
    pub rule: crate::rules::RuleId,
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
    Sarif,
    Github,
    Junit,
    Gitlab,
}

impl Format {
    /// Whether the report needs each file's text: snippets (`human`) and
    /// fingerprints, which hash the text of a diagnostic's line.
    pub fn needs_text(self) -> bool {
        matches!(self, Format::Human | Format::Sarif | Format::Gitlab)
    }

    /// Whether stdout is one document that a failed run must still produce
    /// (with the failure in it), so that a CI step reading it gets valid input.
    pub fn is_document(self) -> bool {
        matches!(
            self,
            Format::Json | Format::Sarif | Format::Github | Format::Junit | Format::Gitlab
        )
    }
}

/// One unique URL checked over the network.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkEntry {
    pub url: String,
    pub status: &'static str,
    pub http_status: Option<u16>,
    pub final_url: Option<String>,
    pub duration_ms: u64,
    pub cached: bool,
    /// The archived copy suggested for a dead link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived_url: Option<String>,
    /// The URL requested instead of this one (`remap`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked_url: Option<String>,
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
    /// Sorts by path, line, column and rule.
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

/// `n` in decimal, appended to `buf`.
fn push_number(buf: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Writes the report; run errors go to `err` except in JSON, where they are
/// part of the document.
pub fn write(
    report: &Report,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    match style.format {
        Format::Json => json::write(report, out),
        Format::Sarif => {
            write_errors(report, err)?;
            sarif::write(report, out)
        }
        Format::Github => {
            github::write(report, out)?;
            if !style.quiet {
                summary(report, err)?;
            }
            Ok(())
        }
        Format::Junit => {
            write_errors(report, err)?;
            junit::write(report, out)
        }
        Format::Gitlab => {
            write_errors(report, err)?;
            gitlab::write(report, out)
        }
        Format::Concise => {
            write_errors(report, err)?;
            // `path:line:column: severity[rule] message`, the pieces pushed
            // into one buffer and written once: a run can have tens of
            // thousands of lines.
            let mut buf = Vec::new();
            for f in &report.files {
                for d in &f.diagnostics {
                    buf.extend_from_slice(f.path.as_bytes());
                    buf.push(b':');
                    push_number(&mut buf, d.line);
                    buf.push(b':');
                    push_number(&mut buf, d.column);
                    buf.extend_from_slice(b": ");
                    buf.extend_from_slice(d.severity.as_str().as_bytes());
                    buf.push(b'[');
                    buf.extend_from_slice(d.rule.as_str().as_bytes());
                    buf.extend_from_slice(b"] ");
                    buf.extend_from_slice(d.message.as_bytes());
                    buf.push(b'\n');
                }
            }
            out.write_all(&buf)?;
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
        if e.path.is_empty() {
            writeln!(err, "error: {}", e.message)?;
        } else {
            writeln!(err, "error: {}: {}", e.path, e.message)?;
        }
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

/// A path as CI systems want it, relative to the repository root when
/// listlint runs there: `/` separators, no leading `./`.
pub(crate) fn repo_path(path: &str) -> String {
    let mut p = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.trim_start_matches('/').to_owned();
    }
    p
}

/// Stable identities of a file's diagnostics, for CI systems that track
/// findings across runs (SARIF `partialFingerprints`, GitLab `fingerprint`):
/// a hash of the rule, the path (with `/`), the text of the diagnostic's
/// first line with surrounding whitespace trimmed, and how many diagnostics
/// with the same key came before it in the file. Line numbers are left out,
/// so an edit above a finding keeps its identity.
pub(crate) fn fingerprints(file: &FileReport) -> Vec<String> {
    let text = file.text.as_deref().unwrap_or("");
    let index = crate::source::LineIndex::new(text);
    let path = file.path.replace('\\', "/");
    let mut seen: std::collections::HashMap<u128, u32> = std::collections::HashMap::new();
    file.diagnostics
        .iter()
        .map(|d| {
            let line = d.line.saturating_sub(1);
            let line_text = if line < index.line_count() {
                text[index.line_span(text, line)].trim()
            } else {
                ""
            };
            let key = fnv1a_128(&[d.rule.as_bytes(), path.as_bytes(), line_text.as_bytes()]);
            let n = seen.entry(key).or_default();
            *n += 1;
            let id = fnv1a_128(&[&key.to_le_bytes(), &n.to_le_bytes()]);
            format!("{id:032x}")
        })
        .collect()
}

/// 128-bit FNV-1a over the parts, each followed by a 0xff separator (a byte
/// UTF-8 never contains). Stable across platforms and Rust versions, unlike
/// std's hashers.
fn fnv1a_128(parts: &[&[u8]]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    let mut h = OFFSET;
    for part in parts {
        for &b in part.iter().chain(&[0xff]) {
            h ^= u128::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(rule: &'static str, line: usize) -> Located {
        Located {
            rule: rule.into(),
            severity: Severity::Warning,
            line,
            column: 1,
            end_line: line,
            end_column: 2,
            span: 0..0,
            message: "m".into(),
            note: None,
            fix: None,
            edits: Vec::new(),
            url: None,
        }
    }

    #[test]
    fn fnv1a_128_known_values() {
        // FNV-1a 128 of "" is the offset basis; of "a" a published test vector.
        let plain = |s: &[u8]| {
            let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
            for &b in s {
                h ^= u128::from(b);
                h = h.wrapping_mul(0x0000000001000000000000000000013b);
            }
            h
        };
        assert_eq!(plain(b""), 0x6c62272e07bb014262b821756295c58d);
        assert_eq!(plain(b"a"), 0xd228cb696f1a8caf78912b704e4a8964);
        assert_ne!(fnv1a_128(&[b"ab", b"c"]), fnv1a_128(&[b"a", b"bc"]));
    }

    #[test]
    fn fingerprints_survive_moved_lines_and_tell_twins_apart() {
        let file = |text: &str, diagnostics| FileReport {
            path: "notes.md".into(),
            text: Some(text.into()),
            diagnostics,
        };
        let before = file(
            "# T\n\n- [a](http://x)\n- [a](http://x)\n",
            vec![located("insecure-link", 3), located("insecure-link", 4)],
        );
        let after = file(
            "# T\n\nNew paragraph.\n\n  - [a](http://x)\n- [a](http://x)\n",
            vec![located("insecure-link", 5), located("insecure-link", 6)],
        );
        let (a, b) = (fingerprints(&before), fingerprints(&after));
        assert_eq!(a, b, "same line text, same rule: same identity");
        assert_ne!(a[0], a[1], "two findings on identical lines differ");
        assert_eq!(a[0].len(), 32);
        let other_rule = file("# T\n\n- [a](http://x)\n", vec![located("bare-url", 3)]);
        assert_ne!(fingerprints(&other_rule)[0], a[0]);
    }
}
