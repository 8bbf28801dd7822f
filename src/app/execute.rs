//! Executes a [`RunPlan`]: lints (or fixes) the files in parallel, runs the
//! link stage, and the rules that compare the files of a run. Prints
//! nothing: what it found is returned, notes included.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::app::changed::Changes;
use crate::app::link_stage::{FileUrls, LocatedUrl};
use crate::app::locate::{locate, locate_keys, locate_urls};
use crate::app::plan::{Failure, FixMode, Job, RunPlan};
use crate::diagnostic::{Level, Severity};
use crate::engine::fixer::Fixed;
use crate::engine::lint::{FileLint, RepoRef};
use crate::report::{FileReport, Located, Report, RunError};
use crate::rules::{LocatedKey, RuleId, RunFile};
use crate::source::{LineIndex, SourceFile};
use crate::workspace::Workspace;

/// What a run found.
pub(crate) struct Executed<'p> {
    pub report: Report,
    /// `fix`: each fixed file with its job, in path order.
    pub fixed: Vec<(&'p Job, Fixed)>,
    /// Notes for stderr, in order.
    pub notes: Vec<String>,
    /// `--dump`: each place a URL that would be requested is cited, as
    /// `path:line:column url`, in path order.
    pub dump: Option<Vec<String>>,
}

/// One linted file.
struct Linted {
    report: FileReport,
    /// What rules compare across the files of the run, located.
    run_keys: Vec<(RuleId, Vec<LocatedKey>)>,
    preset: String,
    fixed: Option<Fixed>,
    urls: Vec<LocatedUrl>,
    /// The fixed text, for `fix --links`.
    source: Option<SourceFile>,
    /// The list's own repository, for the `awesome-repo-*` rules.
    repo: Option<RepoRef>,
}

/// A file after the lint, kept until the report is final.
struct Done<'p> {
    job: &'p Job,
    fixed: Option<Fixed>,
    /// The fixed text, for `fix --links`.
    source: Option<SourceFile>,
}

/// How many bytes a job reads, as far as is known before reading it.
fn job_size(job: &Job) -> u64 {
    match &job.stdin {
        Some(b) => b.len() as u64,
        None => std::fs::metadata(&job.input.path).map_or(0, |m| m.len()),
    }
}

