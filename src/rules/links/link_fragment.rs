//! `link-fragment`: a `#fragment` that matches no heading or anchor.

use crate::document::anchor::{Anchors, percent_decode};
use crate::rules::urls::{is_relative_path, split_fragment};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("link-fragment"),
    default: Level::On(Severity::Error),
    fix: FixKind::None,
    scope: Scope::Any,
    summary: "`#anchor` (same file or relative file) that matches no heading or anchor",
    doc: include_str!("../../../rules/link-fragment.md"),
};

pub struct LinkFragment;

impl Rule for LinkFragment {
    rule_facts!(meta: META, extent: Extent::Headings);

    /// A stale generated table of contents is still a broken link.
    fn keeps_severity_in_generated(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let own = Anchors::of(doc);
        // "Did you mean" costs a pass over the anchors: offer it for the
        // first few misses of a file only, so a stale table of contents in a
        // huge file stays linear.
        let mut suggestions_left = 20usize;
        // One problem, one diagnostic: the links of an awesome
        // list's table of contents are `awesome-toc`'s when it runs, which
        // also says which heading a stale link meant.
        let toc = if cx.runs(crate::rules::awesome_toc::META.id) {
            crate::rules::awesome_toc::table(doc).map(|(_, region)| region)
        } else {
            None
        };
        for link in &doc.links {
            if link.image
                || toc
                    .as_ref()
                    .is_some_and(|r| link.url.starts_with('#') && r.contains(&link.span.start))
            {
                continue;
            }
            let (path, Some(fragment)) = split_fragment(&link.url) else {
                continue;
            };
            let (anchors, file) = if path.is_empty() {
                (None, None)
            } else if is_relative_path(path) && is_markdown(path) {
                let clean = path.split('?').next().unwrap_or(path);
                let target =
                    cx.fs
                        .resolve(cx.path(), &percent_decode(clean), &cx.settings.link_root);
                match cx.fs.anchors(&target) {
                    Some(a) => (Some(a), Some(clean.to_owned())),
                    None => continue, // relative-link reports a missing file
                }
            } else {
                continue;
            };
            let set = anchors.as_deref().unwrap_or(&own);
            if set.contains(fragment) {
                continue;
            }
            let place = file.map_or("this file".to_owned(), |f| format!("`{f}`"));
            let mut d = Diagnostic::new(
                META.id,
                link.dest_span.clone(),
                format!("no heading or anchor `#{fragment}` in {place}"),
            )
            .with_url(link.url.clone());
            if suggestions_left > 0
                && let Some(near) = {
                    suggestions_left -= 1;
                    set.closest(fragment)
                }
            {
                d = d.with_note(format!("did you mean `#{near}`?"));
            }
            out.push(d);
        }
    }
}

fn is_markdown(path: &str) -> bool {
    let p = path.split('?').next().unwrap_or(path).to_ascii_lowercase();
    p.ends_with(".md") || p.ends_with(".markdown")
}
