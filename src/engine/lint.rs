//! One file through the pipeline: source -> document -> rules -> suppressions.

use std::collections::HashMap;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Level, Severity};
use crate::document::suppress::Suppressions;
use crate::document::{Detached, Document, ParseOptions, Preset, parse};
use crate::rules::{Context, Needs, Prepared, RULES, RuleId, RuleSettings, Stage, in_scope};
use crate::source::SourceFile;
use crate::workspace::Workspace;

pub use super::preset::detect_preset;

/// Which rules the command line selects.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
}

/// Everything that decides how one file is linted.
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub preset: Option<Preset>,
    pub levels: HashMap<RuleId, Level>,
    pub rules: RuleSettings,
    /// `[fields] required` as configured (else the preset's default).
    pub required_fields: Option<Vec<String>>,
    /// Links are checked over the network in this run: collect the URLs,
    /// and let the link rules count as running.
    pub links: bool,
    /// `[[custom]]` rules of the file's config.
    pub custom: Vec<crate::config::custom::CustomRule>,
}

impl FileSettings {
    /// Merges a config, its overrides for `path` and the command line.
    pub fn resolve(config: &Config, path: &std::path::Path, sel: &Selection) -> Self {
        let mut preset = config.preset;
        let mut options = config.options.clone();
        let mut levels: HashMap<RuleId, Level> = RULES
            .iter()
            .map(|r| (r.meta().id, r.meta().default))
            .collect();
        for c in &config.custom {
            levels.insert(c.id, Level::On(c.severity));
        }
        let static_id = |id: &str| -> Option<RuleId> {
            crate::rules::meta(id)
                .map(|m| m.id)
                .or_else(|| config.custom.iter().find(|c| c.id == id).map(|c| c.id))
        };
        let mut apply = |rules: &std::collections::BTreeMap<String, crate::config::RuleSetting>| {
            for (id, setting) in rules {
                if let (Some(id), Some(level)) = (static_id(id), setting.level) {
                    levels.insert(id, level);
                }
            }
        };
        apply(&config.rules);
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let rel = abs.strip_prefix(&config.root).unwrap_or(&abs);
        for o in &config.overrides {
            if o.files.is_match(rel) {
                apply(&o.rules);
                if o.preset.is_some() {
                    preset = o.preset;
                }
                if !o.options.is_default() {
                    options = o.options.clone();
                }
            }
        }
        if let Some(select) = &sel.select {
            for r in RULES {
                let m = r.meta();
                let on = select.iter().any(|s| m.id == *s);
                let level = match (on, levels[&m.id]) {
                    (false, _) => Level::Off,
                    (true, Level::Off) => Level::On(m.enabled_severity()),
                    (true, l) => l,
                };
                levels.insert(m.id, level);
            }
        }
        if let Some(select) = &sel.select {
            for c in &config.custom {
                if !select.iter().any(|s| c.id == *s) {
                    levels.insert(c.id, Level::Off);
                }
            }
        }
        for id in &sel.ignore {
            if let Some(id) = static_id(id) {
                levels.insert(id, Level::Off);
            }
        }
        let required = config.fields.required.clone();
        let mut known: Vec<String> = config
            .fields
            .known
            .clone()
            .unwrap_or_else(|| vec!["Comment".into()]);
        let section_fields = config
            .sections
            .values()
            .filter_map(|s| s.required_fields.as_ref())
            .flatten();
        for name in required.iter().flatten().chain(section_fields) {
            if !known.contains(name) {
                known.push(name.clone());
            }
        }
        let fields_configured = config.fields.required.is_some()
            || config.fields.known.is_some()
            || config
                .sections
                .values()
                .any(|s| s.required_fields.is_some());
        Self {
            preset,
            levels,
            rules: RuleSettings {
                options,
                required_fields: Vec::new(),
                known_fields: known,
                fields_configured,
                sections: config.sections.clone(),
                link_root: config.root.clone(),
            },
            required_fields: required,
            links: false,
            custom: config.custom.clone(),
        }
    }
}

/// The result of linting one file.
#[derive(Debug, Default)]
pub struct FileLint {
    pub diagnostics: Vec<Diagnostic>,
    pub preset: Option<Preset>,
    /// Why that preset (for `--verbose`).
    pub preset_reason: String,
    /// What rules compare across the files of a run ([`crate::rules::Rule::run_keys`]).
    pub run_keys: Vec<(RuleId, Vec<crate::rules::RunKey>)>,
    /// URLs with a scheme, for the link stage (only when `links` is set).
    pub urls: Vec<UrlRef>,
    /// The list's own GitHub repository, for the link stage's
    /// `awesome-repo-*` rules (only when `links` is set and they run).
    pub repo: Option<RepoRef>,
}