pub(crate) fn execute<'p>(
    plan: &'p RunPlan,
    progress: Option<Arc<dyn crate::links::Progress>>,
) -> Result<Executed<'p>, Failure> {
    let ws = Workspace::new();
    let run_job = |job: &Job| -> Result<Linted, RunError> {
        let bytes = match &job.stdin {
            Some(b) => Ok(Arc::clone(b)),
            None => read_file(&job.input.path, job.max_size).map(Arc::new),
        };
        bytes
            .map(|bytes| lint_bytes(job, bytes, &ws, plan.keep_text, plan.fix))
            .map_err(|message| RunError {
                path: job.shown.clone(),
                message,
            })
    };
    // One file needs no thread pool (start-up cost in pre-commit hooks).
    let outcomes: Vec<Result<Linted, RunError>> = if plan.jobs.len() > 1 {
        // The largest files first, each a task of its own: the run does
        // not end with one core linting a big file while the others wait.
        let mut order: Vec<usize> = (0..plan.jobs.len()).collect();
        order.sort_by_cached_key(|&i| std::cmp::Reverse(job_size(&plan.jobs[i])));
        let mut done: Vec<(usize, Result<Linted, RunError>)> = order
            .into_par_iter()
            .with_max_len(1)
            .map(|i| (i, run_job(&plan.jobs[i])))
            .collect();
        done.sort_unstable_by_key(|d| d.0);
        done.into_iter().map(|d| d.1).collect()
    } else {
        plan.jobs.iter().map(run_job).collect()
    };

    let filter = ReportFilter {
        baseline: plan.baseline.as_ref(),
        offline_elsewhere: plan.offline_elsewhere,
    };
    let mut report = Report {
        errors: plan.errors.clone(),
        ..Report::default()
    };
    let mut notes = Vec::new();
    // One slot per file of the report, in path order: what rules compare
    // across the run, checked once every text is final.
    let mut run_keys: Vec<Option<RunKeys>> = Vec::new();
    let mut order: Vec<(&Job, _)> = plan.jobs.iter().zip(outcomes).collect();
    order.sort_by(|a, b| a.0.shown.cmp(&b.0.shown));
    let mut done = Vec::new();
    let mut file_urls = Vec::new();
    for (job, outcome) in order {
        let linted = match outcome {
            Ok(l) => l,
            Err(e) => {
                report.errors.push(e);
                continue;
            }
        };
        let Linted {
            report: mut r,
            run_keys: keys,
            preset,
            fixed,
            mut urls,
            source,
            repo,
        } = linted;
        // The text the report is about: what `fix` made of the file
        // (written or not), else the file.
        let changes = filter.changes(job, || match &fixed {
            Some(f) => f.output().to_vec(),
            None => std::fs::read(&job.input.path).unwrap_or_default(),
        });
        if let Some(changes) = &changes {
            // Only URLs new since the merge base are requested.
            urls.retain(|u| {
                crate::links::key_of(&u.url).is_none_or(|(k, _)| !changes.base_urls.contains(&k))
            });
        }
        filter.apply(changes.as_ref(), &mut r);
        // A pull request does not change the repository's settings.
        let repo = repo.filter(|_| changes.is_none());
        run_keys.push(RunKeys::new(job, keys, changes, &filter));
        if plan.links.is_some() {
            file_urls.push(FileUrls {
                path: r.path.clone(),
                levels: job.settings.levels.clone(),
                urls,
                repo,
            });
        }
        if plan.verbose {
            notes.push(format!("{}: {preset}", r.path));
        }
        done.push(Done { job, fixed, source });
        report.files.push(r);
    }
    if plan.dump {
        across_run(&mut report, run_keys);
        let settings = plan.links.as_ref();
        let dump = file_urls
            .iter()
            .flat_map(|f| f.urls.iter().map(move |u| (f, u)))
            .filter(|(_, u)| {
                crate::links::key_of(&u.url).is_some_and(|(key, _)| {
                    settings.is_some_and(|s| crate::links::would_check(s, &key))
                })
            })
            .map(|(f, u)| format!("{}:{}:{} {}", f.path, u.line, u.column, u.url))
            .collect();
        return Ok(Executed {
            report,
            fixed: Vec::new(),
            notes,
            dump: Some(dump),
        });
    }
    if let Some(ls) = &plan.links {
        // `fix --links` also asks whether the https form of each http link answers.
        let extra = match plan.fix {
            Some(_) => file_urls
                .iter()
                .flat_map(|f| &f.urls)
                .filter_map(|u| crate::app::link_stage::https_form(&u.url))
                .collect(),
            None => Vec::new(),
        };
        let checked = crate::app::link_stage::check(&file_urls, extra, ls, progress);
        let outcomes = match checked {
            Ok(checked) => {
                notes.extend(checked.warnings);
                if plan.link_summary {
                    notes.push(checked.summary.to_string());
                }
                checked.outcomes
            }
            Err(crate::links::Unreachable(message)) => {
                across_run(&mut report, run_keys);
                return Err(Failure {
                    message,
                    report,
                    notes,
                });
            }
        };
        if let Some(mode) = plan.fix {
            let rewritten = NetworkFixes {
                outcomes: &outcomes,
                mode,
                ws: &ws,
                keep_text: plan.keep_text,
                filter: &filter,
            };
            rewritten.apply(&mut report, &mut done, &mut file_urls, &mut run_keys);
        }
        // Every text is final now, the rewritten ones included.
        across_run(&mut report, run_keys);
        notes.extend(crate::app::link_stage::attach(
            &mut report,
            file_urls,
            &outcomes,
            ls,
        ));
    } else {
        across_run(&mut report, run_keys);
    }
    let fixed = done
        .into_iter()
        .filter_map(|d| Some((d.job, d.fixed?)))
        .collect();
    Ok(Executed {
        report,
        fixed,
        notes,
        dump: None,
    })
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

