//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF
//! consumers. One run; every rule as a reporting descriptor with its
//! doc as help; paths relative to `%SRCROOT%`, the directory listlint ran in;
//! columns in Unicode code points, like every listlint column.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::{Located, Report};
use crate::diagnostic::{Level, Severity};
use crate::rules::{RULES, RuleMeta};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// GitHub code scanning rejects a run with more results (its upload limits).
const MAX_RESULTS: usize = 25_000;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, BaseUri>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    short_description: Text,
    full_description: MultiformatText,
    help: MultiformatText,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct MultiformatText {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
struct BaseUri {
    uri: String,
    description: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[Fix<'a>; 1]>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    description: Text,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    #[serde(skip_serializing_if = "Option::is_none")]
    inserted_content: Option<Content<'a>>,
}

#[derive(Serialize)]
struct Content<'a> {
    text: &'a str,
}

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    // The built-in rules, then any other rule a diagnostic names (a custom
    // rule of the config), so that every result's ruleIndex points at its rule.
    let mut rules: Vec<Descriptor> = RULES.iter().map(|r| descriptor(r.meta())).collect();
    let mut index_of: BTreeMap<&str, usize> = RULES
        .iter()
        .enumerate()
        .map(|(i, r)| (r.meta().id.as_str(), i))
        .collect();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        if !index_of.contains_key(d.rule.as_str()) {
            index_of.insert(d.rule.as_str(), rules.len());
            rules.push(custom_descriptor(d.rule.as_str(), d.severity));
        }
    }
    let kept = kept(report);
    let mut results = Vec::new();
    for (f, file) in report.files.iter().enumerate() {
        let artifact = artifact_location(&file.path);
        let fingerprints = super::fingerprints(file);
        for (i, d) in file.diagnostics.iter().enumerate() {
            if kept.as_ref().is_some_and(|k| !k.contains(&(f, i))) {
                continue;
            }
            results.push(result(d, &artifact, &fingerprints[i], &index_of));
        }
    }
    let mut notifications: Vec<Notification> = report
        .errors
        .iter()
        .map(|e| Notification {
            level: "error",
            message: text(&e.message),
            locations: (!e.path.is_empty())
                .then(|| Location {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact_location(&e.path),
                        region: None,
                    },
                })
                .into_iter()
                .collect(),
        })
        .collect();
    if kept.is_some() {
        let total: usize = report.files.iter().map(|f| f.diagnostics.len()).sum();
        notifications.push(Notification {
            level: "warning",
            message: text(&format!(
                "{total} results found; only the {MAX_RESULTS} most severe are listed \
                 (GitHub code scanning accepts no more per run)"
            )),
            locations: Vec::new(),
        });
    }
    let mut base_ids = BTreeMap::new();
    if let Some(uri) = std::env::current_dir()
        .ok()
        .and_then(|d| url::Url::from_directory_path(d).ok())
    {
        base_ids.insert(
            SRCROOT,
            BaseUri {
                uri: uri.to_string(),
                description: text("the directory listlint ran in"),
            },
        );
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "listlint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: super::REPOSITORY,
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: report.errors.is_empty(),
                tool_execution_notifications: notifications,
            }],
            original_uri_base_ids: base_ids,
            results,
            column_kind: "unicodeCodePoints",
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn result<'a>(
    d: &'a Located,
    artifact: &ArtifactLocation,
    fingerprint: &str,
    index_of: &BTreeMap<&str, usize>,
) -> SarifResult<'a> {
    let region = Region {
        start_line: d.line,
        start_column: d.column,
        end_line: d.end_line,
        end_column: d.end_column,
    };
    let fixes = match &d.fix {
        Some((title, applicability)) if !d.edits.is_empty() => {
            let description = match applicability {
                crate::fix::Applicability::Safe => title.clone(),
                crate::fix::Applicability::Unsafe => format!("{title} (unsafe fix)"),
            };
            let replacements = d
                .edits
                .iter()
                .map(|e| Replacement {
                    deleted_region: Region {
                        start_line: e.line,
                        start_column: e.column,
                        end_line: e.end_line,
                        end_column: e.end_column,
                    },
                    inserted_content: (!e.replacement.is_empty()).then_some(Content {
                        text: &e.replacement,
                    }),
                })
                .collect();
            Some([Fix {
                description: text(&description),
                artifact_changes: [ArtifactChange {
                    artifact_location: artifact.clone(),
                    replacements,
                }],
            }])
        }
        _ => None,
    };
    SarifResult {
        rule_id: d.rule.as_str(),
        // `write` lists every rule a diagnostic names.
        rule_index: index_of.get(d.rule.as_str()).copied().unwrap_or_default(),
        level: level(d.severity),
        message: text(&d.message),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact.clone(),
                region: Some(region),
            },
        }],
        partial_fingerprints: BTreeMap::from([("listlint/v1", fingerprint.to_owned())]),
        fixes,
    }
}

