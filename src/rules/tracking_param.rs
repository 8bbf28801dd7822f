//! `tracking-param`: `utm_*`, `fbclid`, `gclid` and similar query parameters.

use super::urls::{is_http, is_tracking_param};
use super::*;
use crate::fix::{Edit, Fix};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "tracking-param",
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "`utm_*`, `fbclid`, `gclid` and similar query parameters",
    doc: include_str!("../../rules/tracking-param.md"),
};

pub struct TrackingParam;

impl Rule for TrackingParam {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for link in unique_targets(doc) {
            if !is_http(&link.url) || !link.url.contains('?') {
                continue;
            }
            let raw = doc.slice(&link.dest_span);
            let Some(q) = raw.find('?') else { continue };
            let end = raw[q..].find('#').map_or(raw.len(), |i| q + i);
            let sep = if raw[q..end].contains("&amp;") {
                "&amp;"
            } else {
                "&"
            };
            let params: Vec<&str> = raw[q + 1..end].split(sep).collect();
            let name = |p: &str| p.split('=').next().unwrap_or(p).to_owned();
            let tracking: Vec<String> = params
                .iter()
                .filter(|p| is_tracking_param(&name(p)))
                .map(|p| name(p))
                .collect();
            if tracking.is_empty() {
                continue;
            }
            let kept: Vec<&str> = params
                .iter()
                .copied()
                .filter(|p| !p.is_empty() && !is_tracking_param(&name(p)))
                .collect();
            let query = if kept.is_empty() {
                String::new()
            } else {
                format!("?{}", kept.join(sep))
            };
            let fixed = format!("{}{query}{}", &raw[..q], &raw[end..]);
            let list = tracking
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let (noun, title) = if tracking.len() == 1 {
                ("tracking parameter", format!("remove {list}"))
            } else {
                (
                    "tracking parameters",
                    "remove the tracking parameters".to_owned(),
                )
            };
            out.push(
                Diagnostic::new(META.id, link.dest_span.clone(), format!("{noun} {list}"))
                    .with_url(link.url.clone())
                    .with_fix(Fix::safe(
                        title,
                        vec![Edit::replace(link.dest_span.clone(), fixed)],
                    )),
            );
        }
    }
}
