//! `encoding`: a file that is not UTF-8, or a UTF-8 BOM when configured away.

use super::*;
use crate::source::Encoding as Enc;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "encoding",
    default: Level::On(Severity::Error),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "file not UTF-8 (or UTF-16), or a UTF-8 BOM when `bom = \"remove\"`",
    doc: include_str!("../../rules/encoding.md"),
};

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
                    out.push(Diagnostic::new(
                        META.id,
                        0..0,
                        "file starts with a UTF-8 byte-order mark",
                    ));
                }
            }
            Enc::InvalidUtf8 { first_invalid } => {
                let at = crate::source::clamp_to_char(text, first_invalid.min(text.len()));
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                out.push(
                    Diagnostic::new(META.id, at..end, "file is not valid UTF-8").with_note(
                        "it was read with invalid bytes replaced; the first one is here",
                    ),
                );
            }
            Enc::Utf16 { big_endian } => {
                let order = if big_endian {
                    "big-endian"
                } else {
                    "little-endian"
                };
                out.push(Diagnostic::new(
                    META.id,
                    0..0,
                    format!("file is UTF-16 ({order}), not UTF-8"),
                ));
            }
        }
    }
}
