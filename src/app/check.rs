//! `listlint check`: discover, configure, lint in parallel, report.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::ExitStatus;
use crate::app::changed::Changes;
use crate::app::discover::{Input, discover};
use crate::app::link_stage::{FileUrls, LocatedUrl};
use crate::cli::{CheckArgs, ColorChoice, FailOn};
use crate::config::{Config, ConfigError, find_config};
use crate::diagnostic::Level;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::lint::{FileSettings, Selection, lint};
use crate::report::{FileReport, Format, Located, LocatedEdit, Report, RunError, Style};
use crate::rules::{LocatedKey, RuleId, RunFile};
use crate::source::{LineIndex, SourceFile};
use crate::workspace::Workspace;

/// Config files by directory, loaded once each.
struct Configs {
    fixed: Option<Arc<Config>>,
    by_path: HashMap<PathBuf, Arc<Config>>,
    by_dir: HashMap<PathBuf, Arc<Config>>,
    default: Arc<Config>,
}

impl Configs {
    fn new(args: &CheckArgs) -> Result<Self, ConfigError> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let fixed = match (&args.config, args.no_config) {
            (Some(p), _) => Some(Arc::new(Config::load(p)?)),
            (None, true) => Some(Arc::new(Config::defaults(cwd.clone()))),
            _ => None,
        };
        Ok(Self {
            fixed,
            by_path: HashMap::new(),
            by_dir: HashMap::new(),
            default: Arc::new(Config::defaults(cwd)),
        })
    }

    fn for_file(&mut self, file: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(c) = &self.fixed {
            return Ok(c.clone());
        }
        let dir = file
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
        if let Some(c) = self.by_dir.get(&dir) {
            return Ok(c.clone());
        }
        let config = match find_config(&dir) {
            Some(path) => match self.by_path.get(&path) {
                Some(c) => c.clone(),
                None => {
                    let c = Arc::new(Config::load(&path)?);
                    self.by_path.insert(path, c.clone());
                    c
                }
            },
            None => self.default.clone(),
        };
        self.by_dir.insert(dir, config.clone());
        Ok(config)
    }
}

/// One file to lint with its settings.
struct Job {
    input: Input,
    shown: String,
    settings: FileSettings,
    max_size: u64,
    /// The document read from standard input.
    stdin: Option<std::sync::Arc<Vec<u8>>>,
}

/// What `fix` does with a file's fixed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FixMode {
    pub unsafe_fixes: bool,
    pub diff: bool,
}

// One per file, moved once: the size of the variants does not matter.
#[allow(clippy::large_enum_variant)]
enum Outcome {
    Linted {
        report: FileReport,
        /// What rules compare across the files of the run, located.
        run_keys: Vec<(RuleId, Vec<LocatedKey>)>,
        preset: String,
        fixed: Option<crate::engine::fixer::Fixed>,
        urls: Vec<LocatedUrl>,
        /// The fixed text, for `fix --links`.
        source: Option<SourceFile>,
        /// The list's own repository, for the `awesome-repo-*` rules.
        repo: Option<crate::engine::lint::RepoRef>,
    },
    Failed(RunError),
}

pub fn check(args: &CheckArgs) -> ExitStatus {
    run(args, None)
}