/// The GitHub repository a list lives in, and the `awesome-repo-*` rules
/// that run on the list and that no inline suppression silences.
#[derive(Debug, Clone)]
pub struct RepoRef {
    pub repo: crate::rules::awesome_repo::GithubRepo,
    pub rules: Vec<RuleId>,
}

/// A URL the link stage checks, where it is written.
#[derive(Debug, Clone)]
pub struct UrlRef {
    pub span: crate::source::Span,
    pub url: String,
    /// Link rules an inline suppression silences here.
    pub suppressed: Vec<RuleId>,
    /// Written in a region a generator owns: no network fix edits it.
    pub generated: bool,
}

/// Files at least this large run their rules on several threads.
const PARALLEL_RULES_FROM: usize = 1 << 20;

/// Lints one decoded file.
pub fn lint(source: &SourceFile, settings: &FileSettings, ws: &Workspace) -> FileLint {
    lint_indexed(source, settings, ws).0
}

/// [`lint`], and the index of the source's lines that the model built, for
/// whoever turns the findings' offsets into lines and columns.
pub(crate) fn lint_indexed(
    source: &SourceFile,
    settings: &FileSettings,
    ws: &Workspace,
) -> (FileLint, crate::source::LineIndex) {
    // The model is dropped here, not detached: that would copy every link
    // destination it borrows from the text.
    let (result, doc, ..) = lint_doc(source, settings, ws, Carried::default(), false);
    (result, doc.lines)
}

/// What one pass of `fix` hands the next: the document model of the new
/// text, and what the rules prepared from it meanwhile (or what they kept
/// of the text before, when they prepared nothing).
#[derive(Default)]
pub(crate) struct Carried {
    pub model: Option<Detached>,
    pub prepared: Prepared,
}

/// How a file is parsed under `settings`. When every rule that may run
/// reads only the text (a `--select` of text rules), the lists, sections and
/// entries are not built (`structure` off).
pub(crate) fn parse_options(settings: &FileSettings) -> ParseOptions {
    let structure = settings.links
        || settings
            .custom
            .iter()
            .any(|c| settings.levels.get(&c.id).is_some_and(|l| *l != Level::Off))
        || RULES.iter().any(|r| {
            r.needs() == Needs::Structure
                && settings
                    .levels
                    .get(&r.meta().id)
                    .is_some_and(|l| *l != Level::Off)
        });
    ParseOptions {
        known_fields: settings.rules.known_fields.clone(),
        structure,
    }
}

/// Whether the rules prepare from `text` apart from their check
/// ([`crate::rules::Rule::prepare`]), on the other core while the text is
/// parsed (or its model carried over): a large text.
pub(crate) fn prepares_early(text: &str) -> bool {
    text.len() >= PARALLEL_RULES_FROM
}

/// What the rules on under `settings` prepare from `text`, given what they
/// kept of the text before the last fixes.
pub(crate) fn prepare(text: &str, settings: &FileSettings, mut kept: Prepared) -> Prepared {
    RULES
        .iter()
        .filter(|r| {
            settings
                .levels
                .get(&r.meta().id)
                .is_some_and(|l| *l != Level::Off)
        })
        .filter_map(|r| {
            let id = r.meta().id;
            let own = kept
                .iter()
                .position(|(k, _)| *k == id)
                .map(|i| kept.swap_remove(i).1);
            Some((id, r.prepare(text, own)?))
        })
        .collect()
}

/// [`lint`] on a document model carried over from an earlier pass of `fix`
/// (built for this text), else on a fresh parse; returns the model too,
/// and what the rules keep for the next pass ([`crate::rules::Context::keep`]).
pub(crate) fn lint_model(
    source: &SourceFile,
    settings: &FileSettings,
    ws: &Workspace,
    carried: Carried,
) -> (FileLint, Detached, Prepared) {
    let (result, doc, structure, kept) = lint_doc(source, settings, ws, carried, true);
    (result, doc.detach(structure), kept)
}

