//! What `fix` does with the fixed texts: writes the files, or gives the
//! diff, or the document for `--stdin`, to stdout.

use crate::app::plan::Job;
use crate::engine::fixer::Fixed;
use crate::report::RunError;

/// Where the fixed texts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// Written over the files.
    Files,
    /// A unified diff on stdout (`--diff`); nothing is written.
    Diff,
    /// The fixed document on stdout (`--stdin`).
    Document,
}

/// What the fixed texts gave.
pub(crate) struct FixOutput {
    /// What goes to stdout: the diff or the document.
    pub stdout: Vec<u8>,
    /// A note per written file.
    pub notes: Vec<String>,
    /// A file's text changed (`--diff` then fails the run).
    pub changed: bool,
    /// Files that could not be written.
    pub errors: Vec<RunError>,
}

/// Writes or renders the fixed files; `stdin` is the input of `--stdin`,
/// which goes back unchanged when no file was fixed (the run failed).
pub(crate) fn output(target: Target, fixed: &mut [(&Job, Fixed)], stdin: &[u8]) -> FixOutput {
    let mut out = FixOutput {
        stdout: Vec::new(),
        notes: Vec::new(),
        changed: false,
        errors: Vec::new(),
    };
    for (job, f) in fixed.iter_mut() {
        if target == Target::Document {
            if out.stdout.is_empty() {
                out.stdout = f.take_output();
            } else {
                out.stdout.extend_from_slice(f.output());
            }
            continue;
        }
        if !f.changed() {
            continue;
        }
        out.changed = true;
        if target == Target::Diff {
            out.stdout.extend_from_slice(f.diff(&job.shown).as_bytes());
            continue;
        }
        match crate::app::write::write(&job.input.path, f.output(), &job.input.root, f.original()) {
            Ok(()) => out
                .notes
                .push(format!("fixed {}", plural_problems(f.applied, &job.shown))),
            Err(message) => out.errors.push(RunError {
                path: job.shown.clone(),
                message,
            }),
        }
    }
    if target == Target::Document && fixed.is_empty() {
        out.stdout.extend_from_slice(stdin);
    }
    out
}

fn plural_problems(n: usize, path: &str) -> String {
    if n == 1 {
        format!("1 problem in {path}")
    } else {
        format!("{n} problems in {path}")
    }
}