/// Lints a file, or with `fix` fixes it and lints what remains.
fn lint_bytes(
    job: &Job,
    bytes: Arc<Vec<u8>>,
    ws: &Workspace,
    keep_text: bool,
    fix: Option<FixMode>,
) -> Linted {
    let shown = job.shown.clone();
    let source = match SourceFile::decode(job.input.path.clone(), &bytes[..]) {
        Ok(s) => s,
        Err(kind) => {
            let d = crate::rules::encoding::unreadable(kind);
            let diagnostics = locate("", &LineIndex::new(""), vec![d]);
            return Linted {
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
    match fix {
        None => {
            let (result, index) = crate::engine::lint::lint_indexed(&source, &job.settings, ws);
            linted(shown, source, Some(index), result, keep_text, None, false)
        }
        Some(mode) => {
            let (source, result, fixed) =
                crate::engine::fixer::fix(source, bytes, &job.settings, ws, mode.unsafe_fixes);
            linted(
                shown,
                source,
                None,
                result,
                keep_text,
                Some(fixed),
                job.settings.links,
            )
        }
    }
}

/// A linted file's outcome: positions resolved, the text kept for
/// snippets, the fixed source kept for `fix --links`.
fn linted(
    shown: String,
    source: SourceFile,
    index: Option<LineIndex>,
    result: FileLint,
    keep_text: bool,
    fixed: Option<Fixed>,
    keep_source: bool,
) -> Linted {
    let index = index.unwrap_or_else(|| LineIndex::new(&source.text));
    let diagnostics = locate(&source.text, &index, result.diagnostics);
    let run_keys = locate_keys(&source.text, &index, result.run_keys);
    let urls = locate_urls(&source.text, &index, result.urls);
    let preset = match result.preset {
        Some(p) => format!("preset {} ({})", p.name(), result.preset_reason),
        None => format!("no preset: {}", result.preset_reason),
    };
    let (text, source) = match (keep_text, keep_source) {
        (true, true) => (Some(source.text.clone()), Some(source)),
        (true, false) => (Some(source.text), None),
        (false, keep) => (None, keep.then_some(source)),
    };
    Linted {
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
        repo: result.repo,
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
/// each changed file again so the report shows what remains.
struct NetworkFixes<'a> {
    outcomes: &'a BTreeMap<String, crate::links::Outcome>,
    mode: FixMode,
    ws: &'a Workspace,
    keep_text: bool,
    filter: &'a ReportFilter<'a>,
}

impl NetworkFixes<'_> {
    /// A rewritten file's report, URLs and keys replace its old ones
    /// (`run_keys` has one slot per file of the report).
    fn apply(
        &self,
        report: &mut Report,
        done: &mut [Done<'_>],
        file_urls: &mut [FileUrls],
        run_keys: &mut [Option<RunKeys>],
    ) {
        for d in done.iter_mut() {
            let (Some(fixed), Some(src)) = (d.fixed.as_mut(), d.source.take()) else {
                continue;
            };
            let job = d.job;
            let Some(urls) = file_urls.iter_mut().find(|f| f.path == job.shown) else {
                continue;
            };
            let edits = crate::app::link_stage::network_edits(
                &src.text,
                &urls.urls,
                self.outcomes,
                self.mode.unsafe_fixes,
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
            let (new_source, result, mut new_fixed) = crate::engine::fixer::fix(
                edited,
                original,
                &job.settings,
                self.ws,
                self.mode.unsafe_fixes,
            );
            if !new_fixed.changed() {
                // Nothing can be written (a file that is not UTF-8 and is not
                // transcoded): the report stays the one of the text on disk.
                continue;
            }
            new_fixed.applied += before + edits.len();
            *fixed = new_fixed;
            let again = linted(
                job.shown.clone(),
                new_source,
                None,
                result,
                self.keep_text,
                None,
                false,
            );
            urls.urls = again.urls;
            let mut r = again.report;
            let changes = self.filter.changes(job, || fixed.output().to_vec());
            self.filter.apply(changes.as_ref(), &mut r);
            if let Some(i) = report.files.iter().position(|f| f.path == job.shown) {
                report.files[i] = r;
                if let Some(t) = &mut run_keys[i] {
                    for (rule, _, old) in &mut t.rules {
                        if let Some((_, new)) = again.run_keys.iter().find(|(r, _)| r == rule) {
                            old.clone_from(new);
                        }
                    }
                    t.changes = changes;
                }
            }
        }
    }
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
