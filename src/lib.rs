//! listlint: lint, link-check and fix curated Markdown lists.
//!
//! Flow: files -> [`source::SourceFile`] -> [`document::Document`] -> rules ->
//! [`report`]. `main.rs` parses the command line and calls [`run`].

pub mod app;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod fix;
pub mod links;
pub mod report;
pub mod rules;
pub mod server;
pub mod source;
pub mod workspace;

pub use app::check::check;
pub use app::discover;
pub use engine::{fixer, lint};

/// The process exit status: one enum for every command.
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
        cli::Command::Check(args) => app::check::check(&args),
        cli::Command::Fix(args) => {
            if !args.diff && !args.common.stdin {
                // An interrupted write leaves no temporary file behind.
                let _ = ctrlc::set_handler(|| {
                    app::write::signals::cleanup();
                    std::process::exit(130);
                });
            }
            let mode = app::plan::FixMode {
                unsafe_fixes: args.unsafe_fixes,
                diff: args.diff,
            };
            app::check::run(&args.common, Some(mode))
        }
        cli::Command::Rules(args) => app::commands::rules(&args).show(),
        cli::Command::Explain { rule } => app::commands::explain(&rule).show(),
        cli::Command::Init { dir, force } => app::commands::init(&dir, force).show(),
        cli::Command::Completions { shell } => app::commands::completions(shell).show(),
        cli::Command::Man => app::commands::man().show(),
        cli::Command::Server => server::run(),
    }
}
