//! `listlint rules`, `explain` and `init`.

use std::fmt::Write as _;
use std::path::Path;

use crate::ExitStatus;
use crate::cli::RulesArgs;
use crate::report::Format;
use crate::rules::RULES;

pub fn rules(args: &RulesArgs) -> ExitStatus {
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
    crate::emit(out.as_bytes());
    ExitStatus::Success
}

pub fn explain(id: &str) -> ExitStatus {
    match crate::rules::meta(id) {
        Some(m) => {
            crate::emit(m.doc.as_bytes());
            ExitStatus::Success
        }
        None => {
            let near: Vec<&str> = RULES
                .iter()
                .map(|r| r.meta().id)
                .filter(|r| r.contains(id) || id.contains(r))
                .collect();
            eprintln!("error: unknown rule `{id}`");
            if !near.is_empty() {
                eprintln!("  did you mean: {}", near.join(", "));
            }
            eprintln!("  `listlint rules` lists every rule");
            ExitStatus::Error
        }
    }
}

pub fn init(dir: &Path, force: bool) -> ExitStatus {
    let target = dir.join("listlint.toml");
    if target.exists() && !force {
        eprintln!(
            "error: {}: already exists (use --force to overwrite)",
            target.display()
        );
        return ExitStatus::Error;
    }
    let (inputs, _) = crate::discover::discover(&[dir.display().to_string()]);
    let mut notes = 0;
    let mut awesome = 0;
    for input in &inputs {
        let Ok(bytes) = std::fs::read(&input.path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let doc = crate::document::parse(&text, &Default::default());
        match crate::lint::detect_preset(&doc).0 {
            Some(crate::document::Preset::Notes) => notes += 1,
            Some(crate::document::Preset::Awesome) => awesome += 1,
            None => {}
        }
    }
    let mut s = String::from(
        "# listlint configuration (SPEC: `listlint explain RULE` documents each rule).\n",
    );
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
    if let Err(e) = std::fs::write(&target, s) {
        eprintln!("error: {}: cannot write: {e}", target.display());
        return ExitStatus::Error;
    }
    eprintln!("wrote {}", target.display());
    ExitStatus::Success
}
