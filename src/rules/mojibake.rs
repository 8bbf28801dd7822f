//! `mojibake`: UTF-8 text that was decoded with the wrong charset
//! (`HuggingFaceâ€™s`, `Ã©tÃ©`), in text, link text and URLs (raw and
//! percent-encoded), also when it happened twice.
//!
//! A UTF-8 character of two to four bytes, read as a single-byte charset,
//! becomes a lead character followed by one to three continuation
//! characters. Each such run (a *unit*) is mapped back to its bytes and
//! decoded. A repair is made only when it is certain: the decoded
//! character is plausible, the unit carries evidence (a C1 control, a
//! lead `Â`/`Ã`, a continuation that no word ends with, three or four
//! bytes), the line has at least one such unit, and the repaired word keeps
//! to one script. Otherwise the rule warns and leaves the text alone.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use rayon::prelude::*;

use super::*;
use crate::fix::{Edit, Fix};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "mojibake",
    default: Level::On(Severity::Error),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "UTF-8 text decoded with the wrong charset (`â€™`, `Ã©`, …), in text, link text and URLs",
    doc: include_str!("../../rules/mojibake.md"),
};

pub struct Mojibake;

/// A single-byte charset: which byte each of its characters stands for.
struct Charset {
    name: &'static str,
    /// Byte of each character below U+2600 (0: none), the rest in `byte`.
    table: Vec<u8>,
    byte: HashMap<char, u8>,
    /// Its high half is mostly Cyrillic letters.
    cyrillic: bool,
}

/// `rules/data/charsets.txt`, in order of preference: Windows-1252 first
/// (also standing for Latin-1 and the "sloppy" decoders that keep the five
/// undefined bytes as C1 controls).
static CHARSETS: LazyLock<Vec<Charset>> = LazyLock::new(|| {
    include_str!("../../rules/data/charsets.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (name, table) = l.split_once('\t').expect("name, tab, table");
            let name: &'static str = Box::leak(name.to_owned().into_boxed_str());
            let mut byte = HashMap::new();
            for (i, cp) in table.split(' ').enumerate() {
                let b = 0x80 + i as u8;
                if let Some(c) = u32::from_str_radix(cp, 16).ok().and_then(char::from_u32) {
                    byte.insert(c, b);
                }
                if name == "windows-1252" {
                    // Latin-1 reads 0x80–0x9F as C1 controls.
                    byte.entry(char::from_u32(u32::from(b)).expect("latin-1"))
                        .or_insert(b);
                }
            }
            let cyrillic = byte
                .keys()
                .filter(|&&c| ('\u{400}'..='\u{4FF}').contains(&c))
                .count()
                > 48;
            let mut table = vec![0u8; TABLE_SIZE];
            byte.retain(|&c, &mut b| {
                let i = c as usize;
                if i < TABLE_SIZE {
                    table[i] = b;
                    false
                } else {
                    true
                }
            });
            Charset {
                name,
                table,
                byte,
                cyrillic,
            }
        })
        .collect()
});

/// The charsets (bit per index in [`CHARSETS`]) where a character is a
/// lead byte, and those where it is a continuation byte.
type Mask = (u16, u16);

/// [`Mask`]s of every character. A word can hold a unit of a charset only
/// if a lead of it is followed by a continuation of it: one pass finds which.
struct Masks {
    /// Below [`TABLE_SIZE`].
    table: Vec<Mask>,
    /// The few characters above the table that a charset has (the Apple
    /// logo, ligatures), sorted.
    extra: Vec<(char, Mask)>,
}

impl Masks {
    #[inline]
    fn of(&self, c: char) -> Mask {
        let i = c as usize;
        if i < TABLE_SIZE {
            return self.table[i];
        }
        // CJK and most other characters above the table come before the
        // first extra one.
        if self.extra.first().is_none_or(|e| c < e.0) {
            return (0, 0);
        }
        self.extra
            .binary_search_by_key(&c, |e| e.0)
            .map_or((0, 0), |at| self.extra[at].1)
    }
}

static MASKS: LazyLock<Masks> = LazyLock::new(|| {
    let mut table = vec![(0u16, 0u16); TABLE_SIZE];
    let mut extra: Vec<(char, Mask)> = Vec::new();
    for (k, cs) in CHARSETS.iter().enumerate() {
        for (i, &b) in cs.table.iter().enumerate() {
            if (0xC2..=0xF4).contains(&b) {
                table[i].0 |= 1 << k;
            }
            if (0x80..=0xBF).contains(&b) {
                table[i].1 |= 1 << k;
            }
        }
        for (&c, &b) in &cs.byte {
            let at = match extra.binary_search_by_key(&c, |e| e.0) {
                Ok(at) => at,
                Err(at) => {
                    extra.insert(at, (c, (0, 0)));
                    at
                }
            };
            match b {
                0xC2..=0xF4 => extra[at].1.0 |= 1 << k,
                0x80..=0xBF => extra[at].1.1 |= 1 << k,
                _ => {}
            }
        }
    }
    Masks { table, extra }
});

/// The charsets whose units `word` may contain.
fn candidate_charsets(word: &str) -> u16 {
    let masks: &Masks = &MASKS;
    let mut found = 0;
    let mut prev_lead = 0;
    for c in word.chars() {
        let (lead, cont) = masks.of(c);
        found |= prev_lead & cont;
        prev_lead = lead;
    }
    found
}

/// The words of a line (runs between ASCII spaces and punctuation) that
/// may hold a unit of some charset: those where a lead of a charset is
/// followed by a continuation of it. The same words as splitting the line
/// and keeping those with [`candidate_charsets`], in one pass over the
/// bytes that costs little on ASCII.
fn candidate_words(line: &str, out: &mut Vec<std::ops::Range<usize>>) {
    let masks: &Masks = &MASKS;
    let bytes = line.as_bytes();
    let boundary = |b: u8| b < 0x80 && !b.is_ascii_alphanumeric();
    let mut start = 0;
    let mut found = 0u16;
    let mut prev_lead = 0u16;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // No charset here maps a byte to ASCII: an ASCII letter or
            // digit is neither lead nor continuation.
            prev_lead = 0;
            if found == 0 {
                // Nothing to end: jump to the next non-ASCII character,
                // where the word around it starts.
                let j = i + next_non_ascii(&bytes[i..]);
                if let Some(k) = bytes[i..j].iter().rposition(|&b| boundary(b)) {
                    start = i + k + 1;
                }
                i = j;
                continue;
            }
            if boundary(b) {
                out.push(start..i);
                found = 0;
                start = i + 1;
            }
            i += 1;
            continue;
        }
        let (c, n) = char_at(bytes, i);
        let (lead, cont) = masks.of(c);
        found |= prev_lead & cont;
        prev_lead = lead;
        i += n;
    }
    if found != 0 {
        out.push(start..bytes.len());
    }
}

