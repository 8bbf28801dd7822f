//! Command-line types. Settings merge them with `listlint.toml`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "listlint",
    // The crate version and the commit it was built from (build.rs).
    version = env!("LISTLINT_VERSION"),
    about = "Lint, link-check and fix curated Markdown lists: reading notes and awesome lists",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files (offline): PATHs are files, directories or globs; default `.`
    Check(CheckArgs),
    /// Apply safe fixes in place, then report what remains
    Fix(FixArgs),
    /// List the rules: id, default severity, fix, summary
    Rules(RulesArgs),
    /// Print a rule's documentation
    Explain {
        /// A rule id, e.g. `list-numbering`
        rule: String,
    },
    /// Write listlint.toml with the detected preset and the current rule choices
    Init {
        /// Directory to scan and write the config into
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite an existing listlint.toml
        #[arg(long)]
        force: bool,
    },
    /// Print shell completions to standard output
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output
    Man,
    /// Run the language server (LSP over standard input and output) for editors
    Server,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, directories or globs (quoted globs are expanded by listlint)
    pub paths: Vec<String>,
    /// Read one document from standard input
    #[arg(long)]
    pub stdin: bool,
    /// Path used for config lookup and messages with --stdin
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Only these rules (comma-separated ids)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub select: Option<Vec<String>>,
    /// Not these rules (comma-separated ids)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub ignore: Vec<String>,
    /// Output format (default: human)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Use this config file instead of discovering listlint.toml
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every config file
    #[arg(long)]
    pub no_config: bool,
    /// Print diagnostics only, no summary
    #[arg(long, short)]
    pub quiet: bool,
    /// Also say which preset each file got and why
    #[arg(long, short)]
    pub verbose: bool,
    /// When to use colours (also honours NO_COLOR)
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Also check every http(s) URL over the network
    #[arg(long)]
    pub links: bool,
    /// Never touch the network, even when the config enables links
    #[arg(long)]
    pub offline: bool,
    /// Use the links cache file (overrides the config)
    #[arg(long, overrides_with = "no_cache")]
    pub cache: bool,
    /// Do not read or write the links cache file
    #[arg(long)]
    pub no_cache: bool,
    /// Do not look up archived copies of dead links
    #[arg(long)]
    pub no_archive: bool,
    /// Do not request URLs matching REGEX (repeatable; adds to `links.exclude` in the config)
    #[arg(long, value_name = "REGEX")]
    pub exclude: Vec<String>,
    /// Request only URLs matching REGEX, excluded or not (repeatable; adds to `links.include` in the config)
    #[arg(long, value_name = "REGEX")]
    pub include: Vec<String>,
    /// Do not check the links of files matching GLOB, or under a directory matching it (repeatable; adds to `links.exclude-path` in the config)
    #[arg(long, value_name = "GLOB")]
    pub exclude_path: Vec<String>,
    /// Also count these status codes as ok: codes and ranges (e.g. 200..=299,403)
    #[arg(long, value_name = "CODES")]
    pub accept: Vec<String>,
    /// Time limit of one request, e.g. 20s or 500ms (overrides `links.timeout` in the config)
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
    /// Requests at once, all hosts together (overrides `links.max-concurrency` in the config)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_concurrency: Option<u32>,
    /// Retries of a 5xx or 429 answer (overrides `links.retries` in the config)
    #[arg(long, value_name = "N")]
    pub max_retries: Option<u32>,
    /// The User-Agent sent to the pages checked (overrides `links.user-agent` in the config)
    #[arg(long, value_name = "TEXT")]
    pub user_agent: Option<String>,
    /// Send a header to one host: 'HOST: NAME: VALUE' (repeatable; HOST or HOST:PORT)
    #[arg(long, value_name = "HOST: NAME: VALUE")]
    pub header: Vec<String>,
    /// Request URLs matching REGEX as REPLACEMENT instead: 'REGEX REPLACEMENT' (repeatable; adds to `links.remap` in the config)
    #[arg(long, value_name = "REGEX REPLACEMENT")]
    pub remap: Vec<String>,
    /// Check github.com links through GitHub's API with this token (else GITHUB_TOKEN, then GH_TOKEN; the environment keeps it out of process lists)
    #[arg(long, value_name = "TOKEN")]
    pub github_token: Option<String>,
    /// Print every URL that would be checked, with file:line:column, and check nothing
    #[arg(long)]
    pub dump: bool,
    /// Pull-request mode: report only what changed since the merge base of REF and HEAD
    #[arg(long, value_name = "GIT_REF")]
    pub changed_since: Option<String>,
    /// Check only the I-th of N disjoint link shards, split by host (1 <= I <= N)
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Also append a Markdown summary of the run to FILE (e.g. "$GITHUB_STEP_SUMMARY")
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
}

/// `--shard I/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u32,
    pub count: u32,
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    let err = || format!("expected I/N with 1 <= I <= N (e.g. 2/4), found {s:?}");
    let (i, n) = s.split_once('/').ok_or_else(err)?;
    let index: u32 = i.trim().parse().map_err(|_| err())?;
    let count: u32 = n.trim().parse().map_err(|_| err())?;
    if index == 0 || index > count {
        return Err(err());
    }
    Ok(Shard { index, count })
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub common: CheckArgs,
    /// Also apply unsafe fixes (they may change a link's target)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of the fixes and write nothing (exit 1 when not empty)
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format: human (a table) or json
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}
