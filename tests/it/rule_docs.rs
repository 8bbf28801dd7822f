//! A rule's doc is its test: every `rules/<id>.md` header matches the rule's
//! metadata, docs and rules are one to one, and every example behaves as
//! documented (Bad raises the rule, Good does not, fixing Bad gives Fixed,
//! fixing Fixed changes nothing).

use std::path::{Path, PathBuf};

use listlint::diagnostic::Diagnostic;
use listlint::fix::{Applicability, apply};
use listlint::rules::{RULES, RuleMeta, Scope};

use crate::support::Dir;
use crate::support::lib::Target;

#[derive(Debug)]
struct Example {
    kind: String,
    markdown: String,
    toml: String,
    /// Files written beside the example (```` ```markdown file=NAME ```` blocks
    /// before it in its section).
    files: Vec<(String, String)>,
    line: usize,
    /// The lines a Bad example is reported on (`lines=3,5` after the
    /// language), each once, in order.
    lines: Option<Vec<usize>>,
    /// Text a reported message holds (each `message="…"`: no backtick,
    /// which a backtick fence's info string cannot hold).
    messages: Vec<String>,
}

/// The `key=value` and `key="a value"` attributes after a fence's language.
fn attributes(info: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = info.trim_start();
    while let Some((key, after)) = rest.split_once('=') {
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => quoted.split_once('"').unwrap_or((quoted, "")),
            None => after.split_once(' ').unwrap_or((after, "")),
        };
        out.push((key.trim(), value));
        rest = next.trim_start();
    }
    out
}

/// Examples in document order, each with the toml block that precedes it in its group
/// and the files declared before it in the section.
fn examples(doc: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_examples = false;
    let mut heading = String::new();
    let mut toml = String::new();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut lines = doc.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if let Some(h) = line.strip_prefix("## ") {
            in_examples = h.trim() == "Examples";
            continue;
        }
        if !in_examples {
            continue;
        }
        if let Some(h) = line.strip_prefix("### ") {
            heading = h.trim().to_owned();
            continue;
        }
        let ticks = line.len() - line.trim_start_matches('`').len();
        if ticks >= 3 {
            let info = line[ticks..].trim().to_owned();
            assert!(
                !info.contains('`'),
                "line {}: a backtick fence's info string cannot hold a backtick",
                n + 1
            );
            let fence = &line[..ticks];
            let mut body = String::new();
            for (_, l) in lines.by_ref() {
                if l.trim_end() == fence {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            let (lang, attrs) = info.split_once(' ').unwrap_or((info.as_str(), ""));
            let attrs = attributes(attrs);
            let value = |k: &str| attrs.iter().find(|a| a.0 == k).map(|a| a.1);
            let file = value("file");
            match (lang, file) {
                ("toml", _) => toml = body,
                ("markdown" | "md", Some(name)) => files.push((name.to_owned(), body)),
                ("markdown" | "md", None) => out.push(Example {
                    kind: heading.clone(),
                    markdown: body,
                    toml: toml.clone(),
                    files: files.clone(),
                    line: n + 1,
                    lines: value("lines").map(|v| {
                        v.split(',')
                            .map(|l| l.parse().expect("`lines=` holds line numbers"))
                            .collect()
                    }),
                    messages: attrs
                        .iter()
                        .filter(|a| a.0 == "message")
                        .map(|a| a.1.to_owned())
                        .collect(),
                }),
                _ => {}
            }
        }
    }
    out
}

struct Harness {
    dir: Dir,
}

impl Harness {
    fn new() -> Self {
        Self::with_files(&[])
    }

    /// A directory with `docs/guide.md` and `files`.
    fn with_files(files: &[(String, String)]) -> Self {
        let dir = Dir::with(&[("docs/guide.md", "# Guide\n\n## Install\n")]);
        for (name, body) in files {
            dir.write(name, body);
        }
        Self { dir }
    }

    /// Diagnostics of `meta`'s rule only, on `markdown` with the example's config.
    fn lint(&self, meta: &RuleMeta, toml: &str, markdown: &str) -> Vec<Diagnostic> {
        let mut cfg = toml.to_owned();
        if !toml.lines().any(|l| l.trim_start().starts_with("preset")) {
            match meta.scope {
                Scope::Notes | Scope::Lists => cfg = format!("preset = \"notes\"\n{cfg}"),
                Scope::Awesome => cfg = format!("preset = \"awesome\"\n{cfg}"),
                Scope::Any => {}
            }
        }
        let (_, diagnostics) =
            Target::new(self.dir.path(), "README.md", &cfg, Some(meta.id.as_str()))
                .lint(markdown.as_bytes())
                .unwrap();
        diagnostics
            .into_iter()
            .filter(|d| d.rule == meta.id)
            .collect()
    }

    /// Applies the rule's fixes until nothing changes (at most 10 passes).
    fn fix(&self, meta: &RuleMeta, toml: &str, markdown: &str, unsafe_fixes: bool) -> String {
        let mut text = markdown.to_owned();
        for _ in 0..10 {
            let diags = self.lint(meta, toml, &text);
            let fixes: Vec<_> = diags
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .filter(|f| unsafe_fixes || f.applicability == Applicability::Safe)
                .collect();
            let (next, n) = apply(&text, &fixes);
            if n == 0 || next == text {
                return text;
            }
            text = next;
        }
        panic!("{}: fixes did not converge in 10 passes:\n{text}", meta.id);
    }
}

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

#[test]
fn every_rule_has_a_doc_and_every_doc_a_rule() {
    let mut docs: Vec<String> = std::fs::read_dir(docs_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".md").map(str::to_owned))
        .collect();
    docs.sort();
    let mut ids: Vec<String> = RULES.iter().map(|r| r.meta().id.to_string()).collect();
    ids.sort();
    assert_eq!(docs, ids);
}

