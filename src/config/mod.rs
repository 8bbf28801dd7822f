//! `listlint.toml`: reading, validation and discovery.
//!
//! Unknown keys and bad values are errors that name the file, the key and
//! what was expected.

pub mod custom;
pub mod links;

pub use links::{GithubConfig, LinksConfig, parse_duration};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Level;
use crate::document::Preset;

/// Names a config file may have, in order of preference within a directory.
pub const CONFIG_NAMES: [&str; 2] = ["listlint.toml", ".listlint.toml"];

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("{path}: invalid `{key}`: {message}")]
    Value {
        path: PathBuf,
        key: String,
        message: String,
    },
}

/// A config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    preset: Option<Preset>,
    #[serde(default)]
    exclude: Vec<String>,
    max_file_size: Option<toml::Value>,
    #[serde(default)]
    rules: toml::Table,
    fields: Option<FieldsConfig>,
    #[serde(default)]
    sections: BTreeMap<String, SectionConfig>,
    links: Option<LinksConfig>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    custom: Vec<crate::config::custom::RawCustom>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldsConfig {
    pub required: Option<Vec<String>>,
    pub known: Option<Vec<String>>,
}

pub use crate::rules::{LinksRequirement, NumberingStyle, SectionConfig};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Vec<String>,
    preset: Option<Preset>,
    #[serde(default)]
    rules: toml::Table,
}

/// One rule's setting from a `[rules]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSetting {
    pub level: Option<Level>,
}

/// An `[[overrides]]` entry.
#[derive(Debug, Clone)]
pub struct Override {
    pub files: globset::GlobSet,
    pub preset: Option<Preset>,
    pub rules: BTreeMap<String, RuleSetting>,
    pub options: crate::rules::Options,
}

/// A validated configuration file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from (`None` for defaults).
    pub path: Option<PathBuf>,
    /// The directory globs are relative to.
    pub root: PathBuf,
    pub preset: Option<Preset>,
    pub exclude: Option<globset::GlobSet>,
    pub max_file_size: u64,
    pub rules: BTreeMap<String, RuleSetting>,
    pub options: crate::rules::Options,
    pub fields: FieldsConfig,
    /// Keyed by lower-cased heading text.
    pub sections: BTreeMap<String, SectionConfig>,
    pub links: Option<LinksConfig>,
    pub overrides: Vec<Override>,
    /// `[[custom]]` rules.
    pub custom: Vec<crate::config::custom::CustomRule>,
}

pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

impl Config {
    pub fn defaults(root: PathBuf) -> Self {
        Self {
            root,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            ..Default::default()
        }
    }

    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: path.to_owned(),
            message: format_toml_error(&e),
        })?;
        let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = std::path::absolute(&parent).unwrap_or(parent);
        let err = |key: &str, message: String| ConfigError::Value {
            path: path.to_owned(),
            key: key.to_owned(),
            message,
        };
        let custom = crate::config::custom::parse(&raw.custom).map_err(|(k, m)| err(&k, m))?;
        let custom_ids: Vec<&str> = custom.iter().map(|c| c.id.as_str()).collect();
        let (rules, options) =
            parse_rules(&raw.rules, "rules", &custom_ids).map_err(|(k, m)| err(&k, m))?;
        let exclude = if raw.exclude.is_empty() {
            None
        } else {
            Some(build_globs(&raw.exclude).map_err(|m| err("exclude", m))?)
        };
        let max_file_size = match &raw.max_file_size {
            None => DEFAULT_MAX_FILE_SIZE,
            Some(v) => parse_size(v).ok_or_else(|| {
                err(
                    "max-file-size",
                    format!("expected a size such as 64MiB or a byte count, found {v}"),
                )
            })?,
        };
        if let Some(f) = &raw.fields {
            for (key, names) in [("fields.required", &f.required), ("fields.known", &f.known)] {
                if let Some(bad) = names.iter().flatten().find(|n| !valid_field_name(n)) {
                    return Err(err(
                        key,
                        format!(
                            "expected field names made of letters, digits and spaces, found {bad:?}"
                        ),
                    ));
                }
            }
        }
        if let Some(links) = &raw.links {
            links::validate_links(links).map_err(|(k, m)| err(&format!("links.{k}"), m))?;
        }
        let mut overrides = Vec::new();
        for (i, o) in raw.overrides.iter().enumerate() {
            let key = format!("overrides[{i}]");
            let files = build_globs(&o.files).map_err(|m| err(&format!("{key}.files"), m))?;
            let (rules, options) = parse_rules(&o.rules, &format!("{key}.rules"), &custom_ids)
                .map_err(|(k, m)| err(&k, m))?;
            overrides.push(Override {
                files,
                preset: o.preset,
                rules,
                options,
            });
        }
        Ok(Config {
            path: Some(path.to_owned()),
            root,
            preset: raw.preset,
            exclude,
            max_file_size,
            rules,
            options,
            fields: raw.fields.unwrap_or_default(),
            sections: raw
                .sections
                .into_iter()
                .map(|(k, v)| (k.trim().to_lowercase(), v))
                .collect(),
            links: raw.links,
            overrides,
            custom,
        })
    }

    /// Whether `path` matches `exclude`.
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|set| matches_under(set, &self.root, path))
    }
}

/// Whether `path`, relative to `root`, or one of its directories matches
/// `set` (so `vendor` excludes what is under it).
pub(crate) fn matches_under(set: &globset::GlobSet, root: &Path, path: &Path) -> bool {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let rel = abs.strip_prefix(root).unwrap_or(&abs);
    set.is_match(rel)
        || rel
            .ancestors()
            .any(|a| !a.as_os_str().is_empty() && set.is_match(a))
}

