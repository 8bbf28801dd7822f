//! The rules of `check --links`. They have no offline check:
//! the link stage (`crate::links`) reports them once every URL of the run
//! has an outcome. They are registered here so that config, `--select`,
//! `rules` and `explain` know them like any other rule.

use crate::rules::*;

macro_rules! network_rule {
    ($ty:ident, $meta:ident, $id:literal, $default:expr, $fix:expr, $summary:literal) => {
        pub(crate) const $meta: RuleMeta = RuleMeta {
            id: RuleId::new($id),
            default: $default,
            fix: $fix,
            scope: Scope::Any,
            summary: $summary,
            doc: include_str!(concat!("../../../rules/", $id, ".md")),
        };

        pub struct $ty;

        impl Rule for $ty {
            rule_facts!(meta: $meta, stage: Stage::Links);

            fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
        }
    };
}

network_rule!(
    DeadLink,
    DEAD_LINK,
    "dead-link",
    Level::On(Severity::Error),
    FixKind::Unsafe,
    "(`--links`) status `dead`, `timeout` or `error` after retries (the message says which)"
);
network_rule!(
    Redirect,
    REDIRECT,
    "redirect",
    Level::On(Severity::Warning),
    FixKind::Unsafe,
    "(`--links`) permanent redirect: fix rewrites to the final URL"
);
network_rule!(
    BlockedLink,
    BLOCKED_LINK,
    "blocked-link",
    Level::On(Severity::Warning),
    FixKind::None,
    "(`--links`) status `blocked` (401/403/429/999, bot walls) after retries: reported, never fatal by default"
);
network_rule!(
    RemoteFragment,
    REMOTE_FRAGMENT,
    "remote-fragment",
    Level::Off,
    FixKind::None,
    "(`--links`) `#anchor` missing from the remote HTML (GitHub's `#L10-L20` and `#readme` are accepted)"
);
network_rule!(
    ArchivedRepo,
    ARCHIVED_REPO,
    "archived-repo",
    Level::On(Severity::Warning),
    FixKind::None,
    "(`--links` with a GitHub token) the linked repository is archived"
);
network_rule!(
    Soft404,
    SOFT_404,
    "soft-404",
    Level::Off,
    FixKind::None,
    "(`--links`) a 200 page that is really \"not found\""
);

/// Whether a rule is reported by the link stage, not by linting (its
/// [`Rule::stage`]).
pub fn is_network(id: impl AsRef<str>) -> bool {
    by_id(id.as_ref()).is_some_and(|r| r.stage().is_network())
}

/// What the link checker must look at for the rules that are on:
/// `(fragments, soft_404)`, whether it reads pages for their anchors and
/// for "not found" text.
pub fn page_checks(on: impl Fn(RuleId) -> bool) -> (bool, bool) {
    (on(REMOTE_FRAGMENT.id), on(SOFT_404.id))
}
