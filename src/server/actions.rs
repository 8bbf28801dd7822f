//! Code actions, formatting and hover, on the diagnostics of a document's
//! last lint.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Hover, HoverContents, MarkupContent,
    MarkupKind, Position, Range, TextEdit, WorkspaceEdit,
};

use super::convert;
use super::document::Document;
use super::position::Encoding;
use crate::diagnostic::Diagnostic;
use crate::fix::Applicability;

/// The kind of "fix all listlint problems", for `codeActionsOnSave`.
pub(crate) const FIX_ALL: &str = "source.fixAll.listlint";

fn edit(doc: &Document, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(doc.uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn overlaps(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Whether the client asked for actions of this kind (`only` absent: all).
fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
        })
    })
}

/// The actions for `range`: a quick fix per fixable diagnostic there (the
/// safe ones preferred, the unsafe ones saying so), "disable this rule on
/// this line" for each, and the fix-all source action when a safe fix
/// exists; `fixed` is the text with every safe fix applied.
pub(crate) fn code_actions(
    doc: &Document,
    found: &[Diagnostic],
    range: Range,
    only: Option<&[CodeActionKind]>,
    fixed: impl FnOnce() -> Option<String>,
    encoding: Encoding,
) -> Vec<CodeActionOrCommand> {
    let published = convert::diagnostics(doc, found, encoding);
    let mut actions = Vec::new();
    if wanted(only, &CodeActionKind::QUICKFIX) {
        for (d, shown) in found.iter().zip(&published) {
            if !overlaps(&shown.range, &range) {
                continue;
            }
            if let Some(fix) = d.fix.as_ref().filter(|f| !f.edits.is_empty()) {
                let safe = fix.applicability == Applicability::Safe;
                let title = if safe {
                    format!("{} ({})", fix.title, d.rule)
                } else {
                    format!("{} ({}, unsafe: check the result)", fix.title, d.rule)
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    edit: Some(edit(doc, convert::edits(doc, &fix.edits, encoding))),
                    is_preferred: Some(safe),
                    ..CodeAction::default()
                }));
            }
            if let Some(e) = disable_on_line(doc, d, encoding) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Disable {} on this line", d.rule),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    edit: Some(edit(doc, vec![e])),
                    ..CodeAction::default()
                }));
            }
        }
    }
    let fix_all = CodeActionKind::from(FIX_ALL);
    let has_safe_fix = found.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe && !f.edits.is_empty())
    });
    // `source.fixAll` is asked for by name on save; a plain request lists
    // it too when there is something to fix.
    if has_safe_fix
        && wanted(only, &fix_all)
        && let Some(new) = fixed()
    {
        {
            let edits = convert::diff_edits(doc, &new, encoding);
            if !edits.is_empty() {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: "Fix all listlint problems".into(),
                    kind: Some(fix_all),
                    edit: Some(edit(doc, edits)),
                    ..CodeAction::default()
                }));
            }
        }
    }
    actions
}

/// `<!-- listlint-disable-line RULE -->` at the end of the diagnostic's
/// first line, or RULE added to such a comment already there. The
/// `-line` form, not `-next-line`: a comment line between two items would
/// split their list.
fn disable_on_line(doc: &Document, d: &Diagnostic, encoding: Encoding) -> Option<TextEdit> {
    let line = doc.index.line_of(d.span.start.min(doc.text.len()));
    let span = doc.index.line_span(&doc.text, line);
    let text = &doc.text[span.clone()];
    let trimmed = text.trim_end();
    let edit = match trimmed
        .strip_suffix("-->")
        .and_then(|t| t.rfind("<!--").map(|at| (at, t)))
    {
        Some((at, body))
            if body[at + 4..]
                .trim_start()
                .starts_with("listlint-disable-line") =>
        {
            let end = span.start + body.trim_end().len();
            crate::fix::Edit::insert(end, format!(" {}", d.rule))
        }
        _ => crate::fix::Edit::insert(
            span.start + trimmed.len(),
            format!(" <!-- listlint-disable-line {} -->", d.rule),
        ),
    };
    convert::edits(doc, std::slice::from_ref(&edit), encoding)
        .into_iter()
        .next()
}

/// The explanation of the rules whose diagnostics cover `at` (what
/// `listlint explain` prints).
pub(crate) fn hover(
    doc: &Document,
    found: &[Diagnostic],
    at: Position,
    encoding: Encoding,
) -> Option<Hover> {
    let published = convert::diagnostics(doc, found, encoding);
    let mut rules: Vec<&str> = Vec::new();
    let mut range = None;
    for (d, shown) in found.iter().zip(&published) {
        if shown.range.start <= at && at <= shown.range.end && !rules.contains(&d.rule.as_str()) {
            rules.push(d.rule.as_str());
            range.get_or_insert(shown.range);
        }
    }
    let docs: Vec<String> = rules
        .iter()
        .map(|id| match crate::rules::meta(id) {
            Some(m) => m.doc.to_owned(),
            None => format!("# {id}\n\nA custom rule of the configuration (`[[custom]]`)."),
        })
        .collect();
    if docs.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: docs.join("\n\n---\n\n"),
        }),
        range,
    })
}