/// The offset of the first byte of `bytes` that is not ASCII (its length
/// if none), eight bytes at a time.
fn next_non_ascii(bytes: &[u8]) -> usize {
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let high = u64::from_le_bytes(chunk.try_into().expect("8 bytes")) & 0x8080_8080_8080_8080;
        if high != 0 {
            // The lowest set bit is in the first byte that is not ASCII.
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 {
        i += 1;
    }
    i
}

/// The character that starts at byte `i` of `bytes` (valid UTF-8, taken
/// from a `str`) and its length: decoded without checking again.
#[inline]
fn char_at(bytes: &[u8], i: usize) -> (char, usize) {
    let lead = u32::from(bytes[i]);
    let cont = |k: usize| u32::from(bytes[i + k] & 0x3F);
    let (u, n) = match lead {
        0..=0x7F => (lead, 1),
        0xC0..=0xDF => (((lead & 0x1F) << 6) | cont(1), 2),
        0xE0..=0xEF => (((lead & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => (
            ((lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
    };
    (char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER), n)
}

/// Characters below this have their byte in a flat table.
const TABLE_SIZE: usize = 0x2600;

impl Charset {
    /// The byte a non-ASCII character stands for.
    fn byte(&self, c: char) -> Option<u8> {
        let i = c as usize;
        if i < 0x80 {
            return None;
        }
        if i < TABLE_SIZE {
            let b = self.table[i];
            return (b != 0).then_some(b);
        }
        self.byte.get(&c).copied()
    }
}

/// Letters of Russian, Ukrainian and Belarusian, which follow each other in
/// words; the other Cyrillic letters of Windows-1251 (`Ђ`, `Њ`, `ћ`…) next
/// to a lead are mojibake.
fn common_cyrillic(c: char) -> bool {
    matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' | 'і' | 'І' | 'ї' | 'Ї' | 'є' | 'Є' | 'ґ' | 'Ґ' | 'ў' | 'Ў')
}

/// Characters that legitimately follow the last letter of a word (closing
/// quotes, dashes, ellipsis, bullets): weak evidence on their own.
fn word_final_punct(c: char) -> bool {
    matches!(
        c,
        '’' | '‘' | '”' | '“' | '»' | '«' | '…' | '–' | '—' | '•' | '\u{A0}'
    )
}

/// Punctuation that starts quotes and asides: as a *lead* (Mac OS Roman
/// reads them as lead bytes) it is far more often text than mojibake.
fn opening_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '–' | '—' | '…' | '«' | '»' | '‹' | '›'
    )
}

/// Whether a repaired character is one a text would contain.
fn plausible(d: char) -> bool {
    let u = d as u32;
    // C1 controls are kept: in double mojibake they are the middle step.
    !((d.is_control() && !('\u{80}'..='\u{9F}').contains(&d))
        || (0x0700..=0x07FF).contains(&u) // Syriac, Thaana, NKo: `ß“` is German, not NKo
        || (0x0591..=0x05C7).contains(&u) // Hebrew points: never alone
        || (0x0610..=0x061A).contains(&u)
        || matches!(u, 0x0378 | 0x0379 | 0x0380..=0x0383 | 0x038B | 0x038D | 0x03A2) // unassigned Greek
        || (0x064B..=0x065F).contains(&u) // Arabic marks
        || (0xE000..=0xF8FF).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || u & 0xFFFE == 0xFFFE
        || u >= 0xF0000
        || d == '\u{FFFD}')
}

/// A mis-decoded UTF-8 character found in a word.
struct Unit {
    /// Byte range in the word.
    span: std::ops::Range<usize>,
    decoded: char,
    certain: bool,
    /// Weak and at the end of a word after a letter: repaired only when the
    /// word has certain units too.
    fragile: bool,
}

/// The units of `word` under charset `cs`, in `out` (cleared first: one
/// buffer serves all the tries of a word).
fn units(word: &str, cs: &Charset, relaxed: bool, out: &mut Vec<Unit>) {
    out.clear();
    // Whether the word has an ASCII letter: asked only of Cyrillic
    // letters, answered once.
    let mut ascii_alpha: Option<bool> = None;
    // Whether the word has a lowercase letter: asked only in words of
    // capitals, answered once.
    let mut has_lowercase: Option<bool> = None;
    let mut iter = word.char_indices();
    while let Some((at, c)) = iter.next() {
        let (n, lead) = match cs.byte(c) {
            Some(b @ 0xC2..=0xDF) => (1, b),
            Some(b @ 0xE0..=0xEF) => (2, b),
            Some(b @ 0xF0..=0xF4) => (3, b),
            _ => continue,
        };
        let mut bytes = [lead, 0, 0, 0];
        let mut conts = ['\0'; 3];
        // The continuations, looked at without consuming them: a unit that
        // fails leaves its characters to be leads of the next one.
        let mut ahead = iter.clone();
        let mut ok = true;
        for j in 1..=n {
            let Some((_, cc)) = ahead.next() else {
                ok = false;
                break;
            };
            match cs.byte(cc) {
                Some(b @ 0x80..=0xBF) => {
                    bytes[j] = b;
                    conts[j - 1] = cc;
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        let Some(decoded) = decode_utf8(&bytes[..=n]).filter(|&d| plausible(d)) else {
            continue;
        };
        let conts = &conts[..n];
        // In a Cyrillic charset, letters followed by letters are words
        // (`Её`, `жё`), not mojibake.
        if cs.cyrillic
            && !relaxed
            && is_letter(c)
            && conts.iter().all(|&cc| common_cyrillic(cc))
            && !*ascii_alpha.get_or_insert_with(|| word.bytes().any(|b| b.is_ascii_alphabetic()))
        {
            continue;
        }
        let end = ahead.offset();
        let prev = word[..at].chars().next_back();
        let next = word[end..].chars().next();
        // In a word of capitals, a Latin capital after a capital that would
        // read, with the sign after it, as a lowercase letter or a symbol
        // (`NESCAFÉ®` as `NESCAFɮ`, `CAFÉ™` as `CAFə`) is a trademark or
        // degree sign. Mojibake of capitals gives capitals (`CAFÃ‰`), `Ã`
        // and `Â` lead too much mojibake to be taken for text, and Greek
        // and Cyrillic capitals lead quotes after words in capitals
        // (`WRONGFULLYΓÇ¥` from CP437).
        if n == 1
            && c.is_uppercase()
            && script(c) == Some(0)
            && !matches!(c, 'Â' | 'Ã' | 'Ă')
            && prev.is_some_and(|p| p.is_uppercase() && is_letter(p))
            && !decoded.is_uppercase()
            && !*has_lowercase.get_or_insert_with(|| word.chars().any(char::is_lowercase))
        {
            continue;
        }
        // A formula standing alone (`√π`, `≈π`, `√∑`, `2√π`): a math
        // operator followed only by math or Greek, with nothing but ASCII
        // digits and signs on either side. Next to a letter it is mojibake
        // (`pi√π`, `≈πródło`), and so it is next to more of it (CJK read
        // twice as Mac OS Roman is all symbols: `‚Ä∞√∏¬±`).
        // Box drawing is left out: Cyrillic and Greek read as CP437 are
        // nothing but box drawing (`╨┐╤Ç╨╕`).
        let mathy = |x: char| matches!(x as u32, 0x0370..=0x03FF | 0x2190..=0x25FF);
        if matches!(c as u32, 0x2200..=0x22FF)
            && conts.iter().all(|&x| mathy(x))
            && prev.is_none_or(|p| p.is_ascii() && !p.is_ascii_alphabetic())
            && next.is_none_or(|x| x.is_ascii() && !x.is_ascii_alphabetic())
        {
            continue;
        }
        let c1 = conts.iter().any(|cc| ('\u{80}'..='\u{9F}').contains(cc));
        let weak = conts
            .iter()
            .all(|&cc| word_final_punct(cc) || is_letter(cc));
        // A CJK character glued to the end of a Latin word (`randomisé` +
        // NBSP + `»` reads as `randomis頻`) is French typography, not mojibake.
        let glued =
            n == 2 && script(decoded) == Some(6) && prev.is_some_and(|p| script(p) == Some(0));
        // A letter, then closing punctuation at the end of a word (`ÉMIGRÉ’`,
        // `groß“`) is text.
        let word_final = n == 1
            && conts.iter().all(|&x| word_final_punct(x))
            && is_letter(c)
            && at > 0
            && word[end..].chars().all(|x| !x.is_alphanumeric());
        let fragile = word_final && prev.is_some_and(is_letter);
        // A symbol as lead (`√©`, `≈õ`, `ƒÖ` from Mac OS Roman) is never text.
        // …but only before a letter: `√π`, `≈π`, `████░░`, `┌─┐` are
        // math and drawings, and arrows, operators and box drawing never lead.
        let symbol_lead = ((!is_letter(c) && !c.is_whitespace() && !opening_punct(c)) || c == 'ƒ')
            && !matches!(c as u32, 0x2190..=0x21FF)
            && conts.iter().any(|&x| is_letter(x) && !mathy(x));
        // Between two letters of a word (`G├╢del`, `Concepci√≥n`) nothing
        // is a formula or a drawing.
        let inside_word = prev.is_some_and(is_alphabetic) && next.is_some_and(is_alphabetic);
        // `«MAÇÃ»`: a capital at the end of a word before a closing quote is
        // text, even after `Ã` or `Ă`.
        // …but `SignaturenÂ«`, `AustraliÃ«`, `KoÅŒuchowemu`: a capital lead
        // right after a lowercase letter is not.
        let after_lower = prev.is_some_and(char::is_lowercase);
        let a_lead = matches!(c, 'Â' | 'Ã' | 'Ă')
            && (!fragile || conts[0] == '\u{A0}' || after_lower || c == 'Â');
        let caps_after_lower = after_lower
            && c.is_uppercase()
            && conts
                .iter()
                .all(|x| x.is_uppercase() || word_final_punct(*x));
        let any_symbol_conts = conts.iter().all(|&x| !is_letter(x));
        // Arrows, box drawing and blocks before symbols, and math before
        // math (`√∑`, `∆∞`) or Greek (`√π`), are drawings and formulas;
        // Mac OS Roman's `√©` for `é` is not.
        let drawing = (matches!(c as u32, 0x2190..=0x25FF) && conts.iter().all(|&x| mathy(x)))
            || (matches!(c as u32, 0x00D7 | 0x00F7) && any_symbol_conts);
        let certain = (c1
            || a_lead
            || caps_after_lower
            || symbol_lead
            || (!weak && (!drawing || inside_word)))
            && !matches!(c, '“' | '”' | '‘' | '’' | '«' | '»' | '‹' | '›')
            && !(opening_punct(c) && conts.iter().all(|x| is_letter(*x)))
            && !glued;
        out.push(Unit {
            span: at..end,
            decoded,
            certain,
            fragile,
        });
        iter = ahead;
    }
}

/// The character that `bytes` (a lead byte and its continuation bytes,
/// checked by the caller) encode in UTF-8, if they are valid UTF-8:
/// `std::str::from_utf8` without its general machinery.
fn decode_utf8(bytes: &[u8]) -> Option<char> {
    let cont = |b: u8| u32::from(b & 0x3F);
    let (u, min) = match *bytes {
        [a @ 0xC2..=0xDF, b] => ((u32::from(a & 0x1F) << 6) | cont(b), 0x80),
        [a @ 0xE0..=0xEF, b, c] => (
            (u32::from(a & 0x0F) << 12) | (cont(b) << 6) | cont(c),
            0x800,
        ),
        [a @ 0xF0..=0xF4, b, c, d] => (
            (u32::from(a & 0x07) << 18) | (cont(b) << 12) | (cont(c) << 6) | cont(d),
            0x1_0000,
        ),
        _ => return None,
    };
    // No overlong forms; `from_u32` refuses surrogates and beyond U+10FFFF.
    if u < min || bytes[1..].iter().any(|&b| b & 0xC0 != 0x80) {
        return None;
    }
    char::from_u32(u)
}

/// The script family of a letter, for the one-script check.
fn script(c: char) -> Option<u8> {
    let u = c as usize;
    if u < SCRIPT_TABLE_SIZE {
        let s = SCRIPTS[u];
        return (s != NOT_A_LETTER).then_some(s);
    }
    // CJK ideographs, kana and Hangul syllables without a table lookup.
    if matches!(u, 0x3400..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF) {
        return Some(6);
    }
    script_slow(c)
}

const SCRIPT_TABLE_SIZE: usize = 0x3400;
const NOT_A_LETTER: u8 = u8::MAX;

/// [`script`] for every character below U+3400, computed once: the Unicode
/// letter lookup is the slow part of checking a word.
static SCRIPTS: LazyLock<Vec<u8>> = LazyLock::new(|| {
    (0..SCRIPT_TABLE_SIZE as u32)
        .map(|u| {
            char::from_u32(u)
                .and_then(script_slow)
                .unwrap_or(NOT_A_LETTER)
        })
        .collect()
});

fn script_slow(c: char) -> Option<u8> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF => 0, // Latin
        0x0250..=0x02AF => 0,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => 1, // Greek
        0x0400..=0x052F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => 2, // Cyrillic
        0x0530..=0x058F => 3,                   // Armenian
        0x0590..=0x05FF => 4,                   // Hebrew
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFEFF => 5, // Arabic
        _ => 6,                                 // the rest, CJK included
    })
}

/// `char::is_alphabetic`, from the table below U+3400.
fn is_alphabetic(c: char) -> bool {
    let u = c as usize;
    if u < SCRIPT_TABLE_SIZE {
        SCRIPTS[u] != NOT_A_LETTER
    } else {
        c.is_alphabetic()
    }
}

/// Whether a character is a letter (fast for the characters of mojibake).
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        script(c).is_some()
    }
}

/// Whether a repaired word mixes scripts that never share a word (Latin
/// with Cyrillic, Greek with Hebrew…); Latin next to CJK is common.
fn mixes_scripts(word: &str) -> bool {
    let mut seen: Option<u8> = None;
    for s in word.chars().filter_map(script) {
        match seen {
            None => seen = Some(s),
            Some(p) if p == s => {}
            Some(p) if (p == 0 && s == 6) || (p == 6 && s == 0) => {}
            Some(_) => return true,
        }
    }
    false
}

/// Repairs a word under one charset, again while it changes (double
/// mojibake); returns the repaired word and whether any pass was certain.
/// `word_mixes` is [`mixes_scripts`] of `word`.
fn repair_word(
    word: &str,
    cs: &Charset,
    word_mixes: bool,
    found: &mut Vec<Unit>,
) -> Option<(String, bool)> {
    // Strictly first; if that leaves a word of two scripts (Greek read as
    // Windows-1251 keeps a `Ї` that looks like Ukrainian), without the
    // Cyrillic exemption.
    match repair_word_with(word, cs, false, word_mixes, found) {
        Some((fixed, _)) if cs.cyrillic && mixes_scripts(&fixed) => {
            repair_word_with(word, cs, true, word_mixes, found)
        }
        None if cs.cyrillic => repair_word_with(word, cs, true, word_mixes, found)
            .filter(|(f, c)| *c && !mixes_scripts(f)),
        other => other,
    }
}

/// `found` is a buffer for the units.
fn repair_word_with(
    word: &str,
    cs: &Charset,
    relaxed: bool,
    word_mixes: bool,
    found: &mut Vec<Unit>,
) -> Option<(String, bool)> {
    units(word, cs, relaxed, found);
    if found.is_empty() {
        return None;
    }
    // Word-final punctuation after a letter needs other evidence: a certain
    // unit, or a word that mixes scripts (`autohipnotitzaciГі`).
    if !found.iter().any(|u| u.certain) && !word_mixes {
        found.retain(|u| !u.fragile);
        if found.is_empty() {
            return None;
        }
    }
    let mut certain = false;
    let mut current = Cow::Borrowed(word);
    for pass in 0..3 {
        if found.is_empty() {
            break;
        }
        let next = replace_units(&current, found);
        // A word that mixes scripts (`chГўteau`, `ΓÇÿostentation`) and whose
        // repair does not is certain evidence.
        certain |= found.iter().any(|u| u.certain) || (word_mixes && !mixes_scripts(&next));
        current = Cow::Owned(next);
        // The units of the last pass would not be used.
        if pass < 2 {
            units(&current, cs, relaxed, found);
        }
    }
    let has_c1 = |w: &str| w.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c));
    let new_c1 = has_c1(&current) && !has_c1(word);
    (current != word && !new_c1 && (relaxed || !mixes_scripts(&current)))
        .then(|| (current.into_owned(), certain))
}