/// The engine of `check` and `fix`: discover, configure, lint (and fix) in
/// parallel, report.
pub(crate) fn run(args: &CheckArgs, fix: Option<FixMode>) -> ExitStatus {
    let format = args.format.unwrap_or(Format::Human);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    // With `fix --stdin` and `fix --diff` stdout carries the document or the
    // diff: the report goes to stderr.
    let report_to_stderr = fix.is_some() && (args.stdin || fix.is_some_and(|f| f.diff));
    let style = Style {
        format,
        color: color && !report_to_stderr,
        quiet: args.quiet,
    };
    let mut report = Report::default();
    let summary = args.summary.as_deref();
    // Read standard input first: `fix --stdin` writes it back unchanged when
    // the run fails.
    let mut stdin_bytes = Vec::new();
    if args.stdin
        && let Err(e) = std::io::stdin().read_to_end(&mut stdin_bytes)
    {
        let message = format!("cannot read standard input: {e}");
        return fail_run(&mut report, style, report_to_stderr, message, summary);
    }
    // Shared with the job, not copied (it can be large).
    let stdin_bytes = std::sync::Arc::new(stdin_bytes);
    let echo = (fix.is_some() && args.stdin).then_some(stdin_bytes.as_slice());
    let fail_run = |report: &mut Report, style: Style, to_stderr: bool, message: String| {
        if let Some(bytes) = echo {
            crate::report::emit(bytes);
        }
        fail_run(report, style, to_stderr, message, summary)
    };
    let selection = match selection(args) {
        Ok(s) => s,
        Err(message) => return fail_run(&mut report, style, report_to_stderr, message),
    };
    let mut configs = match Configs::new(args) {
        Ok(c) => c,
        Err(e) => return fail_run(&mut report, style, report_to_stderr, e.to_string()),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let ws = Workspace::new();
    // `[links]` comes from the run's config only.
    let link_settings = match link_settings(args, &mut configs, &cwd, &selection) {
        Ok(s) => s,
        Err(message) => return fail_run(&mut report, style, report_to_stderr, message),
    };
    let links_on = link_settings.is_some();
    let baseline = match &args.changed_since {
        Some(_) if args.stdin => {
            return fail_run(
                &mut report,
                style,
                report_to_stderr,
                "--changed-since needs files in a git repository, not --stdin".into(),
            );
        }
        Some(r) => match crate::app::changed::Baseline::new(r, &cwd) {
            Ok(b) => Some(b),
            Err(message) => return fail_run(&mut report, style, report_to_stderr, message),
        },
        None => None,
    };

    let mut jobs = Vec::new();
    let implicit = args.paths.is_empty() && !args.stdin;
    if args.stdin {
        if !args.paths.is_empty() {
            return fail_run(
                &mut report,
                style,
                report_to_stderr,
                "--stdin takes no paths".into(),
            );
        }
        let path = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        let config = match configs.for_file(&path) {
            Ok(c) => c,
            Err(e) => return fail_run(&mut report, style, report_to_stderr, e.to_string()),
        };
        let mut settings = FileSettings::resolve(&config, &path, &selection);
        settings.rules.link_root = cwd.clone();
        settings.links = links_on;
        jobs.push(Job {
            shown: path.display().to_string(),
            settings,
            max_size: u64::MAX,
            input: Input {
                path,
                explicit: true,
                root: cwd.clone(),
            },
            stdin: Some(std::sync::Arc::clone(&stdin_bytes)),
        });
    } else {
        let paths = if implicit {
            vec![".".to_owned()]
        } else {
            args.paths.clone()
        };
        let (inputs, errors) = discover(&paths);
        report.errors.extend(errors.into_iter().map(|e| RunError {
            path: e.path.display().to_string(),
            message: e.message,
        }));
        for input in inputs {
            let config = match configs.for_file(&input.path) {
                Ok(c) => c,
                Err(e) => return fail_run(&mut report, style, report_to_stderr, e.to_string()),
            };
            if !input.explicit && config.excludes(&input.path) {
                continue;
            }
            let mut settings = FileSettings::resolve(&config, &input.path, &selection);
            settings.links = links_on;
            settings.rules.link_root =
                std::path::absolute(&input.root).unwrap_or_else(|_| input.root.clone());
            jobs.push(Job {
                shown: input.path.display().to_string(),
                settings,
                max_size: config.max_file_size,
                input,
                stdin: None,
            });
        }
    }
    // `[links]` is the run's: say so when a nested config has one.
    if !args.quiet && args.config.is_none() && !args.no_config {
        let run_config = configs
            .for_file(&cwd.join("-"))
            .ok()
            .and_then(|c| c.path.clone());
        for (path, c) in &configs.by_path {
            if c.links.is_some() && Some(path) != run_config.as_ref() {
                eprintln!(
                    "note: [links] in {} is ignored: link checking is set in the run's config (the current directory's or --config)",
                    path.display()
                );
            }
        }
    }
    if let Some(message) = unknown_rule(args, &jobs) {
        return fail_run(&mut report, style, report_to_stderr, message);
    }
    if jobs.is_empty() && implicit && report.errors.is_empty() {
        eprintln!("note: no Markdown files found in `.`");
        return ExitStatus::Success;
    }
    let keep_text = format.needs_text();
    let run_job = |job: &Job| -> Outcome {
        let bytes = match &job.stdin {
            Some(b) => Ok(Arc::clone(b)),
            None => read_file(&job.input.path, job.max_size).map(Arc::new),
        };
        match bytes {
            Ok(bytes) => lint_bytes(job, bytes, &ws, keep_text, fix),
            Err(message) => Outcome::Failed(RunError {
                path: job.shown.clone(),
                message,
            }),
        }
    };
    // One file needs no thread pool (start-up cost in pre-commit hooks).
    let outcomes: Vec<Outcome> = if jobs.len() > 1 {
        jobs.par_iter().map(run_job).collect()
    } else {
        jobs.iter().map(run_job).collect()
    };

    let filter = ReportFilter {
        baseline: baseline.as_ref(),
        offline_elsewhere: args.shard.is_some_and(|s| s.index > 1),
    };
    // One slot per file of the report, in path order: what rules compare
    // across the run, checked once every text is final.
    let mut run_keys: Vec<Option<RunKeys>> = Vec::new();
    let mut order: Vec<(&Job, Outcome)> = jobs.iter().zip(outcomes).collect();
    order.sort_by(|a, b| a.0.shown.cmp(&b.0.shown));
    let mut fixed_files = Vec::new();
    let mut file_urls = Vec::new();
    for (job, outcome) in order {
        match outcome {
            Outcome::Linted {
                report: mut r,
                run_keys: keys,
                preset,
                fixed,
                urls,
                source,
                repo,
            } => {
                let mut urls = urls;
                // The text the report is about: what `fix` made of the file
                // (written or not), else the file.
                let changes = filter.changes(job, || match &fixed {
                    Some(f) => f.output().to_vec(),
                    None => std::fs::read(&job.input.path).unwrap_or_default(),
                });
                if let Some(changes) = &changes {
                    // Only URLs new since the merge base are requested.
                    urls.retain(|u| {
                        crate::links::key_of(&u.url)
                            .is_none_or(|(k, _)| !changes.base_urls.contains(&k))
                    });
                }
                filter.apply(changes.as_ref(), &mut r);
                // A pull request does not change the repository's settings.
                let repo = repo.filter(|_| changes.is_none());
                run_keys.push(RunKeys::new(job, keys, changes, &filter));
                if links_on {
                    file_urls.push(FileUrls {
                        path: r.path.clone(),
                        levels: job.settings.levels.clone(),
                        urls,
                        repo,
                    });
                }
                if args.verbose {
                    eprintln!("{}: {preset}", r.path);
                }
                if let Some(f) = fixed {
                    fixed_files.push((job, f, source));
                }
                report.files.push(r);
            }
            Outcome::Failed(e) => report.errors.push(e),
        }
    }
    if let Some(ls) = &link_settings {
        // `fix --links` also asks whether the https form of each http link answers.
        let extra = match fix {
            Some(_) => file_urls
                .iter()
                .flat_map(|f| &f.urls)
                .filter_map(|u| crate::app::link_stage::https_form(&u.url))
                .collect(),
            None => Vec::new(),
        };
        let outcomes = match crate::app::link_stage::check(&file_urls, extra, ls) {
            Ok((outcomes, summary)) => {
                if !args.quiet && format != Format::Json {
                    eprintln!("{summary}");
                }
                outcomes
            }
            Err(crate::links::Unreachable(message)) => {
                across_run(&mut report, run_keys);
                return fail_run(&mut report, style, report_to_stderr, message);
            }
        };
        if let Some(mode) = fix {
            apply_network_fixes(
                &mut report,
                &mut fixed_files,
                &mut file_urls,
                &mut run_keys,
                &outcomes,
                mode,
                &ws,
                keep_text,
                &filter,
            );
        }
        // Every text is final now, the rewritten ones included.
        across_run(&mut report, run_keys);
        crate::app::link_stage::attach(&mut report, file_urls, &outcomes, ls);
    } else {
        across_run(&mut report, run_keys);
    }
    let Some(mode) = fix else {
        return finish(report, style, args.fail_on, false, summary);
    };
    // `fix`: write, print the diff, or print the document.
    let mut changed = false;
    let mut stdout = Vec::new();
    let mut notes = Vec::new();
    for (job, f, _) in &mut fixed_files {
        if args.stdin && !mode.diff {
            if stdout.is_empty() {
                stdout = f.take_output();
            } else {
                stdout.extend_from_slice(f.output());
            }
            continue;
        }
        if !f.changed() {
            continue;
        }
        changed = true;
        if mode.diff {
            stdout.extend_from_slice(f.diff(&job.shown).as_bytes());
        } else {
            match crate::app::write::write(
                &job.input.path,
                f.output(),
                &job.input.root,
                f.original(),
            ) {
                Ok(()) => notes.push(format!("fixed {}", plural_problems(f.applied, &job.shown))),
                Err(message) => report.errors.push(RunError {
                    path: job.shown.clone(),
                    message,
                }),
            }
        }
    }
    if args.stdin && !mode.diff && fixed_files.is_empty() {
        // The run failed: the input goes out byte for byte.
        if let Some(b) = jobs.first().and_then(|j| j.stdin.as_ref()) {
            stdout.extend_from_slice(b);
        }
    }
    if !args.quiet {
        for n in &notes {
            eprintln!("{n}");
        }
    }
    if (args.stdin || mode.diff) && !crate::report::emit(&stdout) {
        return ExitStatus::Success;
    }
    let status = finish(report, style, args.fail_on, report_to_stderr, summary);
    if mode.diff && changed {
        status.max(ExitStatus::Failure)
    } else {
        status
    }
}

fn plural_problems(n: usize, path: &str) -> String {
    if n == 1 {
        format!("1 problem in {path}")
    } else {
        format!("{n} problems in {path}")
    }
}

fn selection(args: &CheckArgs) -> Result<Selection, String> {
    for (flag, ids) in [
        ("--select", args.select.as_deref().unwrap_or(&[])),
        ("--ignore", &args.ignore[..]),
    ] {
        // Custom rules are known once the configs are read (see
        // `unknown_rule`); anything else must be a built-in id.
        if let Some(bad) = ids
            .iter()
            .find(|id| crate::rules::meta(id).is_none() && !plausible_custom_id(id))
        {
            return Err(format!(
                "{flag}: unknown rule `{bad}` (`listlint rules` lists them)"
            ));
        }
    }
    Ok(Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    })
}

