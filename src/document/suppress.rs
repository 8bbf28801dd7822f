//! Inline suppression comments:
//! `<!-- listlint-disable RULE … -->`, `<!-- listlint-enable RULE … -->`,
//! `<!-- listlint-disable-next-line RULE -->`, `<!-- listlint-disable-line RULE -->`
//! and `<!-- listlint-disable-file -->`. No rule names means every rule.

use crate::document::Document;
use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Disable,
    Enable,
    NextLine,
    Line,
    File,
}

#[derive(Debug, Clone)]
pub struct Directive {
    pub kind: Kind,
    /// Rule ids as written; empty means all rules.
    pub rules: Vec<String>,
    /// The comment.
    pub span: Span,
    /// 0-based line of the comment's start.
    pub line: usize,
    /// Per rule (or one flag for "all"): whether it silenced something.
    pub used: Vec<bool>,
}

/// The suppression comments of a document.
#[derive(Debug, Default)]
pub struct Suppressions {
    pub directives: Vec<Directive>,
}

impl Suppressions {
    pub fn parse(doc: &Document<'_>) -> Self {
        let mut directives = Vec::new();
        for span in &doc.comments {
            let body = doc
                .slice(span)
                .trim_start_matches("<!--")
                .trim_end_matches("-->")
                .trim();
            let mut words = body
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty());
            let kind = match words.next() {
                Some("listlint-disable") => Kind::Disable,
                Some("listlint-enable") => Kind::Enable,
                Some("listlint-disable-next-line") => Kind::NextLine,
                Some("listlint-disable-line") => Kind::Line,
                Some("listlint-disable-file") => Kind::File,
                _ => continue,
            };
            let rules: Vec<String> = words.map(str::to_owned).collect();
            let used = vec![false; rules.len().max(1)];
            // A disable-line comment silences the line it ends.
            let line = doc.lines.line_of(if kind == Kind::Line {
                span.end.saturating_sub(1)
            } else {
                span.start
            });
            directives.push(Directive {
                kind,
                rules,
                span: span.clone(),
                line,
                used,
            });
        }
        Self { directives }
    }

    fn covers(d: &Directive, rule: &str) -> Option<usize> {
        if d.rules.is_empty() {
            Some(0)
        } else {
            d.rules.iter().position(|r| r == rule)
        }
    }

    /// Whether a directive silences `rule` on any of the 0-based lines
    /// `first..=last` (marks nothing): a fix of `rule` leaves those lines
    /// alone.
    pub fn silences_any(&self, rule: &str, first: usize, last: usize) -> bool {
        self.directives.iter().enumerate().any(|(i, d)| {
            if Self::covers(d, rule).is_none() {
                return false;
            }
            match d.kind {
                Kind::File => true,
                Kind::Line => (first..=last).contains(&d.line),
                Kind::NextLine => (first..=last).contains(&(d.line + 1)),
                Kind::Disable => {
                    // Up to the first line an enable of the rule reaches.
                    let until = self.directives[i + 1..]
                        .iter()
                        .filter(|e| e.kind == Kind::Enable && Self::covers(e, rule).is_some())
                        .map(|e| e.line)
                        .min()
                        .unwrap_or(usize::MAX);
                    d.line.max(first) <= last && d.line.max(first) < until
                }
                Kind::Enable => false,
            }
        })
    }

    /// Whether a diagnostic of `rule` starting on 0-based `line` is silenced;
    /// marks the directive used.
    pub fn suppress(&mut self, rule: &str, line: usize) -> bool {
        let mut hit: Option<(usize, usize)> = None;
        for (i, d) in self.directives.iter().enumerate() {
            let Some(r) = Self::covers(d, rule) else {
                continue;
            };
            let applies = match d.kind {
                Kind::File => true,
                Kind::Line => d.line == line,
                Kind::NextLine => d.line + 1 == line,
                Kind::Disable => {
                    d.line <= line
                        && !self.directives[i + 1..].iter().any(|e| {
                            e.kind == Kind::Enable
                                && e.line <= line
                                && Self::covers(e, rule).is_some()
                        })
                }
                Kind::Enable => false,
            };
            if applies {
                hit = Some((i, r));
                break;
            }
        }
        match hit {
            Some((i, r)) => {
                self.directives[i].used[r] = true;
                true
            }
            None => false,
        }
    }
}
