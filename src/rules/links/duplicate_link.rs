//! `duplicate-link`: two entries whose title links are the same URL.

use std::collections::HashMap;

use crate::rules::urls::normalize;
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("duplicate-link"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Lists,
    summary: "two entries whose title links are the same URL (after normalisation)",
    doc: include_str!("../../../rules/duplicate-link.md"),
};

pub struct DuplicateLink;

/// The rule's options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// `scope = "run"`: also across the files of a run.
    pub across_run: bool,
}

impl RuleOptions for Options {
    fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), OptionError> {
        if key != "scope" {
            return Err(OptionError::Unknown);
        }
        self.across_run = match value.as_str() {
            Some("file") => false,
            Some("run") => true,
            _ => {
                return Err(OptionError::Invalid(format!(
                    "expected \"file\" or \"run\", found {value}"
                )));
            }
        };
        Ok(())
    }
}

/// The normalised title links of a document's entries, with their spans;
/// in an awesome list also those of the link entries nested under entries
/// (a plugin under its editor), in document order.
pub(crate) fn title_links<'d>(
    doc: &'d crate::document::Document<'_>,
    preset: Option<crate::document::Preset>,
) -> Vec<(String, crate::source::Span, &'d str)> {
    let mut links: Vec<usize> = Vec::new();
    for e in &doc.entries {
        links.extend(e.title_link);
        if preset == Some(crate::document::Preset::Awesome) {
            crate::rules::awesome::sub_entry_items(doc, e.item, &mut |n| {
                links.extend(doc.items[n].title_link);
            });
        }
    }
    links.sort_unstable_by_key(|&l| (doc.links[l].span.start, l));
    links.dedup();
    links
        .into_iter()
        .map(|l| &doc.links[l])
        .filter(|l| !l.url.is_empty() && !l.url.starts_with('#'))
        .map(|l| (normalize(&l.url), l.span.clone(), &*l.url))
        .collect()
}

impl Rule for DuplicateLink {
    rule_facts!(meta: META, options: Options);

    /// With `scope = "run"`, the file's title links.
    fn run_keys(&self, cx: &Context<'_>) -> Option<Vec<RunKey>> {
        if !cx.options::<Options>(META.id).across_run {
            return None;
        }
        Some(
            title_links(cx.doc, cx.preset)
                .into_iter()
                .map(|(key, span, shown)| RunKey {
                    key,
                    span,
                    shown: shown.to_owned(),
                })
                .collect(),
        )
    }

    /// Title links already listed in an earlier file (by path order); a
    /// repeat within a file is the file's own finding.
    fn check_run(&self, files: &[RunFile<'_>]) -> Vec<Vec<RunFinding>> {
        let mut seen: HashMap<&str, (&str, usize)> = HashMap::new();
        let mut all = Vec::with_capacity(files.len());
        for file in files {
            let mut found = Vec::new();
            let mut local = std::collections::HashSet::new();
            for k in file.keys {
                if !local.insert(k.key.as_str()) {
                    continue; // reported within the file already
                }
                match seen.get(k.key.as_str()) {
                    Some(&(path, at)) if path != file.path => found.push(RunFinding {
                        line: k.line,
                        column: k.column,
                        end_column: k.column + k.shown.chars().count(),
                        message: format!(
                            "{} is already listed in `{path}` at line {at}",
                            code(&k.shown)
                        ),
                        url: Some(k.shown.clone()),
                    }),
                    Some(_) => {}
                    None => {
                        seen.insert(&k.key, (file.path, k.line));
                    }
                }
            }
            all.push(found);
        }
        all
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        // Looked up for every title link; only looked up, never listed.
        let mut first: rustc_hash::FxHashMap<String, crate::source::Span> =
            rustc_hash::FxHashMap::default();
        for (key, span, url) in title_links(doc, cx.preset) {
            match first.get(&key) {
                Some(at) => {
                    let line = doc.lines.line_of(at.start) + 1;
                    out.push(
                        Diagnostic::new(
                            META.id,
                            span,
                            format!("{} is already listed at line {line}", code(url)),
                        )
                        .with_url(url)
                        .with_related(at.clone(), "first listed here"),
                    );
                }
                None => {
                    first.insert(key, span);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, spans};

    #[test]
    fn nested_awesome_entries_and_url_forms() {
        let md = "# A\n\n## Algorithms\n\n- Ensembles\n  - [AdaBoost](https://en.wikipedia.org/wiki/AdaBoost)\n- [Boosting](https://b.org) - Boosting.\n  - [AdaBoost again](https://en.wikipedia.org/wiki/AdaBoost/) - Same page.\n- [Agner](http://www.agner.org/optimize/) - Manuals.\n- [Agner Fog](https://agner.org/optimize/index.html) - Manuals.\n- [Data](https://m.com/d?utm_source=x) - Book.\n- [Data for All](https://m.com/d) - Book.\n- [Other](https://m.com/d?id=2) - Book.\n";
        let diags = check("duplicate-link", md);
        assert_eq!(
            spans(md, &diags),
            [
                "[AdaBoost again](https://en.wikipedia.org/wiki/AdaBoost/)",
                "[Agner Fog](https://agner.org/optimize/index.html)",
                "[Data for All](https://m.com/d)",
            ]
        );
    }
}