/// `current` with the units replaced by their decoded characters.
fn replace_units(current: &str, found: &[Unit]) -> String {
    let mut next = String::with_capacity(current.len());
    let mut pos = 0;
    for u in found {
        next.push_str(&current[pos..u.span.start]);
        next.push(u.decoded);
        pos = u.span.end;
    }
    next.push_str(&current[pos..]);
    next
}

/// A repair of part of a text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Repair {
    pub span: std::ops::Range<usize>,
    pub replacement: String,
    pub certain: bool,
    pub charset: &'static str,
}

/// How unlikely a repaired word is, to choose between charsets that both
/// repair it (`ZÃŒrich` is `ZÌrich` in Windows-1252 but `Zürich` in
/// ISO-8859-15): an uppercase letter inside a lowercase word, rare letters,
/// symbols among letters, leftover C1 controls.
fn badness(word: &str) -> usize {
    let mut score = 0;
    let mut prev: Option<char> = None;
    let mut prev2: Option<char> = None;
    for c in word.chars() {
        let u = c as u32;
        if c.is_uppercase() && prev.is_some_and(char::is_lowercase) {
            score += 2;
        }
        // `ZÌrich`: an accented capital between a capital and a lowercase letter.
        if c.is_lowercase()
            && prev.is_some_and(|p| !p.is_ascii() && p.is_uppercase())
            && prev2.is_some_and(char::is_uppercase)
        {
            score += 2;
        }
        if matches!(u, 0x0180..=0x02AF) {
            score += 1;
        }
        // An accented capital starting a word is rarer than the lowercase
        // letter another charset gives (`Àlska`/`älska`, `Озщракаш`/`изщракаш`).
        // A lone `À` is French; `Àlska` is not.
        if c.is_lowercase()
            && prev.is_some_and(|p| !p.is_ascii() && p.is_uppercase())
            && !prev2.is_some_and(char::is_alphabetic)
        {
            score += 1;
        }
        // Spaces and format characters never end a repaired word (`…` read
        // as ISO-8859-15 and repaired as Windows-1252 gives a hair space).
        if matches!(u, 0x2000..=0x200F | 0x2028..=0x202F | 0x205F..=0x206F) {
            score += 3;
        }
        // A combining mark read out of a Latin letter's bytes.
        if matches!(u, 0x0300..=0x036F) {
            score += 3;
        }
        if matches!(c, '¤' | '¦' | '¨' | '¬' | '¯' | '´' | '¸' | '¹' | '³' | '²')
            || matches!(u, 0x2200..=0x25FF)
        {
            score += 2;
        }
        if (0x80..=0x9F).contains(&u) {
            score += 5;
        }
        prev2 = prev;
        prev = Some(c);
    }
    score
}

