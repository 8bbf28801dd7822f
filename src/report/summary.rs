//! `--summary FILE`: a Markdown summary of the run, appended to FILE, for
//! GitHub's job summary page (`$GITHUB_STEP_SUMMARY`) or any CI that shows
//! Markdown.

use std::collections::BTreeMap;
use std::io::Write;

use super::Report;
use crate::diagnostic::Severity;

/// GitHub rejects a step summary over 1 MiB: at most this many link rows.
const MAX_LINK_ROWS: usize = 500;
/// Places listed per link; the rest are counted.
const MAX_PLACES: usize = 3;

/// Appends the summary to `path`, creating it when missing.
pub fn append(report: &Report, path: &std::path::Path) -> std::io::Result<()> {
    let mut text = Vec::new();
    write(report, &mut text)?;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)?;
    file.write_all(&text)
}

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "## listlint\n")?;
    let [info, warning, error] = report.counts();
    let files = plural(report.files.len(), "file");
    if info + warning + error == 0 {
        if report.errors.is_empty() {
            writeln!(out, "{files} checked, no problems found.\n")?;
        } else {
            writeln!(out, "{files} checked.\n")?;
        }
    } else {
        writeln!(
            out,
            "{files} checked: **{}**, **{}**, **{info} info**.\n",
            plural(error, "error"),
            plural(warning, "warning")
        )?;
    }
    if !report.errors.is_empty() {
        writeln!(out, "**The run failed** (exit status 2):\n")?;
        for e in &report.errors {
            if e.path.is_empty() {
                writeln!(out, "- {}", one_line(&e.message))?;
            } else {
                writeln!(out, "- {}: {}", code(&e.path), one_line(&e.message))?;
            }
        }
        writeln!(out)?;
    }
    rules_table(report, out)?;
    links_table(report, out)
}

fn rules_table(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut counts: BTreeMap<(&str, Severity), usize> = BTreeMap::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        *counts.entry((d.rule.as_str(), d.severity)).or_default() += 1;
    }
    if counts.is_empty() {
        return Ok(());
    }
    let mut rows: Vec<((&str, Severity), usize)> = counts.into_iter().collect();
    rows.sort_by(|((ra, sa), na), ((rb, sb), nb)| sb.cmp(sa).then(nb.cmp(na)).then(ra.cmp(rb)));
    writeln!(out, "| Rule | Severity | Count |")?;
    writeln!(out, "|---|---|--:|")?;
    for ((rule, severity), n) in rows {
        // Built-in rules link to their doc; custom rules of the config have none.
        let name = if crate::rules::meta(rule).is_some() {
            format!(
                "[`{rule}`]({}/blob/main/rules/{rule}.md)",
                super::REPOSITORY
            )
        } else {
            code(rule)
        };
        writeln!(out, "| {name} | {} | {n} |", severity.as_str())?;
    }
    writeln!(out)
}

