//! The plan of a `check` or `fix` run, built from the arguments before any
//! file is linted: the configs, the files with their settings, the link
//! settings and the `--changed-since` baseline. Everything that can stop a
//! run before linting fails here, as one [`Failure`].

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::changed::Baseline;
use crate::app::discover::{Input, discover};
use crate::cli::CheckArgs;
use crate::config::{Config, ConfigError, find_config};
use crate::diagnostic::Level;
use crate::engine::lint::{FileSettings, Selection};
use crate::report::{Report, RunError};
use crate::rules::RuleId;

/// What `fix` does with a file's fixed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FixMode {
    pub unsafe_fixes: bool,
    pub diff: bool,
}

/// Why a run stopped before its report, with what it had found by then.
pub(crate) struct Failure {
    pub message: String,
    /// The report so far: run errors found before the failure (a path that
    /// matched nothing), and the files' findings once they were linted.
    pub report: Report,
    /// Notes for stderr not yet shown, in order.
    pub notes: Vec<String>,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self {
            message,
            report: Report::default(),
            notes: Vec::new(),
        }
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        e.to_string().into()
    }
}

/// One file to lint with its settings.
pub(crate) struct Job {
    pub input: Input,
    pub shown: String,
    pub settings: FileSettings,
    pub max_size: u64,
    /// The document read from standard input.
    pub stdin: Option<Arc<Vec<u8>>>,
}

/// A `check` or `fix` run, ready to execute.
pub(crate) struct RunPlan {
    pub jobs: Vec<Job>,
    /// `fix`: fix each file, and with links rewrite what the network answered for.
    pub fix: Option<FixMode>,
    /// Present when links are checked over the network.
    pub links: Option<crate::links::Settings>,
    /// `--changed-since`: only what changed since the merge base is reported.
    pub baseline: Option<Baseline>,
    /// `--shard` after the first: no offline diagnostics (shard 1 has them).
    pub offline_elsewhere: bool,
    /// Keep each file's text for the report (snippets, fingerprints).
    pub keep_text: bool,
    /// `--verbose`: say which preset each file got.
    pub verbose: bool,
    /// Say how the link check went (not with `--quiet`, nor in JSON, which
    /// has the links in the document).
    pub link_summary: bool,
    /// `--quiet`: no notes about written files.
    pub quiet: bool,
    /// `--dump`: list the URLs the link stage would request, request none.
    pub dump: bool,
    /// No path given, and no Markdown file found in the current directory.
    pub nothing_found: bool,
    /// Run errors found while planning (paths that matched nothing).
    pub errors: Vec<RunError>,
    /// Notes for stderr, in order.
    pub notes: Vec<String>,
}

/// Standard input, read first: `fix --stdin` writes it back unchanged when
/// the run fails. Empty unless `--stdin`.
pub(crate) fn read_stdin(args: &CheckArgs) -> Result<Arc<Vec<u8>>, Failure> {
    let mut bytes = Vec::new();
    if args.stdin {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    }
    // Shared with the job, not copied (it can be large).
    Ok(Arc::new(bytes))
}

/// What planning found before it finished or failed.
#[derive(Default)]
struct Found {
    errors: Vec<RunError>,
    notes: Vec<String>,
}

impl RunPlan {
    pub fn new(
        args: &CheckArgs,
        fix: Option<FixMode>,
        stdin: Arc<Vec<u8>>,
    ) -> Result<Self, Failure> {
        let mut found = Found::default();
        match Self::build(args, fix, stdin, &mut found) {
            Ok(plan) => Ok(Self {
                errors: found.errors,
                notes: found.notes,
                ..plan
            }),
            Err(message) => Err(Failure {
                message,
                report: Report {
                    errors: found.errors,
                    ..Report::default()
                },
                notes: found.notes,
            }),
        }
    }

