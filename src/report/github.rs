//! `--format github`: GitHub Actions workflow commands, one per diagnostic,
//! which the runner turns into annotations on the pull request's diff:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::io::Write;

use super::Report;
use crate::diagnostic::Severity;

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for e in &report.errors {
        if e.path.is_empty() {
            writeln!(out, "::error title=listlint::{}", data(&e.message))?;
        } else {
            writeln!(
                out,
                "::error file={},title=listlint::{}",
                property(&super::repo_path(&e.path)),
                data(&e.message)
            )?;
        }
    }
    for f in &report.files {
        let file = property(&super::repo_path(&f.path));
        for d in &f.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                property(&format!("listlint ({})", d.rule)),
                data(&d.message)
            )?;
        }
    }
    Ok(())
}

/// A command's message: `%`, CR and LF escaped (GitHub's toolkit rules).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as [`data`], and `:` and `,`, which end a value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("100% a:b,c\r\nd"), "100%25 a:b,c%0D%0Ad");
        assert_eq!(property("100% a:b,c\r\nd"), "100%25 a%3Ab%2Cc%0D%0Ad");
        // `%` first: an escape is never escaped again.
        assert_eq!(data("%0A"), "%250A");
    }
}