fn links_table(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let Some(links) = &report.links else {
        return Ok(());
    };
    let bad: Vec<_> = links
        .iter()
        .filter(|l| !matches!(l.status, "ok" | "excluded" | "skipped"))
        .collect();
    writeln!(out, "### Links\n")?;
    if bad.is_empty() {
        writeln!(
            out,
            "{} checked over the network: none dead, blocked or redirected.\n",
            plural(links.len(), "link")
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{} checked over the network; {} dead, blocked or redirected:\n",
        plural(links.len(), "link"),
        bad.len()
    )?;
    writeln!(out, "| URL | Status | HTTP status | Where |")?;
    writeln!(out, "|---|---|--:|---|")?;
    for l in bad.iter().take(MAX_LINK_ROWS) {
        let status = match &l.final_url {
            Some(to) if l.status == "redirected" => format!("redirected to {}", code(to)),
            _ => match &l.archived_url {
                Some(copy) => format!("{}, archived copy {}", l.status, code(copy)),
                None => l.status.to_owned(),
            },
        };
        let http = l
            .http_status
            .map_or_else(|| "–".to_owned(), |s| s.to_string());
        let mut places: Vec<String> = l
            .locations
            .iter()
            .take(MAX_PLACES)
            .map(|p| code(&format!("{}:{}:{}", p.path, p.line, p.column)))
            .collect();
        if l.locations.len() > MAX_PLACES {
            places.push(format!("and {} more", l.locations.len() - MAX_PLACES));
        }
        writeln!(
            out,
            "| {} | {status} | {http} | {} |",
            code(&l.url),
            places.join(", ")
        )?;
    }
    if bad.len() > MAX_LINK_ROWS {
        writeln!(
            out,
            "\n…and {} more (`--format json` lists them all).",
            bad.len() - MAX_LINK_ROWS
        )?;
    }
    writeln!(out)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Text on one line, safe in a list item or a table cell.
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ").replace('|', "\\|")
}

/// A code span that survives a table cell: a fence longer than any run of
/// backticks inside, and `|` escaped (GitHub's tables split on it even in
/// code spans).
fn code(s: &str) -> String {
    let s = one_line(s);
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{LinkEntry, LinkLocation};

    fn link(url: &str, status: &'static str, http: Option<u16>, places: usize) -> LinkEntry {
        LinkEntry {
            url: url.into(),
            status,
            http_status: http,
            final_url: (status == "redirected").then(|| "https://example.org/new".into()),
            duration_ms: 1,
            cached: false,
            archived_url: None,
            checked_url: None,
            locations: (1..=places)
                .map(|line| LinkLocation {
                    path: "docs/list.md".into(),
                    line,
                    column: 3,
                })
                .collect(),
        }
    }

    #[test]
    fn links_table_lists_what_needs_attention() {
        let report = Report {
            links: Some(vec![
                link("https://example.org/ok", "ok", Some(200), 1),
                link("https://example.org/gone", "dead", Some(404), 5),
                link("https://example.org/wall|x", "blocked", Some(403), 1),
                link("https://example.org/old", "redirected", Some(301), 1),
                link("https://slow.example/", "timeout", None, 1),
                link("https://example.org/skip", "excluded", None, 1),
            ]),
            ..Report::default()
        };
        let mut out = Vec::new();
        write(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "## listlint\n\n0 files checked, no problems found.\n\n### Links\n\n\
             6 links checked over the network; 4 dead, blocked or redirected:\n\n\
             | URL | Status | HTTP status | Where |\n|---|---|--:|---|\n\
             | `https://example.org/gone` | dead | 404 | `docs/list.md:1:3`, `docs/list.md:2:3`, `docs/list.md:3:3`, and 2 more |\n\
             | `https://example.org/wall\\|x` | blocked | 403 | `docs/list.md:1:3` |\n\
             | `https://example.org/old` | redirected to `https://example.org/new` | 301 | `docs/list.md:1:3` |\n\
             | `https://slow.example/` | timeout | – | `docs/list.md:1:3` |\n\n"
        );
    }

    #[test]
    fn dead_links_show_their_archived_copy() {
        let mut gone = link("https://example.org/gone", "dead", Some(404), 1);
        gone.archived_url =
            Some("https://web.archive.org/web/20200102030405/https://example.org/gone".into());
        let report = Report {
            links: Some(vec![gone]),
            ..Report::default()
        };
        let mut out = Vec::new();
        write(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(
                "| `https://example.org/gone` | dead, archived copy \
                 `https://web.archive.org/web/20200102030405/https://example.org/gone` | 404 |"
            ),
            "{text}"
        );
    }

    #[test]
    fn links_all_fine_and_no_links_checked() {
        let fine = Report {
            links: Some(vec![link("https://example.org/ok", "ok", Some(200), 1)]),
            ..Report::default()
        };
        let mut out = Vec::new();
        write(&fine, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.ends_with("### Links\n\n1 link checked over the network: none dead, blocked or redirected.\n\n"),
            "{text}"
        );
        let mut out = Vec::new();
        write(&Report::default(), &mut out).unwrap();
        assert!(!String::from_utf8(out).unwrap().contains("Links"));
    }

    #[test]
    fn code_spans() {
        assert_eq!(code("a.md:1:2"), "`a.md:1:2`");
        assert_eq!(code("https://x/?a=|b"), "`https://x/?a=\\|b`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("a\nb"), "`a b`");
    }
}