fn plausible_custom_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A `--select`/`--ignore` id that is neither built in nor a custom rule
/// of any config of the run.
fn unknown_rule(args: &CheckArgs, jobs: &[Job]) -> Option<String> {
    for (flag, ids) in [
        ("--select", args.select.as_deref().unwrap_or(&[])),
        ("--ignore", &args.ignore[..]),
    ] {
        for id in ids {
            let custom = jobs
                .iter()
                .any(|j| j.settings.custom.iter().any(|c| c.id == *id));
            if crate::rules::meta(id).is_none() && !custom {
                return Some(format!(
                    "{flag}: unknown rule `{id}` (`listlint rules` lists them; custom rules come from [[custom]] in the config)"
                ));
            }
        }
    }
    None
}

fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_dir() {
        return Err("cannot read: is a directory".into());
    }
    if !meta.is_file() {
        return Err("not a regular file (FIFO, socket or device): not read".into());
    }
    if meta.len() > max {
        return Err(format!(
            "file is {} bytes, more than max-file-size ({max}): skipped",
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
}

fn lint_bytes(
    job: &Job,
    bytes: Arc<Vec<u8>>,
    ws: &Workspace,
    keep_text: bool,
    fix: Option<FixMode>,
) -> Outcome {
    let shown = job.shown.clone();
    let path = job.input.path.clone();
    let decoded = SourceFile::decode(path, &bytes[..]);
    let original = fix.map(|_| bytes);
    let source = match decoded {
        Ok(s) => s,
        Err(kind) => {
            let d = crate::rules::encoding::unreadable(kind);
            let diagnostics = locate("", &LineIndex::new(""), vec![d]);
            return Outcome::Linted {
                report: FileReport {
                    path: shown,
                    text: keep_text.then(String::new),
                    diagnostics,
                },
                run_keys: Vec::new(),
                preset: "not linted".into(),
                fixed: None,
                urls: Vec::new(),
                source: None,
                repo: None,
            };
        }
    };
    let (source, result, fixed) = match fix {
        None => {
            let result = lint(&source, &job.settings, ws);
            (source, result, None)
        }
        Some(mode) => {
            let original = original.unwrap_or_default();
            let (fixed_source, result, fixed) =
                crate::engine::fixer::fix(source, original, &job.settings, ws, mode.unsafe_fixes);
            (fixed_source, result, Some(fixed))
        }
    };
    let keep_source = fix.is_some() && job.settings.links;
    linted(shown, source, result, keep_text, fixed, keep_source)
}

/// A linted file's outcome: positions resolved, the text kept for
/// snippets, the fixed source kept for `fix --links`.
fn linted(
    shown: String,
    source: SourceFile,
    result: crate::engine::lint::FileLint,
    keep_text: bool,
    fixed: Option<crate::engine::fixer::Fixed>,
    keep_source: bool,
) -> Outcome {
    let index = LineIndex::new(&source.text);
    let diagnostics = locate(&source.text, &index, result.diagnostics);
    let repo = result.repo;
    let run_keys = result
        .run_keys
        .into_iter()
        .map(|(rule, keys)| {
            let keys = keys
                .into_iter()
                .map(|k| {
                    let at = index.locate_many(&source.text, &[k.span.start, k.span.end]);
                    LocatedKey {
                        key: k.key,
                        line: at[0].line,
                        column: at[0].column,
                        shown: k.shown,
                    }
                })
                .collect();
            (rule, keys)
        })
        .collect();
    let offsets: Vec<usize> = result
        .urls
        .iter()
        .flat_map(|u| [u.span.start, u.span.end])
        .collect();
    let at = index.locate_many(&source.text, &offsets);
    let urls = result
        .urls
        .into_iter()
        .enumerate()
        .map(|(i, u)| LocatedUrl {
            url: u.url,
            line: at[2 * i].line,
            column: at[2 * i].column,
            end_line: at[2 * i + 1].line,
            end_column: at[2 * i + 1].column,
            span: u.span,
            suppressed: u.suppressed,
            generated: u.generated,
        })
        .collect();
    let preset = match result.preset {
        Some(p) => format!("preset {} ({})", p.name(), result.preset_reason),
        None => format!("no preset: {}", result.preset_reason),
    };
    let (text, source) = match (keep_text, keep_source) {
        (true, true) => (Some(source.text.clone()), Some(source)),
        (true, false) => (Some(source.text), None),
        (false, keep) => (None, keep.then_some(source)),
    };
    Outcome::Linted {
        report: FileReport {
            path: shown,
            text,
            diagnostics,
        },
        run_keys,
        preset,
        fixed,
        urls,
        source,
        repo,
    }
}

/// What `--changed-since` and `--shard` leave out of a file's report.
struct ReportFilter<'a> {
    baseline: Option<&'a crate::app::changed::Baseline>,
    /// Shards after the first report no offline diagnostics.
    offline_elsewhere: bool,
}

impl ReportFilter<'_> {
    /// With `--changed-since`, what changed in the file since the merge
    /// base; `text` gives the text the report is about (read only then).
    fn changes(&self, job: &Job, text: impl FnOnce() -> Vec<u8>) -> Option<Changes> {
        self.baseline.map(|b| b.changes(&job.input.path, text()))
    }

    /// Drops what the report leaves out; `changes` is [`Self::changes`].
    fn apply(&self, changes: Option<&Changes>, r: &mut FileReport) {
        if let Some(changes) = changes {
            r.diagnostics.retain(|d| changes.keeps(d));
        }
        if self.offline_elsewhere {
            r.diagnostics.clear();
        }
    }
}