fn format_toml_error(e: &toml::de::Error) -> String {
    // The toml message already says where and what; keep it on one line.
    e.to_string()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn valid_field_name(n: &str) -> bool {
    !n.trim().is_empty()
        && n.chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '_')
}

pub(crate) fn build_globs(patterns: &[String]) -> Result<globset::GlobSet, String> {
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        let g = globset::GlobBuilder::new(p)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("expected a glob pattern, found {p:?}: {e}"))?;
        b.add(g);
    }
    b.build().map_err(|e| e.to_string())
}

/// Validates a `[rules]` table: known ids, severities, and each rule's
/// options (read by the rule).
fn parse_rules(
    table: &toml::Table,
    prefix: &str,
    custom: &[&str],
) -> Result<(BTreeMap<String, RuleSetting>, crate::rules::Options), (String, String)> {
    let mut rules = BTreeMap::new();
    let mut options = crate::rules::Options::default();
    for (id, value) in table {
        let key = format!("{prefix}.{id}");
        let rule = crate::rules::by_id(id);
        if rule.is_none() && !custom.contains(&id.as_str()) {
            return Err((
                key,
                format!("unknown rule `{id}` (`listlint rules` lists them)"),
            ));
        }
        let level_of = |v: &toml::Value, key: &str| -> Result<Level, (String, String)> {
            v.as_str().and_then(Level::parse).ok_or_else(|| {
                (
                    key.to_owned(),
                    format!("expected \"error\", \"warning\", \"info\" or \"off\", found {v}"),
                )
            })
        };
        let setting = match value {
            toml::Value::String(_) => RuleSetting {
                level: Some(level_of(value, &key)?),
            },
            toml::Value::Table(t) => {
                let mut level = None;
                for (opt, v) in t {
                    let okey = format!("{key}.{opt}");
                    if opt == "severity" {
                        level = Some(level_of(v, &okey)?);
                        continue;
                    }
                    let set = match rule {
                        Some(rule) => options.set(rule, opt, v),
                        None => Err(crate::rules::OptionError::Unknown),
                    };
                    match set {
                        Ok(()) => {}
                        Err(crate::rules::OptionError::Invalid(m)) => return Err((okey, m)),
                        Err(crate::rules::OptionError::Unknown) => {
                            return Err((okey, format!("unknown option `{opt}` for rule `{id}`")));
                        }
                    }
                }
                RuleSetting { level }
            }
            other => {
                return Err((
                    key,
                    format!("expected a severity or a table of options, found {other}"),
                ));
            }
        };
        rules.insert(id.clone(), setting);
    }
    Ok((rules, options))
}

fn parse_size(v: &toml::Value) -> Option<u64> {
    match v {
        toml::Value::Integer(n) if *n > 0 => Some(*n as u64),
        toml::Value::String(s) => {
            let s = s.trim();
            let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            let (num, unit) = s.split_at(split);
            let n: u64 = num.parse().ok()?;
            let mult = match unit.trim().to_ascii_lowercase().as_str() {
                "" | "b" => 1,
                "kb" | "kib" | "k" => 1024,
                "mb" | "mib" | "m" => 1024 * 1024,
                "gb" | "gib" | "g" => 1024 * 1024 * 1024,
                _ => return None,
            };
            Some(n * mult)
        }
        _ => None,
    }
}

/// Finds the config for files in `dir`: the nearest `listlint.toml` or
/// `.listlint.toml` in it or above it.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| CONFIG_NAMES.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(Path::new("dir/listlint.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_the_spec_example_keys() {
        let c = parse(
            r#"preset = "notes"
exclude = ["vendor/**"]
[rules]
entry-comment = "error"
list-numbering = { severity = "error", style = "one" }
[fields]
required = ["Comment"]
[sections."Papers"]
links = "required"
numbering = "one"
[links]
timeout = "20s"
[[overrides]]
files = ["archive/**"]
rules = { list-marker = "off" }
"#,
        )
        .unwrap();
        assert_eq!(c.preset, Some(Preset::Notes));
        let numbering: crate::rules::list_numbering::Options = c
            .options
            .get(crate::rules::meta("list-numbering").unwrap().id);
        assert_eq!(numbering.style, NumberingStyle::One);
        assert!(c.sections.contains_key("papers"));
        assert!(c.excludes(Path::new("dir/vendor/x/a.md")));
        assert!(!c.excludes(Path::new("dir/a.md")));
    }

    #[test]
    fn errors_name_the_file_the_key_and_the_expectation() {
        let e = parse("[rules]\nlist-numbering = \"loud\"\n").unwrap_err();
        assert!(
            e.contains("dir/listlint.toml")
                && e.contains("rules.list-numbering")
                && e.contains("\"warning\""),
            "{e}"
        );
        let e = parse("[rules]\nno-such-rule = \"error\"\n").unwrap_err();
        assert!(e.contains("unknown rule `no-such-rule`"), "{e}");
        let e = parse("colour = 1\n").unwrap_err();
        assert!(e.contains("unknown field `colour`"), "{e}");
        let e = parse("[links]\ntimeout = \"soon\"\n").unwrap_err();
        assert!(e.contains("links.timeout"), "{e}");
        let e = parse("[links]\ntimeout = \"99999999999999999999999d\"\n").unwrap_err();
        assert!(e.contains("links.timeout"), "{e}");
        let e = parse("[links]\nhost-interval = \"2h\"\n").unwrap_err();
        assert!(e.contains("at most 1h"), "{e}");
        let e = parse("[links.headers.\"example.org\"]\n\"Bad Header\" = \"v\"\n").unwrap_err();
        assert!(e.contains("not a valid HTTP header name"), "{e}");
        let e = parse("[rules]\nlist-numbering = { style = \"roman\" }\n").unwrap_err();
        assert!(e.contains("rules.list-numbering.style"), "{e}");
    }
}
