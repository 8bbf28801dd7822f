//! `listlint fix`: apply fixes until stable, then write atomically.

use std::sync::Arc;

use crate::document::Detached;
use crate::engine::lint::{
    Carried, FileLint, FileSettings, lint_model, parse_options, prepare, prepares_early,
};
use crate::fix::{Applicability, Fix, Rewrite, apply_edits};
use crate::rules::FixPriority;
use crate::source::{Encoding, SourceFile};
use crate::workspace::Workspace;

/// Passes of lint-and-apply before giving up on convergence.
const MAX_PASSES: usize = 10;

/// A file's text before and after fixing, as bytes to write.
#[derive(Debug)]
pub struct Fixed {
    original: Arc<Vec<u8>>,
    /// The original, decoded, when it was not UTF-8 (for a readable diff)
    /// and what it was.
    original_text: Option<(String, String)>,
    output: Vec<u8>,
    /// How many fixes were applied.
    pub applied: usize,
}

impl Fixed {
    pub fn changed(&self) -> bool {
        self.output != *self.original
    }

    pub fn output(&self) -> &[u8] {
        &self.output
    }

    /// The bytes to write, moved out (what is left is empty).
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.output)
    }

    pub fn original(&self) -> &[u8] {
        &self.original
    }

    /// The original bytes, shared (a later pass of `fix` keeps them).
    pub fn original_shared(&self) -> Arc<Vec<u8>> {
        Arc::clone(&self.original)
    }

    /// A unified diff from the file as it is to the file as `fix` would write it.
    pub fn diff(&self, path: &str) -> String {
        // A file in another encoding is compared as text: its bytes would
        // show every non-ASCII character as changed.
        let (old, old_header) = match &self.original_text {
            Some((text, encoding)) => (
                std::borrow::Cow::Borrowed(text.as_str()),
                format!("a/{path} ({encoding})"),
            ),
            None => (String::from_utf8_lossy(&self.original), format!("a/{path}")),
        };
        let new = String::from_utf8_lossy(&self.output);
        let body = unified_diff(&old, &new, &old_header, &format!("b/{path}"));
        if body.is_empty() && self.changed() {
            // Only the encoding (or the BOM) changes.
            return format!("--- {old_header}\n+++ b/{path} (UTF-8)\n");
        }
        body
    }
}