/// The diagnostics to list when there are more than GitHub accepts: the most
/// severe first, in report order within a severity. `None` keeps them all.
fn kept(report: &Report) -> Option<std::collections::HashSet<(usize, usize)>> {
    let all: Vec<(Severity, usize, usize)> = report
        .files
        .iter()
        .enumerate()
        .flat_map(|(f, file)| {
            file.diagnostics
                .iter()
                .enumerate()
                .map(move |(i, d)| (d.severity, f, i))
        })
        .collect();
    if all.len() <= MAX_RESULTS {
        return None;
    }
    let mut all = all;
    all.sort_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    Some(
        all.into_iter()
            .take(MAX_RESULTS)
            .map(|(_, f, i)| (f, i))
            .collect(),
    )
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn descriptor(m: &'static RuleMeta) -> Descriptor {
    let intro = intro(m.doc).unwrap_or_else(|| m.summary.to_owned());
    // SARIF wants a name that differs from the id, or none (`mojibake`).
    let name = pascal_case(m.id.as_str());
    Descriptor {
        id: m.id.as_str(),
        name: (!name.eq_ignore_ascii_case(m.id.as_str())).then_some(name),
        short_description: Text {
            text: m.summary.to_owned(),
        },
        full_description: MultiformatText {
            text: intro.clone(),
            markdown: intro,
        },
        help: MultiformatText {
            text: m.doc.to_owned(),
            markdown: m.doc.to_owned(),
        },
        help_uri: Some(format!("{}/blob/main/rules/{}.md", super::REPOSITORY, m.id)),
        default_configuration: Configuration {
            level: match m.default {
                Level::Off => "none",
                Level::On(s) => level(s),
            },
        },
    }
}

/// A rule that is not built in: a custom rule of the config (its pattern
/// and message live there, not in listlint).
fn custom_descriptor(id: &'static str, severity: Severity) -> Descriptor {
    let text = format!("`{id}`: a custom rule, defined under `[[custom]]` in listlint.toml");
    let name = pascal_case(id);
    Descriptor {
        id,
        name: (!name.eq_ignore_ascii_case(id)).then_some(name),
        short_description: Text {
            text: format!("custom rule `{id}`"),
        },
        full_description: MultiformatText {
            text: text.clone(),
            markdown: text.clone(),
        },
        help: MultiformatText {
            text: text.clone(),
            markdown: text,
        },
        help_uri: None,
        default_configuration: Configuration {
            level: level(severity),
        },
    }
}

/// The paragraphs of a rule doc between its summary line and its first `##`
/// section: what the rule catches, in more words than the summary.
fn intro(doc: &str) -> Option<String> {
    let mut lines = doc.lines();
    // `# id`, the `**Default:**` header and the summary, with blank lines.
    let mut seen = 0;
    for line in lines.by_ref() {
        if !line.trim().is_empty() {
            seen += 1;
            if seen == 3 {
                break;
            }
        }
    }
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("## ")).collect();
    let body = body.join("\n");
    let body = body.trim();
    (!body.is_empty()).then(|| body.to_owned())
}