    fn build(
        args: &CheckArgs,
        fix: Option<FixMode>,
        stdin: Arc<Vec<u8>>,
        found: &mut Found,
    ) -> Result<Self, String> {
        if args.dump && fix.is_some() {
            return Err(
                "--dump lists the URLs a check would request; it cannot be used with fix".into(),
            );
        }
        let selection = selection(args)?;
        let mut configs = Configs::new(args).map_err(|e| e.to_string())?;
        let cwd = std::env::current_dir().unwrap_or_default();
        // `[links]` comes from the run's config only.
        let links = link_settings(args, &mut configs, &cwd, &selection, found)?;
        let baseline = baseline(args, &cwd)?;
        let link_paths = match &links {
            Some(_) => Some(LinkPaths::new(args, &mut configs, &cwd)?),
            None => None,
        };
        let jobs = jobs(
            args,
            &mut configs,
            &cwd,
            &selection,
            link_paths.as_ref(),
            stdin,
            found,
        )?;
        if !args.quiet && args.config.is_none() && !args.no_config {
            found.notes.extend(ignored_links_tables(&mut configs, &cwd));
        }
        unknown_rule(args, &jobs)?;
        let format = args.format.unwrap_or(crate::report::Format::Human);
        Ok(Self {
            nothing_found: jobs.is_empty() && implicit(args) && found.errors.is_empty(),
            jobs,
            fix,
            links,
            baseline,
            offline_elsewhere: args.shard.is_some_and(|s| s.index > 1),
            keep_text: format.needs_text(),
            verbose: args.verbose,
            link_summary: !args.quiet && format != crate::report::Format::Json,
            quiet: args.quiet,
            dump: args.dump,
            errors: Vec::new(),
            notes: Vec::new(),
        })
    }
}

/// No path and no `--stdin`: the current directory.
fn implicit(args: &CheckArgs) -> bool {
    args.paths.is_empty() && !args.stdin
}

fn baseline(args: &CheckArgs, cwd: &Path) -> Result<Option<Baseline>, String> {
    match &args.changed_since {
        Some(_) if args.stdin => {
            Err("--changed-since needs files in a git repository, not --stdin".into())
        }
        Some(r) => Baseline::new(r, cwd).map(Some),
        None => Ok(None),
    }
}

