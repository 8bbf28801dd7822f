//! `[[custom]]` tables of the config read and validated into
//! [`CustomRule`]s (`rules::custom` runs them): an id, a regex `pattern`
//! matched in a `scope`, a `message`, a `severity` and an optional
//! `replace` (`$1`… are the pattern's capture groups).

use serde::Deserialize;

use crate::diagnostic::RuleId;
use crate::diagnostic::Severity;
pub use crate::rules::custom::{CustomRule, CustomScope};

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
    fn ids_are_kebab_case_and_not_built_in() {
        let mut r = raw("x", None);
        r.id = "No_Medium".into();
        assert_eq!(parse(&[r.clone()]).unwrap_err().0, "custom[0].id");
        r.id = "bare-url".into();
        assert!(parse(&[r]).unwrap_err().1.contains("built-in"));
    }
}