/// What a file gives the rules that compare the files of a run, kept
/// until every file's text is final (`fix --links` rewrites URLs).
struct RunKeys {
    /// By rule: its severity for the file and the file's keys.
    rules: Vec<(RuleId, Severity, Vec<LocatedKey>)>,
    /// With `--changed-since`, what changed in the file.
    changes: Option<Changes>,
}

impl RunKeys {
    /// `None` when no rule compares this file across the run, or this
    /// shard reports no offline diagnostics.
    fn new(
        job: &Job,
        keys: Vec<(RuleId, Vec<LocatedKey>)>,
        changes: Option<Changes>,
        filter: &ReportFilter<'_>,
    ) -> Option<Self> {
        if filter.offline_elsewhere {
            return None;
        }
        let rules: Vec<_> = keys
            .into_iter()
            .filter_map(|(rule, keys)| match job.settings.levels.get(&rule) {
                Some(Level::On(severity)) => Some((rule, *severity, keys)),
                _ => None,
            })
            .collect();
        (!rules.is_empty()).then_some(Self { rules, changes })
    }
}

/// `fix --links`: rewrites what the network answered for (https upgrades,
/// and permanent redirects with `--unsafe-fixes`), then fixes and lints
/// each changed file again so the report shows what remains. A rewritten
/// file's keys replace its old ones in `run_keys` (one slot per file of
/// the report).
#[allow(clippy::too_many_arguments)]
fn apply_network_fixes(
    report: &mut Report,
    fixed_files: &mut [(&Job, crate::engine::fixer::Fixed, Option<SourceFile>)],
    file_urls: &mut [FileUrls],
    run_keys: &mut [Option<RunKeys>],
    outcomes: &std::collections::BTreeMap<String, crate::links::Outcome>,
    mode: FixMode,
    ws: &Workspace,
    keep_text: bool,
    filter: &ReportFilter<'_>,
) {
    for (job, fixed, source) in fixed_files.iter_mut() {
        let Some(src) = source.take() else {
            continue;
        };
        let Some(urls) = file_urls.iter_mut().find(|f| f.path == job.shown) else {
            continue;
        };
        let edits = crate::app::link_stage::network_edits(
            &src.text,
            &urls.urls,
            outcomes,
            mode.unsafe_fixes,
        );
        if edits.is_empty() {
            continue;
        }
        let fix = crate::fix::Fix {
            title: "network fixes".into(),
            applicability: crate::fix::Applicability::Safe,
            rewrite: None,
            edits: edits
                .iter()
                .map(|(span, s)| crate::fix::Edit::replace(span.clone(), s.clone()))
                .collect(),
        };
        let (text, _) = crate::fix::apply(&src.text, &[&fix]);
        let before = fixed.applied;
        let edited = SourceFile { text, ..src };
        let original = fixed.original_shared();
        let (new_source, result, mut new_fixed) =
            crate::engine::fixer::fix(edited, original, &job.settings, ws, mode.unsafe_fixes);
        if !new_fixed.changed() {
            // Nothing can be written (a file that is not UTF-8 and is not
            // transcoded): the report stays the one of the text on disk.
            continue;
        }
        new_fixed.applied += before + edits.len();
        *fixed = new_fixed;
        if let Outcome::Linted {
            report: r,
            urls: u,
            run_keys: keys,
            ..
        } = linted(
            job.shown.clone(),
            new_source,
            result,
            keep_text,
            None,
            false,
        ) {
            urls.urls = u;
            let mut r = r;
            let changes = filter.changes(job, || fixed.output().to_vec());
            filter.apply(changes.as_ref(), &mut r);
            if let Some(i) = report.files.iter().position(|f| f.path == job.shown) {
                report.files[i] = r;
                if let Some(t) = &mut run_keys[i] {
                    for (rule, _, old) in &mut t.rules {
                        if let Some((_, new)) = keys.iter().find(|(r, _)| r == rule) {
                            old.clone_from(new);
                        }
                    }
                    t.changes = changes;
                }
            }
        }
    }
}