#[test]
fn doc_headers_match_rule_metadata() {
    for rule in RULES {
        let m = rule.meta();
        let mut lines = m.doc.lines().filter(|l| !l.trim().is_empty());
        assert_eq!(
            lines.next(),
            Some(format!("# {}", m.id).as_str()),
            "{}: title",
            m.id
        );
        let header = format!(
            "**Default:** {} · **Fix:** {} · **Presets:** {}",
            m.default.as_str(),
            m.fix.as_str(),
            m.scope.as_str()
        );
        assert_eq!(lines.next(), Some(header.as_str()), "{}: header", m.id);
        assert_eq!(
            lines.next().map(str::trim),
            Some(m.summary),
            "{}: the first sentence is META.summary",
            m.id
        );
        for section in ["## Why", "## Options", "## Examples"] {
            assert!(
                m.doc.lines().any(|l| l.trim() == section),
                "{}: no `{section}` section",
                m.id
            );
        }
    }
}

#[test]
fn doc_examples_behave_as_documented() {
    let h = Harness::new();
    let mut failures = Vec::new();
    for rule in RULES {
        let m = rule.meta();
        let exs = examples(m.doc);
        assert!(
            exs.iter().any(|e| e.kind == "Good"),
            "{}: no Good example",
            m.id
        );
        // Link-checking examples need the network: the `links` tests check
        // those rules against a local server.
        if listlint::rules::network::is_network(m.id) {
            continue;
        }
        let mut last_bad: Option<&Example> = None;
        for ex in &exs {
            let at = format!("rules/{}.md:{}", m.id, ex.line);
            // Examples with files of their own are linted in a directory of
            // their own.
            let own;
            let h = if ex.files.is_empty() {
                &h
            } else {
                own = Harness::with_files(&ex.files);
                &own
            };
            match ex.kind.as_str() {
                "Bad" => {
                    let d = h.lint(m, &ex.toml, &ex.markdown);
                    let mut lines: Vec<usize> = d
                        .iter()
                        .map(|d| ex.markdown[..d.span.start].matches('\n').count() + 1)
                        .collect();
                    lines.sort();
                    lines.dedup();
                    match &ex.lines {
                        None => failures.push(format!(
                            "{at}: a Bad example says where it is reported (`lines=`)"
                        )),
                        Some(want) if d.is_empty() || *want != lines => failures.push(format!(
                            "{at}: Bad example raises `{}` on lines {lines:?}, not {want:?}",
                            m.id
                        )),
                        Some(_) => {}
                    }
                    for want in &ex.messages {
                        if !d.iter().any(|d| d.message.contains(want.as_str())) {
                            failures.push(format!(
                                "{at}: no `{want}` among {:?}",
                                d.iter().map(|d| &d.message).collect::<Vec<_>>()
                            ));
                        }
                    }
                    last_bad = Some(ex);
                }
                "Good" => {
                    let d = h.lint(m, &ex.toml, &ex.markdown);
                    if !d.is_empty() {
                        failures.push(format!(
                            "{at}: Good example raises `{}`: {:?}",
                            m.id,
                            d.iter().map(|d| &d.message).collect::<Vec<_>>()
                        ));
                    }
                }
                kind if kind.starts_with("Fixed") => {
                    let unsafe_fixes = kind.contains("unsafe");
                    let Some(bad) = last_bad else {
                        failures.push(format!("{at}: Fixed example without a Bad one before it"));
                        continue;
                    };
                    let bad_dir = Harness::with_files(&bad.files);
                    let fixed = bad_dir.fix(m, &bad.toml, &bad.markdown, unsafe_fixes);
                    if fixed != ex.markdown {
                        failures.push(format!(
                            "{at}: fixing Bad gives\n{fixed}\nnot the Fixed example\n{}",
                            ex.markdown
                        ));
                    }
                    let again = h.fix(m, &ex.toml, &ex.markdown, unsafe_fixes);
                    if again != ex.markdown {
                        failures.push(format!("{at}: fixing Fixed changes it:\n{again}"));
                    }
                }
                other => failures.push(format!("{at}: unknown example heading `### {other}`")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