/// The lines of a text as `patch` and `git apply` read them: split only
/// after `\n`, each with its terminator; a lone `\r` (old Mac or mixed
/// line endings) is part of the line.
fn patch_lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// A unified diff of two texts with three lines of context; empty when
/// they are equal.
///
/// Every line of the diff ends in `\n`: a line without one (the last of a
/// text without a final newline) is followed by the `\ No newline at end
/// of file` marker.
fn unified_diff(old: &str, new: &str, old_header: &str, new_header: &str) -> String {
    use std::fmt::Write;
    let (old_lines, new_lines) = (patch_lines(old), patch_lines(new));
    let diff = similar::TextDiff::from_slices(&old_lines, &new_lines);
    let mut out = String::new();
    for ops in diff.grouped_ops(3) {
        if ops.is_empty() {
            continue;
        }
        if out.is_empty() {
            let _ = writeln!(out, "--- {old_header}\n+++ {new_header}");
        }
        let _ = writeln!(out, "{}", similar::udiff::UnifiedHunkHeader::new(&ops));
        for change in ops.iter().flat_map(|op| diff.iter_changes(op)) {
            let line = change.value();
            out.push(match change.tag() {
                similar::ChangeTag::Equal => ' ',
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
            });
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// On overlapping edits, which rule's fix goes first: as the rule says
/// ([`crate::rules::Rule::fix_priority`]).
fn priority(rule: &str) -> FixPriority {
    crate::rules::by_id(rule).map_or(FixPriority::Other, |r| r.fix_priority())
}

/// The line-ending style of a text when it has only one.
fn uniform_eol(text: &str) -> Option<&'static str> {
    let b = text.as_bytes();
    let lf = memchr::memchr_iter(b'\n', b).count();
    let (mut cr, mut crlf) = (0, 0);
    for i in memchr::memchr_iter(b'\r', b) {
        if b.get(i + 1) == Some(&b'\n') {
            crlf += 1;
        } else {
            cr += 1;
        }
    }
    match (crlf > 0, lf > crlf, cr > 0) {
        (true, false, false) => Some("\r\n"),
        (false, false, true) => Some("\r"),
        _ => None,
    }
}

/// Rewrites lone `\n` (inserted by fixes) to the file's own line ending.
fn restore_eol(text: String, eol: Option<&str>) -> String {
    let Some(eol) = eol.filter(|e| *e != "\n") else {
        return text;
    };
    let mut out = String::with_capacity(text.len());
    let mut prev = '\0';
    for c in text.chars() {
        if c == '\n' && prev != '\r' {
            out.push_str(eol);
        } else {
            out.push(c);
        }
        prev = c;
    }
    out
}

/// Applies the fixes of the selected rules until nothing changes; returns
/// the fixed source, what remains to report, and the bytes to write.
///
/// A fix that rewrites ([`Rewrite`], the `encoding` rule's) carries no
/// edits: it says how to write the text (as UTF-8, without a BOM). A file that is not UTF-8 is rewritten
/// only through them; a lossy decode is never written.
pub fn fix(
    source: SourceFile,
    original: impl Into<Arc<Vec<u8>>>,
    settings: &FileSettings,
    ws: &Workspace,
    unsafe_fixes: bool,
) -> (SourceFile, FileLint, Fixed) {
    let original = original.into();
    let encoding_fix = |result: &FileLint, rewrite: Rewrite| {
        result
            .diagnostics
            .iter()
            .any(|d| d.fix.as_ref().is_some_and(|f| f.rewrite == Some(rewrite)))
    };
    let original_text = match source.encoding {
        Encoding::Utf8 | Encoding::InvalidUtf8 { .. } => None,
        Encoding::Utf16 { big_endian } => Some((
            source.text.clone(),
            if big_endian { "UTF-16BE" } else { "UTF-16LE" }.to_owned(),
        )),
        Encoding::Legacy { charset } => Some((source.text.clone(), charset.to_owned())),
    };
    let (mut result, mut model, mut kept) = lint_model(&source, settings, ws, Carried::default());
    let transcode = encoding_fix(&result, Rewrite::Utf8);
    let remove_bom = encoding_fix(&result, Rewrite::WithoutBom);
    let utf8 = source.encoding == Encoding::Utf8;
    if !utf8 && !transcode {
        let fixed = Fixed {
            output: original.to_vec(),
            original,
            original_text: None,
            applied: 0,
        };
        return (source, result, fixed);
    }
    let mut applied = usize::from(transcode) + usize::from(remove_bom);
    let eol = uniform_eol(&source.text);
    let mut current = source;
    // The encoding fixes change how the text is written, not the text:
    // apply both, then lint once more.
    if transcode {
        current.encoding = Encoding::Utf8;
    }
    if remove_bom {
        current.bom = false;
    }
    if transcode || remove_bom {
        // The same text: the same model.
        (result, model, kept) = lint_model(
            &current,
            settings,
            ws,
            Carried {
                model: Some(model),
                prepared: kept,
            },
        );
    }
    for _ in 0..MAX_PASSES {
        let mut fixes: Vec<(FixPriority, usize, &Fix)> = result
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| (priority(&d.rule), d.span.start, f)))
            .filter(|(_, _, f)| !f.edits.is_empty())
            .filter(|(_, _, f)| unsafe_fixes || f.applicability == Applicability::Safe)
            .collect();
        fixes.sort_by_key(|&(p, start, _)| (p, start));
        let fixes: Vec<&Fix> = fixes.into_iter().map(|(_, _, f)| f).collect();
        let done = apply_edits(&current.text, &fixes);
        if done.fixes == 0 || done.text == current.text {
            break;
        }
        applied += done.fixes;
        let spliced = done.text.len();
        let next = restore_eol(done.text, eol);
        // The model of the fixed text: moved over the edits when they
        // cannot change the Markdown structure, else parsed. The edits'
        // spans hold only when no line ending was restored.
        let edits: &[&crate::fix::Edit] = if next.len() == spliced {
            &done.edits
        } else {
            &[]
        };
        let opts = parse_options(settings);
        let edited = |model: Detached| model.edited(&current.text, &next, edits, &opts);
        let previous = std::mem::take(&mut kept);
        let carried = if prepares_early(&next) {
            // A large text is prepared for the rules meanwhile.
            let (model, prepared) =
                rayon::join(|| edited(model), || prepare(&next, settings, previous));
            Carried {
                model: Some(model),
                prepared,
            }
        } else {
            Carried {
                model: Some(edited(model)),
                prepared: previous,
            }
        };
        current.text = next;
        // Tens of thousands of diagnostics take a while to free: on another
        // core, while the text is linted again.
        let stale = std::mem::take(&mut result);
        if stale.diagnostics.len() >= 4096 {
            rayon::spawn(move || drop(stale));
        } else {
            drop(stale);
        }
        (result, model, kept) = lint_model(&current, settings, ws, carried);
    }
    let mut output = Vec::with_capacity(current.text.len() + 3);
    if current.bom {
        output.extend_from_slice(b"\xEF\xBB\xBF");
    }
    output.extend_from_slice(current.text.as_bytes());
    (
        current,
        result,
        Fixed {
            original,
            original_text,
            output,
            applied,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_are_restored_only_for_uniform_files() {
        assert_eq!(uniform_eol("a\r\nb\r\n"), Some("\r\n"));
        assert_eq!(uniform_eol("a\rb\r"), Some("\r"));
        assert_eq!(uniform_eol("a\nb\r\n"), None);
        assert_eq!(restore_eol("a\r\nb\nc".into(), Some("\r\n")), "a\r\nb\r\nc");
        assert_eq!(restore_eol("a\nb".into(), Some("\r")), "a\rb");
    }

    #[test]
    fn diff_lines_end_only_at_line_feeds() {
        let diff = unified_diff("a\rb \nc\r", "a\nb\nc", "a/f", "b/f");
        assert_eq!(
            diff,
            "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n-a\rb \n-c\r\n\\ No newline at end of file\n\
             +a\n+b\n+c\n\\ No newline at end of file\n"
        );
        assert_eq!(unified_diff("a\r", "a\r", "a/f", "b/f"), "");
        assert_eq!(
            unified_diff("", "a\n", "a/f", "b/f"),
            "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n"
        );
    }
}
