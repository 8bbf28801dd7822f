//! `--format gitlab`: GitLab Code Quality, a JSON array of issues that a
//! merge request shows inline (`artifacts: reports: codequality`).

use std::io::Write;

use serde::Serialize;

use super::Report;
use crate::diagnostic::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut issues = Vec::new();
    for f in &report.files {
        let path = super::repo_path(&f.path);
        for (d, fingerprint) in f.diagnostics.iter().zip(super::fingerprints(f)) {
            issues.push(Issue {
                description: &d.message,
                check_name: d.rule.as_str(),
                fingerprint,
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                location: Location {
                    path: path.clone(),
                    lines: Lines { begin: d.line },
                },
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