/// The link stage's settings, when links are checked in this run.
fn link_settings(
    args: &CheckArgs,
    configs: &mut Configs,
    cwd: &Path,
    selection: &Selection,
) -> Result<Option<crate::links::Settings>, String> {
    if args.offline {
        return Ok(None);
    }
    let config = configs
        .for_file(&cwd.join("-"))
        .map_err(|e| e.to_string())?;
    let cfg = config.links.as_ref();
    if !args.links && !cfg.and_then(|l| l.enabled).unwrap_or(false) {
        return Ok(None);
    }
    let mut s = crate::config::links::settings(cfg, &config.root)?;
    s.shard = args.shard.map(|sh| (sh.index, sh.count));
    if args.no_cache {
        s.cache = None;
    } else if args.cache && s.cache.is_none() {
        s.cache = Some(config.root.join(".listlint-cache.json"));
    }
    if s.fail_after > 1 && s.cache.is_none() {
        eprintln!("note: [links] fail-after needs a cache file; every failure is reported");
        s.fail_after = 1;
    }
    let levels = FileSettings::resolve(&config, &cwd.join("-"), selection).levels;
    let on = |id: RuleId| levels.get(&id).is_some_and(|l| *l != Level::Off);
    (s.fragments, s.soft_404) = crate::rules::network::page_checks(on);
    s.progress = !args.quiet
        && std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("CI").is_none();
    Ok(Some(s))
}