/// [`lint_model`] with the model still over the source text, whether it
/// has its structure, and what the rules keep (when `keep`).
fn lint_doc<'s>(
    source: &'s SourceFile,
    settings: &FileSettings,
    ws: &Workspace,
    carried: Carried,
    keep: bool,
) -> (FileLint, Document<'s>, bool, Prepared) {
    let opts = parse_options(settings);
    let structure = opts.structure;
    let (doc, prepared) = match carried.model {
        Some(m) if m.structure() == structure => (m.attach(&source.text), carried.prepared),
        _ if prepares_early(&source.text) => rayon::join(
            || parse(&source.text, &opts),
            || prepare(&source.text, settings, Vec::new()),
        ),
        _ => (parse(&source.text, &opts), Vec::new()),
    };
    let (preset, preset_reason) = match settings.preset {
        Some(p) => (Some(p), "set in the configuration".to_owned()),
        None if !structure => (
            None,
            "not detected: the selected rules do not depend on it".to_owned(),
        ),
        None => detect_preset(&doc),
    };
    let mut rule_settings = settings.rules.clone();
    rule_settings.required_fields = settings.required_fields.clone().unwrap_or_else(|| {
        if preset == Some(Preset::Notes) {
            vec!["Comment".into()]
        } else {
            Vec::new()
        }
    });
    let mut cx = Context::new(&doc, source, preset, &rule_settings, ws);
    cx.prepared = std::sync::Mutex::new(prepared);
    if keep {
        cx.kept = Some(std::sync::Mutex::new(Vec::new()));
    }
    let rule_runs = |r: &dyn crate::rules::Rule| -> bool {
        let meta = r.meta();
        settings
            .levels
            .get(&meta.id)
            .is_some_and(|l| *l != Level::Off)
            && in_scope(meta.scope, preset, rule_settings.fields_configured)
            && (settings.links || !r.stage().is_network())
    };
    let runs = |id: &str| crate::rules::by_id(id).is_some_and(rule_runs);
    // A large file runs its rules in parallel (files are already linted in
    // parallel; this keeps one huge file from using one core).
    let running: Vec<&&dyn crate::rules::Rule> = RULES.iter().filter(|r| rule_runs(**r)).collect();
    cx.running = running.iter().map(|r| r.meta().id).collect();
    let raw: Vec<Diagnostic> = if running.len() > 1 && source.text.len() >= PARALLEL_RULES_FROM {
        use rayon::prelude::*;
        running
            .par_iter()
            .map(|r| {
                let mut v = Vec::new();
                r.check(&cx, &mut v);
                v
            })
            .collect::<Vec<_>>()
            .concat()
    } else {
        let mut raw = Vec::new();
        for rule in &running {
            rule.check(&cx, &mut raw);
        }
        raw
    };
    let mut raw = raw;
    for c in &settings.custom {
        if settings.levels.get(&c.id).is_some_and(|l| *l != Level::Off) {
            crate::rules::custom::check(c, &doc, &mut raw);
        }
    }
    let mut sup = Suppressions::parse(&doc);
    let generated = cx.generated();
    let mut urls = Vec::new();
    if settings.links {
        for link in crate::rules::unique_targets(&doc) {
            if crate::links::key_of(&link.url).is_none() {
                continue;
            }
            let line = doc.lines.line_of(link.dest_span.start);
            let suppressed = RULES
                .iter()
                .filter(|r| r.stage() == Stage::Links && rule_runs(**r))
                .map(|r| r.meta().id)
                .filter(|id| sup.suppress(id, line))
                .collect();
            urls.push(UrlRef {
                span: link.dest_span.clone(),
                url: link.url.to_string(),
                suppressed,
                generated: crate::document::generated::meets(generated, line, line),
            });
        }
    }
    // The repository's findings land on the first line (line 0).
    let repo = if settings.links {
        let rules: Vec<RuleId> = RULES
            .iter()
            .filter(|r| r.stage() == Stage::Repository && rule_runs(**r))
            .map(|r| r.meta().id)
            .filter(|id| !sup.suppress(id, 0))
            .collect();
        if rules.is_empty() {
            None
        } else {
            crate::rules::awesome_repo::github_remote(&source.path)
                .map(|repo| RepoRef { repo, rules })
        }
    } else {
        None
    };
    // Without suppression comments (most files) no line is looked up.
    let mut diagnostics: Vec<Diagnostic> = if sup.directives.is_empty() {
        raw
    } else {
        raw.into_iter()
            .filter(|d| !sup.suppress(&d.rule, doc.lines.line_of(d.span.start)))
            .collect()
    };
    for rule in &running {
        let mut more = Vec::new();
        rule.check_suppressions(&cx, &sup, &|id: &str| runs(id), &mut more);
        diagnostics.extend(
            more.into_iter()
                .filter(|d| !sup.suppress(&d.rule, doc.lines.line_of(d.span.start))),
        );
    }
    // A rule's diagnostics come together: its level is looked up once.
    let mut level: Option<(RuleId, Option<Level>)> = None;
    for d in &mut diagnostics {
        let of_rule = match level {
            Some((rule, l)) if rule == d.rule => l,
            _ => {
                let l = settings.levels.get(&d.rule).copied();
                level = Some((d.rule, l));
                l
            }
        };
        if let Some(Level::On(s)) = of_rule {
            d.severity = if d.uncertain {
                s.min(Severity::Warning)
            } else {
                s
            };
        }
    }
    leave_alone(&mut diagnostics, &doc, &sup, generated);
    let run_keys = running
        .iter()
        .filter_map(|r| Some((r.meta().id, r.run_keys(&cx)?)))
        .collect();
    let kept = cx
        .kept
        .take()
        .and_then(|k| k.into_inner().ok())
        .unwrap_or_default();
    drop(cx);
    let result = FileLint {
        diagnostics,
        preset,
        preset_reason,
        run_keys,
        urls,
        repo,
    };
    (result, doc, structure, kept)
}

