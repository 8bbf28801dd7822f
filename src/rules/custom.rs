//! Custom rules from `[[custom]]` in the config: a regex `pattern` matched
//! in a `scope` (each line, entry, entry title, URL or `Comment`), a
//! `message`, a `severity` and an optional `replace`, which makes a safe
//! fix (`$1`… are the pattern's capture groups). `config::custom` reads
//! and validates them; this runs them.

use crate::diagnostic::RuleId;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::fix::{Edit, Fix};
use crate::source::Span;

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
}
