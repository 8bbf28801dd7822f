//! `--format junit`: JUnit XML for CI systems that show test reports
//! (Jenkins, GitLab, Azure Pipelines…). One test suite per file; each
//! diagnostic is a failing test case, and a clean file is one passing test
//! case. Run errors are test cases with an `<error>`, in a suite `listlint`.

use std::io::Write;

use super::Report;

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let tests: usize = report
        .files
        .iter()
        .map(|f| f.diagnostics.len().max(1))
        .sum::<usize>()
        + report.errors.len();
    let failures: usize = report.files.iter().map(|f| f.diagnostics.len()).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="listlint" tests="{tests}" failures="{failures}" errors="{}">"#,
        report.errors.len()
    )?;
    for f in &report.files {
        let shown = super::repo_path(&f.path);
        let path = attr(&shown);
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{}" failures="{}" errors="0">"#,
            f.diagnostics.len().max(1),
            f.diagnostics.len()
        )?;
        if f.diagnostics.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="no problems found" classname="{path}"/>"#
            )?;
        }
        for d in &f.diagnostics {
            writeln!(
                out,
                r#"    <testcase name="{} at {}:{}" classname="{path}">"#,
                d.rule, d.line, d.column
            )?;
            let mut body = format!(
                "{}:{}:{}: {}[{}] {}",
                shown,
                d.line,
                d.column,
                d.severity.as_str(),
                d.rule,
                d.message
            );
            if let Some(note) = &d.note {
                body.push_str(&format!("\nnote: {note}"));
            }
            if let Some((title, _)) = &d.fix {
                body.push_str(&format!("\nhelp: {title}"));
            }
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                attr(&d.message),
                d.rule,
                text(&body)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    if !report.errors.is_empty() {
        writeln!(
            out,
            r#"  <testsuite name="listlint" tests="{0}" failures="0" errors="{0}">"#,
            report.errors.len()
        )?;
        for e in &report.errors {
            let name = if e.path.is_empty() {
                "run".to_owned()
            } else {
                super::repo_path(&e.path)
            };
            writeln!(
                out,
                r#"    <testcase name="{}" classname="listlint">"#,
                attr(&name)
            )?;
            writeln!(
                out,
                r#"      <error message="{}" type="run-error"/>"#,
                attr(&e.message)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// Text content: `&`, `<` and `>` escaped; characters XML 1.0 cannot carry
/// at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD.
fn text(s: &str) -> String {
    escape(s, false)
}

/// An attribute value in double quotes: also quotes escaped, and tabs and
/// line breaks as character references so parsers keep them.
fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            attr("a<b>&\"c\" 'd'\n\te\r"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;&#10;&#9;e&#13;"
        );
        assert_eq!(text("a<b>&\"c\"\n\td"), "a&lt;b&gt;&amp;\"c\"\n\td");
        assert_eq!(
            text("bell \u{7} nul \u{0} \u{ffff}"),
            "bell \u{fffd} nul \u{fffd} \u{fffd}"
        );
        assert_eq!(text("é ☕ \u{85}"), "é ☕ \u{85}");
    }
}