/// Byte spans to lines and columns, in one pass per line: the diagnostics'
/// spans and their fixes' edits.
pub(crate) fn locate(text: &str, index: &LineIndex, diagnostics: Vec<Diagnostic>) -> Vec<Located> {
    let mut offsets: Vec<usize> = Vec::with_capacity(2 * diagnostics.len());
    for d in &diagnostics {
        offsets.extend([d.span.start, d.span.end.max(d.span.start)]);
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            offsets.extend([e.span.start, e.span.end.max(e.span.start)]);
        }
    }
    let pos = index.locate_many(text, &offsets);
    let mut next = 0;
    let mut take = || {
        let (start, end) = (pos[next], pos[next + 1]);
        next += 2;
        (start, end)
    };
    diagnostics
        .into_iter()
        .map(|d| {
            let (start, end) = take();
            let (fix, edits) = match d.fix {
                Some(f) => {
                    let edits = f
                        .edits
                        .into_iter()
                        .map(|e| {
                            let (s, t) = take();
                            LocatedEdit {
                                line: s.line,
                                column: s.column,
                                end_line: t.line,
                                end_column: t.column,
                                replacement: e.replacement,
                            }
                        })
                        .collect();
                    (Some((f.title, f.applicability)), edits)
                }
                None => (None, Vec::new()),
            };
            Located {
                rule: d.rule,
                severity: d.severity,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                span: d.span,
                message: d.message,
                note: d.note,
                fix,
                edits,
                url: d.url,
            }
        })
        .collect()
}

