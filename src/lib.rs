//! listlint: lint, link-check and fix curated Markdown lists.
//!
//! Flow: files -> [`source::SourceFile`] -> [`document::Document`] -> rules ->
//! [`report`]. `main.rs` parses the command line and calls [`run`].

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod fix;
pub mod fixer;
pub mod generated;
pub mod links;
pub mod lint;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod workspace;

mod changed;
mod check;
mod commands;
pub mod custom;
mod link_stage;

pub use check::check;

/// The process exit status (SPEC 2): one enum for every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// No diagnostic at or above `--fail-on`.
    Success = 0,
    /// At least one diagnostic at or above `--fail-on`.
    Failure = 1,
    /// The run itself failed; wins over `Failure`.
    Error = 2,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        std::process::ExitCode::from(s as u8)
    }
}

/// Runs a parsed command line.
pub fn run(cli: cli::Cli) -> ExitStatus {
    match cli.command {
        cli::Command::Check(args) => check::check(&args),
        cli::Command::Fix(args) => {
            if !args.diff && !args.common.stdin {
                // An interrupted write leaves no temporary file behind.
                let _ = ctrlc::set_handler(|| {
                    fixer::signals::cleanup();
                    std::process::exit(130);
                });
            }
            let mode = check::FixMode {
                unsafe_fixes: args.unsafe_fixes,
                diff: args.diff,
            };
            check::run(&args.common, Some(mode))
        }
        cli::Command::Rules(args) => commands::rules(&args),
        cli::Command::Explain { rule } => commands::explain(&rule),
        cli::Command::Init { dir, force } => commands::init(&dir, force),
        cli::Command::Completions { shell } => commands::completions(shell),
        cli::Command::Man => commands::man(),
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends the run quietly.
pub(crate) fn emit(bytes: &[u8]) -> bool {
    use std::io::Write;
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
