//! `listlint check`: discover, configure, lint in parallel, report.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::ExitStatus;
use crate::cli::{CheckArgs, ColorChoice, FailOn};
use crate::config::{Config, ConfigError, find_config};
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{Input, discover};
use crate::lint::{FileSettings, Selection, lint};
use crate::report::{FileReport, Format, Located, Report, RunError, Style};
use crate::source::{LineIndex, SourceFile, Unreadable};
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
    across_run: bool,
}

enum Outcome {
    Linted {
        report: FileReport,
        titles: Vec<(String, usize, usize, String)>,
        preset: String,
    },
    Failed(RunError),
}

pub fn check(args: &CheckArgs) -> ExitStatus {
    let format = args.format.unwrap_or(Format::Human);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let style = Style {
        format,
        color,
        quiet: args.quiet,
    };
    let mut report = Report::default();
    let selection = match selection(args) {
        Ok(s) => s,
        Err(message) => return fail_run(&mut report, style, message),
    };
    let mut configs = match Configs::new(args) {
        Ok(c) => c,
        Err(e) => return fail_run(&mut report, style, e.to_string()),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let ws = Workspace::new(cwd.clone());

    if args.stdin {
        if !args.paths.is_empty() {
            return fail_run(&mut report, style, "--stdin takes no paths".into());
        }
        let path = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        let config = match configs.for_file(&path) {
            Ok(c) => c,
            Err(e) => return fail_run(&mut report, style, e.to_string()),
        };
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            return fail_run(
                &mut report,
                style,
                format!("cannot read standard input: {e}"),
            );
        }
        let mut settings = FileSettings::resolve(&config, &path, &selection);
        settings.rules.link_root = cwd.clone();
        let shown = path.display().to_string();
        match lint_bytes(&path, shown, bytes, &settings, &ws, format == Format::Human) {
            Outcome::Linted {
                report: r, preset, ..
            } => {
                if args.verbose {
                    eprintln!("{}: {preset}", r.path);
                }
                report.files.push(r);
            }
            Outcome::Failed(e) => report.errors.push(e),
        }
        return finish(report, style, args.fail_on);
    }

    let implicit = args.paths.is_empty();
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
    let mut jobs = Vec::new();
    for input in inputs {
        let config = match configs.for_file(&input.path) {
            Ok(c) => c,
            Err(e) => return fail_run(&mut report, style, e.to_string()),
        };
        if !input.explicit
            && config.excludes(&std::path::absolute(&input.path).unwrap_or(input.path.clone()))
        {
            continue;
        }
        let mut settings = FileSettings::resolve(&config, &input.path, &selection);
        settings.rules.link_root =
            std::path::absolute(&input.root).unwrap_or_else(|_| input.root.clone());
        jobs.push(Job {
            shown: input.path.display().to_string(),
            across_run: settings.rules.options.duplicates_across_run,
            settings,
            max_size: config.max_file_size,
            input,
        });
    }
    if jobs.is_empty() && implicit && report.errors.is_empty() {
        eprintln!("note: no Markdown files found in `.`");
        return ExitStatus::Success;
    }
    let keep_text = format == Format::Human;
    let run_job = |job: &Job| -> Outcome {
        match read_file(&job.input.path, job.max_size) {
            Ok(bytes) => lint_bytes(
                &job.input.path,
                job.shown.clone(),
                bytes,
                &job.settings,
                &ws,
                keep_text,
            ),
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

    let mut seen_titles: HashMap<String, (String, usize)> = HashMap::new();
    let mut order: Vec<(usize, &Job, Outcome)> = jobs
        .iter()
        .zip(outcomes)
        .enumerate()
        .map(|(i, (j, o))| (i, j, o))
        .collect();
    order.sort_by(|a, b| a.1.shown.cmp(&b.1.shown));
    for (_, job, outcome) in order {
        match outcome {
            Outcome::Linted {
                report: mut r,
                titles,
                preset,
            } => {
                if args.verbose {
                    eprintln!("{}: {preset}", r.path);
                }
                if job.across_run {
                    cross_file_duplicates(&mut r, titles, &mut seen_titles, &job.settings);
                }
                report.files.push(r);
            }
            Outcome::Failed(e) => report.errors.push(e),
        }
    }
    finish(report, style, args.fail_on)
}

fn selection(args: &CheckArgs) -> Result<Selection, String> {
    for (flag, ids) in [
        ("--select", args.select.as_deref().unwrap_or(&[])),
        ("--ignore", &args.ignore[..]),
    ] {
        if let Some(bad) = ids.iter().find(|id| crate::rules::meta(id).is_none()) {
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
    path: &Path,
    shown: String,
    bytes: Vec<u8>,
    settings: &FileSettings,
    ws: &Workspace,
    keep_text: bool,
) -> Outcome {
    let source = match SourceFile::decode(path.to_owned(), bytes) {
        Ok(s) => s,
        Err(kind) => {
            let message = match kind {
                Unreadable::Binary => "binary file (NUL bytes): not linted",
                Unreadable::Utf32 => "file is UTF-32, not UTF-8: not linted",
            };
            let d = Located {
                rule: "encoding",
                severity: Severity::Error,
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                span: 0..0,
                message: message.into(),
                note: None,
                fix: None,
                url: None,
            };
            return Outcome::Linted {
                report: FileReport {
                    path: shown,
                    text: keep_text.then(String::new),
                    diagnostics: vec![d],
                },
                titles: Vec::new(),
                preset: "not linted".into(),
            };
        }
    };
    let result = lint(&source, settings, ws);
    let index = LineIndex::new(&source.text);
    let diagnostics = locate(&source.text, &index, result.diagnostics);
    let titles = result
        .title_links
        .into_iter()
        .map(|(key, span, url)| {
            let at = index.locate_many(&source.text, &[span.start, span.end]);
            (key, at[0].line, at[0].column, url)
        })
        .collect();
    let preset = match result.preset {
        Some(p) => format!("preset {} ({})", p.name(), result.preset_reason),
        None => format!("no preset: {}", result.preset_reason),
    };
    Outcome::Linted {
        report: FileReport {
            path: shown,
            text: keep_text.then_some(source.text),
            diagnostics,
        },
        titles,
        preset,
    }
}

/// Byte spans to lines and columns, in one pass per line.
pub(crate) fn locate(text: &str, index: &LineIndex, diagnostics: Vec<Diagnostic>) -> Vec<Located> {
    let offsets: Vec<usize> = diagnostics
        .iter()
        .flat_map(|d| [d.span.start, d.span.end.max(d.span.start)])
        .collect();
    let pos = index.locate_many(text, &offsets);
    diagnostics
        .into_iter()
        .enumerate()
        .map(|(i, d)| Located {
            rule: d.rule,
            severity: d.severity,
            line: pos[2 * i].line,
            column: pos[2 * i].column,
            end_line: pos[2 * i + 1].line,
            end_column: pos[2 * i + 1].column,
            span: d.span,
            message: d.message,
            note: d.note,
            fix: d.fix.map(|f| (f.title, f.applicability)),
            url: d.url,
        })
        .collect()
}

/// `duplicate-link` with `scope = "run"`: title links already listed in an
/// earlier file (by path order).
fn cross_file_duplicates(
    r: &mut FileReport,
    titles: Vec<(String, usize, usize, String)>,
    seen: &mut HashMap<String, (String, usize)>,
    settings: &FileSettings,
) {
    let Some(crate::diagnostic::Level::On(severity)) =
        settings.levels.get("duplicate-link").copied()
    else {
        return;
    };
    let mut local = std::collections::HashSet::new();
    for (key, line, column, url) in titles {
        if !local.insert(key.clone()) {
            continue; // reported within the file already
        }
        match seen.get(&key) {
            Some((path, at)) if *path != r.path => r.diagnostics.push(Located {
                rule: "duplicate-link",
                severity,
                line,
                column,
                end_line: line,
                end_column: column + url.chars().count(),
                span: 0..0,
                message: format!(
                    "{} is already listed in `{path}` at line {at}",
                    crate::rules::code(&url)
                ),
                note: None,
                fix: None,
                url: Some(url),
            }),
            Some(_) => {}
            None => {
                seen.insert(key, (r.path.clone(), line));
            }
        }
    }
}

fn fail_run(report: &mut Report, style: Style, message: String) -> ExitStatus {
    report.errors.push(RunError {
        path: String::new(),
        message,
    });
    if style.format == Format::Json {
        let mut out = Vec::new();
        let _ = crate::report::write(report, style, &mut out, &mut std::io::sink());
        crate::emit(&out);
    } else {
        for e in &report.errors {
            eprintln!("error: {}", e.message);
        }
    }
    ExitStatus::Error
}

fn finish(mut report: Report, style: Style, fail_on: FailOn) -> ExitStatus {
    report.sort();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let _ = crate::report::write(&report, style, &mut out, &mut err);
    use std::io::Write;
    let _ = std::io::stderr().write_all(&err);
    crate::emit(&out);
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
