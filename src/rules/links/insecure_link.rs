//! `insecure-link`: `http://` links.

use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("insecure-link"),
    default: Level::On(Severity::Warning),
    fix: FixKind::Unsafe,
    scope: Scope::Any,
    summary: "`http://` links",
    doc: include_str!("../../../rules/insecure-link.md"),
};

pub struct InsecureLink;

/// Hosts that are never served over HTTPS on purpose.
fn is_local(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".local")
        || host.ends_with(".test")
        || host.ends_with(".example")
        || host.ends_with(".invalid")
        || host.starts_with("127.")
        || host.starts_with("10.")
        || host.starts_with("192.168.")
        || host == "[::1]"
        || host == "0.0.0.0"
}

impl Rule for InsecureLink {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for link in unique_targets(doc) {
            let url: &str = &link.url;
            if !url
                .get(..7)
                .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
            {
                continue;
            }
            let host = url[7..]
                .split(['/', '?', '#', ':'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if host.is_empty() || is_local(&host) {
                continue;
            }
            let mut d = Diagnostic::new(
                META.id,
                link.dest_span.clone(),
                format!("insecure link {}", code(url)),
            )
            .with_url(link.url.clone());
            let raw = doc.slice(&link.dest_span);
            if raw
                .get(..7)
                .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
            {
                let span = link.dest_span.start..link.dest_span.start + 4;
                d = d.with_fix(Fix::unsafe_(
                    "use `https://`",
                    vec![Edit::replace(span, "https")],
                ));
            }
            out.push(d);
        }
    }
}
