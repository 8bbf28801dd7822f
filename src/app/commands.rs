//! `listlint rules`, `explain`, `init`, `completions` and `man`: each
//! returns what it shows, and the report module shows it.

use std::fmt::Write as _;
use std::path::Path;

use crate::ExitStatus;
use crate::cli::RulesArgs;
use crate::report::Format;
use crate::rules::RULES;

/// What a command shows, and how it ends.
pub struct Shown {
    pub stdout: Vec<u8>,
    /// Lines for stderr.
    pub stderr: Vec<String>,
    pub status: ExitStatus,
}

impl Shown {
    fn out(stdout: impl Into<Vec<u8>>) -> Self {
        Self {
            stdout: stdout.into(),
            stderr: Vec::new(),
            status: ExitStatus::Success,
        }
    }

    fn err(stderr: Vec<String>, status: ExitStatus) -> Self {
        Self {
            stdout: Vec::new(),
            stderr,
            status,
        }
    }

    /// Shows it; returns the exit status.
    pub fn show(self) -> ExitStatus {
        crate::report::notes(&self.stderr);
        if !self.stdout.is_empty() {
            crate::report::emit(&self.stdout);
        }
        self.status
    }
}

pub fn rules(args: &RulesArgs) -> Shown {
    let mut out = String::new();
    if args.format == Format::Json {
        let rows: Vec<serde_json::Value> = RULES
            .iter()
            .map(|r| {
                let m = r.meta();
                serde_json::json!({
                    "id": m.id, "default": m.default.as_str(), "fix": m.fix.as_str(),
                    "presets": m.scope.as_str(), "summary": m.summary,
                })
            })
            .collect();
        out = serde_json::to_string_pretty(&rows).expect("plain data serialises") + "\n";
    } else {
        let width = RULES.iter().map(|r| r.meta().id.len()).max().unwrap_or(0);
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {:21}  {:14}  summary",
            "rule", "default", "fix", "presets"
        );
        for r in RULES {
            let m = r.meta();
            let _ = writeln!(
                out,
                "{:width$}  {:7}  {:21}  {:14}  {}",
                m.id,
                m.default.as_str(),
                m.fix.as_str(),
                m.scope.as_str(),
                m.summary
            );
        }
    }
    Shown::out(out)
}

pub fn explain(id: &str) -> Shown {
    match crate::rules::meta(id) {
        Some(m) => Shown::out(m.doc),
        None => {
            let near: Vec<&str> = RULES
                .iter()
                .map(|r| r.meta().id.as_str())
                .filter(|r| r.contains(id) || id.contains(r))
                .collect();
            let mut lines = vec![format!("error: unknown rule `{id}`")];
            if !near.is_empty() {
                lines.push(format!("  did you mean: {}", near.join(", ")));
            }
            lines.push("  `listlint rules` lists every rule".into());
            Shown::err(lines, ExitStatus::Error)
        }
    }
}

pub fn init(dir: &Path, force: bool) -> Shown {
    let target = dir.join("listlint.toml");
    if target.exists() && !force {
        let message = format!(
            "error: {}: already exists (use --force to overwrite)",
            target.display()
        );
        return Shown::err(vec![message], ExitStatus::Error);
    }
    let (inputs, _) = crate::app::discover::discover(&[dir.display().to_string()]);
    let mut notes = 0;
    let mut awesome = 0;
    for input in &inputs {
        let Ok(bytes) = std::fs::read(&input.path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let doc = crate::document::parse(&text, &Default::default());
        match crate::engine::lint::detect_preset(&doc).0 {
            Some(crate::document::Preset::Notes) => notes += 1,
            Some(crate::document::Preset::Awesome) => awesome += 1,
            None => {}
        }
    }
    let mut s =
        String::from("# listlint configuration (`listlint explain RULE` documents each rule).\n");
    let _ = writeln!(
        s,
        "# Scanned {} Markdown files: {notes} look like notes, {awesome} like awesome lists.",
        inputs.len()
    );
    match (notes, awesome) {
        (0, 0) => {
            s.push_str("# preset = \"notes\"   # notes | awesome; detected per file when unset\n")
        }
        (n, a) if n >= a => s.push_str("preset = \"notes\"\n"),
        _ => s.push_str("preset = \"awesome\"\n"),
    }
    s.push_str("exclude = []\n\n[rules]\n# Every rule at its default; change a severity to error, warning, info or off.\n");
    for r in RULES {
        let m = r.meta();
        let _ = writeln!(s, "# {} = \"{}\"", m.id, m.default.as_str());
    }
    s.push_str("\n[fields]\n# required = [\"Comment\"]\n# known = [\"Comment\"]\n");
    match std::fs::write(&target, s) {
        Ok(()) => Shown::err(
            vec![format!("wrote {}", target.display())],
            ExitStatus::Success,
        ),
        Err(e) => Shown::err(
            vec![format!("error: {}: cannot write: {e}", target.display())],
            ExitStatus::Error,
        ),
    }
}

/// `listlint completions SHELL`: the completion script, generated from the
/// same clap definition as the parser so the two never disagree.
pub fn completions(shell: clap_complete::Shell) -> Shown {
    let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "listlint", &mut out);
    Shown::out(out)
}

