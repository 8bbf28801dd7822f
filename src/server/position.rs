//! Byte offsets to LSP positions and back, in the encoding the client
//! negotiated.
//!
//! An LSP position is a 0-based line and a 0-based count of code units
//! into that line: UTF-16 units unless the client offered another
//! encoding at `initialize`. Lines end after `\n`, `\r\n` or a lone `\r`,
//! as in [`LineIndex`]. A position past the end of its line means the end
//! of the line, one past the last line the end of the text.

use lsp_types::Position;

use crate::source::LineIndex;

/// The unit of a position's `character`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// UTF-8 when the client offers it (it costs no conversion), else
    /// the first of UTF-32 and UTF-16 it lists, else UTF-16 (which every
    /// client understands).
    pub fn negotiate(offered: Option<&[lsp_types::PositionEncodingKind]>) -> Self {
        use lsp_types::PositionEncodingKind as Kind;
        let offered = offered.unwrap_or_default();
        if offered.contains(&Kind::UTF8) {
            return Encoding::Utf8;
        }
        match offered
            .iter()
            .find(|k| **k == Kind::UTF32 || **k == Kind::UTF16)
        {
            Some(k) if *k == Kind::UTF32 => Encoding::Utf32,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> lsp_types::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp_types::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp_types::PositionEncodingKind::UTF16,
            Encoding::Utf32 => lsp_types::PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// A text with its line index, for converting positions.
pub(crate) struct Lines<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

impl Lines<'_> {
    /// The byte offset of `pos`, clamped to its line and to the text.
    pub fn offset(&self, pos: Position) -> usize {
        let line = pos.line as usize;
        if line >= self.index.line_count() {
            // Past the last line: the end of the text, unless the text
            // ends in a line ending and the position is on the empty line
            // after it (which starts at the end anyway).
            return self.text.len();
        }
        let span = self.index.line_span(self.text, line);
        let want = pos.character as usize;
        if self.encoding == Encoding::Utf8 {
            let at = span.start + want.min(span.len());
            return crate::source::clamp_to_char(self.text, at);
        }
        let mut units = 0;
        for (i, c) in self.text[span.clone()].char_indices() {
            if units >= want {
                return span.start + i;
            }
            units += self.encoding.units(c);
        }
        span.end
    }

    /// The positions of byte offsets, in one pass per line (many offsets
    /// on one long line cost linear time).
    pub fn positions(&self, offsets: &[usize]) -> Vec<Position> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![Position::new(0, 0); offsets.len()];
        let (mut cur_line, mut cur_off, mut cur_units) = (usize::MAX, 0, 0);
        for i in order {
            let off = crate::source::clamp_to_char(self.text, offsets[i].min(self.text.len()));
            let line = self.index.line_of(off);
            if line != cur_line {
                cur_line = line;
                cur_off = self.index.line_start(line);
                cur_units = 0;
            }
            // An offset inside a `\r\n` pair counts as the end of the line.
            let off = off.max(cur_off);
            cur_units += match self.encoding {
                Encoding::Utf8 => off - cur_off,
                e => self.text[cur_off..off].chars().map(|c| e.units(c)).sum(),
            };
            cur_off = off;
            out[i] = Position::new(to_u32(line), to_u32(cur_units));
        }
        out
    }

    #[cfg(test)]
    fn position(&self, offset: usize) -> Position {
        self.positions(&[offset])[0]
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, encoding: Encoding, f: impl FnOnce(&Lines<'_>)) {
        let index = LineIndex::new(text);
        f(&Lines {
            text,
            index: &index,
            encoding,
        });
    }

    #[test]
    fn astral_cjk_and_emoji_count_in_the_negotiated_unit() {
        // 😀 is 4 bytes, 2 UTF-16 units, 1 scalar; 漢 is 3 bytes, 1 unit.
        let text = "a😀漢b\r\nx\ry\n";
        let b = text.find('b').unwrap();
        for (encoding, character) in [
            (Encoding::Utf8, 8),
            (Encoding::Utf16, 4),
            (Encoding::Utf32, 3),
        ] {
            lines(text, encoding, |l| {
                assert_eq!(l.position(b), Position::new(0, character), "{encoding:?}");
                assert_eq!(l.offset(Position::new(0, character)), b, "{encoding:?}");
                assert_eq!(l.offset(Position::new(0, 99)), b + 1);
                assert_eq!(l.position(text.find('y').unwrap()), Position::new(2, 0));
                assert_eq!(l.offset(Position::new(9, 0)), text.len());
            });
        }
        // Halfway into a surrogate pair: the character it belongs to.
        lines(text, Encoding::Utf16, |l| {
            assert_eq!(l.offset(Position::new(0, 2)), 1 + 4);
        });
    }
}
