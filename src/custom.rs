//! Custom rules from config (SPEC 3, 4): `[[custom]]` tables with an id, a
//! regex `pattern` matched in a `scope` (each line, entry, entry title,
//! URL or `Comment`), a `message`, a `severity` and an optional `replace`,
//! which makes a safe fix (`$1`… are the pattern's capture groups).

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::fix::{Edit, Fix};
use crate::rules::RuleId;
use crate::source::Span;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCustom {
    id: String,
    pattern: String,
    #[serde(default)]
    scope: Option<String>,
    message: String,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    replace: Option<String>,
}

/// Where a custom rule's pattern is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomScope {
    /// Every line outside code blocks.
    Line,
    /// The first line of every entry.
    Entry,
    /// The text of every entry's title link.
    Title,
    /// Every link's destination.
    Url,
    /// The value of every `Comment` field.
    Comment,
}

/// A validated custom rule.
#[derive(Debug, Clone)]
pub struct CustomRule {
    /// Leaked once per config load, so diagnostics can name it like a
    /// built-in rule.
    pub id: RuleId,
    pub regex: regex::Regex,
    pub scope: CustomScope,
    pub message: String,
    pub severity: Severity,
    pub replace: Option<String>,
}

fn kebab(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The position (in characters) and reason of a pattern's syntax error.
fn regex_error(pattern: &str) -> Option<(usize, String)> {
    let at = |offset: usize| pattern[..offset.min(pattern.len())].chars().count();
    match regex_syntax::Parser::new().parse(pattern) {
        Err(regex_syntax::Error::Parse(e)) => {
            Some((at(e.span().start.offset), e.kind().to_string()))
        }
        Err(regex_syntax::Error::Translate(e)) => {
            Some((at(e.span().start.offset), e.kind().to_string()))
        }
        Err(e) => Some((0, e.to_string())),
        Ok(_) => None,
    }
}

/// Validates the `[[custom]]` tables; errors are `(key, message)`.
pub(crate) fn parse(raw: &[RawCustom]) -> Result<Vec<CustomRule>, (String, String)> {
    let mut out: Vec<CustomRule> = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let key = |field: &str| format!("custom[{i}].{field}");
        if !kebab(&r.id) {
            return Err((
                key("id"),
                format!(
                    "expected a kebab-case id such as \"no-medium\", found {:?}",
                    r.id
                ),
            ));
        }
        if crate::rules::meta(&r.id).is_some() {
            return Err((
                key("id"),
                format!("`{}` is a built-in rule; choose another id", r.id),
            ));
        }
        if out.iter().any(|c| c.id == r.id) {
            return Err((key("id"), format!("`{}` is defined twice", r.id)));
        }
        let regex = match regex::Regex::new(&r.pattern) {
            Ok(re) => re,
            Err(e) => {
                let message = match regex_error(&r.pattern) {
                    Some((pos, why)) => format!(
                        "custom rule `{}`: invalid regular expression `{}`: {why} at character {}",
                        r.id,
                        r.pattern,
                        pos + 1
                    ),
                    None => format!("custom rule `{}`: invalid regular expression: {e}", r.id),
                };
                return Err((key("pattern"), message));
            }
        };
        let scope = match r.scope.as_deref().unwrap_or("line") {
            "line" => CustomScope::Line,
            "entry" => CustomScope::Entry,
            "title" => CustomScope::Title,
            "url" => CustomScope::Url,
            "comment" => CustomScope::Comment,
            other => {
                return Err((
                    key("scope"),
                    format!(
                        "expected \"line\", \"entry\", \"title\", \"url\" or \"comment\", found {other:?}"
                    ),
                ));
            }
        };
        let severity = match r.severity.as_deref().unwrap_or("warning") {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            other => {
                return Err((
                    key("severity"),
                    format!("expected \"error\", \"warning\" or \"info\", found {other:?}"),
                ));
            }
        };
        if r.message.trim().is_empty() {
            return Err((
                key("message"),
                "expected a message, found an empty string".into(),
            ));
        }
        if let Some(rep) = &r.replace
            && let Some(bad) = group_refs(rep).find(|&g| g >= regex.captures_len())
        {
            return Err((
                key("replace"),
                format!(
                    "custom rule `{}`: `${bad}` refers to a group the pattern does not have ({} groups)",
                    r.id,
                    regex.captures_len() - 1
                ),
            ));
        }
        out.push(CustomRule {
            id: RuleId::new(Box::leak(r.id.clone().into_boxed_str())),
            regex,
            scope,
            message: r.message.clone(),
            severity,
            replace: r.replace.clone(),
        });
    }
    Ok(out)
}

/// The numbered groups a replacement refers to (`$1`, `${2}`).
fn group_refs(rep: &str) -> impl Iterator<Item = usize> + '_ {
    let b = rep.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if b[i] == b'$' {
                let (start, braced) = if b.get(i + 1) == Some(&b'{') {
                    (i + 2, true)
                } else {
                    (i + 1, false)
                };
                let end = (start..b.len())
                    .find(|&j| !b[j].is_ascii_digit())
                    .unwrap_or(b.len());
                i = end.max(i + 1);
                if end > start && (!braced || b.get(end) == Some(&b'}')) {
                    return rep[start..end].parse().ok();
                }
                continue;
            }
            i += 1;
        }
        None
    })
}