/// Whether an uncertain repair is worth a warning: it gives a character
/// that mojibake most often hides (accented Latin letters, typographic
/// punctuation). Other uncertain candidates are far more often legitimate
/// text and stay silent.
fn worth_a_warning(fixed: &str) -> bool {
    fixed
        .chars()
        .filter(|c| !c.is_ascii())
        .all(|c| matches!(c as u32, 0x00A0..=0x017F | 0x2010..=0x203A | 0x20AC))
}

/// The repairs of one line. Each charset in turn repairs the words where
/// it finds mojibake, if one of them is certain (one certain repair
/// confirms the others of that charset on the line); the line is processed
/// again while that changes something, so double mojibake and a line
/// damaged in two ways come out whole in one pass. ASCII whitespace never
/// comes from a repair, so words keep their places.
pub(crate) fn repair_line(line: &str, base: usize) -> Vec<Repair> {
    let mut out = Vec::new();
    repair_line_into(line, base, &mut Scratch::default(), &mut out);
    out
}

/// Buffers of [`repair_line_into`], reused from line to line.
#[derive(Default)]
struct Scratch {
    spans: Vec<std::ops::Range<usize>>,
    units: Vec<Unit>,
}

/// A word of a line that may hold mojibake, while the line is repaired.
struct Word<'a> {
    span: std::ops::Range<usize>,
    /// The word, repaired so far.
    text: Cow<'a, str>,
    /// The charset (index in [`CHARSETS`]) of its first certain repair.
    charset: Option<u8>,
    /// An uncertain repair worth a warning, and its charset.
    doubt: Option<(String, u8)>,
    /// Worth another look: at first, then when a round changed it or left
    /// it uncertain (a later certain repair may confirm it).
    open: bool,
}

