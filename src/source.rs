//! Bytes to text: decoding, line endings and the line index.
//!
//! Rules work on byte offsets into [`SourceFile::text`]; lines and columns
//! (Unicode scalar values, 1-based) are computed once, at the edge, by
//! [`LineIndex`].

use std::ops::Range;

/// A byte range into a document's text.
pub type Span = Range<usize>;

/// How the bytes of a file were turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoding {
    /// Valid UTF-8 (the only encoding a fix writes).
    Utf8,
    /// Not valid UTF-8: decoded lossily so the other rules still run.
    /// `first_invalid` is the byte offset of the first invalid sequence.
    /// This is what a file that mixes UTF-8 with another charset gets: no
    /// single charset decodes it, so nothing is transcoded.
    InvalidUtf8 { first_invalid: usize },
    /// A legacy charset (detected with chardetng), decoded without loss.
    Legacy { charset: &'static str },
    /// UTF-16 with a byte-order mark, decoded.
    Utf16 { big_endian: bool },
}

/// A decoded document.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given or found (used in messages and config lookup).
    pub path: std::path::PathBuf,
    /// The text, without a leading UTF-8 BOM.
    pub text: String,
    /// Whether the file started with a UTF-8 byte-order mark.
    pub bom: bool,
    pub encoding: Encoding,
}

/// Why a file's bytes are not linted at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// NUL bytes: a binary file, reported and never rewritten.
    Binary,
    /// UTF-32 and other encodings that are not Markdown text.
    Utf32,
    /// A UTF-16 byte-order mark, then something that is not UTF-16 (a
    /// lone surrogate, an odd length, NUL characters).
    InvalidUtf16,
}

impl SourceFile {
    /// Decodes `bytes`; never fails on text, refuses binary data.
    ///
    /// The bytes stay with the caller (`fix` keeps them as they were): the
    /// text is a copy. Valid UTF-8 is recognised with `encoding_rs`, whose
    /// check is many times faster than the standard library's on text that
    /// is not ASCII; copying costs less than the standard check.
    pub fn decode(path: std::path::PathBuf, bytes: impl AsRef<[u8]>) -> Result<Self, Unreadable> {
        let bytes = bytes.as_ref();
        if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
            return Err(Unreadable::Utf32);
        }
        if let Some(big_endian) = match bytes.get(..2) {
            Some([0xFF, 0xFE]) => Some(false),
            Some([0xFE, 0xFF]) => Some(true),
            _ => None,
        } {
            let units = bytes[2..].chunks(2).map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if big_endian {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            });
            // Decoded strictly: a lossy decode would be written back as if
            // it were the file's text.
            if !bytes.len().is_multiple_of(2) {
                return Err(Unreadable::InvalidUtf16);
            }
            let text: String = char::decode_utf16(units)
                .collect::<Result<_, _>>()
                .map_err(|_| Unreadable::InvalidUtf16)?;
            if text.contains('\0') {
                return Err(Unreadable::InvalidUtf16);
            }
            return Ok(Self {
                path,
                text,
                bom: false,
                encoding: Encoding::Utf16 { big_endian },
            });
        }
        if memchr::memchr(0, bytes).is_some() {
            return Err(Unreadable::Binary);
        }
        let bom = bytes.starts_with(b"\xEF\xBB\xBF");
        let bytes = if bom { &bytes[3..] } else { bytes };
        match encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(text) => Ok(Self {
                path,
                text: text.into_owned(),
                bom,
                encoding: Encoding::Utf8,
            }),
            None => {
                let first_invalid = encoding_rs::Encoding::utf8_valid_up_to(bytes);
                // Only the last character cut short (`Caf\xC3`): UTF-8 that
                // was truncated, not another charset.
                let truncated = std::str::from_utf8(&bytes[first_invalid..])
                    .is_err_and(|e| e.error_len().is_none());
                if !truncated
                    && !has_utf8_multibyte(bytes)
                    && let Some((text, charset)) = decode_legacy(bytes)
                {
                    return Ok(Self {
                        path,
                        text,
                        bom,
                        encoding: Encoding::Legacy { charset },
                    });
                }
                let text = String::from_utf8_lossy(bytes).into_owned();
                Ok(Self {
                    path,
                    text,
                    bom,
                    encoding: Encoding::InvalidUtf8 { first_invalid },
                })
            }
        }
    }
}

/// Whether any valid multi-byte UTF-8 sequence occurs: then the file is
/// (partly) UTF-8 and a legacy charset would turn that part into mojibake.
fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return !s.is_ascii(),
            Err(e) => {
                let valid = &rest[..e.valid_up_to()];
                if !valid.is_ascii() {
                    return true;
                }
                let skip = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                rest = &rest[e.valid_up_to() + skip..];
            }
        }
    }
}