/// `template` with `$N` and `${N}` replaced by the numbered groups of
/// `caps` and `$$` by `$`; any other `$` is literal (`$5`, `$HOME` in a
/// message stay as written unless the pattern has that many groups).
fn expand(template: &str, caps: &regex::Captures<'_>) -> String {
    let b = template.as_bytes();
    let mut out = String::with_capacity(template.len());
    let mut i = 0;
    let mut lit = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        out.push_str(&template[lit..i]);
        if b.get(i + 1) == Some(&b'$') {
            out.push('$');
            i += 2;
            lit = i;
            continue;
        }
        let braced = b.get(i + 1) == Some(&b'{');
        let start = if braced { i + 2 } else { i + 1 };
        let end = (start..b.len())
            .find(|&j| !b[j].is_ascii_digit())
            .unwrap_or(b.len());
        let closed = !braced || b.get(end) == Some(&b'}');
        let group = (end > start && closed)
            .then(|| template[start..end].parse::<usize>().ok())
            .flatten()
            .filter(|&g| g < caps.len());
        match group {
            Some(g) => {
                out.push_str(caps.get(g).map_or("", |m| m.as_str()));
                i = if braced { end + 1 } else { end };
            }
            None => {
                out.push('$');
                i += 1;
            }
        }
        lit = i;
    }
    out.push_str(&template[lit..]);
    out
}

/// The spans a scope covers in a document.
fn regions(doc: &Document<'_>, scope: CustomScope) -> Vec<Span> {
    let text = doc.text;
    match scope {
        CustomScope::Line => {
            let mut out = Vec::new();
            let mut at = 0;
            // `code_lines` is sorted: walk it alongside the lines.
            let mut blocks = doc.code_lines.iter().peekable();
            for (n, line) in text.split_inclusive('\n').enumerate() {
                while blocks.peek().is_some_and(|r| r.end <= n) {
                    blocks.next();
                }
                let in_code = blocks.peek().is_some_and(|r| r.contains(&n));
                if !in_code {
                    let body = line.trim_end_matches(['\n', '\r']);
                    out.push(at..at + body.len());
                }
                at += line.len();
            }
            out
        }
        CustomScope::Entry => doc
            .entries
            .iter()
            .map(|e| {
                let lead = &doc.items[e.item].lead;
                let end = text[lead.clone()]
                    .find('\n')
                    .map_or(lead.end, |n| lead.start + n);
                lead.start..end
            })
            .collect(),
        CustomScope::Title => doc
            .entries
            .iter()
            .filter_map(|e| e.title_link)
            .filter_map(|l| doc.links[l].text_span.clone())
            .collect(),
        CustomScope::Url => crate::rules::unique_targets(doc)
            .map(|l| l.dest_span.clone())
            .collect(),
        CustomScope::Comment => doc
            .entries
            .iter()
            .flat_map(|e| &e.fields)
            .filter(|f| f.name.canonical.eq_ignore_ascii_case("comment"))
            .map(|f| f.value_span.clone())
            .filter(|s| !s.is_empty())
            .collect(),
    }
}

/// Runs one custom rule on a document.
pub fn check(rule: &CustomRule, doc: &Document<'_>, out: &mut Vec<Diagnostic>) {
    for region in regions(doc, rule.scope) {
        let hay = &doc.text[region.clone()];
        for caps in rule.regex.captures_iter(hay) {
            let m = caps.get(0).expect("group 0");
            if m.is_empty() {
                continue;
            }
            let span = region.start + m.start()..region.start + m.end();
            let message = expand(&rule.message, &caps);
            let mut d = Diagnostic::new(rule.id, span.clone(), message);
            d.severity = rule.severity;
            if rule.scope == CustomScope::Url {
                d = d.with_url(hay);
            }
            if let Some(rep) = &rule.replace {
                let with = expand(rep, &caps);
                let title = if with.is_empty() {
                    format!("remove `{}`", m.as_str())
                } else {
                    format!("write `{with}`")
                };
                d = d.with_fix(Fix::safe(title, vec![Edit::replace(span, with)]));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pattern: &str, replace: Option<&str>) -> RawCustom {
        RawCustom {
            id: "no-medium".into(),
            pattern: pattern.into(),
            scope: Some("url".into()),
            message: "no Medium".into(),
            severity: None,
            replace: replace.map(str::to_owned),
        }
    }

    #[test]
    fn bad_patterns_name_the_rule_and_the_position() {
        let (key, msg) = parse(&[raw("https?://(medium\\.com/", None)]).unwrap_err();
        assert_eq!(key, "custom[0].pattern");
        assert!(msg.contains("`no-medium`"), "{msg}");
        assert!(msg.contains("at character 10"), "{msg}");
        assert!(msg.contains("unclosed group"), "{msg}");
    }

    #[test]
    fn replacements_may_only_use_existing_groups() {
        assert!(parse(&[raw("(a)(b)", Some("$2$1"))]).is_ok());
        let (key, msg) = parse(&[raw("(a)", Some("x${2}"))]).unwrap_err();
        assert_eq!(key, "custom[0].replace");
        assert!(msg.contains("$2"), "{msg}");
    }

    #[test]
    fn only_numbered_groups_expand() {
        let re = regex::Regex::new("(foo)(bar)").unwrap();
        let caps = re.captures("foobar").unwrap();
        assert_eq!(expand("$1baz", &caps), "foobaz");
        assert_eq!(expand("${2}x$1", &caps), "barxfoo");
        assert_eq!(
            expand("costs $5, see $HOME, $$1, use $1s", &caps),
            "costs $5, see $HOME, $1, use foos"
        );
        assert_eq!(expand("${9} $", &caps), "${9} $");
    }

    #[test]
    fn ids_are_kebab_case_and_not_built_in() {
        let mut r = raw("x", None);
        r.id = "No_Medium".into();
        assert_eq!(parse(&[r.clone()]).unwrap_err().0, "custom[0].id");
        r.id = "bare-url".into();
        assert!(parse(&[r]).unwrap_err().1.contains("built-in"));
    }
}