/// [`repair_line`], appending to `out`.
fn repair_line_into(line: &str, base: usize, scratch: &mut Scratch, out: &mut Vec<Repair>) {
    if line.is_ascii() {
        return;
    }
    // Words end at ASCII spaces and punctuation (a link's text and its URL
    // are two words); a unit never contains ASCII. Words that no charset
    // can hold a unit of are left out at once (most legitimate words); the
    // others are owned only once repaired.
    scratch.spans.clear();
    candidate_words(line, &mut scratch.spans);
    if scratch.spans.is_empty() {
        return;
    }
    let mut words: Vec<Word<'_>> = scratch
        .spans
        .iter()
        .map(|r| Word {
            span: r.clone(),
            text: Cow::Borrowed(&line[r.clone()]),
            charset: None,
            doubt: None,
            open: true,
        })
        .collect();
    let found = &mut scratch.units;
    for _ in 0..4 {
        let mut changed = false;
        // Per word, the least unlikely certain repair over all charsets.
        let mut uncertain: Vec<(usize, String, u8)> = Vec::new();
        for (w, word) in words.iter_mut().enumerate() {
            if !std::mem::take(&mut word.open) {
                continue;
            }
            let mut best: Option<(usize, usize, String)> = None;
            let mut weak: Option<(usize, String, u8)> = None;
            let candidates = candidate_charsets(&word.text);
            if candidates == 0 {
                continue;
            }
            let word_mixes = mixes_scripts(&word.text);
            for (order, cs) in CHARSETS.iter().enumerate() {
                if candidates & (1 << order) == 0 {
                    continue;
                }
                // A later charset cannot beat a certain repair with
                // nothing unlikely in it (ties go to the earlier charset).
                if best.as_ref().is_some_and(|b| b.0 == 0) {
                    break;
                }
                let Some((fixed, certain)) = repair_word(&word.text, cs, word_mixes, found) else {
                    continue;
                };
                let score = badness(&fixed);
                if certain {
                    if best.as_ref().is_none_or(|b| (score, order) < (b.0, b.1)) {
                        best = Some((score, order, fixed));
                    }
                } else if weak.as_ref().is_none_or(|b| score < b.0) {
                    weak = Some((score, fixed, order as u8));
                }
            }
            if let Some((_, order, fixed)) = best {
                word.text = Cow::Owned(fixed);
                word.charset.get_or_insert(order as u8);
                word.open = true;
                changed = true;
            } else if let Some((_, fixed, order)) = weak {
                uncertain.push((w, fixed, order));
            }
        }
        // One certain repair on the line confirms the uncertain ones of the
        // same charset.
        let used: u16 = words
            .iter()
            .filter_map(|w| w.charset)
            .fold(0, |m, k| m | 1 << k);
        for (w, fixed, order) in uncertain {
            let word = &mut words[w];
            word.open = true;
            if used & (1 << order) != 0 {
                word.text = Cow::Owned(fixed);
                word.charset.get_or_insert(order);
                changed = true;
            } else if word.doubt.is_none() && word.charset.is_none() && worth_a_warning(&fixed) {
                word.doubt = Some((fixed, order));
            }
        }
        if !changed {
            break;
        }
    }
    for word in &words {
        let original = &line[word.span.clone()];
        let (fixed, certain, charset) = match (word.charset, &word.doubt) {
            (Some(cs), _) => (word.text.as_ref(), true, cs),
            (None, Some((f, cs))) => (f.as_str(), false, *cs),
            (None, None) => continue,
        };
        if fixed == original {
            continue;
        }
        // The smallest changed part of the word.
        let prefix = common_prefix(original, fixed);
        let suffix = common_suffix(&original[prefix..], &fixed[prefix..]);
        out.push(Repair {
            span: base + word.span.start + prefix..base + word.span.end - suffix,
            replacement: fixed[prefix..fixed.len() - suffix].to_owned(),
            certain,
            charset: CHARSETS[usize::from(charset)].name,
        });
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|&((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
        .min(b.len())
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        n += x.len_utf8();
    }
    n.min(a.len()).min(b.len())
}

/// Percent-encoded mojibake in a URL (`M%C3%83%C2%BCnchen` for `München`):
/// each run of `%XX` escapes is decoded, repaired and encoded again.
fn repair_url(url: &str) -> Option<String> {
    if !url.contains('%') {
        return None;
    }
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            let c = url[i..].chars().next().expect("char boundary");
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        // A run of escapes.
        let start = i;
        let mut raw = Vec::new();
        while i + 2 < bytes.len() && bytes[i] == b'%' {
            let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            else {
                break;
            };
            raw.push(b);
            i += 3;
        }
        if i == start {
            out.push('%');
            i += 1;
            continue;
        }
        let lower = url[start..i].bytes().any(|b| b.is_ascii_lowercase());
        // The decoded run is repaired like a line of text (best charset per
        // word, again while it changes), certain repairs only.
        let repaired = std::str::from_utf8(&raw).ok().and_then(|s| {
            let mut fixed = s.to_owned();
            let repairs = repair_line(s, 0);
            if !repairs.iter().any(|r| r.certain) {
                return None;
            }
            for r in repairs.into_iter().rev().filter(|r| r.certain) {
                fixed.replace_range(r.span, &r.replacement);
            }
            Some((fixed, true))
        });
        match repaired {
            Some((fixed, _)) => {
                changed = true;
                let digits: &[u8; 16] = if lower {
                    b"0123456789abcdef"
                } else {
                    b"0123456789ABCDEF"
                };
                for b in fixed.bytes() {
                    out.push('%');
                    out.push(char::from(digits[usize::from(b >> 4)]));
                    out.push(char::from(digits[usize::from(b & 0xF)]));
                }
            }
            None => out.push_str(&url[start..i]),
        }
    }
    changed.then_some(out)
}

impl Rule for Mojibake {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let text = doc.text;
        if text.is_ascii() {
            return;
        }
        // Prose: everything outside code blocks and code spans, line by line.
        let mut from = 0;
        let mut segments = Vec::new();
        for code in &doc.code {
            if code.start > from {
                segments.push(from..code.start);
            }
            from = from.max(code.end);
        }
        segments.push(from..text.len());
        let mut lines = Vec::new();
        for seg in segments {
            non_ascii_lines(text, seg, &mut lines);
        }
        // Lines are independent: a big document's are repaired on every
        // core, in order, and so are its links and diagnostics. The lines
        // repaired while the text was parsed are taken as they are.
        let big = lines.len() > 512;
        let early = cx.mojibake_lines.lock().ok().and_then(|mut e| e.take());
        let repairs: Vec<Repair> = match early {
            Some(early) => early.into_repairs(&lines),
            None if big => EarlyLines::of(&lines).repairs,
            None => {
                let mut scratch = Scratch::default();
                let mut out = Vec::new();
                for &(body, at) in &lines {
                    repair_line_into(body, at, &mut scratch, &mut out);
                }
                out
            }
        };
        // Percent-encoded mojibake in link destinations. A destination with
        // raw mojibake too gets one edit with both repairs, so `fix` needs
        // no second pass for it.
        let targets: Vec<&crate::document::Link> = unique_targets(doc)
            .filter(|l| doc.slice(&l.dest_span).contains('%'))
            .collect();
        let url_repair = |link: &&crate::document::Link| repair_link(doc, link, &repairs);
        let url_repairs: Vec<(Diagnostic, Vec<usize>)> = if big {
            targets.par_iter().filter_map(url_repair).collect()
        } else {
            targets.iter().filter_map(url_repair).collect()
        };
        let mut merged = vec![false; repairs.len()];
        for (d, inside) in url_repairs {
            for k in inside {
                merged[k] = true;
            }
            out.push(d);
        }
        // The repairs merged into a link's fix leave first, so that the
        // diagnostics are made straight into their places.
        let mut repairs = repairs;
        if merged.contains(&true) {
            let mut merged = merged.into_iter();
            repairs.retain(|_| !merged.next().expect("one flag per repair"));
        }
        let diagnostic = |r: Repair| repair_diagnostic(text, r);
        if big {
            let diagnostics: Vec<Diagnostic> = repairs.into_par_iter().map(diagnostic).collect();
            if out.is_empty() {
                *out = diagnostics;
            } else {
                out.extend(diagnostics);
            }
        } else {
            out.extend(repairs.into_iter().map(diagnostic));
        }
    }
}