/// What no fix edits: a region a generator owns (a table of
/// contents between doctoc's markers), and for a rule, the lines a
/// suppression comment silences it on. A fix with an edit there is
/// dropped whole (its edits apply together or not at all), and a
/// finding inside a generated region is reported at most as info, unless
/// its rule finds a stale region ([`crate::rules::Rule::keeps_severity_in_generated`]).
fn leave_alone(
    diagnostics: &mut [Diagnostic],
    doc: &Document<'_>,
    sup: &Suppressions,
    generated: &[crate::document::generated::Region],
) {
    use crate::document::generated::meets;
    if generated.is_empty() && sup.directives.is_empty() {
        return;
    }
    let keeps =
        |rule: &str| crate::rules::by_id(rule).is_some_and(|r| r.keeps_severity_in_generated());
    for d in diagnostics {
        if !generated.is_empty() && d.severity > Severity::Info {
            let line = doc.lines.line_of(d.span.start);
            if meets(generated, line, line) && !keeps(&d.rule) {
                d.severity = Severity::Info;
            }
        }
        let Some(fix) = &d.fix else { continue };
        let protected = fix.edits.iter().any(|e| {
            // Replacing only a line ending (`line-endings`) edits no line.
            if !e.span.is_empty()
                && doc.text[e.span.clone()]
                    .bytes()
                    .all(|b| b == b'\r' || b == b'\n')
            {
                return false;
            }
            let first = doc.lines.line_of(e.span.start);
            let last = doc
                .lines
                .line_of(e.span.end.saturating_sub(1).max(e.span.start));
            meets(generated, first, last) || sup.silences_any(&d.rule, first, last)
        });
        if protected {
            d.fix = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// A rule that needs only the text finds the same on the model without lists,
    /// sections and entries (selected alone) as on the whole model
    /// (selected with a list rule, which makes it built).
    #[test]
    fn text_rules_find_the_same_without_the_list_model() {
        let mut inputs: Vec<String> = Vec::new();
        for dir in ["examples", "tests/fixtures", "tests/fixtures/formats"] {
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .expect("dir")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect();
            paths.sort();
            inputs.extend(
                paths
                    .iter()
                    .map(|p| std::fs::read_to_string(p).expect("read")),
            );
        }
        inputs.push(
            "# Café crÃ¨me\r\n\n1. [HuggingFaceâ€™s](https://example.com/M%C3%83%C2%BCnchen) \n   \
             - Comment: `Ã©` is kept; zero\u{200B}width, bidi\u{202E}, ctrl\u{7}, \u{FFFD}.\n\n\
             - https://example.org/wiki/Z%C3%83%C2%BCrich bare\t\n\n```\nÃ© in code\n```\n\
             <!-- listlint-disable-next-line mojibake -->\nCafÃ© suppressed\n\n[ref]: https://example.net/%C3%83%C2%A9\n"
                .to_owned(),
        );
        let cfg = Config::defaults(std::env::current_dir().expect("cwd"));
        let ws = Workspace::new();
        let path = std::path::Path::new("t.md");
        let text_rules = RULES.iter().filter(|r| r.needs() == Needs::Text);
        for meta in text_rules.map(|r| r.meta()) {
            let id = meta.id.as_str();
            assert_eq!(meta.scope, crate::rules::Scope::Any, "{id}");
            let settings = |select: &[&str]| {
                let sel = Selection {
                    select: Some(select.iter().map(|s| s.to_string()).collect()),
                    ignore: Vec::new(),
                };
                FileSettings::resolve(&cfg, path, &sel)
            };
            let (alone, with_lists) = (settings(&[id]), settings(&[id, "list-marker"]));
            for text in &inputs {
                let source = SourceFile::decode(path.to_owned(), text.as_bytes()).expect("text");
                let shown = |r: FileLint| -> Vec<String> {
                    r.diagnostics
                        .iter()
                        .filter(|d| d.rule == id)
                        .map(|d| format!("{d:?}"))
                        .collect()
                };
                assert_eq!(
                    shown(lint(&source, &alone, &ws)),
                    shown(lint(&source, &with_lists, &ws)),
                    "{id} on {text}"
                );
            }
        }
    }
}