/// The rules that compare the files of a run, once every file's text is
/// final: what each finds is added to the reports of `run_keys`' files
/// (one slot per file of the report).
fn across_run(report: &mut Report, run_keys: Vec<Option<RunKeys>>) {
    debug_assert_eq!(report.files.len(), run_keys.len());
    for rule in crate::rules::RULES {
        let id = rule.meta().id;
        // The files the rule compares: index in the report, severity, keys.
        let files: Vec<(usize, Severity, &[LocatedKey])> = run_keys
            .iter()
            .enumerate()
            .filter_map(|(i, slot)| {
                let (_, severity, keys) = slot.as_ref()?.rules.iter().find(|(r, _, _)| *r == id)?;
                Some((i, *severity, &keys[..]))
            })
            .collect();
        if files.is_empty() {
            continue;
        }
        let seen: Vec<RunFile<'_>> = files
            .iter()
            .map(|&(i, _, keys)| RunFile {
                path: &report.files[i].path,
                keys,
            })
            .collect();
        let found = rule.check_run(&seen);
        for (&(i, severity, _), found) in files.iter().zip(found) {
            let mut found: Vec<Located> = found
                .into_iter()
                .map(|f| Located {
                    rule: id,
                    severity,
                    line: f.line,
                    column: f.column,
                    end_line: f.line,
                    end_column: f.end_column,
                    span: 0..0,
                    message: f.message,
                    note: None,
                    fix: None,
                    edits: Vec::new(),
                    url: f.url,
                })
                .collect();
            if let Some(changes) = run_keys[i].as_ref().and_then(|t| t.changes.as_ref()) {
                found.retain(|d| changes.keeps(d));
            }
            report.files[i].diagnostics.extend(found);
        }
    }
}

