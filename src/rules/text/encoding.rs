//! `encoding`: a file that is not UTF-8 (or UTF-16), or a UTF-8 BOM when
//! `bom = "remove"`.
//!
//! The document is already decoded when rules run, so the fix has no text
//! edits: a fix of this rule tells `fix` to write the file as UTF-8 (and
//! without a BOM when configured), see [`crate::engine::fixer`].

use crate::fix::{Fix, Rewrite};
use crate::rules::*;
use crate::source::Encoding as Enc;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("encoding"),
    default: Level::On(Severity::Error),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "file not UTF-8 (or UTF-16), or a UTF-8 BOM when `bom = \"remove\"`",
    doc: include_str!("../../../rules/encoding.md"),
};

pub struct Encoding;

/// The rule's options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// `bom = "remove"`.
    pub remove_bom: bool,
}

impl RuleOptions for Options {
    fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), OptionError> {
        if key != "bom" {
            return Err(OptionError::Unknown);
        }
        self.remove_bom = match value.as_str() {
            Some("keep") => false,
            Some("remove") => true,
            _ => {
                return Err(OptionError::Invalid(format!(
                    "expected \"keep\" or \"remove\", found {value}"
                )));
            }
        };
        Ok(())
    }
}

impl Rule for Encoding {
    rule_facts!(meta: META, needs: Needs::Text, fix_priority: FixPriority::Encoding, options: Options);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = &cx.doc.text;
        match cx.source.encoding {
            Enc::Utf8 => {
                if cx.source.bom && cx.options::<Options>(META.id).remove_bom {
                    out.push(
                        Diagnostic::new(META.id, 0..0, "file starts with a UTF-8 byte-order mark")
                            .with_fix(Fix::rewrite(
                                "remove the byte-order mark",
                                Rewrite::WithoutBom,
                            )),
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
                    .with_fix(Fix::rewrite("transcode to UTF-8", Rewrite::Utf8)),
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
                    .with_fix(Fix::rewrite("transcode to UTF-8", Rewrite::Utf8)),
                );
            }
        }
    }
}

/// The finding on a file that cannot be decoded at all, and so is not
/// linted: an error whatever the rule's level.
pub(crate) fn unreadable(kind: crate::source::Unreadable) -> Diagnostic {
    use crate::source::Unreadable;
    let message = match kind {
        Unreadable::Binary => "binary file (NUL bytes): not linted",
        Unreadable::Utf32 => "file is UTF-32, not UTF-8: not linted",
        Unreadable::InvalidUtf16 => {
            "invalid UTF-16 after a byte-order mark (odd length, lone surrogate or NUL): not linted"
        }
    };
    let mut d = Diagnostic::new(META.id, 0..0, message);
    d.severity = Severity::Error;
    d
}