/// The lines of `text[range]` that hold non-ASCII text, without their
/// line endings, with their offsets.
fn non_ascii_lines<'t>(
    text: &'t str,
    range: std::ops::Range<usize>,
    out: &mut Vec<(&'t str, usize)>,
) {
    // From each non-ASCII byte to the ends of its line: ASCII lines are
    // skipped a word at a time, not split.
    let bytes = text.as_bytes();
    let end = range.end;
    let mut pos = range.start;
    while pos < end {
        let found = pos + next_non_ascii(&bytes[pos..end]);
        if found == end {
            break;
        }
        let start = memchr::memrchr(b'\n', &bytes[pos..found]).map_or(pos, |k| pos + k + 1);
        let stop = memchr::memchr(b'\n', &bytes[found..end]).map_or(end, |k| found + k);
        out.push((text[start..stop].trim_end_matches('\r'), start));
        pos = stop + 1;
    }
}

/// A line repaired early: where it starts, its length without the line
/// ending, and how many repairs it has (in order in `EarlyLines::repairs`).
type EarlyLine = (usize, usize, usize);

/// The repairs of every non-ASCII line of a large text, made before its
/// code spans are known: on the other core while the text is parsed. A
/// line that code leaves whole is repaired exactly as the rule would; the
/// others are repaired again.
pub(crate) struct EarlyLines {
    lines: Vec<EarlyLine>,
    repairs: Vec<Repair>,
}

impl EarlyLines {
    /// Repairs every non-ASCII line of `text`, on every core, but those
    /// with a backtick: code spans most likely cut them, and the rule
    /// repairs their pieces once the spans are known.
    pub(crate) fn new(text: &str) -> Self {
        let mut lines = Vec::new();
        non_ascii_lines(text, 0..text.len(), &mut lines);
        lines.retain(|(body, _)| memchr::memchr(b'`', body.as_bytes()).is_none());
        Self::of(&lines)
    }

    /// Repairs `lines` (bodies with their offsets, in text order), on
    /// every core.
    fn of(lines: &[(&str, usize)]) -> Self {
        let done: Vec<(Vec<EarlyLine>, Vec<Repair>)> = lines
            .par_chunks(256)
            .map(|chunk| {
                let mut scratch = Scratch::default();
                let (mut index, mut out) = (Vec::with_capacity(chunk.len()), Vec::new());
                for &(body, at) in chunk {
                    let before = out.len();
                    repair_line_into(body, at, &mut scratch, &mut out);
                    index.push((at, body.len(), out.len() - before));
                }
                (index, out)
            })
            .collect();
        let mut early = Self {
            lines: Vec::with_capacity(lines.len()),
            repairs: Vec::with_capacity(done.iter().map(|d| d.1.len()).sum()),
        };
        for (index, out) in done {
            early.lines.extend(index);
            early.repairs.extend(out);
        }
        early
    }