/// `list-numbering` → `ListNumbering`: SARIF's friendly rule name.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .flat_map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase())
                .into_iter()
                .chain(c)
        })
        .collect()
}

/// A plain-text SARIF message. SARIF reserves `{` and `}` for placeholders
/// (§3.11.5): literal ones are doubled.
fn text(s: &str) -> Text {
    Text {
        text: s.replace('{', "{{").replace('}', "}}"),
    }
}

/// Where a file is: a relative path becomes a URI reference against
/// `%SRCROOT%` (with `/` separators, percent-encoded), which GitHub resolves
/// against the repository root when listlint runs there; an absolute path
/// becomes a `file:` URI.
fn artifact_location(path: &str) -> ArtifactLocation {
    let path_ref = std::path::Path::new(path);
    if path_ref.is_absolute()
        && let Ok(uri) = url::Url::from_file_path(path_ref)
    {
        return ArtifactLocation {
            uri: uri.to_string(),
            uri_base_id: None,
        };
    }
    let p = super::repo_path(path);
    ArtifactLocation {
        uri: percent_encode_path(&p),
        uri_base_id: Some(SRCROOT),
    }
}

/// Percent-encodes what may not appear in a URI path (RFC 3986 `pchar`
/// plus `/`); `:` is encoded too, so a first segment never reads as a scheme.
fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        let a = artifact_location("./docs/my list#1 100%.md");
        assert_eq!(a.uri, "docs/my%20list%231%20100%25.md");
        assert_eq!(a.uri_base_id, Some(SRCROOT));
        assert_eq!(artifact_location("a:b/é.md").uri, "a%3Ab/%C3%A9.md");
        assert_eq!(artifact_location("-").uri, "-");
    }

    #[cfg(unix)]
    #[test]
    fn absolute_paths_become_file_uris() {
        let a = artifact_location("/tmp/a b.md");
        assert_eq!(a.uri, "file:///tmp/a%20b.md");
        assert_eq!(a.uri_base_id, None);
    }

    #[test]
    fn a_rule_that_is_not_built_in_gets_a_descriptor() {
        let located = |rule: &'static str| super::super::Located {
            rule: rule.into(),
            severity: Severity::Warning,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 2,
            span: 0..1,
            message: "m".into(),
            note: None,
            fix: None,
            edits: Vec::new(),
            url: None,
        };
        let report = Report {
            files: vec![super::super::FileReport {
                path: "a.md".into(),
                text: Some("x\n".into()),
                diagnostics: vec![located("no-medium"), located("list-numbering")],
            }],
            ..Report::default()
        };
        let mut out = Vec::new();
        write(&report, &mut out).unwrap();
        let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), RULES.len() + 1);
        for r in run["results"].as_array().unwrap() {
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], r["ruleId"], "{r}");
        }
        let custom = &rules[RULES.len()];
        assert_eq!(custom["id"], "no-medium");
        assert_eq!(custom["defaultConfiguration"]["level"], "warning");
        assert!(custom.get("helpUri").is_none());
    }

    #[test]
    fn braces_are_doubled_in_messages() {
        assert_eq!(text("a {b} c").text, "a {{b}} c");
    }

    #[test]
    fn rule_names_and_intros() {
        assert_eq!(pascal_case("list-numbering"), "ListNumbering");
        assert_eq!(pascal_case("soft-404"), "Soft404");
        assert_eq!(
            descriptor(crate::rules::meta("list-numbering").unwrap()).name,
            Some("ListNumbering".into())
        );
        assert_eq!(
            descriptor(crate::rules::meta("mojibake").unwrap()).name,
            None
        );
        let m = crate::rules::meta("list-numbering").unwrap();
        let intro = intro(m.doc).unwrap();
        assert!(intro.starts_with("Each ordered list is checked"), "{intro}");
        assert!(!intro.contains("## "), "{intro}");
        for r in RULES {
            let d = descriptor(r.meta());
            assert!(!d.full_description.text.trim().is_empty(), "{}", d.id);
        }
    }
}