/// Detects a legacy charset and decodes with it, only when that decoding
/// is exact (no byte it cannot map).
fn decode_legacy(bytes: &[u8]) -> Option<(String, &'static str)> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let charset = detector.guess(None, chardetng::Utf8Detection::Deny);
    if charset == encoding_rs::UTF_8 {
        return None;
    }
    let text = charset.decode_without_bom_handling_and_without_replacement(bytes)?;
    Some((text.into_owned(), charset.name()))
}

/// Line starts of a text, for turning byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the start of every line; `starts[0] == 0`.
    starts: Vec<usize>,
    len: usize,
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    /// Indexes `text`; a line ends after `\n`, after `\r\n`, or after a lone `\r`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        if memchr::memchr(b'\r', bytes).is_none() {
            // Most texts end their lines with `\n` alone: one search for it
            // over the whole text, not one per line.
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|at| at + 1));
            return Self {
                starts,
                len: text.len(),
            };
        }
        let mut i = 0;
        while let Some(pos) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + pos;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
        }
        Self {
            starts,
            len: text.len(),
        }
    }

    /// The index of a text of `len` bytes whose line starts are these
    /// starts moved by `at` (`None` when one cannot be moved).
    pub(crate) fn moved(
        &self,
        len: usize,
        mut at: impl FnMut(usize) -> Option<usize>,
    ) -> Option<Self> {
        let starts = self
            .starts
            .iter()
            .map(|&s| at(s))
            .collect::<Option<Vec<usize>>>()?;
        Some(Self { starts, len })
    }

    /// The number of lines (a final line ending opens no new line).
    pub fn line_count(&self) -> usize {
        if self.starts.len() > 1 && *self.starts.last().unwrap() == self.len {
            self.starts.len() - 1
        } else {
            self.starts.len()
        }
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte range of 0-based `line`, without its line ending.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// Start offset of 0-based `line`.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// Converts sorted-or-not offsets to line/column in one forward pass per
    /// line, so many positions on one long line cost linear time.
    pub fn locate_many(&self, text: &str, offsets: &[usize]) -> Vec<LineCol> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![LineCol { line: 1, column: 1 }; offsets.len()];
        let mut cur_line = usize::MAX;
        let mut cur_off = 0;
        let mut cur_col = 0;
        for i in order {
            let off = clamp_to_char(text, offsets[i].min(text.len()));
            let line = self.line_of(off);
            if line != cur_line || off < cur_off {
                cur_line = line;
                cur_off = self.starts[line];
                cur_col = 0;
            }
            cur_col += text[cur_off..off].chars().count();
            cur_off = off;
            out[i] = LineCol {
                line: line + 1,
                column: cur_col + 1,
            };
        }
        out
    }
}

/// The largest char boundary at or before `offset`.
pub fn clamp_to_char(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_scalar_columns_and_all_line_endings() {
        let text = "ab\r\ncé\rx\ny";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let pos = idx.locate_many(text, &[0, 4, 6, 7, 8, 10, 11]);
        let lc: Vec<_> = pos.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(
            lc,
            vec![(1, 1), (2, 1), (2, 2), (2, 3), (3, 1), (4, 1), (4, 2)]
        );
        assert_eq!(idx.line_span(text, 0), 0..2);
    }

    #[test]
    fn legacy_charsets_are_detected_and_decoded() {
        let src = SourceFile::decode("x.md".into(), b"Caf\xE9 cr\xE8me, d\xE9j\xE0 vu\n").unwrap();
        assert_eq!(
            src.encoding,
            Encoding::Legacy {
                charset: "windows-1252"
            }
        );
        assert_eq!(src.text, "Café crème, déjà vu\n");
    }

    #[test]
    fn utf8_mixed_with_another_charset_is_decoded_lossily_and_located() {
        let src = SourceFile::decode("x.md".into(), b"ok \xC3\xA9\n\xE9t\xE9\n").unwrap();
        assert_eq!(src.encoding, Encoding::InvalidUtf8 { first_invalid: 6 });
        assert!(src.text.contains('\u{FFFD}'));
    }

    #[test]
    fn bom_is_stripped_and_remembered() {
        let src = SourceFile::decode("x.md".into(), b"\xEF\xBB\xBF# T\n").unwrap();
        assert!(src.bom);
        assert_eq!(src.text, "# T\n");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(
            SourceFile::decode("x.md".into(), b"a\0b").unwrap_err(),
            Unreadable::Binary
        );
    }
}
