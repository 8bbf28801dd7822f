//! `listlint fix`: apply fixes until stable, then write atomically (SPEC 5).

use std::path::Path;
use std::sync::Arc;

use crate::document::Detached;
use crate::fix::{Applicability, Fix, Rewrite, apply_edits};
use crate::lint::{Carried, FileLint, FileSettings, lint_model, parse_options, repairs_early};
use crate::rules::FixPriority;
use crate::rules::mojibake::EarlyLines;
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
    let (mut result, mut model) = lint_model(&source, settings, ws, Carried::default());
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
        (result, model) = lint_model(
            &current,
            settings,
            ws,
            Carried {
                model: Some(model),
                early: None,
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
        // Edits that cannot change the Markdown structure carry the model
        // over: the fixed text is not parsed again.
        let carry = |model: Detached| {
            (next.len() == spliced)
                .then(|| model.remap(&current.text, &next, &done.edits))
                .flatten()
        };
        let carried = if repairs_early(&next, settings) {
            // A large text's lines are repaired for `mojibake` meanwhile,
            // beside moving the model or, when it cannot be, parsing.
            let (model, early) = rayon::join(
                || {
                    carry(model).unwrap_or_else(|| {
                        let opts = parse_options(settings);
                        crate::document::parse(&next, &opts).detach(opts.structure)
                    })
                },
                || EarlyLines::new(&next),
            );
            Carried {
                model: Some(model),
                early: Some(early),
            }
        } else {
            Carried {
                model: carry(model),
                early: None,
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
        (result, model) = lint_model(&current, settings, ws, carried);
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

/// Writes a fixed file safely (SPEC 5): atomically through a temporary file
/// in the same directory, in place for hard-linked files, through a symlink
/// only when its target lies inside the tree being linted, never to a file
/// without an owner write bit or in a directory that cannot be written. The
/// file keeps its permissions, and on Unix its owner and group.
pub fn write(path: &Path, bytes: &[u8], root: &Path, original: &[u8]) -> Result<(), String> {
    std::fs::symlink_metadata(path).map_err(|e| format!("cannot write: {e}"))?;
    // A symlink, in the file's name or in a directory on its path, is
    // followed only to a target inside the tree being linted. A path without
    // a symlink names the file itself (`../notes.md` included), and is
    // written wherever it lies.
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot resolve: {e}"))?;
    if through_symlink(path).map_err(|e| format!("cannot resolve: {e}"))? {
        let tree = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
        if !target.starts_with(&tree) {
            return Err(format!(
                "is a symlink to `{}`, outside the tree being linted: not written",
                target.display()
            ));
        }
    }
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot write: {e}"))?;
    if !owner_writable(&meta) {
        return Err("has no write permission for its owner: not written".into());
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir_meta = std::fs::metadata(dir).map_err(|e| format!("cannot write: {e}"))?;
    if !owner_writable(&dir_meta) {
        return Err(format!(
            "directory `{}` is not writable: not written",
            dir.display()
        ));
    }
    if hard_links(&meta) > 1 {
        // Every name must see the fix.
        return rewrite_in_place(&target, bytes, original);
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.listlint-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<bool> {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        crate::fixer::signals::track(&tmp);
        // Before the mode is set: a change of owner clears set-user-ID and
        // set-group-ID bits.
        if !keep_owner(&f, &meta)? {
            return Ok(false);
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::set_permissions(&tmp, meta.permissions())?;
        std::fs::rename(&tmp, &target)?;
        Ok(true)
    })();
    signals::untrack(&tmp);
    match result {
        Ok(true) => Ok(()),
        Ok(false) => {
            // The temporary file cannot get the original's owner or group: a
            // user writing someone else's file (group-writable, say). A
            // rename would hand the file over to this user, and could leave
            // its owner unable to read it, so the file is rewritten in place
            // instead: not atomic, but owner, group, mode and inode stay
            // the file's own. When this user cannot write the file itself,
            // nothing is written.
            let _ = std::fs::remove_file(&tmp);
            rewrite_in_place(&target, bytes, original)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(format!("cannot write: {e}"))
        }
    }
}

/// Whether reaching `path` follows a symlink: its file name, or a directory
/// on its path, `..` components included (`link/..` is the parent of the
/// link's target, not the directory holding the link). A relative path
/// starts at the working directory, which the system gives with no symlink
/// in it.
fn through_symlink(path: &Path) -> std::io::Result<bool> {
    let mut walked = std::path::PathBuf::new();
    for c in std::path::absolute(path)?.components() {
        walked.push(c);
        if matches!(c, std::path::Component::Normal(_))
            && std::fs::symlink_metadata(&walked)?.is_symlink()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Rewrites a file in place, without truncating first, and puts the original
/// back if the write fails.
fn rewrite_in_place(target: &Path, bytes: &[u8], original: &[u8]) -> Result<(), String> {
    write_in_place(target, bytes).map_err(|e| {
        let _ = write_in_place(target, original);
        format!("cannot write: {e}")
    })
}

/// Gives a new file the owner and group of `meta`'s file; false when this
/// user may not.
#[cfg(unix)]
fn keep_owner(f: &std::fs::File, meta: &std::fs::Metadata) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let now = f.metadata()?;
    if (now.uid(), now.gid()) == (meta.uid(), meta.gid()) {
        return Ok(true);
    }
    match std::os::unix::fs::fchown(f, Some(meta.uid()), Some(meta.gid())) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) -> std::io::Result<bool> {
    Ok(true)
}

/// Overwrites a file's content in place (same inode).
fn write_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(bytes)?;
    f.set_len(bytes.len() as u64)?;
    f.sync_all()
}

#[cfg(unix)]
fn owner_writable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o200 != 0
}

#[cfg(not(unix))]
fn owner_writable(meta: &std::fs::Metadata) -> bool {
    !meta.permissions().readonly()
}

#[cfg(unix)]
fn hard_links(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn hard_links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Temporary files being written, removed if the run is interrupted.
pub(crate) mod signals {
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    pub fn track(p: &Path) {
        if let Ok(mut v) = PENDING.lock() {
            v.push(p.to_owned());
        }
    }

    pub fn untrack(p: &Path) {
        if let Ok(mut v) = PENDING.lock() {
            v.retain(|x| x != p);
        }
    }

    /// Removes every pending temporary file (called on SIGINT/SIGTERM).
    pub fn cleanup() {
        if let Ok(v) = PENDING.lock() {
            for p in v.iter() {
                let _ = std::fs::remove_file(p);
            }
        }
    }
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
