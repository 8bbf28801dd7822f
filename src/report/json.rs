//! `--format json`: the object the README describes, which scripts and CI parse.

use std::io::Write;

use serde::Serialize;

use super::Report;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    files: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<&'a [super::LinkEntry]>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [super::RunError],
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    url: Option<&'a str>,
    fixable: bool,
    fix: Option<&'a str>,
}

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let diagnostics = report
        .files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
        .map(|(f, d)| JsonDiagnostic {
            path: &f.path,
            rule: d.rule.as_str(),
            severity: d.severity.as_str(),
            line: d.line,
            column: d.column,
            end_line: d.end_line,
            end_column: d.end_column,
            message: &d.message,
            url: d.url.as_deref(),
            fixable: d
                .fix
                .as_ref()
                .is_some_and(|(_, a)| *a == crate::fix::Applicability::Safe),
            fix: d.fix.as_ref().map(|(_, a)| a.as_str()),
        })
        .collect();
    let doc = JsonReport {
        version: 1,
        files: report.files.len(),
        diagnostics,
        links: report.links.as_deref(),
        errors: &report.errors,
    };
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}
