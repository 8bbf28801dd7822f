//! `encoding`: a file that is not UTF-8 (or UTF-16), or a UTF-8 BOM when
//! `bom = "remove"`.
//!
//! The document is already decoded when rules run, so the fix has no text
//! edits: a fix of this rule tells `fix` to write the file as UTF-8 (and
//! without a BOM when configured), see [`crate::fixer`].

use super::*;
use crate::fix::Fix;
use crate::source::Encoding as Enc;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "encoding",
    default: Level::On(Severity::Error),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "file not UTF-8 (or UTF-16), or a UTF-8 BOM when `bom = \"remove\"`",
    doc: include_str!("../../rules/encoding.md"),
};

/// The title of the fix that writes the file as UTF-8.
pub(crate) const TRANSCODE: &str = "transcode to UTF-8";
/// The title of the fix that drops the byte-order mark.
pub(crate) const REMOVE_BOM: &str = "remove the byte-order mark";

pub struct Encoding;

impl Rule for Encoding {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = &cx.doc.text;
        match cx.source.encoding {
            Enc::Utf8 => {
                if cx.source.bom && cx.settings.options.remove_bom {
                    out.push(
                        Diagnostic::new(META.id, 0..0, "file starts with a UTF-8 byte-order mark")
                            .with_fix(Fix::safe(REMOVE_BOM, Vec::new())),
                    );
                }
            }
            Enc::Legacy { charset } => {
                out.push(
                    Diagnostic::new(
                        META.id,
                        0..0,
                        format!("file is encoded in {charset}, not UTF-8"),
                    )
                    .with_note(format!(
                        "{charset} was detected from the bytes; the text reads the same in UTF-8"
                    ))
                    .with_fix(Fix::safe(TRANSCODE, Vec::new())),
                );
            }
            Enc::InvalidUtf8 { first_invalid } => {
                let at = crate::source::clamp_to_char(text, first_invalid.min(text.len()));
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                out.push(
                    Diagnostic::new(META.id, at..end, "file is not valid UTF-8")
                        .with_note("it mixes UTF-8 with bytes of another charset, so no single charset decodes it; invalid bytes were replaced for linting and the first one is here"),
                );
            }
            Enc::Utf16 { big_endian } => {
                let order = if big_endian {
                    "big-endian"
                } else {
                    "little-endian"
                };
                out.push(
                    Diagnostic::new(
                        META.id,
                        0..0,
                        format!("file is UTF-16 ({order}), not UTF-8"),
                    )
                    .with_fix(Fix::safe(TRANSCODE, Vec::new())),
                );
            }
        }
    }
}