fn fail_run(
    report: &mut Report,
    style: Style,
    to_stderr: bool,
    message: String,
    summary: Option<&Path>,
) -> ExitStatus {
    report.errors.push(RunError {
        path: String::new(),
        message,
    });
    write_summary(report, summary);
    if style.format.is_document() {
        use std::io::Write;
        let mut out = Vec::new();
        let mut err = Vec::new();
        let _ = crate::report::write(report, style, &mut out, &mut err);
        let _ = std::io::stderr().write_all(&err);
        if to_stderr {
            let _ = std::io::stderr().write_all(&out);
        } else {
            crate::report::emit(&out);
        }
    } else {
        for e in &report.errors {
            eprintln!("error: {}", e.message);
        }
    }
    ExitStatus::Error
}

/// `--summary FILE`: appends the Markdown summary; a failure to write it
/// fails the run (it is what the CI job shows).
fn write_summary(report: &mut Report, summary: Option<&Path>) {
    if let Some(path) = summary
        && let Err(e) = crate::report::append_summary(report, path)
    {
        report.errors.push(RunError {
            path: path.display().to_string(),
            message: format!("cannot write the summary: {e}"),
        });
    }
}

fn finish(
    mut report: Report,
    style: Style,
    fail_on: FailOn,
    to_stderr: bool,
    summary: Option<&Path>,
) -> ExitStatus {
    use std::io::Write;
    report.sort();
    write_summary(&mut report, summary);
    let mut out = Vec::new();
    let mut err = Vec::new();
    let _ = crate::report::write(&report, style, &mut out, &mut err);
    let _ = std::io::stderr().write_all(&err);
    if to_stderr {
        let _ = std::io::stderr().write_all(&out);
    } else {
        crate::report::emit(&out);
    }
    if !report.errors.is_empty() {
        return ExitStatus::Error;
    }
    let failing = match fail_on {
        FailOn::Error => report.count_at_least(Severity::Error),
        FailOn::Warning => report.count_at_least(Severity::Warning),
        FailOn::Never => 0,
    };
    if failing > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Edit, Fix};

    #[test]
    fn locate_resolves_the_fix_edits_like_the_span() {
        // `é` is two bytes and one column; the second line starts after CRLF.
        let text = "é http://x\r\nab\n";
        let index = LineIndex::new(text);
        let at = text.find("http").unwrap();
        let d =
            Diagnostic::new("insecure-link", at..at + 8, "insecure link").with_fix(Fix::unsafe_(
                "use https",
                vec![
                    Edit::replace(at..at + 4, "https"),
                    Edit::insert(text.len(), "c"),
                    Edit::delete(text.find("\r\n").unwrap()..text.find("ab").unwrap()),
                ],
            ));
        let plain = Diagnostic::new("final-newline", 0..0, "no fix");
        let located = locate(text, &index, vec![d, plain]);
        let l = &located[0];
        assert_eq!((l.line, l.column, l.end_line, l.end_column), (1, 3, 1, 11));
        assert_eq!(
            l.fix.as_ref().map(|(t, a)| (t.as_str(), *a)),
            Some(("use https", crate::fix::Applicability::Unsafe))
        );
        let edit = |line, column, end_line, end_column, replacement: &str| LocatedEdit {
            line,
            column,
            end_line,
            end_column,
            replacement: replacement.into(),
        };
        assert_eq!(
            l.edits,
            vec![
                edit(1, 3, 1, 7, "https"),
                edit(3, 1, 3, 1, "c"),
                edit(1, 11, 2, 1, ""),
            ]
        );
        assert!(located[1].fix.is_none() && located[1].edits.is_empty());
    }
}