/// `listlint man`: one page, listlint(1), with every command's options (a
/// user reads `man listlint`, not one page per command).
pub fn man() -> Shown {
    match man_page() {
        Ok(page) => Shown::out(page),
        Err(e) => Shown::err(
            vec![format!("error: cannot render the man page: {e}")],
            ExitStatus::Error,
        ),
    }
}

fn man_page() -> std::io::Result<Vec<u8>> {
    use clap_mangen::Man;
    use clap_mangen::roff::{Roff, bold, roman};

    let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    cmd.build();
    let page = Man::new(cmd.clone());
    let mut body = Vec::new();
    page.render_name_section(&mut body)?;
    page.render_synopsis_section(&mut body)?;
    page.render_description_section(&mut body)?;
    // Each command with its synopsis and options as a subsection: the
    // sections clap_mangen renders for a command lose their `.SH` titles.
    Roff::new()
        .control("SH", ["COMMANDS"])
        .to_writer(&mut body)?;
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = format!("listlint {}", sub.get_name());
        let mut roff = Roff::new();
        roff.control("SS", [name.as_str()]);
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            roff.text([roman(about.to_string())]);
        }
        roff.control("PP", []);
        roff.to_writer(&mut body)?;
        let sub_page = Man::new(sub.clone());
        let mut section = Vec::new();
        sub_page.render_synopsis_section(&mut section)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            sub_page.render_options_section(&mut section)?;
        }
        for line in String::from_utf8_lossy(&section).lines() {
            if !line.starts_with(".SH ") {
                body.extend_from_slice(line.as_bytes());
                body.push(b'\n');
            }
        }
    }
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        ("0", "No diagnostic at or above the --fail-on severity."),
        (
            "1",
            "At least one diagnostic at or above the --fail-on severity.",
        ),
        (
            "2",
            "The run itself failed: a bad flag or config, an unreadable file, a named path \
             or glob that matched nothing, or the network unreachable for every link. \
             2 wins over 1.",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(meaning)]);
    }
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(format!(
        "listlint explain RULE prints the documentation of a rule. The README at {} \
         describes the configuration file and the output formats.",
        crate::report::REPOSITORY
    ))]);
    roff.to_writer(&mut body)?;
    page.render_version_section(&mut body)?;

    // Every rendered piece starts with the same two-line preamble (it
    // defines `\*(Aq`); keep one, after `.TH`, so the page starts with `.TH`.
    let mut title = Vec::new();
    page.render_title(&mut title)?;
    let title = String::from_utf8_lossy(&title).into_owned();
    let body = String::from_utf8_lossy(&body).into_owned();
    let is_preamble = |l: &str| l.starts_with(".ie \\n(.g .ds Aq") || l.starts_with(".el .ds Aq");
    let mut out = String::new();
    for l in title.lines().filter(|l| !is_preamble(l)) {
        out.push_str(l);
        out.push('\n');
    }
    for l in title.lines().filter(|l| is_preamble(l)) {
        out.push_str(l);
        out.push('\n');
    }
    for l in body.lines().filter(|l| !is_preamble(l)) {
        out.push_str(l);
        out.push('\n');
    }
    Ok(out.into_bytes())
}
