//! Writing to the terminal: the report, notes, and the link progress bar.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, OnceLock};

use super::{Report, Style};

/// Writes to stdout; a closed pipe (`| head`) ends the run quietly.
pub(crate) fn emit(bytes: &[u8]) -> bool {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => false,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            false
        }
    }
}

/// Notes, warnings and errors of a command, one a line on stderr.
pub fn notes(notes: &[String]) {
    for n in notes {
        eprintln!("{n}");
    }
}

/// `--dump`: the URLs that would be requested, one a line on stdout.
pub fn dump(lines: &[String]) {
    let mut out = String::new();
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    emit(out.as_bytes());
}

/// Shows the report: what [`super::write`] sends to `err` on stderr, the
/// rest on stdout, or on stderr too when stdout carries a fixed document or
/// a diff (`to_stderr`).
pub fn show(report: &Report, style: Style, to_stderr: bool) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let _ = super::write(report, style, &mut out, &mut err);
    let _ = std::io::stderr().write_all(&err);
    if to_stderr {
        let _ = std::io::stderr().write_all(&out);
    } else {
        emit(&out);
    }
}

/// Shows the run errors alone (a run that failed before its report).
pub fn show_errors(report: &Report) {
    for e in &report.errors {
        eprintln!("error: {}", e.message);
    }
}

/// Colour when stdout is a terminal, unless `NO_COLOR` is set.
pub fn color_by_default() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// A progress bar on stderr while links are checked.
pub struct LinkProgress(OnceLock<indicatif::ProgressBar>);

impl LinkProgress {
    /// A progress bar when stderr is a terminal, outside CI, and not
    /// `--quiet`.
    pub fn on_terminal(quiet: bool) -> Option<Arc<dyn crate::links::Progress>> {
        let wanted = !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        wanted.then(|| Arc::new(Self(OnceLock::new())) as Arc<dyn crate::links::Progress>)
    }
}

impl crate::links::Progress for LinkProgress {
    fn start(&self, total: u64) {
        self.0.get_or_init(|| {
            let pb = indicatif::ProgressBar::new(total);
            pb.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} checking links {pos}/{len} [{bar:30}] {elapsed_precise}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            pb
        });
    }

    fn advance(&self, n: u64) {
        if let Some(pb) = self.0.get() {
            pb.inc(n);
        }
    }

    fn finish(&self) {
        if let Some(pb) = self.0.get() {
            pb.finish_and_clear();
        }
    }
}