/// The files to lint, from standard input or found under the paths (run
/// errors for paths that match nothing go to `found`).
fn jobs(
    args: &CheckArgs,
    configs: &mut Configs,
    cwd: &Path,
    selection: &Selection,
    link_paths: Option<&LinkPaths>,
    stdin: Arc<Vec<u8>>,
    found: &mut Found,
) -> Result<Vec<Job>, String> {
    let links_on = |path: &Path| link_paths.is_some_and(|l| !l.excludes(path));
    let mut jobs = Vec::new();
    if args.stdin {
        if !args.paths.is_empty() {
            return Err("--stdin takes no paths".into());
        }
        let path = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        let config = configs.for_file(&path).map_err(|e| e.to_string())?;
        let mut settings = FileSettings::resolve(&config, &path, selection);
        settings.rules.link_root = cwd.to_owned();
        settings.links = links_on(&path);
        jobs.push(Job {
            shown: path.display().to_string(),
            settings,
            max_size: u64::MAX,
            input: Input {
                path,
                explicit: true,
                root: cwd.to_owned(),
            },
            stdin: Some(stdin),
        });
        return Ok(jobs);
    }
    let paths = if implicit(args) {
        vec![".".to_owned()]
    } else {
        args.paths.clone()
    };
    let (inputs, errors) = discover(&paths);
    found.errors.extend(errors.into_iter().map(|e| RunError {
        path: e.path.display().to_string(),
        message: e.message,
    }));
    for input in inputs {
        let config = configs.for_file(&input.path).map_err(|e| e.to_string())?;
        if !input.explicit && config.excludes(&input.path) {
            continue;
        }
        let mut settings = FileSettings::resolve(&config, &input.path, selection);
        settings.links = links_on(&input.path);
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
    Ok(jobs)
}

/// `[links] exclude-path` (relative to the run's config) and
/// `--exclude-path` (relative to the current directory): files whose links
/// are not checked, linted all the same.
struct LinkPaths(Vec<(PathBuf, globset::GlobSet)>);

impl LinkPaths {
    fn new(args: &CheckArgs, configs: &mut Configs, cwd: &Path) -> Result<Self, String> {
        let config = configs
            .for_file(&cwd.join("-"))
            .map_err(|e| e.to_string())?;
        let mut sets = Vec::new();
        if let Some(globs) = config.links.as_ref().and_then(|l| l.exclude_path.as_ref()) {
            let set = crate::config::build_globs(globs)
                .map_err(|e| format!("links.exclude-path: {e}"))?;
            // `--config listlint.toml` has a root of "" (the current directory).
            let root = if config.root.as_os_str().is_empty() {
                cwd.to_owned()
            } else {
                config.root.clone()
            };
            sets.push((std::path::absolute(&root).unwrap_or(root), set));
        }
        if !args.exclude_path.is_empty() {
            // `./docs` names what `docs` does.
            let globs: Vec<String> = args
                .exclude_path
                .iter()
                .map(|g| g.strip_prefix("./").unwrap_or(g).to_owned())
                .collect();
            let set =
                crate::config::build_globs(&globs).map_err(|e| format!("--exclude-path: {e}"))?;
            let cwd = std::path::absolute(cwd).unwrap_or_else(|_| cwd.to_owned());
            sets.push((cwd, set));
        }
        Ok(Self(sets))
    }

    fn excludes(&self, path: &Path) -> bool {
        self.0
            .iter()
            .any(|(root, set)| crate::config::matches_under(set, root, path))
    }
}

/// `[links]` is the run's: a note for each nested config that has one.
fn ignored_links_tables(configs: &mut Configs, cwd: &Path) -> Vec<String> {
    let run_config = configs
        .for_file(&cwd.join("-"))
        .ok()
        .and_then(|c| c.path.clone());
    configs
        .by_path
        .iter()
        .filter(|(path, c)| c.links.is_some() && Some(*path) != run_config.as_ref())
        .map(|(path, _)| {
            format!(
                "note: [links] in {} is ignored: link checking is set in the run's config (the current directory's or --config)",
                path.display()
            )
        })
        .collect()
}

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

/// The link stage's settings, when links are checked in this run.
fn link_settings(
    args: &CheckArgs,
    configs: &mut Configs,
    cwd: &Path,
    selection: &Selection,
    found: &mut Found,
) -> Result<Option<crate::links::Settings>, String> {
    // `--dump` needs the settings that say what would be requested, and
    // requests nothing.
    if args.offline && !args.dump {
        return Ok(None);
    }
    let config = configs
        .for_file(&cwd.join("-"))
        .map_err(|e| e.to_string())?;
    let cfg = config.links.as_ref();
    if !args.links && !args.dump && !cfg.and_then(|l| l.enabled).unwrap_or(false) {
        return Ok(None);
    }
    let mut s = crate::config::links::settings(cfg, &config.root)?;
    s.exclude
        .extend(crate::config::links::regexes(&args.exclude, "--exclude")?);
    s.include
        .extend(crate::config::links::regexes(&args.include, "--include")?);
    for codes in &args.accept {
        s.accept.extend(
            crate::config::links::parse_accept(codes).map_err(|e| format!("--accept: {e}"))?,
        );
    }
    s.accept.sort_unstable();
    s.accept.dedup();
    if let Some(t) = &args.timeout {
        s.timeout = crate::config::links::parse_duration(t)
            .filter(|d| !d.is_zero() && *d <= std::time::Duration::from_secs(3600))
            .ok_or_else(|| {
                format!("--timeout: expected a duration such as \"20s\" or \"500ms\" (at most 1h), found {t:?}")
            })?;
    }
    if let Some(n) = args.max_concurrency {
        s.max_concurrency = n as usize;
    }
    if let Some(n) = args.max_retries {
        s.retries = n;
    }
    for r in &args.remap {
        s.remap
            .push(crate::config::links::parse_remap(r).map_err(|e| format!("--remap: {e}"))?);
    }
    for h in &args.header {
        let (host, name, value) = parse_header(h).map_err(|e| format!("--header: {e}"))?;
        s.headers.push((host, vec![(name, value)]));
    }
    for name in [".listlintignore", ".lycheeignore"] {
        s.exclude.extend(ignore_file(&config.root.join(name))?);
    }
    if let Some(ua) = &args.user_agent {
        if reqwest::header::HeaderValue::from_str(ua).is_err() {
            return Err(format!(
                "--user-agent: expected visible ASCII characters, found {ua:?}"
            ));
        }
        s.user_agent = Some(ua.clone());
    }
    github_token(args, cfg, &mut s)?;
    s.shard = args.shard.map(|sh| (sh.index, sh.count));
    if args.no_cache {
        s.cache = None;
    } else if args.cache && s.cache.is_none() {
        s.cache = Some(config.root.join(".listlint-cache.json"));
    }
    if s.fail_after > 1 && s.cache.is_none() {
        found
            .notes
            .push("note: [links] fail-after needs a cache file; every failure is reported".into());
        s.fail_after = 1;
    }
    let levels = FileSettings::resolve(&config, &cwd.join("-"), selection).levels;
    let on = |id: RuleId| levels.get(&id).is_some_and(|l| *l != Level::Off);
    (s.fragments, s.soft_404) = crate::rules::network::page_checks(on);
    // The archive only serves `dead-link`'s suggestions.
    if args.no_archive || !on(crate::rules::network::DEAD_LINK.id) {
        s.archive = None;
    }
    Ok(Some(s))
}

/// The GitHub token: `--github-token`, else `[links.github] token`, else
/// `GITHUB_TOKEN`, else `GH_TOKEN`. A token the config does not name goes to
/// GitHub's own API only (or to a loopback address, which does not leave
/// the machine): a config could otherwise send the environment's token to
/// any host it names.
fn github_token(
    args: &CheckArgs,
    cfg: Option<&crate::config::links::LinksConfig>,
    s: &mut crate::links::Settings,
) -> Result<(), String> {
    let from_env = |name: &'static str| {
        std::env::var(name)
            .ok()
            .filter(|t| !t.trim().is_empty())
            .map(|t| (t, name))
    };
    let (token, source) = match &args.github_token {
        Some(t) if t.trim().is_empty() => {
            return Err("--github-token: expected a token, found an empty value".into());
        }
        Some(t) => (t.clone(), "--github-token"),
        None if s.github.is_some() => return Ok(()),
        None => match from_env("GITHUB_TOKEN").or_else(|| from_env("GH_TOKEN")) {
            Some(found) => found,
            None => return Ok(()),
        },
    };
    let api_url = cfg
        .and_then(|c| c.github.as_ref())
        .and_then(|g| g.api_url.clone())
        .unwrap_or_else(|| s.github_api_url.clone());
    let trusted = url::Url::parse(&api_url).is_ok_and(|u| match u.host() {
        Some(url::Host::Domain(d)) => {
            (d.eq_ignore_ascii_case("api.github.com") && u.scheme() == "https")
                || d.eq_ignore_ascii_case("localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    });
    if !trusted {
        return Err(format!(
            "links.github.api-url: a token from {source} is sent to https://api.github.com only, not to {api_url}; name it in [links.github] token (e.g. \"${{{}}}\") to send it there",
            if source.starts_with("--") {
                "GITHUB_TOKEN"
            } else {
                source
            }
        ));
    }
    s.github = Some(crate::links::Github {
        token: crate::links::Secret::new(token.trim()),
        api_url,
    });
    Ok(())
}

/// `--header 'HOST: NAME: VALUE'`: the host (lower-cased, maybe with a
/// port) and the header.
fn parse_header(h: &str) -> Result<(String, String, String), String> {
    let bad = || format!("expected 'HOST: NAME: VALUE', found {h:?}");
    let (host, rest) = h.split_once(": ").ok_or_else(bad)?;
    let (name, value) = rest.split_once(':').ok_or_else(bad)?;
    let (host, name, value) = (host.trim(), name.trim(), value.trim());
    if host.is_empty() || host.contains(['/', ' ']) {
        return Err(bad());
    }
    if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
        return Err(format!("{name:?} is not a valid HTTP header name"));
    }
    if reqwest::header::HeaderValue::from_str(value).is_err() {
        return Err(format!("the value of {name} is not a valid header value"));
    }
    Ok((host.to_ascii_lowercase(), name.to_owned(), value.to_owned()))
}

/// The URL patterns of an ignore file (`.listlintignore`, or lychee's
/// `.lycheeignore`): a regex a line, `#` comments and blank lines left
/// out; none when the file is missing.
fn ignore_file(path: &Path) -> Result<Vec<regex::Regex>, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(Vec::new());
    };
    text.lines()
        .enumerate()
        .map(|(i, l)| (i, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            regex::Regex::new(l).map_err(|e| format!("{}:{}: {l:?}: {e}", path.display(), i + 1))
        })
        .collect()
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

/// Fails on a `--select`/`--ignore` id that is neither built in nor a
/// custom rule of any config of the run.
fn unknown_rule(args: &CheckArgs, jobs: &[Job]) -> Result<(), String> {
    for (flag, ids) in [
        ("--select", args.select.as_deref().unwrap_or(&[])),
        ("--ignore", &args.ignore[..]),
    ] {
        for id in ids {
            let custom = jobs
                .iter()
                .any(|j| j.settings.custom.iter().any(|c| c.id == *id));
            if crate::rules::meta(id).is_none() && !custom {
                return Err(format!(
                    "{flag}: unknown rule `{id}` (`listlint rules` lists them; custom rules come from [[custom]] in the config)"
                ));
            }
        }
    }
    Ok(())
}
