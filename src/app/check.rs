//! `listlint check` and `fix`: a plan from the arguments, its execution,
//! then the output (the fixed files, and the report).

use std::path::PathBuf;
use std::sync::Arc;

use crate::ExitStatus;
use crate::app::execute::execute;
use crate::app::fix_output::{self, Target};
use crate::app::plan::{Failure, FixMode, RunPlan, read_stdin};
use crate::cli::{CheckArgs, ColorChoice, FailOn};
use crate::diagnostic::Severity;
use crate::report::{Format, Report, RunError, Style};

pub fn check(args: &CheckArgs) -> ExitStatus {
    run(args, None)
}

/// `check`, or with `fix` set, `fix`.
pub(crate) fn run(args: &CheckArgs, fix: Option<FixMode>) -> ExitStatus {
    let output = Output::new(args, fix);
    let stdin = match read_stdin(args) {
        Ok(bytes) => bytes,
        Err(failure) => return output.failed(failure, &[]),
    };
    match plan_and_execute(args, fix, &output, &stdin) {
        Ok(status) => status,
        Err(failure) => output.failed(failure, &stdin),
    }
}

fn plan_and_execute(
    args: &CheckArgs,
    fix: Option<FixMode>,
    output: &Output,
    stdin: &Arc<Vec<u8>>,
) -> Result<ExitStatus, Failure> {
    let plan = RunPlan::new(args, fix, Arc::clone(stdin))?;
    crate::report::notes(&plan.notes);
    if plan.nothing_found {
        crate::report::notes(&["note: no Markdown files found in `.`".to_owned()]);
        return Ok(ExitStatus::Success);
    }
    let progress = plan
        .links
        .as_ref()
        .and_then(|_| crate::report::LinkProgress::on_terminal(args.quiet));
    let mut done = execute(&plan, progress)?;
    crate::report::notes(&done.notes);
    if let Some(urls) = &done.dump {
        crate::report::dump(urls);
        return Ok(ExitStatus::Success);
    }
    let Some(target) = output.fix else {
        return Ok(output.finish(done.report));
    };
    let fixed = fix_output::output(target, &mut done.fixed, stdin);
    done.report.errors.extend(fixed.errors);
    if !plan.quiet {
        crate::report::notes(&fixed.notes);
    }
    if target != Target::Files && !crate::report::emit(&fixed.stdout) {
        // stdout was closed: nobody reads the report either.
        return Ok(ExitStatus::Success);
    }
    let status = output.finish(done.report);
    Ok(if target == Target::Diff && fixed.changed {
        status.max(ExitStatus::Failure)
    } else {
        status
    })
}

/// How a run's output looks and where it goes, decided from the arguments.
struct Output {
    style: Style,
    /// `fix`: where the fixed texts go.
    fix: Option<Target>,
    /// `fix --stdin`: the input goes back out unchanged when the run fails.
    echo: bool,
    /// The least severity that fails the run.
    fail_on: Option<Severity>,
    /// `--summary FILE`.
    summary: Option<PathBuf>,
}

impl Output {
    fn new(args: &CheckArgs, fix: Option<FixMode>) -> Self {
        let fix = fix.map(|mode| match (mode.diff, args.stdin) {
            (true, _) => Target::Diff,
            (false, true) => Target::Document,
            (false, false) => Target::Files,
        });
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => crate::report::color_by_default(),
        };
        Self {
            style: Style {
                format: args.format.unwrap_or(Format::Human),
                color: color && !stdout_taken(fix),
                quiet: args.quiet,
            },
            fix,
            echo: fix.is_some() && args.stdin,
            fail_on: match args.fail_on {
                FailOn::Error => Some(Severity::Error),
                FailOn::Warning => Some(Severity::Warning),
                FailOn::Never => None,
            },
            summary: args.summary.clone(),
        }
    }

    fn stdout_taken(&self) -> bool {
        stdout_taken(self.fix)
    }

    /// Shows a run that failed: the notes, the input again for `fix
    /// --stdin`, then the error (in the report, for formats whose stdout is
    /// one document a CI step reads).
    fn failed(&self, failure: Failure, stdin: &[u8]) -> ExitStatus {
        crate::report::notes(&failure.notes);
        if self.echo {
            crate::report::emit(stdin);
        }
        let mut report = failure.report;
        report.errors.push(RunError {
            path: String::new(),
            message: failure.message,
        });
        self.write_summary(&mut report);
        if self.style.format.is_document() {
            crate::report::show(&report, self.style, self.stdout_taken());
        } else {
            crate::report::show_errors(&report);
        }
        ExitStatus::Error
    }

    /// Shows the report and says how the run ends.
    fn finish(&self, mut report: Report) -> ExitStatus {
        report.sort();
        self.write_summary(&mut report);
        crate::report::show(&report, self.style, self.stdout_taken());
        if !report.errors.is_empty() {
            return ExitStatus::Error;
        }
        let failing = self.fail_on.map_or(0, |min| report.count_at_least(min));
        if failing > 0 {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }

    /// `--summary FILE`: appends the Markdown summary; a failure to write
    /// it fails the run (it is what the CI job shows).
    fn write_summary(&self, report: &mut Report) {
        if let Some(path) = &self.summary
            && let Err(e) = crate::report::append_summary(report, path)
        {
            report.errors.push(RunError {
                path: path.display().to_string(),
                message: format!("cannot write the summary: {e}"),
            });
        }
    }
}

/// With `fix --stdin` and `fix --diff` stdout carries the document or the
/// diff: the report goes to stderr.
fn stdout_taken(fix: Option<Target>) -> bool {
    matches!(fix, Some(Target::Diff | Target::Document))
}