    /// The repairs of `lines` (the rule's, in text order): taken from here
    /// when a line is one of those repaired early, else made now.
    fn into_repairs(self, lines: &[(&str, usize)]) -> Vec<Repair> {
        // The lines code cut or hides, repaired now, on every core.
        let mut k = 0;
        let mut fresh_needed = Vec::new();
        for (i, &(body, at)) in lines.iter().enumerate() {
            while k < self.lines.len() && self.lines[k].0 < at {
                k += 1;
            }
            if !(k < self.lines.len() && self.lines[k].0 == at && self.lines[k].1 == body.len()) {
                fresh_needed.push(i);
            }
        }
        let fresh: Vec<Vec<Repair>> = fresh_needed
            .par_iter()
            .map(|&i| repair_line(lines[i].0, lines[i].1))
            .collect();
        let mut fresh = fresh_needed.into_iter().zip(fresh).peekable();
        let mut early = self.repairs.into_iter();
        let mut out = Vec::with_capacity(early.len());
        let mut k = 0;
        for (i, &(_, at)) in lines.iter().enumerate() {
            // Early lines before this one were not needed as they were.
            while k < self.lines.len() && self.lines[k].0 < at {
                early.by_ref().take(self.lines[k].2).for_each(drop);
                k += 1;
            }
            if fresh.peek().is_some_and(|(j, _)| *j == i) {
                out.extend(fresh.next().expect("peeked").1);
            } else {
                out.extend(early.by_ref().take(self.lines[k].2));
                k += 1;
            }
        }
        out
    }
}

/// The diagnostic of a link destination with percent-encoded mojibake,
/// and the repairs of raw mojibake inside it that its fix includes.
fn repair_link(
    doc: &Document<'_>,
    link: &crate::document::Link,
    repairs: &[Repair],
) -> Option<(Diagnostic, Vec<usize>)> {
    let raw = doc.slice(&link.dest_span);
    let dest = link.dest_span.clone();
    // Repairs are in text order: the ones inside the destination are found
    // by binary search, not by a scan per link.
    let first = repairs.partition_point(|r| r.span.start < dest.start);
    let inside: Vec<usize> = (first..repairs.len())
        .take_while(|&k| repairs[k].span.start < dest.end)
        .filter(|&k| repairs[k].certain && repairs[k].span.end <= dest.end)
        .collect();
    let text_fixed = if inside.is_empty() {
        Cow::Borrowed(raw)
    } else {
        let mut text_fixed = raw.to_owned();
        for &k in inside.iter().rev() {
            let r = &repairs[k];
            text_fixed.replace_range(
                r.span.start - dest.start..r.span.end - dest.start,
                &r.replacement,
            );
        }
        Cow::Owned(text_fixed)
    };
    let fixed = repair_url(&text_fixed)?;
    let d = Diagnostic::new(
        META.id,
        dest.clone(),
        format!("percent-encoded mojibake in {}", code(raw)),
    )
    .with_url(link.url.clone())
    .with_fix(Fix::safe(
        "re-encode the repaired URL",
        vec![Edit::replace(dest, fixed)],
    ));
    Some((d, inside))
}

