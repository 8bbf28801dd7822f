//! Byte spans to lines and columns: the diagnostics with their fixes'
//! edits, the keys rules compare across a run, and the URLs for the link
//! stage.

use crate::app::link_stage::LocatedUrl;
use crate::diagnostic::Diagnostic;
use crate::engine::lint::UrlRef;
use crate::report::{Located, LocatedEdit};
use crate::rules::{LocatedKey, RuleId, RunKey};
use crate::source::LineIndex;

/// Byte spans to lines and columns, in one pass per line: the diagnostics'
/// spans and their fixes' edits.
pub(crate) fn locate(text: &str, index: &LineIndex, diagnostics: Vec<Diagnostic>) -> Vec<Located> {
    let mut offsets: Vec<usize> = Vec::with_capacity(2 * diagnostics.len());
    for d in &diagnostics {
        offsets.extend([d.span.start, d.span.end.max(d.span.start)]);
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            offsets.extend([e.span.start, e.span.end.max(e.span.start)]);
        }
    }
    let pos = index.locate_many(text, &offsets);
    let mut next = 0;
    let mut take = || {
        let (start, end) = (pos[next], pos[next + 1]);
        next += 2;
        (start, end)
    };
    diagnostics
        .into_iter()
        .map(|d| {
            let (start, end) = take();
            let (fix, edits) = match d.fix {
                Some(f) => {
                    let edits = f
                        .edits
                        .into_iter()
                        .map(|e| {
                            let (s, t) = take();
                            LocatedEdit {
                                line: s.line,
                                column: s.column,
                                end_line: t.line,
                                end_column: t.column,
                                replacement: e.replacement,
                            }
                        })
                        .collect();
                    (Some((f.title, f.applicability)), edits)
                }
                None => (None, Vec::new()),
            };
            Located {
                rule: d.rule,
                severity: d.severity,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                span: d.span,
                message: d.message,
                note: d.note,
                fix,
                edits,
                url: d.url,
            }
        })
        .collect()
}

/// The keys each rule compares across the run, located.
pub(crate) fn locate_keys(
    text: &str,
    index: &LineIndex,
    keys: Vec<(RuleId, Vec<RunKey>)>,
) -> Vec<(RuleId, Vec<LocatedKey>)> {
    keys.into_iter()
        .map(|(rule, keys)| {
            let keys = keys
                .into_iter()
                .map(|k| {
                    let at = index.locate_many(text, &[k.span.start, k.span.end]);
                    LocatedKey {
                        key: k.key,
                        line: at[0].line,
                        column: at[0].column,
                        shown: k.shown,
                    }
                })
                .collect();
            (rule, keys)
        })
        .collect()
}

/// The URLs a file cites, located.
pub(crate) fn locate_urls(text: &str, index: &LineIndex, urls: Vec<UrlRef>) -> Vec<LocatedUrl> {
    let offsets: Vec<usize> = urls
        .iter()
        .flat_map(|u| [u.span.start, u.span.end])
        .collect();
    let at = index.locate_many(text, &offsets);
    urls.into_iter()
        .enumerate()
        .map(|(i, u)| LocatedUrl {
            url: u.url,
            line: at[2 * i].line,
            column: at[2 * i].column,
            end_line: at[2 * i + 1].line,
            end_column: at[2 * i + 1].column,
            span: u.span,
            suppressed: u.suppressed,
            generated: u.generated,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Edit, Fix};

    #[test]
    fn locate_resolves_the_fix_edits_like_the_span() {
        // `é` is two bytes and one column; the second line starts after CRLF.
        let text = "é http://x\r\nab\n";
        let index = LineIndex::new(text);
        let at = text.find("http").unwrap();
        let d =
            Diagnostic::new("insecure-link", at..at + 8, "insecure link").with_fix(Fix::unsafe_(
                "use https",
                vec![
                    Edit::replace(at..at + 4, "https"),
                    Edit::insert(text.len(), "c"),
                    Edit::delete(text.find("\r\n").unwrap()..text.find("ab").unwrap()),
                ],
            ));
        let plain = Diagnostic::new("final-newline", 0..0, "no fix");
        let located = locate(text, &index, vec![d, plain]);
        let l = &located[0];
        assert_eq!((l.line, l.column, l.end_line, l.end_column), (1, 3, 1, 11));
        assert_eq!(
            l.fix.as_ref().map(|(t, a)| (t.as_str(), *a)),
            Some(("use https", crate::fix::Applicability::Unsafe))
        );
        let edit = |line, column, end_line, end_column, replacement: &str| LocatedEdit {
            line,
            column,
            end_line,
            end_column,
            replacement: replacement.into(),
        };
        assert_eq!(
            l.edits,
            vec![
                edit(1, 3, 1, 7, "https"),
                edit(3, 1, 3, 1, "c"),
                edit(1, 11, 2, 1, ""),
            ]
        );
        assert!(located[1].fix.is_none() && located[1].edits.is_empty());
    }
}
