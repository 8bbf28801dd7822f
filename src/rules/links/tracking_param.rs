//! `tracking-param`: `utm_*`, `fbclid`, `gclid` and similar query parameters
//! copied from elsewhere; attribution the list keeps on purpose is left
//! alone.

use crate::fix::{Edit, Fix};
use crate::rules::urls::{is_http, is_tracking_param};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("tracking-param"),
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "`utm_*`, `fbclid`, `gclid` and similar query parameters",
    doc: include_str!("../../../rules/tracking-param.md"),
};

pub struct TrackingParam;

impl Rule for TrackingParam {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        // Decided on the first link with `utm_*` parameters: most files have none.
        let mut attribution: Option<Attribution> = None;
        for link in unique_targets(doc) {
            if !is_http(&link.url) || memchr::memchr(b'?', link.url.as_bytes()).is_none() {
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
            let tracking: Vec<&str> = params
                .iter()
                .map(|p| split(p).0)
                .filter(|n| is_tracking_param(n))
                .collect();
            if tracking.is_empty() {
                continue;
            }
            let attribution = attribution.get_or_insert_with(|| Attribution::new(cx));
            if attribution.keeps(&params) {
                continue;
            }
            let kept: Vec<&str> = params
                .iter()
                .copied()
                .filter(|p| !p.is_empty() && !is_tracking_param(split(p).0))
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

/// A query parameter, split at its first `=`.
fn split(p: &str) -> (&str, &str) {
    p.split_once('=').unwrap_or((p, ""))
}

/// Lower case, letters and digits only: `Public-apis-repo` and `Public
/// APIs` compare as `publicapisrepo` and `publicapis`.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `utm_source`, `utm_medium` or `utm_campaign` values that say the link
/// was copied from social media, an e-mail or a newsletter, or from an
/// assistant's answer (`utm_source=chatgpt.com`).
const COPIED_FROM: &[&str] = &[
    "buffer",
    "chatgpt",
    "email",
    "facebook",
    "hootsuite",
    "instagram",
    "linkedin",
    "mail",
    "newsletter",
    "reddit",
    "rss",
    "social",
    "twitter",
];

/// `utm_medium` values that name an arrangement between the list and the
/// linked site.
const ARRANGEMENTS: &[&str] = &[
    "affiliate",
    "partner",
    "partnership",
    "referral",
    "sponsor",
    "sponsored",
    "sponsorship",
];

/// Query parameters of affiliate programmes (Amazon Associates' `tag`,
/// Manning's `a_aid`): a link that carries one was put there on purpose.
const AFFILIATE_IDS: &[&str] = &[
    "a_aid",
    "aff",
    "aff_id",
    "affid",
    "affiliate",
    "affiliate_id",
    "tag",
];

/// How many links must carry the same `utm_*` parameters for them to be
/// the list's own.
const SHARED_BY: usize = 3;

/// What tells attribution the list keeps from tracking copied with a link.
struct Attribution {
    /// The list's names, squashed: its first heading, the file's name and
    /// its directory's (the repository's, for a README).
    names: Vec<String>,
    /// How many links carry each set of `utm_*` parameters (squashed,
    /// sorted).
    shared: std::collections::HashMap<String, usize>,
}

impl Attribution {
    fn new(cx: &Context<'_>) -> Self {
        let doc = cx.doc;
        let mut names = Vec::new();
        if let Some(h) = doc.headings.first() {
            names.push(squash(&h.text));
        }
        let path = cx.path();
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let dir = std::path::absolute(path).ok().and_then(|p| {
            p.parent()?
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        });
        for n in [stem, dir].into_iter().flatten() {
            let n = squash(&n);
            if !matches!(n.as_str(), "readme" | "index" | "stdin") {
                names.push(n);
            }
        }
        // A name shorter than that matches too much (`go`, `ai`).
        names.retain(|n| n.chars().count() >= 4);
        let mut shared = std::collections::HashMap::new();
        for link in &doc.links {
            let Some((_, query)) = link.url.split_once('?') else {
                continue;
            };
            let query = query.split('#').next().unwrap_or(query);
            if let Some(key) = utm_key(&query.split('&').collect::<Vec<_>>()) {
                *shared.entry(key).or_insert(0) += 1;
            }
        }
        Self { names, shared }
    }

    /// Whether the tracking parameters among `params` are attribution the
    /// list keeps: see `rules/tracking-param.md`, which states this rule.
    fn keeps(&self, params: &[&str]) -> bool {
        let split: Vec<(String, String)> = params
            .iter()
            .map(|p| {
                let (n, v) = split(p);
                (n.to_ascii_lowercase(), squash(v))
            })
            .collect();
        // A click or e-mail identifier is never attribution.
        if split
            .iter()
            .any(|(n, _)| is_tracking_param(n) && !n.starts_with("utm_"))
        {
            return false;
        }
        let utm = || split.iter().filter(|(n, _)| n.starts_with("utm_"));
        let names_list = |v: &str| {
            v.contains("github")
                || v.contains("awesome")
                || self
                    .names
                    .iter()
                    .any(|n| v.contains(n.as_str()) || (v.chars().count() >= 5 && n.contains(v)))
        };
        if utm().any(|(_, v)| names_list(v)) {
            return true;
        }
        if utm().any(|(_, v)| COPIED_FROM.iter().any(|c| v.contains(c))) {
            return false;
        }
        if split
            .iter()
            .any(|(n, v)| n == "utm_medium" && ARRANGEMENTS.contains(&v.as_str()))
            || split
                .iter()
                .any(|(n, v)| !v.is_empty() && AFFILIATE_IDS.contains(&n.as_str()))
        {
            return true;
        }
        utm_key(params).is_some_and(|k| self.shared.get(&k).copied().unwrap_or(0) >= SHARED_BY)
    }
}

/// The `utm_*` parameters of a query as one key, whatever their order
/// and case (`None` without any).
fn utm_key(params: &[&str]) -> Option<String> {
    let mut utm: Vec<String> = params
        .iter()
        .map(|p| split(p))
        .filter(|(n, _)| n.to_ascii_lowercase().starts_with("utm_"))
        .map(|(n, v)| format!("{}={}", n.to_ascii_lowercase(), squash(v)))
        .collect();
    if utm.is_empty() {
        return None;
    }
    utm.sort();
    Some(utm.join("&"))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::check;

    const ID: &str = "tracking-param";

    /// The parameter names reported, one string per link.
    fn reported(md: &str) -> Vec<String> {
        check(ID, md).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn attribution_the_list_keeps_is_left_alone() {
        // Shapes met in real lists: a sponsor's campaign naming
        // GitHub or the list, a referral, an affiliate programme, one
        // campaign on many links.
        let md = "\
# Public APIs

- [A](https://a.example/?utm_source=Github&utm_medium=Referral&utm_campaign=Public-apis-repo) - A.
- [B](https://b.example/?utm_source=public-apis) - B.
- [C](https://c.example/?utm_source=awesome-iam&utm_medium=referral) - C.
- [D](https://d.example/books/x?utm_source=someone&utm_medium=affiliate&utm_campaign=sale) - D.
- [E](https://www.amazon.com/dp/0778324338?tag=kevideld-20&utm_source=shop) - E.
- [F](https://f.example/?utm_source=ciu) - F.
- [G](https://g.example/?utm_source=ciu) - G.
- [H](https://h.example/?utm_source=CIU) - H.
- [I](https://i.example/?utm_source=github.com&utm_medium=social) - I.
- [J](https://j.example/?ref=awesome-go&via=ae02) - J.
";
        assert_eq!(reported(md), Vec::<String>::new());
    }

    #[test]
    fn tracking_copied_from_elsewhere_is_still_reported() {
        let md = "\
# Papers

- [A](https://a.example/p?utm_content=buffer04c12&utm_medium=social&utm_source=linkedin.com&utm_campaign=buffer) - A.
- [B](https://arxiv.org/abs/2503.01840?utm_source=chatgpt.com) - B.
- [C](https://c.example/p?utm_source=recommendations-email&utm_medium=email&open=false) - C.
- [D](https://github.com/facebookresearch/dynalab?fbclid=IwAR3qcV7) - D.
- [E](https://e.example/?utm_source=github&fbclid=IwAR3) - E.
- [F](https://f.example/?utm_source=weekly&utm_campaign=issue-42) - F.
- [G](https://g.example/?utm_source=weekly&utm_campaign=issue-42) - G.
";
        assert_eq!(
            reported(md),
            [
                "tracking parameters `utm_content`, `utm_medium`, `utm_source`, `utm_campaign`",
                "tracking parameter `utm_source`",
                "tracking parameters `utm_source`, `utm_medium`",
                "tracking parameter `fbclid`",
                "tracking parameters `utm_source`, `fbclid`",
                "tracking parameters `utm_source`, `utm_campaign`",
                "tracking parameters `utm_source`, `utm_campaign`",
            ]
        );
    }

    #[test]
    fn a_campaign_is_the_lists_own_from_three_links() {
        let two = "# L\n\n- [A](https://a.example/?utm_source=x1) - A.\n- [B](https://a.example/b?utm_source=X1) - B.\n";
        assert_eq!(reported(two).len(), 2);
        let three = format!("{two}- [C](https://a.example/c?utm_source=x1) - C.\n");
        assert!(reported(&three).is_empty());
    }
}