/// The diagnostic of a repair of raw mojibake: with a fix when certain,
/// else a warning that says what it would read.
fn repair_diagnostic(text: &str, r: Repair) -> Diagnostic {
    let found = &text[r.span.clone()];
    // `format!("{before}{}{after}", code(s))` in one allocation (tens of
    // thousands of these are made for a large damaged file).
    let quoted = |before: &str, s: &str, after: &[&str]| -> String {
        let len = after.iter().map(|a| a.len()).sum::<usize>();
        let mut out = String::with_capacity(before.len() + s.len() + 2 + len);
        out.push_str(before);
        if s.len() > 60 {
            out.push_str(&code(s));
        } else {
            // What `code` gives for no more than 60 bytes.
            out.push('`');
            out.push_str(s);
            out.push('`');
        }
        for a in after {
            out.push_str(a);
        }
        out
    };
    let mut d = Diagnostic::new(
        META.id,
        r.span.clone(),
        quoted("mojibake ", found, &[": UTF-8 read as ", r.charset]),
    );
    if r.certain {
        d = d.with_fix(Fix::safe(
            quoted("write ", &r.replacement, &[]),
            vec![Edit::replace(r.span, r.replacement)],
        ));
    } else {
        d.uncertain = true;
        d = d.with_note(format!(
            "it may be legitimate text; it would read {}",
            code(&r.replacement)
        ));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(line: &str) -> String {
        let mut s = line.to_owned();
        for r in repair_line(line, 0).into_iter().rev().filter(|r| r.certain) {
            s.replace_range(r.span, &r.replacement);
        }
        s
    }

    #[test]
    fn repairs_common_mojibake() {
        assert_eq!(
            fixed("from HuggingFaceâ€™s safetensors"),
            "from HuggingFace’s safetensors"
        );
        assert_eq!(fixed("CafÃ© crÃ¨me"), "Café crème");
        assert_eq!(fixed("ZaÅ¼Ã³Å‚Ä‡ gÄ™Å›lÄ… jaÅºÅ„"), "Zażółć gęślą jaźń");
        assert_eq!(fixed("ÐŸÑ€Ð¸Ð²ÐµÑ‚"), "Привет");
        assert_eq!(fixed("ä¸\u{AD}æ–‡"), "中文");
        assert_eq!(fixed("Ã¢â‚¬â„¢"), "’", "double mojibake");
        assert_eq!(fixed("rocket ðŸš€"), "rocket 🚀");
        // A capital lead right after a lowercase letter is mojibake even
        // before closing punctuation.
        assert_eq!(fixed("Australië → AustraliÃ«"), "Australië → Australië");
        assert_eq!(fixed("the SignaturenÂ« end"), "the Signaturen« end");
        // ISO-8859-15 against Windows-1252: the reading that gives a
        // lowercase letter in a lowercase word, and no hair space.
        assert_eq!(fixed("Ã€lska"), "älska");
        assert_eq!(fixed("KoÅŒuchowemu"), "Kożuchowemu");
        assert_eq!(fixed("underdoneâ\u{80}Š"), "underdone…");
        // A lone capital keeps its Windows-1252 reading.
        assert_eq!(fixed("Ã€ la carte"), "À la carte");
    }

    #[test]
    fn leaves_legitimate_text_alone() {
        for s in [
            "São Paulo, Ñandú, naïve café, Æsir, Œuvre",
            "groß“ und „Straße“",
            "£5 © 2024 ± 3° × 2 ÷ 4 € ™",
            "NÃO É, MAÇÃ",
            "Привет, мир! Её всё",
            "中文 自然语言处理 日本語 한국어",
            "Ελληνικά, עברית, العربية",
            "CAFÉ’s and DÉJÀ–VU",
            "IRMÃ» and «MAÇÃ» and À la",
            "Γ(1/2) = √π, area ≈π, σ = √∑x², limit ∆∞, 2×½ cups",
            "Progress: ████░░░░ 50% █████▒ Box ┌─┐│└┘ tree ├│",
            "«MAÇÃ» „ȚARĂ” „CASĂ” «FRUMOASĂ»",
        ] {
            assert!(
                repair_line(s, 0).iter().all(|r| !r.certain),
                "{s}: {:?}",
                repair_line(s, 0)
                    .iter()
                    .map(|r| &r.replacement)
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn trademarks_in_capitals_and_formulas_are_not_even_flagged() {
        for s in [
            "NESCAFÉ® and NESTLÉ®, CAFÉ™ and PROTÉGÉ™, ÉTÉ° and ROUÉ®",
            "Γ(1/2) = √π, area ≈π, σ = √∑, 2√π and (√π)",
        ] {
            assert_eq!(repair_line(s, 0), Vec::new(), "{s}");
        }
        // …even on a line with mojibake that confirms its charset.
        assert_eq!(fixed("NESCAFÉ® in a cafÃ©"), "NESCAFÉ® in a café");
        // Next to letters, or to more mojibake, the same characters are
        // mojibake.
        assert_eq!(fixed("pi√π and ≈πródło"), "più and Źródło");
        assert_eq!(
            fixed("“WRONGFULLYΓÇ¥ LOVELIESΓÇÖ"),
            "“WRONGFULLY” LOVELIES’"
        );
        assert_eq!(fixed("CAFÃ‰"), "CAFÉ");
    }

    #[test]
    fn the_alphabetic_table_is_char_is_alphabetic() {
        for c in ('\0'..='\u{4000}').chain(['\u{4DC0}', '中', '가', '\u{1F600}', '\u{10FFFF}']) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn candidate_words_are_the_split_words_with_candidates() {
        // The plain definition: split at ASCII spaces and punctuation, keep
        // the non-ASCII words where some charset has a lead then a
        // continuation.
        let reference = |line: &str| -> Vec<std::ops::Range<usize>> {
            let mut out = Vec::new();
            let mut start = 0;
            for (i, c) in line.char_indices().chain([(line.len(), ' ')]) {
                if c.is_ascii() && !c.is_ascii_alphanumeric() || i == line.len() {
                    let w = &line[start..i];
                    if !w.is_empty() && !w.is_ascii() && candidate_charsets(w) != 0 {
                        out.push(start..i);
                    }
                    start = i + c.len_utf8();
                }
            }
            out
        };
        for line in [
            "",
            "plain ASCII, nothing else",
            "CafÃ© crÃ¨me (HuggingFaceâ€™s)",
            "Ã©",
            "São Paulo, Ñandú, naïve café — «MAÇÃ»",
            "ÐŸÑ€Ð¸Ð²ÐµÑ‚ Привет, Її Ёё",
            "G├╢del Concepci√≥n ﬁ ï£¿ \u{F8FF}x",
            "rocket ðŸš€ 🚀 中文 ä¸\u{AD}æ–‡",
            "a-Ã©-b_Ã©.c/Ã©?x=Ã©&y=é",
            "averyveryverylongasciiwordÃ©andmoreletters12345 then, a long ASCII run of words Ã©",
            "éabcdefghijklmnopÃ© x Ã©abcdefghijklmnopqrstuvwxyz0123456789, z",
        ] {
            let mut got = Vec::new();
            candidate_words(line, &mut got);
            assert_eq!(got, reference(line), "{line}");
        }
    }

    #[test]
    fn decode_utf8_is_from_utf8() {
        let check = |bytes: &[u8]| {
            let expected = std::str::from_utf8(bytes)
                .ok()
                .and_then(|s| s.chars().next());
            assert_eq!(decode_utf8(bytes), expected, "{bytes:02X?}");
        };
        for a in 0xC2..=0xF4u8 {
            for b in 0x80..=0xBFu8 {
                match a {
                    0xC2..=0xDF => check(&[a, b]),
                    0xE0..=0xEF => (0x80..=0xBF).for_each(|c| check(&[a, b, c])),
                    _ => {
                        for c in 0x80..=0xBF {
                            (0x80..=0xBF).for_each(|d| check(&[a, b, c, d]));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn lines_repaired_early_are_the_lines_repaired_late() {
        // Lines whole, cut by a code span, with a backtick that starts no
        // span, inside a code block, and repeated (the same text at two
        // places).
        let line = "CafÃ© `Ã©` crÃ¨me HuggingFaceâ€™s Ã©tÃ©";
        let mut text = String::new();
        for i in 0..700 {
            match i % 7 {
                0 => text.push_str("```\nÃ© in code\n```\n"),
                1 => text.push_str(&line.replace('`', "")),
                2 => text.push_str(&line.replacen('`', "", 1)),
                _ => text.push_str(line),
            }
            text.push('\n');
        }
        let doc = crate::document::parse(&text, &Default::default());
        let mut from = 0;
        let mut lines = Vec::new();
        for code in doc.code.iter().chain([&(text.len()..text.len())]) {
            non_ascii_lines(&text, from..code.start.max(from), &mut lines);
            from = from.max(code.end);
        }
        let late: Vec<Repair> = lines
            .iter()
            .flat_map(|&(body, at)| repair_line(body, at))
            .collect();
        assert!(late.len() > 1000);
        assert_eq!(EarlyLines::new(&text).into_repairs(&lines), late);
    }

    #[test]
    fn characters_and_ascii_runs_are_found_in_the_bytes() {
        let text = "plain ascii, then é, Ж, € and 😀 at last";
        let bytes = text.as_bytes();
        for (i, c) in text.char_indices() {
            assert_eq!(char_at(bytes, i), (c, c.len_utf8()));
        }
        for from in 0..=bytes.len() {
            let expected = bytes[from..].iter().position(|&b| b >= 0x80);
            assert_eq!(
                next_non_ascii(&bytes[from..]),
                expected.unwrap_or(bytes.len() - from)
            );
        }
    }

    #[test]
    fn non_ascii_lines_are_the_lines_that_are_not_ascii() {
        let text = "a\nné\r\n\nb\r\r\nß é\nascii only\n€\rx\n\u{2019}";
        for from in 0..text.len() {
            for to in from..=text.len() {
                if !text.is_char_boundary(from) || !text.is_char_boundary(to) {
                    continue;
                }
                let mut expected = Vec::new();
                let mut at = from;
                for line in text[from..to].split_inclusive('\n') {
                    let body = line.trim_end_matches(['\n', '\r']);
                    if !body.is_ascii() {
                        expected.push((body, at));
                    }
                    at += line.len();
                }
                let mut got = Vec::new();
                non_ascii_lines(text, from..to, &mut got);
                assert_eq!(got, expected, "{from}..{to}");
            }
        }
    }

    #[test]
    fn repairs_percent_encoded_urls() {
        assert_eq!(
            repair_url("https://de.wikipedia.org/wiki/M%C3%83%C2%BCnchen").as_deref(),
            Some("https://de.wikipedia.org/wiki/M%C3%BCnchen")
        );
        assert_eq!(
            repair_url("https://de.wikipedia.org/wiki/M%C3%BCnchen"),
            None
        );
    }
}
