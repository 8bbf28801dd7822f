//! listlint's diagnostics and edits as LSP values.

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    TextEdit, Uri,
};

use super::document::Document;
use super::position::Encoding;
use crate::diagnostic::{Diagnostic, Severity};

/// Where a built-in rule's documentation lives (custom rules have none).
pub(crate) fn rule_doc_url(rule: &str) -> Option<Uri> {
    crate::rules::meta(rule)?;
    format!("{}/blob/main/rules/{rule}.md", crate::report::REPOSITORY)
        .parse()
        .ok()
}

pub(crate) fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A document's diagnostics, positions in `encoding`.
pub(crate) fn diagnostics(
    doc: &Document,
    found: &[Diagnostic],
    encoding: Encoding,
) -> Vec<lsp_types::Diagnostic> {
    let lines = doc.lines(encoding);
    let mut offsets = Vec::with_capacity(2 * found.len());
    for d in found {
        offsets.extend([d.span.start, d.span.end.max(d.span.start)]);
        for r in &d.related {
            offsets.extend([r.span.start, r.span.end.max(r.span.start)]);
        }
    }
    let pos = lines.positions(&offsets);
    let mut at = pos.into_iter();
    // Diagnostics of one rule come together: its doc URL is built once.
    let mut doc_url: Option<(crate::diagnostic::RuleId, Option<Uri>)> = None;
    let mut next_range = move || {
        let start = at.next().unwrap_or_default();
        lsp_types::Range::new(start, at.next().unwrap_or(start))
    };
    found
        .iter()
        .map(|d| {
            let range = next_range();
            let related: Vec<DiagnosticRelatedInformation> = d
                .related
                .iter()
                .map(|r| DiagnosticRelatedInformation {
                    location: Location::new(doc.uri.clone(), next_range()),
                    message: r.message.clone(),
                })
                .collect();
            let mut message = d.message.clone();
            if let Some(note) = &d.note {
                message.push('\n');
                message.push_str(note);
            }
            lsp_types::Diagnostic {
                range,
                severity: Some(severity(d.severity)),
                code: Some(NumberOrString::String(d.rule.to_string())),
                code_description: match &doc_url {
                    Some((rule, url)) if *rule == d.rule => url.clone(),
                    _ => {
                        let url = rule_doc_url(&d.rule);
                        doc_url = Some((d.rule, url.clone()));
                        url
                    }
                }
                .map(|href| CodeDescription { href }),
                source: Some("listlint".into()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                tags: None,
                data: None,
            }
        })
        .collect()
}

/// Byte-range edits as text edits.
pub(crate) fn edits(
    doc: &Document,
    edits: &[crate::fix::Edit],
    encoding: Encoding,
) -> Vec<TextEdit> {
    let lines = doc.lines(encoding);
    let offsets: Vec<usize> = edits
        .iter()
        .flat_map(|e| [e.span.start, e.span.end.max(e.span.start)])
        .collect();
    let pos = lines.positions(&offsets);
    edits
        .iter()
        .zip(pos.chunks(2))
        .map(|(e, p)| TextEdit::new(lsp_types::Range::new(p[0], p[1]), e.replacement.clone()))
        .collect()
}

/// The edits that turn the document's text into `new`: one per run of
/// changed lines, so the editor keeps the cursor and folds elsewhere.
pub(crate) fn diff_edits(doc: &Document, new: &str, encoding: Encoding) -> Vec<TextEdit> {
    let old = doc.text.as_str();
    if old == new {
        return Vec::new();
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let diff = similar::TextDiff::from_slices(&old_lines, &new_lines);
    // Byte offsets of line starts, one past the last line included.
    let starts = |lines: &[&str]| -> Vec<usize> {
        let mut v = Vec::with_capacity(lines.len() + 1);
        let mut at = 0;
        v.push(0);
        for l in lines {
            at += l.len();
            v.push(at);
        }
        v
    };
    let (old_starts, new_starts) = (starts(&old_lines), starts(&new_lines));
    let mut spans = Vec::new();
    for op in diff.ops() {
        if op.tag() == similar::DiffTag::Equal {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        spans.push(crate::fix::Edit::replace(
            old_starts[o.start]..old_starts[o.end],
            &new[new_starts[n.start]..new_starts[n.end]],
        ));
    }
    edits(doc, &spans, encoding)
}
