//! The repair of one line of text: whole runs, one charset per line.
//!
//! UTF-8 text read as a single-byte charset turns each character of two to
//! four bytes into as many characters (a *unit*: a lead, then continuation
//! characters). The line is mapped back to bytes in each candidate charset,
//! and the bytes are decoded strictly as UTF-8: a unit is a valid UTF-8
//! sequence (CESU-8 surrogate pairs included), and adjacent units form a
//! *run*. A run is repaired whole, in one charset, or not at all.
//!
//! What makes a repair certain is the evidence on the line, for that
//! charset:
//! - a unit of three or four bytes, a C1 control inside a unit, two units
//!   side by side, or a unit that no text writes (a symbol inside a word
//!   `HÃ´tel`, a capital lead after a lowercase letter `cafÃ©`, a lowercase
//!   letter inside a word of capitals `ZURÃœCK`) is *strong*;
//! - a unit with a symbol in it is *weak*: it is repaired alone only when
//!   nothing else on the line reads as legitimate text in that charset;
//! - a unit of letters only (`Её`) is *plain*: repaired only beside
//!   stronger evidence.
//!
//! Units that legitimate text does write are dropped unless strong: a rare
//! character as the result (`ſ`, `Ѱ`, IPA), a lowercase letter in a word
//! of capitals (`MAÇÃ»`), punctuation after a word of capitals
//! (`NICIODATĂ™`), symbols standing alone (`—∞`, `∆°`), a letter of
//! another script glued to a word. A run next to such a dropped unit would
//! be a half repair: it is reported, not repaired.
//!
//! A repaired line is read again (double and triple mojibake), and a unit
//! inside text that an earlier round repaired needs no more evidence. A unit
//! that guesses a lost byte (`â€?`, `Ã�`) gives U+FFFD: such a repair is
//! never safe. A C1 control standing alone is the Windows-1252 character of
//! its byte (`\x93quoted\x94`).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

/// Characters below this have their byte in a flat table.
const TABLE_SIZE: usize = 0x2600;

/// A single-byte charset: which byte each of its characters stands for.
pub(super) struct Charset {
    pub(super) name: &'static str,
    /// Byte of each character below [`TABLE_SIZE`] (0: none), the rest in `byte`.
    table: Vec<u8>,
    /// Characters at or above [`TABLE_SIZE`] and their bytes, sorted (few).
    extra: Vec<(char, u8)>,
    /// The character of each byte from 0x80 on (`'\0'`: undefined).
    forward: [char; 128],
}

impl Charset {
    /// The byte a non-ASCII character stands for.
    #[inline]
    fn byte(&self, c: char) -> Option<u8> {
        let i = c as usize;
        if i < 0x80 {
            return None;
        }
        if i < TABLE_SIZE {
            let b = self.table[i];
            return (b != 0).then_some(b);
        }
        if self.extra.last().is_none_or(|e| c > e.0) {
            return None;
        }
        self.extra
            .binary_search_by_key(&c, |e| e.0)
            .ok()
            .map(|at| self.extra[at].1)
    }
}

/// `rules/data/charsets.txt`, in order of preference. Bytes a charset
/// leaves undefined stand for the C1 control of the same number (the
/// "sloppy" decoders keep them so), and Windows-1252 also stands for
/// Latin-1, which reads every byte from 0x80 to 0x9F as a C1 control.
pub(super) static CHARSETS: LazyLock<Vec<Charset>> = LazyLock::new(|| {
    include_str!("../../../../rules/data/charsets.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (name, table) = l.split_once('\t').expect("name, tab, table");
            let name: &'static str = Box::leak(name.to_owned().into_boxed_str());
            let mut byte = HashMap::new();
            let mut forward = ['\0'; 128];
            for (i, cp) in table.split(' ').enumerate() {
                let b = 0x80 + i as u8;
                let c1 = char::from_u32(u32::from(b)).expect("latin-1");
                match u32::from_str_radix(cp, 16).ok().and_then(char::from_u32) {
                    Some(c) => {
                        forward[i] = c;
                        byte.insert(c, b);
                    }
                    None => {
                        byte.insert(c1, b);
                    }
                }
                if name == "windows-1252" {
                    byte.entry(c1).or_insert(b);
                }
            }
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
            let mut extra: Vec<(char, u8)> = byte.into_iter().collect();
            extra.sort_unstable();
            Charset {
                name,
                table,
                extra,
                forward,
            }
        })
        .collect()
});

/// Per character, the charsets (a bit per index in [`CHARSETS`]) where it
/// is a lead byte, a continuation byte, and a lead that a lost no-break
/// space may follow.
#[derive(Clone, Copy, Default)]
struct Mask {
    lead: u16,
    cont: u16,
    /// A two-byte lead that a lost no-break space may follow.
    a0_lead: u16,
    /// A three-byte lead.
    lead3: u16,
}

struct Masks {
    table: Vec<Mask>,
    /// The few characters above the table that a charset has, sorted.
    extra: Vec<(char, Mask)>,
}

impl Masks {
    #[inline]
    fn of(&self, c: char) -> Mask {
        let i = c as usize;
        if i < TABLE_SIZE {
            return self.table[i];
        }
        if self.extra.first().is_none_or(|e| c < e.0) {
            return Mask::default();
        }
        self.extra
            .binary_search_by_key(&c, |e| e.0)
            .map_or(Mask::default(), |at| self.extra[at].1)
    }
}

/// Two-byte leads after which a space may stand for a lost 0xA0 byte: the
/// no-break space (`Â `), `à` (`Ã `), `Š`, `Π`, `Р` and `٠`.
fn a0_lead(b: u8) -> bool {
    matches!(b, 0xC2 | 0xC3 | 0xC5 | 0xCE | 0xD0 | 0xD9)
}

static MASKS: LazyLock<Masks> = LazyLock::new(|| {
    let mut table = vec![Mask::default(); TABLE_SIZE];
    let mut extra: Vec<(char, Mask)> = Vec::new();
    let set = |m: &mut Mask, b: u8, k: usize| {
        if (0xC2..=0xF4).contains(&b) {
            m.lead |= 1 << k;
        }
        if (0x80..=0xBF).contains(&b) {
            m.cont |= 1 << k;
        }
        if a0_lead(b) {
            m.a0_lead |= 1 << k;
        }
        if (0xE0..=0xEF).contains(&b) {
            m.lead3 |= 1 << k;
        }
    };
    for (k, cs) in CHARSETS.iter().enumerate() {
        for (i, &b) in cs.table.iter().enumerate() {
            if b != 0 {
                set(&mut table[i], b, k);
            }
        }
        for &(c, b) in &cs.extra {
            let at = match extra.binary_search_by_key(&c, |e| e.0) {
                Ok(at) => at,
                Err(at) => {
                    extra.insert(at, (c, Mask::default()));
                    at
                }
            };
            set(&mut extra[at].1, b, k);
        }
    }
    Masks { table, extra }
});

/// The charsets in which `line` may hold a unit (a lead followed by a
/// continuation, a space for a lost 0xA0 byte, or a lost byte), and whether
/// it holds a C1 control. Cheap: most legitimate lines hold none.
fn candidates(line: &str) -> (u16, bool) {
    let masks: &Masks = &MASKS;
    let bytes = line.as_bytes();
    let mut found = 0u16;
    let mut c1 = false;
    // The masks of the two characters before this one; ASCII has none.
    let mut prev = Mask::default();
    let mut prev2 = Mask::default();
    // What came before a space, while the space is the last character.
    let mut before_space: Option<Mask> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            match b {
                // `Ã ` (two bytes), `à¸ ` (three: lead, continuation, space).
                b' ' => {
                    found |= prev.a0_lead | (prev.cont & prev2.lead3);
                    before_space = Some(prev);
                }
                b'?' => {
                    found |= prev.lead;
                    before_space = None;
                }
                _ => before_space = None,
            }
            prev2 = prev;
            prev = Mask::default();
            i += 1;
            // More ASCII changes nothing but to forget: skip it fast.
            let skip = super::next_non_ascii(&bytes[i..]);
            if skip > 0 {
                i += skip;
                prev2 = Mask::default();
                before_space = None;
            }
            continue;
        }
        let c = line[i..].chars().next().expect("a char boundary");
        i += c.len_utf8();
        let m = masks.of(c);
        if c == '\u{FFFD}' {
            found |= prev.lead;
        }
        c1 |= ('\u{80}'..='\u{9F}').contains(&c);
        found |= prev.lead & m.cont;
        // `à ¸`: a three-byte lead, a space, a continuation.
        if let Some(b) = before_space.take() {
            found |= b.lead3 & m.cont;
        }
        prev2 = prev;
        prev = m;
    }
    (found, c1)
}

/// A repair of part of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repair {
    pub span: Range<usize>,
    pub replacement: String,
    /// Safe to apply: the evidence is certain and no byte is guessed.
    pub certain: bool,
    /// Certain but guesses a lost byte (U+FFFD in the result): an unsafe fix.
    pub lossy: bool,
    pub charset: &'static str,
}

/// How much a unit alone says that its text is mojibake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    Plain,
    Weak,
    Strong,
}

/// A valid UTF-8 sequence found in a line read back as bytes.
#[derive(Debug, Clone)]
struct Unit {
    /// Byte range in the line.
    span: Range<usize>,
    /// Char range in the line's char list.
    chars: Range<usize>,
    decoded: char,
    /// Bytes in the sequence (6 for a CESU-8 surrogate pair).
    len: u8,
    /// A byte was lost (`?` or U+FFFD in its place): `decoded` is U+FFFD.
    lossy: bool,
    /// A space stands for a lost 0xA0 byte.
    a0: bool,
    /// `Ã` before a space where the 0xA0 byte was dropped: `à`, space kept.
    guessed: bool,
    /// The unit follows another unit directly.
    after_unit: bool,
    evidence: Evidence,
}

/// A run's repair on one line, in one round.
struct RunRepair {
    span: Range<usize>,
    text: String,
    certain: bool,
    lossy: bool,
}

/// What one charset makes of a line.
struct Reading {
    charset: usize,
    runs: Vec<RunRepair>,
    certain_line: bool,
    /// Bytes of the line inside kept runs, and inside certain ones.
    consumed: usize,
    certain_consumed: usize,
    /// Non-ASCII bytes inside certain runs.
    certain_non_ascii: usize,
    badness: usize,
    /// Letters the certain runs give that text seldom holds (`å` where
    /// another charset reads `á`) and the rest of the line does not.
    uncommon: usize,
}

/// Buffers of [`repair_line_into`], reused from line to line.
#[derive(Default)]
pub(super) struct Scratch {
    chars: Vec<(usize, char)>,
    /// The line's non-ASCII characters (index in `chars`) and the
    /// charsets in which each is a lead byte and a continuation byte:
    /// classified once for all charsets, so that a reading visits only its
    /// own leads, and only those that a unit may follow.
    non_ascii: Vec<(u32, u16, u16)>,
    /// Whether the line holds a C1 control.
    has_c1: bool,
    units: Vec<Unit>,
    /// The run each character is in, per reading.
    run_of: Vec<usize>,
    words: Words,
}

/// A part of the original line and what it reads now.
#[derive(Debug, Clone)]
struct Seg {
    orig: Range<usize>,
    text: String,
    edited: bool,
    certain: bool,
    lossy: bool,
    charset: usize,
}

/// The repairs of one line.
#[cfg(test)]
pub(crate) fn repair_line(line: &str, base: usize) -> Vec<Repair> {
    let mut out = Vec::new();
    repair_line_into(line, base, &mut Scratch::default(), &mut out, None);
    out
}

/// A repair of one line, in the line's own offsets.
#[derive(Debug, Clone)]
struct Found {
    span: Range<usize>,
    text: String,
    certain: bool,
    lossy: bool,
    charset: usize,
}

/// A line the rule finished: its text once every safe repair is made, and
/// that text's own repairs (none of them safe), from the line's start.
pub(super) type Finished = (String, Vec<Repair>);

/// How many times a line is read again after its repairs are made: each
/// further reading that finds a safe repair is one more round of
/// mojibake, and three lie beyond any list we have seen.
const FINISHING_READS: usize = 3;

/// [`repair_line`], appending to `out`.
///
/// A line is repaired whole: after the rounds of one reading, the line
/// with its safe repairs made is read again, as the next pass of `fix`
/// would read it, and what that reading repairs safely joins the line's
/// repairs (so `check` shows the fix that `fix` makes, and `fix` makes it
/// in one pass). When `finished` is given, the repaired line and its own
/// (unsafe) repairs are pushed there once a reading confirms that nothing
/// safe is left, so that the next pass need not read it.
pub(super) fn repair_line_into(
    line: &str,
    base: usize,
    scratch: &mut Scratch,
    out: &mut Vec<Repair>,
    finished: Option<&mut Vec<Finished>>,
) {
    let mut found = read_repairs(line, scratch);
    if is_safe_and_due(&found) {
        let mut current = with_safe_repairs(line, &found);
        for _ in 0..FINISHING_READS {
            // Units left only in charsets other than those just read are
            // rarely damage this reading can finish: the next pass reads
            // such a line (on the other core, while the model moves).
            let used = found
                .iter()
                .filter(|f| f.certain)
                .fold(0u16, |m, f| m | 1 << f.charset);
            let left = candidates(&current);
            if left.0 != 0 && left.0 & used == 0 {
                break;
            }
            let next = read_repairs_with(&current, left, scratch);
            if !next.iter().any(|f| f.certain) {
                if let Some(finished) = finished {
                    let mut repairs = Vec::new();
                    push_repairs(&current, 0, next, &mut repairs);
                    finished.push((current, repairs));
                }
                break;
            }
            if !is_safe_and_due(&next) {
                break;
            }
            found = compose(line, found, &current, next);
            current = with_safe_repairs(line, &found);
        }
    }
    push_repairs(line, base, found, out);
}

/// Whether `found` holds a certain repair and every certain one is safe
/// (a lossy repair is made only under `--unsafe-fixes`, so the line that
/// `fix` writes is not known here).
fn is_safe_and_due(found: &[Found]) -> bool {
    found.iter().any(|f| f.certain) && !found.iter().any(|f| f.certain && f.lossy)
}

/// `line` with the certain repairs of `found` (sorted, apart) made.
fn with_safe_repairs(line: &str, found: &[Found]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for f in found.iter().filter(|f| f.certain) {
        out.push_str(&line[at..f.span.start]);
        out.push_str(&f.text);
        at = f.span.end;
    }
    out.push_str(&line[at..]);
    out
}

/// The repairs of `line` once the certain repairs of `next` (spans in
/// `current`, which is `line` with the certain repairs of `found` made) are
/// made too. A repair of `next` that meets a repair of `found` (overlaps or
/// touches it) becomes one repair with it, reaching from the first's start
/// to the last's end in `line`; an uncertain repair of `found` that a new
/// one meets is dropped, as in one reading.
fn compose(line: &str, found: Vec<Found>, current: &str, next: Vec<Found>) -> Vec<Found> {
    // The certain repairs of `found`, with their place in `current`.
    let mut placed: Vec<(Range<usize>, Found)> = Vec::with_capacity(found.len());
    let mut doubts = Vec::new();
    let mut shift: isize = 0;
    for f in found {
        if !f.certain {
            doubts.push(f);
            continue;
        }
        let start = f.span.start.checked_add_signed(shift).expect("in the line");
        let end = start + f.text.len();
        shift += f.text.len() as isize - f.span.len() as isize;
        placed.push((start..end, f));
    }
    // Where a place in `current` outside every repair of `found` was in `line`.
    let in_line = |at: usize| -> usize {
        let mut shift: isize = 0;
        for (c, f) in &placed {
            if c.end > at {
                break;
            }
            shift += f.text.len() as isize - f.span.len() as isize;
        }
        at.checked_add_signed(-shift).expect("in the line")
    };
    let news: Vec<Found> = next.into_iter().filter(|f| f.certain).collect();
    let meets = |a: &Range<usize>, b: &Range<usize>| a.start <= b.end && b.start <= a.end;
    let mut out: Vec<Found> = Vec::with_capacity(placed.len() + news.len() + doubts.len());
    let (mut i, mut j) = (0, 0);
    while i < placed.len() || j < news.len() {
        // The earliest repair not yet taken starts a group; the group takes
        // every repair, old or new, that meets it, transitively.
        let new_first =
            i == placed.len() || (j < news.len() && news[j].span.start < placed[i].0.start);
        let (mut group, mut olds, mut fresh) = if new_first {
            j += 1;
            (news[j - 1].span.clone(), 0, 1)
        } else {
            i += 1;
            (placed[i - 1].0.clone(), 1, 0)
        };
        let (first_old, first_new) = (i - olds, j - fresh);
        loop {
            if i < placed.len() && meets(&group, &placed[i].0) {
                group.end = group.end.max(placed[i].0.end);
                i += 1;
                olds += 1;
            } else if j < news.len() && meets(&group, &news[j].span) {
                group.end = group.end.max(news[j].span.end);
                j += 1;
                fresh += 1;
            } else {
                break;
            }
        }
        let olds = &placed[first_old..first_old + olds];
        let fresh = &news[first_new..first_new + fresh];
        if fresh.is_empty() {
            out.push(olds[0].1.clone());
            continue;
        }
        // The group's ends in `line`: an old repair's, or a place outside
        // every old repair (a group reaches to each old repair it meets).
        let start = match olds.first() {
            Some((c, f)) if c.start == group.start => f.span.start,
            _ => in_line(group.start),
        };
        let end = match olds.last() {
            Some((c, f)) if c.end == group.end => f.span.end,
            _ => in_line(group.end),
        };
        let mut text = String::new();
        let mut at = group.start;
        for f in fresh {
            text.push_str(&current[at..f.span.start]);
            text.push_str(&f.text);
            at = f.span.end;
        }
        text.push_str(&current[at..group.end]);
        out.push(Found {
            span: start..end,
            text,
            certain: true,
            lossy: false,
            charset: olds.first().map_or(fresh[0].charset, |(_, f)| f.charset),
        });
    }
    for d in doubts {
        if !out
            .iter()
            .any(|x| x.span.start < d.span.end && d.span.start < x.span.end)
        {
            out.push(d);
        }
    }
    out.sort_by_key(|f| f.span.start);
    debug_assert!(out.last().is_none_or(|f| f.span.end <= line.len()));
    out
}

/// `found` as the rule's repairs of `line` at offset `base`: each trimmed
/// to the part it changes.
fn push_repairs(line: &str, base: usize, found: Vec<Found>, out: &mut Vec<Repair>) {
    for f in found {
        let original = &line[f.span.clone()];
        let prefix = common_prefix(original, &f.text);
        let suffix = common_suffix(&original[prefix..], &f.text[prefix..]);
        out.push(Repair {
            span: base + f.span.start + prefix..base + f.span.end - suffix,
            replacement: f.text[prefix..f.text.len() - suffix].to_owned(),
            certain: f.certain,
            lossy: f.lossy,
            charset: CHARSETS[f.charset].name,
        });
    }
}

/// One reading of `line`: the rounds of repair it needs (double and triple
/// mojibake), as repairs of the line sorted by their start.
fn read_repairs(line: &str, scratch: &mut Scratch) -> Vec<Found> {
    if line.is_ascii() {
        return Vec::new();
    }
    read_repairs_with(line, candidates(line), scratch)
}

/// [`read_repairs`] of a line whose [`candidates`] are known.
fn read_repairs_with(line: &str, (found, c1): (u16, bool), scratch: &mut Scratch) -> Vec<Found> {
    if found == 0 && !c1 {
        return Vec::new();
    }
    // The line as parts of the original, each unedited or repaired.
    let mut segs = vec![Seg {
        orig: 0..line.len(),
        text: line.to_owned(),
        edited: false,
        certain: true,
        lossy: false,
        charset: 0,
    }];
    let mut current = line.to_owned();
    let mut found = found;
    let mut c1 = c1;
    // Uncertain repairs of the line as it was: reported, never applied.
    let mut doubts: Vec<(RunRepair, usize)> = Vec::new();
    let mut previous = None;
    for round in 0..4 {
        if found == 0 && !c1 {
            break;
        }
        let edited: Vec<Range<usize>> = edited_ranges(&segs);
        let Some(reading) = read_line(&current, found, c1, &edited, previous, scratch) else {
            break;
        };
        let (mut runs, unsure): (Vec<RunRepair>, Vec<RunRepair>) =
            reading.runs.into_iter().partition(|r| r.certain);
        // A byte lost in text an earlier round made is a guess on a
        // guess (`é` + NBSP + `?` is French, not a damaged sequence).
        if round > 0 {
            runs.retain(|r| !r.lossy);
        }
        if round == 0 {
            doubts.extend(unsure.into_iter().map(|r| (r, reading.charset)));
        }
        if runs.is_empty() {
            break;
        }
        previous = Some(reading.charset);
        apply(&mut segs, &runs, reading.charset, &current);
        current = segs.iter().map(|s| s.text.as_str()).collect();
        // Another round reads what this one repaired (double mojibake):
        // the line is read again only if a repaired part may hold a unit.
        (found, c1) = (0, false);
        for seg in segs.iter().filter(|s| s.edited) {
            let (f, c) = candidates(&seg.text);
            found |= f;
            c1 |= c;
        }
    }
    let has_c1 = |w: &str| w.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c));
    let mut repairs: Vec<Found> = Vec::new();
    for seg in segs.into_iter().filter(|s| s.edited) {
        let original = &line[seg.orig.clone()];
        // A new C1 control is a middle step that no round finished.
        if seg.text == original || (has_c1(&seg.text) && !has_c1(original)) {
            continue;
        }
        repairs.push(Found {
            span: seg.orig,
            text: seg.text,
            certain: true,
            lossy: seg.lossy,
            charset: seg.charset,
        });
    }
    for (r, charset) in doubts {
        let original = &line[r.span.clone()];
        if has_c1(&r.text) && !has_c1(original) || !worth_a_warning(&r.text) {
            continue;
        }
        if repairs
            .iter()
            .any(|x| x.span.start < r.span.end && r.span.start < x.span.end)
        {
            continue;
        }
        repairs.push(Found {
            span: r.span,
            text: r.text,
            certain: false,
            lossy: r.lossy,
            charset,
        });
    }
    repairs.sort_by_key(|r| r.span.start);
    repairs
}

/// The byte ranges of `segs`' current text that earlier rounds repaired.
fn edited_ranges(segs: &[Seg]) -> Vec<Range<usize>> {
    let mut at = 0;
    let mut out = Vec::new();
    for s in segs {
        if s.edited && s.certain {
            out.push(at..at + s.text.len());
        }
        at += s.text.len();
    }
    out
}

/// Applies a round's repairs (spans in `current`, the text of `segs`) to
/// the parts: a repair and the parts it overlaps become one repaired part,
/// so a later round's repair is mapped back to the original text whole.
fn apply(segs: &mut Vec<Seg>, runs: &[RunRepair], charset: usize, current: &str) {
    // Unedited parts split at every repair's ends; repaired parts whole.
    let mut atoms: Vec<(Range<usize>, Seg)> = Vec::with_capacity(segs.len() + 2 * runs.len());
    let mut at = 0;
    for seg in segs.drain(..) {
        let end = at + seg.text.len();
        if seg.edited {
            atoms.push((at..end, seg));
        } else {
            let mut cuts: Vec<usize> = runs
                .iter()
                .flat_map(|r| [r.span.start, r.span.end])
                .filter(|&x| at < x && x < end)
                .collect();
            cuts.dedup();
            let mut from = at;
            for x in cuts.into_iter().chain([end]) {
                let orig = seg.orig.start + (from - at)..seg.orig.start + (x - at);
                atoms.push((
                    from..x,
                    Seg {
                        orig,
                        text: current[from..x].to_owned(),
                        ..seg.clone()
                    },
                ));
                from = x;
            }
        }
        at = end;
    }
    let overlaps = |a: &Range<usize>, r: &Range<usize>| a.start < r.end && r.start < a.end;
    let mut out = Vec::with_capacity(atoms.len());
    let (mut i, mut j) = (0, 0);
    while i < atoms.len() {
        while j < runs.len() && runs[j].span.end <= atoms[i].0.start {
            j += 1;
        }
        if j >= runs.len() || !overlaps(&atoms[i].0, &runs[j].span) {
            out.push(atoms[i].1.clone());
            i += 1;
            continue;
        }
        // A group: atoms and repairs that overlap, transitively.
        let first = i;
        let mut group_end = atoms[i].0.end.max(runs[j].span.end);
        let mut k = j;
        loop {
            let mut grew = false;
            while i + 1 < atoms.len() && atoms[i + 1].0.start < group_end {
                i += 1;
                group_end = group_end.max(atoms[i].0.end);
                grew = true;
            }
            while k + 1 < runs.len() && runs[k + 1].span.start < group_end {
                k += 1;
                group_end = group_end.max(runs[k].span.end);
                grew = true;
            }
            if !grew {
                break;
            }
        }
        let g_start = atoms[first].0.start;
        let mut text = String::new();
        let mut pos = g_start;
        let mut certain = true;
        let mut lossy = false;
        for r in &runs[j..=k] {
            text.push_str(&current[pos..r.span.start]);
            text.push_str(&r.text);
            pos = r.span.end;
            certain &= r.certain;
            lossy |= r.lossy;
        }
        text.push_str(&current[pos..group_end]);
        let atoms_here = &atoms[first..=i];
        for (_, a) in atoms_here.iter().filter(|(_, a)| a.edited) {
            certain &= a.certain;
            lossy |= a.lossy;
        }
        let first_charset = atoms_here
            .iter()
            .find(|(_, a)| a.edited)
            .map_or(charset, |(_, a)| a.charset);
        out.push(Seg {
            orig: atoms_here[0].1.orig.start..atoms_here[atoms_here.len() - 1].1.orig.end,
            text,
            edited: true,
            certain,
            lossy,
            charset: first_charset,
        });
        i += 1;
        j = k + 1;
    }
    *segs = out;
}

/// The best reading of `line` over the candidate charsets, if any has a
/// repair to offer. `confirmed` are ranges that earlier rounds repaired.
fn read_line(
    line: &str,
    found: u16,
    c1: bool,
    confirmed: &[Range<usize>],
    previous: Option<usize>,
    scratch: &mut Scratch,
) -> Option<Reading> {
    scratch.words.forget();
    let masks: &Masks = &MASKS;
    scratch.chars.clear();
    scratch.non_ascii.clear();
    scratch.has_c1 = false;
    let bytes = line.as_bytes();
    scratch.chars.reserve(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        // ASCII a run at a time: a byte, a character.
        let run = super::next_non_ascii(&bytes[at..]);
        if run > 0 {
            let ascii = &bytes[at..at + run];
            scratch.chars.extend(
                ascii
                    .iter()
                    .enumerate()
                    .map(|(j, &b)| (at + j, char::from(b))),
            );
            at += run;
            continue;
        }
        let c = line[at..].chars().next().expect("a char boundary");
        let m = masks.of(c);
        scratch
            .non_ascii
            .push((scratch.chars.len() as u32, m.lead, m.cont));
        scratch.has_c1 |= ('\u{80}'..='\u{9F}').contains(&c);
        scratch.chars.push((at, c));
        at += c.len_utf8();
    }
    let non_ascii = line.bytes().filter(|&b| b >= 0x80).count();
    let mut best: Option<Reading> = None;
    // A C1 control that Windows-1252 would have shown as a sign: the line
    // was decoded as ISO-8859-1 or -15, whose `Ž` and `œ` are other bytes.
    let latin1_c1 = c1
        && line
            .chars()
            .any(|c| matches!(c as u32, 0x80 | 0x82..=0x8C | 0x8E | 0x91..=0x9C | 0x9E | 0x9F));
    // Double mojibake is most often the same charset twice.
    let favoured = |k: usize| {
        previous == Some(k) || previous.is_none() && latin1_c1 && CHARSETS[k].name == "iso-8859-15"
    };
    for k in 0..CHARSETS.len() {
        if found & (1 << k) == 0 && !(c1 && k == 0) {
            continue;
        }
        scratch.units.clear();
        scan_leads(
            line,
            k,
            &scratch.chars,
            &scratch.non_ascii,
            &mut scratch.units,
        );
        if let Some(b) = best.as_ref() {
            // In the first round, a certain reading with nothing unlikely
            // in it can only be tied by a charset whose units it already
            // explains (and ties go to the earlier charset): such a
            // charset need not be judged.
            if previous.is_none()
                && b.certain_line
                && b.badness == 0
                && b.uncommon == 0
                && !latin1_c1
            {
                let explained = |u: &Unit| {
                    b.runs.iter().any(|r| {
                        r.certain && r.span.start <= u.span.start && u.span.end <= r.span.end
                    })
                };
                if scratch.units.iter().all(explained) {
                    continue;
                }
            }
            // Nor a charset whose units, all repaired with certainty,
            // would consume fewer bytes than a certain reading already
            // does, and cannot explain every non-ASCII byte (which would
            // end the search).
            if b.certain_line {
                let (bytes, high) = scratch.units.iter().fold((0, 0), |(n, h), u| {
                    let span = &line.as_bytes()[u.span.clone()];
                    (
                        n + span.len(),
                        h + span.iter().filter(|&&x| x >= 0x80).count(),
                    )
                });
                // With as many bytes, it must also come first on what
                // follows in the key, or lose the tie to the earlier one.
                let unbeaten = b.certain_consumed == bytes
                    && (favoured(b.charset) || !favoured(k))
                    && b.badness == 0
                    && b.uncommon == 0;
                if (b.certain_consumed > bytes || unbeaten) && high < non_ascii {
                    continue;
                }
            }
        }
        let Some(reading) = read_with(line, k, confirmed, scratch) else {
            continue;
        };
        let key = |r: &Reading| {
            (
                r.certain_line,
                r.certain_consumed,
                favoured(r.charset),
                std::cmp::Reverse(r.badness),
                std::cmp::Reverse(r.uncommon),
                r.consumed,
            )
        };
        // A reading that explains every non-ASCII byte with certainty and
        // nothing unlikely cannot be beaten by a later charset in the
        // first round (ties go to the earlier one).
        let whole = previous.is_none()
            && reading.certain_line
            && reading.badness == 0
            && reading.uncommon == 0
            && !latin1_c1
            && reading.certain_non_ascii == non_ascii;
        if best.as_ref().is_none_or(|b| key(&reading) > key(b)) {
            best = Some(reading);
        }
        if whole {
            break;
        }
    }
    best
}

/// Whether a character of the line is a letter.
fn letter_at(chars: &[(usize, char)], i: Option<usize>) -> Option<char> {
    i.and_then(|i| chars.get(i))
        .map(|&(_, c)| c)
        .filter(|&c| is_letter(c))
}

/// What charset `k` makes of the line.
fn read_with(
    line: &str,
    k: usize,
    confirmed: &[Range<usize>],
    scratch: &mut Scratch,
) -> Option<Reading> {
    let cs = &CHARSETS[k];
    let chars = &scratch.chars;
    let words = &mut scratch.words;
    let units = &mut scratch.units;
    if units.is_empty() && k != 0 {
        return None;
    }
    // A unit wholly inside text that an earlier round repaired needs no
    // more evidence.
    let confirmed_unit = |u: &Unit| {
        confirmed
            .iter()
            .any(|r| r.start <= u.span.start && u.span.end <= r.end)
    };
    let mut verdicts: Vec<(bool, bool)> = Vec::with_capacity(units.len()); // confirmed, pattern veto
    for u in units.iter_mut() {
        if confirmed_unit(u) {
            u.evidence = Evidence::Strong;
            verdicts.push((true, false));
            continue;
        }
        let (evidence, pattern) = judge(line, words, chars, u);
        u.evidence = evidence;
        verdicts.push((false, pattern));
    }
    // Lost bytes written as `?` need another unit of the charset on the
    // line, or a lead of three or four bytes with a continuation kept.
    let clean = units
        .iter()
        .any(|u| !u.lossy && !impossible(u.decoded, false));
    let possible: Vec<bool> = units
        .iter()
        .map(|u| {
            let question = u.lossy && chars[u.chars.clone()].iter().any(|&(_, c)| c == '?');
            !(impossible(u.decoded, u.lossy) || question && !clean && u.len < 3)
        })
        .collect();
    // Runs: possible units side by side. A run of two or more is strong;
    // a run that gives a rare character, or a single unit that
    // legitimate text writes, is dropped.
    let mut kept = vec![false; units.len()];
    let mut runs: Vec<(Range<usize>, Evidence, bool)> = Vec::new(); // unit index range, evidence, decisive
    let mut i = 0;
    while i < units.len() {
        if !possible[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < units.len()
            && possible[i + 1]
            && units[i + 1].chars.start == units[i].chars.end
        {
            i += 1;
        }
        let us = &units[start..=i];
        let vs = &verdicts[start..=i];
        let all_confirmed = vs.iter().all(|v| v.0);
        // Text an earlier round repaired may hold accents and combining
        // marks (`˛` and `̀` of a kaomoji); nothing else rare.
        let rare_in = us
            .iter()
            .zip(vs)
            .any(|(u, v)| rare(u.decoded) && !(v.0 && matches!(u.decoded as u32, 0x02B0..=0x036F)));
        let keep = if us.len() > 1 {
            !rare_in
        } else {
            let u = &us[0];
            let c1 = ('\u{80}'..='\u{9F}').contains(&u.decoded);
            !(rare_in
                || !vs[0].0
                    && (c1
                        || lowercase_in_capitals(line, words, u)
                        || (vs[0].1 && u.evidence < Evidence::Strong)))
        };
        if keep {
            // Side by side, two units with any sign are strong; spaces for
            // lost bytes and letters alone (`Её Её` in KOI8-R) are not.
            let most = us
                .iter()
                .map(|u| u.evidence)
                .max()
                .unwrap_or(Evidence::Plain);
            let evidence = if us.len() > 1 && most >= Evidence::Weak {
                Evidence::Strong
            } else {
                most
            };
            kept[start..=i].iter_mut().for_each(|k| *k = true);
            // Decisive: no legitimate text around changes what this says.
            let decisive = evidence == Evidence::Strong && us.len() > 1
                || all_confirmed
                || us.iter().any(|u| {
                    (u.len >= 3 && u.evidence == Evidence::Strong)
                        || chars[u.chars.clone()]
                            .iter()
                            .any(|&(_, c)| ('\u{80}'..='\u{9F}').contains(&c))
                });
            runs.push((start..i + 1, evidence, decisive));
        }
        i += 1;
    }
    if runs.is_empty() && k != 0 {
        return None;
    }
    // The run each character is in, to look at a run's neighbours.
    let run_of = &mut scratch.run_of;
    run_of.clear();
    run_of.resize(chars.len(), usize::MAX);
    for (ri, (range, _, _)) in runs.iter().enumerate() {
        for u in &units[range.clone()] {
            run_of[u.chars.clone()].iter_mut().for_each(|r| *r = ri);
        }
    }
    let run_of: &[usize] = run_of;
    let mut incomplete = vec![false; runs.len()];
    for &(ci, _, _) in &scratch.non_ascii {
        let ci = ci as usize;
        let c = chars[ci].1;
        if run_of[ci] != usize::MAX {
            continue;
        }
        let left = ci.checked_sub(1).map_or(usize::MAX, |p| run_of[p]);
        let right = run_of.get(ci + 1).copied().unwrap_or(usize::MAX);
        // A letter of a script the charset cannot hold (`中文â€œ`) is text
        // beside the damage; anything else is damage left over.
        let leftover =
            !standalone_ok(c) && (cs.byte(c).is_some() || !is_letter(c) || script(c) == Some(0));
        if leftover {
            for ri in [left, right] {
                if ri != usize::MAX {
                    incomplete[ri] = true;
                }
            }
        }
    }
    let strong = runs.iter().filter(|r| r.1 == Evidence::Strong).count();
    let weak = runs.iter().filter(|r| r.1 == Evidence::Weak).count();
    // One piece of evidence is enough, but not beside typography that a
    // wrong reading would have broken too, in the same or the next word
    // (`Bremer/Mccoy – DrÃ¥ber`): there the text around is UTF-8 that
    // survived, and it takes two pieces, or a decisive one.
    let decisive = runs.iter().any(|r| r.2);
    let certain_line = decisive
        || strong + weak >= 2
        || (strong + weak == 1 && {
            let (range, _, _) = runs
                .iter()
                .find(|r| r.1 > Evidence::Plain)
                .expect("one run");
            let span = units[range.start].span.start..units[range.end - 1].span.end;
            !(typography_near(
                chars,
                units[range.start].chars.start,
                units[range.end - 1].chars.end,
                run_of,
            ) && ambiguous(&line[span], k))
        });
    let mut out = Vec::with_capacity(runs.len());
    let mut consumed = 0;
    let mut certain_consumed = 0;
    let mut certain_non_ascii = 0;
    let mut badness_total = 0;
    let mut uncommon = 0;
    for (ri, (range, evidence, _)) in runs.iter().enumerate() {
        let us = &units[range.clone()];
        let span = us[0].span.start..us[us.len() - 1].span.end;
        let mut text = String::with_capacity(span.len());
        let mut at = span.start;
        for u in us {
            text.push_str(&line[at..u.span.start]);
            text.push(u.decoded);
            at = u.span.end;
        }
        text.push_str(&line[at..span.end]);
        let lossy = us.iter().any(|u| u.lossy);
        let certain = certain_line && !incomplete[ri];
        // Plain runs are repaired only beside stronger evidence.
        let certain = certain && (*evidence > Evidence::Plain || strong + weak > 0);
        if !certain && *evidence == Evidence::Plain {
            continue;
        }
        consumed += span.len();
        if certain {
            certain_consumed += span.len();
            certain_non_ascii += line.as_bytes()[span.clone()]
                .iter()
                .filter(|&&b| b >= 0x80)
                .count();
        }
        // Judged in its word: `À` or `ä` before `lska`.
        let before_at = line[..span.start]
            .char_indices()
            .rev()
            .nth(1)
            .map_or(0, |(i, _)| i);
        let after_at = line[span.end..]
            .char_indices()
            .nth(2)
            .map_or(line.len(), |(i, _)| span.end + i);
        badness_total += badness(
            line[before_at..span.start]
                .chars()
                .chain(text.chars())
                .chain(line[span.end..after_at].chars()),
        );
        if certain {
            uncommon += us.iter().filter(|u| uncommon_letter(u.decoded)).count();
        }
        out.push(RunRepair {
            span,
            text,
            certain,
            lossy,
        });
    }
    // Standalone C1 controls: the Windows-1252 character of their byte.
    if k == 0 || out.iter().any(|r| r.certain) {
        // Only a line with a C1 control needs to know which characters
        // the runs took.
        if scratch.has_c1 {
            let mut emitted = vec![false; chars.len()];
            for r in &out {
                let from = chars.partition_point(|&(at, _)| at < r.span.start);
                for (ci, &(at, _)) in chars.iter().enumerate().skip(from) {
                    if at >= r.span.end {
                        break;
                    }
                    emitted[ci] = true;
                }
            }
            c1_repairs(chars, &emitted, &mut out);
        }
    }
    if out.is_empty() {
        return None;
    }
    out.sort_by_key(|r| r.span.start);
    let certain_line = certain_line || out.iter().any(|r| r.certain);
    if uncommon > 0 {
        uncommon = uncommon_in_context(line, &out, units);
    }
    Some(Reading {
        charset: k,
        runs: out,
        certain_line,
        consumed,
        certain_consumed,
        certain_non_ascii,
        badness: badness_total,
        uncommon,
    })
}

/// A Latin letter with a diacritic outside the two dozen that most text
/// writes: where two charsets both read a run, `á` beats `å` and `ü`
/// beats `ß` (`ĂĄ` and `Ăź` are `á` and `ü` in ISO-8859-2, `å` and `ß` in
/// Windows-1250).
/// Capitals are left to the order of the charsets (`Ã€` is `À` in
/// Windows-1252 before `ä` in ISO-8859-15).
fn uncommon_letter(c: char) -> bool {
    matches!(c as u32, 0xC0..=0x24F) && c.is_lowercase() && !"éáíóúàèòùâêôîûäöüçñãõëïìý".contains(c)
}

/// The uncommon letters of the certain runs `out` (from `units`) that the
/// line's language does not explain: `å` beside `ø` or `æ` is Nordic (and
/// `ü` there is not), `ß` beside `ä`, `ö` or `ü` German, and a letter the
/// line holds elsewhere is its own.
fn uncommon_in_context(line: &str, out: &[RunRepair], units: &[Unit]) -> usize {
    let decoded: Vec<char> = units
        .iter()
        .filter(|u| {
            out.iter()
                .any(|r| r.certain && r.span.start <= u.span.start && u.span.end <= r.span.end)
        })
        .map(|u| u.decoded)
        .collect();
    let has = |set: &[char]| line.contains(set) || decoded.iter().any(|c| set.contains(c));
    let (mut nordic, mut german) = (None, None);
    let mut is_nordic = || *nordic.get_or_insert_with(|| has(&['ø', 'æ', 'Ø', 'Æ']));
    decoded
        .iter()
        .filter(|&&d| !line.contains(d))
        .filter(|&&d| match d {
            'å' => !is_nordic(),
            // Danish and Norwegian write no `ü`: beside `ø` or `æ`, `ĂĽ`
            // is `å` (ISO-8859-2), not `ü` (Windows-1250).
            'ü' => is_nordic(),
            'ß' => !*german.get_or_insert_with(|| has(&['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü'])),
            d => uncommon_letter(d),
        })
        .count()
}

/// Whether another charset also reads `run` as UTF-8, differently: `Ã¥`
/// is `å` in Windows-1252 and a combining mark in Mac OS Roman. Such a
/// run beside surviving typography is left to the reader.
fn ambiguous(run: &str, k: usize) -> bool {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    let mine = decode_run(run, &CHARSETS[k], &chars);
    CHARSETS.iter().enumerate().any(|(j, cs)| {
        j != k && decode_run(run, cs, &chars).is_some_and(|other| Some(&other) != mine.as_ref())
    })
}

/// `run` read as UTF-8 in `cs`, if its units cover it whole.
fn decode_run(run: &str, cs: &Charset, chars: &[(usize, char)]) -> Option<String> {
    let mut units = Vec::new();
    scan(run, cs, chars, &mut units);
    let mut at = 0;
    let mut out = String::new();
    for u in &units {
        if u.span.start != at {
            return None;
        }
        out.push(u.decoded);
        at = u.span.end;
    }
    (at == run.len() && !units.is_empty()).then_some(out)
}

/// Whether typography that Windows-1252 would have broken (`–`, `’`, `“`)
/// and no run explains stands in the word of chars `first..last`, or the
/// word before or after it.
fn typography_near(chars: &[(usize, char)], first: usize, last: usize, run_of: &[usize]) -> bool {
    let typographic = |ci: usize| {
        let c = chars[ci].1;
        !c.is_ascii() && run_of[ci] == usize::MAX && CHARSETS[0].byte(c).is_some_and(|b| b < 0xA0)
    };
    let mut spaces = 0;
    for ci in (0..first).rev() {
        if chars[ci].1.is_whitespace() {
            spaces += 1;
            if spaces > 1 {
                break;
            }
        } else if typographic(ci) {
            return true;
        }
    }
    spaces = 0;
    for (ci, &(_, c)) in chars.iter().enumerate().skip(last) {
        if c.is_whitespace() {
            spaces += 1;
            if spaces > 1 {
                break;
            }
        } else if typographic(ci) {
            return true;
        }
    }
    false
}

/// Characters that legitimately stand next to repaired text: typography
/// that UTF-8 text keeps while a neighbour was damaged (`l’Ã©valuation`,
/// `quotesâ€¦”`).
fn standalone_ok(c: char) -> bool {
    matches!(
        c,
        '’' | '‘' | '“' | '”' | '«' | '»' | '‹' | '›' | '…' | '–' | '—' | '•' | '\u{A0}'
    )
}

/// C1 controls that no unit explains, read as Windows-1252.
fn c1_repairs(chars: &[(usize, char)], consumed: &[bool], out: &mut Vec<RunRepair>) {
    let cp1252 = &CHARSETS[0];
    for (ci, &(at, c)) in chars.iter().enumerate() {
        if consumed[ci] || !('\u{80}'..='\u{9F}').contains(&c) {
            continue;
        }
        let to = cp1252.forward[c as usize - 0x80];
        if to == '\0' {
            continue; // undefined in Windows-1252 too: left to `control-char`
        }
        if out.iter().any(|r| r.span.start <= at && at < r.span.end) {
            continue;
        }
        // Between two letters, punctuation is a guess (`tur\x92stico` is Mac
        // OS Roman's `í`), but for an apostrophe before a suffix.
        let prev = letter_at(chars, ci.checked_sub(1));
        let next = letter_at(chars, Some(ci + 1));
        let certain = !(prev.is_some() && next.is_some() && !is_letter(to))
            || (to == '’' && suffix_after(chars, ci + 1));
        out.push(RunRepair {
            span: at..at + c.len_utf8(),
            text: to.to_string(),
            certain,
            lossy: false,
        });
    }
}

/// Whether an English suffix (`s`, `t`, `d`, `m`, `ll`, `re`, `ve`) starts at
/// char `i` and ends the word.
fn suffix_after(chars: &[(usize, char)], i: usize) -> bool {
    let word: String = chars[i.min(chars.len())..]
        .iter()
        .map(|&(_, c)| c)
        .take_while(|c| c.is_alphabetic())
        .take(3)
        .collect();
    matches!(word.as_str(), "s" | "t" | "d" | "m" | "ll" | "re" | "ve")
}

/// The units of the line read in `cs`: valid UTF-8 sequences, left to right.
fn scan(line: &str, cs: &Charset, chars: &[(usize, char)], out: &mut Vec<Unit>) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        // A unit starts at a non-ASCII character: ASCII (one byte, one
        // character) is skipped a word at a time.
        if chars[i].1.is_ascii() {
            i += 1 + super::next_non_ascii(&line.as_bytes()[chars[i].0 + 1..]);
            continue;
        }
        i = unit_at(line, cs, chars, i, out);
    }
}

/// [`scan`] in charset `k` of the line whose non-ASCII characters are
/// `non_ascii` (with the charsets where each is a lead and a
/// continuation): only the leads of `k` can start a unit, so only they are
/// visited, and only those followed by what a unit's second byte may be (a
/// continuation of `k`, or a space or `?` or U+FFFD for a lost byte).
fn scan_leads(
    line: &str,
    k: usize,
    chars: &[(usize, char)],
    non_ascii: &[(u32, u16, u16)],
    out: &mut Vec<Unit>,
) {
    let cs = &CHARSETS[k];
    let bit = 1 << k;
    let mut i = 0;
    for (n, &(at, leads, _)) in non_ascii.iter().enumerate() {
        let at = at as usize;
        if leads & bit == 0 || at < i {
            continue;
        }
        let second = match non_ascii.get(n + 1) {
            Some(&(next, _, cont)) if next as usize == at + 1 => {
                cont & bit != 0 || chars[at + 1].1 == '\u{FFFD}'
            }
            _ => matches!(chars.get(at + 1), Some((_, ' ' | '?'))),
        };
        // `unit_at` would find no unit here.
        i = if second {
            unit_at(line, cs, chars, at, out)
        } else {
            at + 1
        };
    }
}

/// The unit starting at char `i` of the line read in `cs`, if any, pushed
/// to `out`; returns where the scan goes on.
fn unit_at(
    line: &str,
    cs: &Charset,
    chars: &[(usize, char)],
    i: usize,
    out: &mut Vec<Unit>,
) -> usize {
    #[derive(Clone, Copy, PartialEq)]
    enum Class {
        Byte(u8),
        Space,
        Lost,
        Other,
    }
    let class = |i: usize| -> Class {
        match chars.get(i) {
            None => Class::Other,
            Some(&(_, ' ')) => Class::Space,
            Some(&(_, '?' | '\u{FFFD}')) => Class::Lost,
            Some(&(_, c)) => cs.byte(c).map_or(Class::Other, Class::Byte),
        }
    };
    let offset = |i: usize| chars.get(i).map_or(line.len(), |&(at, _)| at);
    let n = chars.len();
    {
        let Class::Byte(lead @ 0xC2..=0xF4) = class(i) else {
            return i + 1;
        };
        let need = match lead {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            _ => 3,
        };
        // `Ã` then a space: the no-break space of `à` became a space, or
        // was dropped before one (`voilÃ le`, `Ã perturber`).
        if lead == 0xC3 && class(i + 1) == Class::Space {
            let after: String = chars[(i + 2).min(n)..]
                .iter()
                .take(6)
                .map(|&(_, c)| c)
                .collect();
            let joins = after.starts_with(' ')
                || after.starts_with("quel")
                || after.starts_with("quil")
                || (after.starts_with('s')
                    && after[1..]
                        .chars()
                        .next()
                        .is_none_or(|c| c.is_ascii() && !c.is_ascii_alphanumeric() && c != '\''));
            let lead_char = chars[i].1;
            if !joins
                && !a0_inside_word(chars, i)
                && matches!(lead_char, 'Ã' | 'Г')
                && after.chars().next().is_some_and(char::is_alphanumeric)
            {
                out.push(Unit {
                    span: offset(i)..offset(i + 1),
                    chars: i..i + 1,
                    decoded: 'à',
                    len: 2,
                    lossy: false,
                    a0: true,
                    guessed: true,
                    after_unit: out.last().is_some_and(|u: &Unit| u.chars.end == i),
                    evidence: Evidence::Plain,
                });
                return i + 1;
            }
        }
        let mut bytes = [lead, 0, 0, 0];
        let mut lost = 0;
        let mut a0 = false;
        let mut ok = true;
        // A space may stand for 0xA0 inside a three-byte unit only when no
        // Latin letter comes before it.
        // (A character that ends the unit before is damage, not a letter.)
        let after_unit = out.last().is_some_and(|u: &Unit| u.chars.end == i);
        let after_latin = || {
            !after_unit
                && i.checked_sub(1)
                    .is_some_and(|p| script(chars[p].1) == Some(0))
        };
        for j in 1..=need {
            let slot = &mut bytes[j];
            match class(i + j) {
                Class::Byte(b @ 0x80..=0xBF) => *slot = b,
                // A space for a lost 0xA0 byte: after a lead that is a
                // letter (`Ã `, `Ð `), or inside a three-byte unit that
                // does not follow a Latin letter (`à¸ ` but not `é\x85 `).
                Class::Space
                    if !a0
                        && lost == 0
                        && ((need == 1 && a0_lead(lead) && is_letter(chars[i].1))
                            || (need == 2 && !after_latin())) =>
                {
                    *slot = 0xA0;
                    a0 = true;
                }
                // One byte lost at most, and not beside a lost 0xA0. A
                // no-break space before `?` is French typography
                // (`qualité ?`), not a continuation.
                Class::Lost
                    if lost == 0
                        && !a0
                        && !(j > 1
                            && class(i + j - 1) == Class::Byte(0xA0)
                            && chars[i + j].1 == '?') =>
                {
                    lost += 1;
                    *slot = 0;
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            return i + 1;
        }
        let mut consumed = need + 1;
        let mut len = consumed as u8;
        let decoded = if lost > 0 {
            // The bytes kept must start a valid sequence.
            let known: Vec<u8> = bytes[..=need].iter().copied().filter(|&b| b != 0).collect();
            valid_prefix(&known, need + 1).then_some('\u{FFFD}')
        } else if lead == 0xED && (0xA0..=0xAF).contains(&bytes[1]) {
            // CESU-8: a high surrogate, then a low one.
            let low = [class(i + 3), class(i + 4), class(i + 5)];
            match low {
                [
                    Class::Byte(0xED),
                    Class::Byte(b1 @ 0xB0..=0xBF),
                    Class::Byte(b2 @ 0x80..=0xBF),
                ] => {
                    let hi =
                        0xD000 | (u32::from(bytes[1] & 0x3F) << 6) | u32::from(bytes[2] & 0x3F);
                    let lo = 0xD000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
                    consumed = 6;
                    len = 6;
                    char::from_u32(0x1_0000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                }
                _ => None,
            }
        } else {
            decode_utf8(&bytes[..=need])
        };
        let Some(decoded) = decoded else {
            return i + 1;
        };
        out.push(Unit {
            span: offset(i)..offset(i + consumed),
            chars: i..i + consumed,
            decoded,
            len,
            lossy: lost > 0,
            a0,
            guessed: false,
            after_unit,
            evidence: Evidence::Plain,
        });
        i + consumed
    }
}

/// Whether the space after the `Ã` at char `i` is the 0xA0 byte of an `à`
/// inside a word (`drÃ bh` for `dràbh`) rather than a space after a
/// word-final or standalone `à` whose 0xA0 byte was dropped (`voilÃ le`).
/// Only what the text after the space cannot be, or the line's language,
/// decides it; without such evidence the space stays.
fn a0_inside_word(chars: &[(usize, char)], i: usize) -> bool {
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let rest = chars.get(i + 2..).unwrap_or_default();
    let frag_len = rest
        .iter()
        .take_while(|&&(_, c)| c.is_ascii_lowercase())
        .count();
    let frag: Vec<char> = rest[..frag_len].iter().map(|&(_, c)| c).collect();
    if frag.is_empty() {
        // A closing quote right after the space (`invaliditÃ â€\u{9d}`):
        // quotes close on the word.
        let next: String = rest.iter().take(3).map(|&(_, c)| c).collect();
        return next.starts_with('”') || next == "â€\u{9d}";
    }
    // The fragment ends the word: a space, punctuation or the end, but
    // not an apostrophe or hyphen (`Ã l’école`, `Ã t-`). `â€` is damaged
    // punctuation (U+2000 to U+203F: quotes, dashes, `…`), but `â€™` may
    // be an apostrophe.
    let damaged_punct = rest
        .get(frag_len..frag_len + 3)
        .is_some_and(|r| r[0].1 == 'â' && r[1].1 == '€' && r[2].1 != '™');
    let ends_word = damaged_punct
        || rest
            .get(frag_len)
            .is_none_or(|&(_, c)| !c.is_alphabetic() && !matches!(c, '\'' | '’' | 'ʼ' | '-'));
    let prev_lower = i.checked_sub(1).is_some_and(|p| chars[p].1.is_lowercase());
    // No vowel: `bh`, `n` are no words (`grÃ n` is `gràn`).
    if ends_word && !frag.iter().any(|&c| vowel(c)) {
        return true;
    }
    // Two consonants that start no word in the languages that write `à`:
    // a doubled one but `ll`, or `l`, `r`, `m`, `n` before another
    // consonant (`TeÃ rlach`, `desbarrÃ ssim`, `xeroacÃ ntica`).
    if let [a, b, ..] = frag[..] {
        let falls = matches!(a, 'l' | 'r' | 'm' | 'n')
            && !matches!(b, 'h' | 'y')
            && !matches!((a, b), ('m', 'n') | ('n', 'g'));
        if !vowel(a) && !vowel(b) && (a == b && a != 'l' || a != b && falls) {
            return true;
        }
    }
    // Catalan verb endings that only follow a stressed `à` inside a word
    // (`declamàveu`, `enderrocàrem`).
    if prev_lower && ends_word && matches!(frag[..], ['v' | 'r', 'e', 'm' | 'u']) {
        return true;
    }
    // The words around it, so that a long line costs no more per `Ã`.
    scottish_gaelic(
        chars,
        i.saturating_sub(GAELIC_WINDOW)..(i + GAELIC_WINDOW).min(chars.len()),
    )
}

/// Chars on each side of an `Ã` that [`scottish_gaelic`] reads.
const GAELIC_WINDOW: usize = 200;

/// Whether a line reads as Scottish Gaelic, where `à` is common inside
/// words and rare at their end: a lenited word start (`bha`, `dhùin`), a
/// word ending in a lenited consonant (`-adh`, `-aibh`, `-chd`), or a
/// `h-`, `t-`, `n-` prefix before a vowel, among the chars of `scan`.
fn scottish_gaelic(chars: &[(usize, char)], scan: Range<usize>) -> bool {
    // Vowels as Gaelic writes them, and `Ã`, the lead of a damaged one.
    let vowel = |c: char| {
        matches!(
            c.to_ascii_lowercase(),
            'a' | 'e' | 'i' | 'o' | 'u' | 'à' | 'è' | 'ì' | 'ò' | 'ù' | 'á' | 'é' | 'ó' | 'Ã'
        )
    };
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let word_start = |k: usize| {
        k.checked_sub(1)
            .and_then(at)
            .is_none_or(|p| !p.is_alphabetic() && p != '-' && !p.is_ascii_digit())
    };
    let word_end = |k: usize| at(k).is_none_or(|c| !c.is_alphabetic() && !c.is_ascii_digit());
    // Text inside a link target or a code span says nothing of the line.
    let mut in_target = false;
    let mut in_code = false;
    for (k, &(_, c)) in chars.iter().enumerate().take(scan.end).skip(scan.start) {
        match c {
            '`' => in_code = !in_code,
            '(' if k > 0 && chars[k - 1].1 == ']' => in_target = true,
            ')' => in_target = false,
            _ => {}
        }
        if in_target || in_code {
            continue;
        }
        let (Some(n1), n2) = (at(k + 1), at(k + 2)) else {
            continue;
        };
        let lenited = |x: char| matches!(x, 'b' | 'd' | 'm' | 'f');
        if lenited(c) && n1 == 'h' && word_start(k) && n2.is_some_and(vowel) {
            return true;
        }
        if matches!(c, 'd' | 'b' | 'm')
            && n1 == 'h'
            && k.checked_sub(1).and_then(at).is_some_and(vowel)
            && word_end(k + 2)
        {
            return true;
        }
        if c == 'c' && n1 == 'h' && n2 == Some('d') && word_end(k + 3) {
            return true;
        }
        if matches!(c, 'h' | 't' | 'n' | 'H' | 'T' | 'N')
            && n1 == '-'
            && word_start(k)
            && n2.is_some_and(|x| vowel(x) || matches!(x, 'À' | 'È' | 'Ì' | 'Ò' | 'Ù'))
        {
            return true;
        }
    }
    false
}

/// Whether `known` (a lead and the continuations kept, one byte lost) can
/// start a valid sequence of `len` bytes.
fn valid_prefix(known: &[u8], len: usize) -> bool {
    let Some(&lead) = known.first() else {
        return false;
    };
    let second_ok = |b: u8| match lead {
        0xE0 => (0xA0..=0xBF).contains(&b),
        0xED => (0x80..=0x9F).contains(&b),
        0xF0 => (0x90..=0xBF).contains(&b),
        0xF4 => (0x80..=0x8F).contains(&b),
        _ => (0x80..=0xBF).contains(&b),
    };
    known.len() < len && known.get(1).is_none_or(|&b| second_ok(b))
}

/// The words of a line (split at ASCII whitespace and no-break spaces)
/// and, once asked for, how many ASCII lowercase letters and capitals each
/// holds: a unit's word is judged without reading it again for every unit
/// (a CJK or Thai line is one long word). The line is split when first
/// asked: most lines are judged without it.
#[derive(Default)]
pub(super) struct Words {
    /// Whether `spans` are of the line being read.
    indexed: bool,
    /// Byte ranges of the words, in order.
    spans: Vec<(u32, u32)>,
    /// Lowercase letters and capitals per word, counted when first needed.
    counts: Vec<std::cell::Cell<Option<(u32, u32)>>>,
}

impl Words {
    /// A new line is being read.
    fn forget(&mut self) {
        self.indexed = false;
    }

    fn index(&mut self, line: &str) {
        if self.indexed {
            return;
        }
        self.indexed = true;
        self.spans.clear();
        let b = line.as_bytes();
        let mut start = None;
        let mut i = 0;
        while i < b.len() {
            let width = if b[i].is_ascii_whitespace() {
                1
            } else if b[i] == 0xC2 && b.get(i + 1) == Some(&0xA0) {
                2
            } else {
                0
            };
            if width > 0 {
                if let Some(s) = start.take() {
                    self.spans.push((s, i as u32));
                }
                i += width;
            } else {
                start.get_or_insert(i as u32);
                i += 1;
            }
        }
        if let Some(s) = start {
            self.spans.push((s, b.len() as u32));
        }
        self.counts.clear();
        self.counts
            .resize(self.spans.len(), std::cell::Cell::new(None));
    }

    /// The word holding byte `p`, if `p` is in one.
    fn word_at(&self, p: usize) -> Option<usize> {
        let p = p as u32;
        let k = self.spans.partition_point(|w| w.1 <= p);
        (k < self.spans.len() && self.spans[k].0 <= p).then_some(k)
    }

    fn count(&self, line: &[u8], k: usize) -> (u32, u32) {
        if let Some(c) = self.counts[k].get() {
            return c;
        }
        let (a, z) = self.spans[k];
        let mut c = (0, 0);
        for &b in &line[a as usize..z as usize] {
            c.0 += u32::from(b.is_ascii_lowercase());
            c.1 += u32::from(b.is_ascii_uppercase());
        }
        self.counts[k].set(Some(c));
        c
    }

    /// The word (between ASCII whitespace and no-break spaces) around a
    /// unit is written in capitals: two ASCII capitals and no lowercase
    /// ASCII letter outside the unit (`ZURÃœCK`, `NICIODATĂ™`, `MAÇÃ»`).
    /// A unit holds no ASCII letter, so its words' counts are what lies
    /// outside it.
    fn capitals(&mut self, line: &str, u: &Unit) -> bool {
        self.index(line);
        let left = u.span.start.checked_sub(1).and_then(|p| self.word_at(p));
        let right = self.word_at(u.span.end);
        let b = line.as_bytes();
        let mut total = left.map_or((0, 0), |k| self.count(b, k));
        if let Some(k) = right.filter(|&k| Some(k) != left) {
            let c = self.count(b, k);
            total = (total.0 + c.0, total.1 + c.1);
        }
        total.0 == 0 && total.1 >= 2
    }
}

/// A unit that gives a lowercase letter inside a word of capitals
/// (`MAÇÃ»` as `MAÇû`, `MÄ£ÄM` as `MģÄM`).
fn lowercase_in_capitals(line: &str, words: &mut Words, u: &Unit) -> bool {
    u.decoded.is_lowercase() && words.capitals(line, u)
}

/// Single-letter words that mojibake leaves behind (`Ã ` for `à`).
fn one_letter_word(c: char) -> bool {
    matches!(
        c,
        'à' | 'á' | 'é' | 'è' | 'ó' | 'ò' | 'ô' | 'ê' | 'í' | 'ú' | 'À' | 'É' | 'È'
    )
}

/// The evidence a unit carries in its place, and whether legitimate text
/// writes it (then a unit alone is dropped unless its evidence is strong).
fn judge(line: &str, words: &mut Words, chars: &[(usize, char)], u: &Unit) -> (Evidence, bool) {
    let own: &[(usize, char)] = &chars[u.chars.clone()];
    let lead = own[0].1;
    let mut cont_buf = ['\0'; 5];
    for (slot, &(_, c)) in cont_buf.iter_mut().zip(&own[1..]) {
        *slot = c;
    }
    let conts = &cont_buf[..own.len() - 1];
    let prev = u.chars.start.checked_sub(1).map(|i| chars[i].1);
    let next = chars.get(u.chars.end).map(|&(_, c)| c);
    let prev_letter = prev.is_some_and(is_letter);
    let next_letter = next.is_some_and(is_letter);
    let nbsp_end = conts.last() == Some(&'\u{A0}');
    let symbol = |c: char| !c.is_ascii() && !is_letter(c);
    let d = u.decoded;

    if u.guessed {
        // `voilÃ le`: after a lowercase letter the lead itself is damage.
        let strong = prev.is_some_and(char::is_lowercase);
        return (
            if strong {
                Evidence::Strong
            } else {
                Evidence::Plain
            },
            false,
        );
    }
    if u.a0 {
        // A space for a lost 0xA0 byte: the lead must be a letter.
        // `Ã quele`, `Ã quilo`: Portuguese `àquele`, `àquilo`, which no
        // text writes with a capital `Ã` alone before them.
        let contraction = lead == 'Ã' && {
            let after = chars[u.chars.end.min(chars.len())..]
                .iter()
                .take(4)
                .map(|&(_, c)| c);
            after.clone().eq("quel".chars()) || after.eq("quil".chars())
        };
        let strong = u.len == 2
            && (contraction
                || lead.is_uppercase() && prev.is_some_and(char::is_lowercase)
                || lead == 'Ã' && a0_inside_word(chars, u.chars.start));
        let vetoed = !is_letter(lead)
            || (u.len == 2 && words.capitals(line, u) && !strong)
            || (u.len == 3 && !u.after_unit && prev.is_some_and(|p| script(p) == Some(0)));
        return (
            if strong {
                Evidence::Strong
            } else {
                Evidence::Plain
            },
            vetoed,
        );
    }
    if u.lossy {
        let inside = prev_letter && next_letter;
        let evidence = if u.len >= 3 || inside {
            Evidence::Strong
        } else {
            Evidence::Weak
        };
        return (evidence, false);
    }
    let apostrophe_suffix = conts.last() == Some(&'’') && suffix_after(chars, u.chars.end);
    let all_letters = own.iter().all(|&(_, c)| is_letter(c));
    if u.len >= 3 {
        // Three or four bytes are rarely text, but a CJK character glued to
        // a Latin word (`randomisé` + NBSP + `»` as `randomis頻`) is French
        // typography, and letters only (`Ôôô`) give letters only.
        let glued = (prev.is_some_and(|p| p.is_ascii_alphabetic())
            || next.is_some_and(|p| p.is_ascii_alphabetic()))
            && own
                .iter()
                .all(|&(_, c)| is_letter(c) || c == '\u{A0}' || word_final_punct(c))
            && script(d) == Some(6);
        // Latin letters giving a symbol (`Ôôô` as `ⓓ`, which counts as
        // alphabetic) are text; punctuation from them (`ÔÇö` for `—` in
        // CP850) is not.
        let symbol_from_letters = own.iter().all(|&(_, c)| script(c) == Some(0))
            && (matches!(d as u32, 0x2100..=0x2BFF)
                || !is_letter(d) && !matches!(d as u32, 0x2000..=0x206F));
        if glued || symbol_from_letters {
            return (Evidence::Weak, true);
        }
        if all_letters {
            return (Evidence::Weak, false);
        }
        return (Evidence::Strong, false);
    }
    // Strong: what no text writes.
    let c1 = conts.iter().any(|c| ('\u{80}'..='\u{9F}').contains(c));
    // A symbol between letters (`HÃ´tel`, `Ä°stanbul`, `AÃ‘OS`); a no-break
    // space only before a lowercase letter (`GÃ\u{A0}idhlig`).
    let symbol_inside = next_letter
        && (prev_letter || is_letter(lead))
        && !apostrophe_suffix
        && conts.iter().any(|&c| symbol(c) && c != '\u{A0}')
        || (nbsp_end && next.is_some_and(char::is_lowercase) && prev_letter);
    let capital_after_lower =
        lead.is_uppercase() && prev.is_some_and(|p| p.is_lowercase() && is_letter(p));
    let symbol_lead_after_letter = symbol(lead) && !opening_punct(lead) && prev_letter;
    let lower_cont_in_capitals = conts.iter().any(|c| c.is_lowercase()) && words.capitals(line, u);
    if c1
        || symbol_inside
        || capital_after_lower
        || symbol_lead_after_letter
        || lower_cont_in_capitals
    {
        return (Evidence::Strong, false);
    }
    // What legitimate text writes.
    let mathy = |x: char| matches!(x as u32, 0x0370..=0x03FF | 0x2190..=0x25FF);
    let caps_then_punct = prev.is_some_and(|p| p.is_uppercase())
        && conts.iter().all(|&c| symbol(c))
        && (!next_letter || nbsp_end)
        && !(matches!(lead, 'Ã' | 'Â') && d.is_uppercase() || lead == 'Â' && !nbsp_end);
    let symbols_alone =
        !is_letter(lead) && conts.iter().all(|&c| !is_letter(c)) && !prev_letter && !next_letter;
    // A formula (`√π`, `σ = √∑x²`): an operator before math or Greek, not
    // glued to a word (`pi√π` is `più`, `≈πródło` is `Źródło`).
    let formula = matches!(lead as u32, 0x2200..=0x22FF)
        && conts.iter().all(|&x| mathy(x))
        && !prev_letter
        && (!next_letter || !is_letter(d));
    let other_script = is_letter(d)
        && [prev, next]
            .into_iter()
            .flatten()
            .filter(|&c| is_letter(c))
            .any(|c| script(c) != script(d) && script(c) != Some(6) && script(d) != Some(6));
    let word_alone = is_letter(d) && !prev_letter && !next_letter && !one_letter_word(d);
    let quote_lead = opening_punct(lead) && conts.iter().all(|&c| is_letter(c));
    let vetoed = apostrophe_suffix
        || caps_then_punct
        || symbols_alone
        || formula
        || other_script
        || word_alone
        || quote_lead
        // Cyrillic or Greek letters giving a sign (`ВІ` as `²`) are words;
        // ISO-8859-2 writes signs with Latin letters (`Âť` for `»`).
        || (all_letters && !is_letter(d) && own.iter().any(|&(_, c)| script(c) != Some(0)));
    // Line art (`├┤a┼┐a`): box characters only, and a letter then more
    // box drawing after them.
    let is_box = |c: char| matches!(c as u32, 0x2500..=0x259F);
    let box_drawing = own.iter().all(|&(_, c)| is_box(c))
        && (next.is_none_or(is_box) || chars.get(u.chars.end + 1).is_some_and(|&(_, c)| is_box(c)));
    // Two capitals starting a lowercase word (`ÄÆdomu`, `ÄŒeština`).
    let capitals_before_lower = lead.is_uppercase()
        && conts.iter().all(|c| c.is_uppercase())
        && next.is_some_and(char::is_lowercase);
    let evidence = if !all_letters || capitals_before_lower {
        Evidence::Weak
    } else {
        Evidence::Plain
    };
    (evidence, vetoed || box_drawing)
}

/// A property of characters, a bit each below [`TABLE_SIZE`] (where most
/// units decode): asked for every unit of every reading.
struct Tabulated(Vec<u64>);

impl Tabulated {
    fn of(property: fn(char) -> bool) -> Self {
        let mut bits = vec![0u64; TABLE_SIZE / 64];
        for (u, c) in (0..TABLE_SIZE as u32).filter_map(|u| Some((u as usize, char::from_u32(u)?)))
        {
            if property(c) {
                bits[u / 64] |= 1 << (u % 64);
            }
        }
        Self(bits)
    }

    /// `property(c)`, from the table when `c` is in it.
    #[inline]
    fn has(&self, c: char, property: fn(char) -> bool) -> bool {
        let u = c as usize;
        if u < TABLE_SIZE {
            self.0[u / 64] >> (u % 64) & 1 != 0
        } else {
            property(c)
        }
    }
}

static IMPOSSIBLE: LazyLock<Tabulated> = LazyLock::new(|| Tabulated::of(impossible_char));
static RARE: LazyLock<Tabulated> = LazyLock::new(|| Tabulated::of(rare_char));

/// Characters no repair may give: controls but C1 (a middle step of double
/// mojibake), unassigned and private-use code points, and U+FFFD unless a
/// byte was lost.
fn impossible(d: char, _lossy: bool) -> bool {
    IMPOSSIBLE.has(d, impossible_char)
}

/// [`impossible`], worked out.
fn impossible_char(d: char) -> bool {
    let u = d as u32;
    (d.is_control() && !('\u{80}'..='\u{9F}').contains(&d))
        // Unassigned in the two-byte range, where most units decode: no
        // text holds them (a Windows-1252 `Î©` read as CP850 is U+05F8).
        || matches!(
            u,
            0x0378..=0x0379
                | 0x0380..=0x0383
                | 0x038B
                | 0x038D
                | 0x03A2
                | 0x0530
                | 0x0557..=0x0558
                | 0x058B..=0x058C
                | 0x0590
                | 0x05C8..=0x05CF
                | 0x05EB..=0x05EE
                | 0x05F5..=0x05FF
                | 0x070E
                | 0x074B..=0x074C
                | 0x07B2..=0x07BF
                | 0x07FB..=0x07FC
        )
        || (0xE000..=0xF8FF).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || u & 0xFFFE == 0xFFFE
        || u >= 0xF0000
}

/// Characters that text rarely holds, so a single unit giving one is
/// better read as the legitimate text it was: archaic and phonetic
/// letters, spacing and combining accents, rare Cyrillic and Greek,
/// Armenian, Hebrew points, Syriac and Thaana.
fn rare(d: char) -> bool {
    RARE.has(d, rare_char)
}

/// [`rare`], worked out.
fn rare_char(d: char) -> bool {
    let u = d as u32;
    // What Windows-1252 shows is the middle step of double mojibake
    // (`ÃƒÆ’` gives `Ãƒ`, then `Ã`).
    if u >= 0x80 && CHARSETS[0].byte(d).is_some() {
        return false;
    }
    match u {
        0x0138 | 0x0149 | 0x013F | 0x0140 | 0x017F => true,
        // Latin Extended-B but Vietnamese `ơ ư` and Romanian `ș ț`.
        0x0180..=0x024F => !matches!(u, 0x01A0 | 0x01A1 | 0x01AF | 0x01B0 | 0x0218..=0x021B),
        0x0250..=0x036F => true,
        0x0370..=0x0385 | 0x03CF..=0x03FF => true,
        0x0460..=0x048F | 0x0492..=0x052F => true,
        0x0530..=0x058F => true,
        0x0590..=0x05CF => true,
        0x0600..=0x0605 | 0x0610..=0x061A | 0x064B..=0x065F | 0x06D6..=0x06ED => true,
        0x0700..=0x08FF => true,
        0x1D00..=0x1DFF => true,
        _ => false,
    }
}

/// Characters that legitimately follow the last letter of a word.
fn word_final_punct(c: char) -> bool {
    matches!(
        c,
        '’' | '‘' | '”' | '“' | '»' | '«' | '…' | '–' | '—' | '•' | '\u{A0}'
    )
}

/// Punctuation that starts quotes and asides.
fn opening_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '–' | '—' | '…' | '«' | '»' | '‹' | '›'
    )
}

/// The character that `bytes` encode in UTF-8, if they are valid UTF-8.
pub(super) fn decode_utf8(bytes: &[u8]) -> Option<char> {
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
    if u < min || bytes[1..].iter().any(|&b| b & 0xC0 != 0x80) {
        return None;
    }
    char::from_u32(u)
}

/// The script family of a letter.
pub(super) fn script(c: char) -> Option<u8> {
    let u = c as usize;
    if u < SCRIPT_TABLE_SIZE {
        let s = script_block(u)[u % SCRIPT_BLOCK];
        return (s != NOT_A_LETTER).then_some(s);
    }
    if matches!(u, 0x3400..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF) {
        return Some(6);
    }
    script_slow(c)
}

const SCRIPT_TABLE_SIZE: usize = 0x3400;
const NOT_A_LETTER: u8 = u8::MAX;

const SCRIPT_BLOCK: usize = 0x100;

/// The scripts of the block of characters holding `u`, made when first
/// asked for: a text touches a few blocks, and making all of them at
/// start would cost more than a short text takes to read.
fn script_block(u: usize) -> &'static [u8; SCRIPT_BLOCK] {
    static BLOCKS: [OnceLock<[u8; SCRIPT_BLOCK]>; SCRIPT_TABLE_SIZE / SCRIPT_BLOCK] =
        [const { OnceLock::new() }; SCRIPT_TABLE_SIZE / SCRIPT_BLOCK];
    let first = u - u % SCRIPT_BLOCK;
    BLOCKS[u / SCRIPT_BLOCK].get_or_init(|| {
        std::array::from_fn(|i| {
            char::from_u32((first + i) as u32)
                .and_then(script_slow)
                .unwrap_or(NOT_A_LETTER)
        })
    })
}

fn script_slow(c: char) -> Option<u8> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0..=0x02AF | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF => 0, // Latin
        0x0370..=0x03FF | 0x1F00..=0x1FFF => 1,                                // Greek
        0x0400..=0x052F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => 2,              // Cyrillic
        0x0530..=0x058F => 3,                                                  // Armenian
        0x0590..=0x05FF => 4,                                                  // Hebrew
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFEFF => 5,              // Arabic
        _ => 6,                                                                // the rest
    })
}

/// `char::is_alphabetic`, from the table below U+3400.
#[cfg(test)]
pub(super) fn is_alphabetic(c: char) -> bool {
    let u = c as usize;
    if u < SCRIPT_TABLE_SIZE {
        script_block(u)[u % SCRIPT_BLOCK] != NOT_A_LETTER
    } else {
        c.is_alphabetic()
    }
}

/// Whether a character is a letter (fast for the characters of mojibake).
pub(super) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        script(c).is_some()
    }
}

/// How unlikely a repaired text is, to choose between charsets that
/// repair a line equally far (`ZÃŒrich` is `ZÌrich` in Windows-1252 but
/// `Zürich` in ISO-8859-15).
fn badness(word: impl Iterator<Item = char>) -> usize {
    let mut score = 0;
    let mut prev: Option<char> = None;
    let mut prev2: Option<char> = None;
    for c in word {
        let u = c as u32;
        if c.is_uppercase() && prev.is_some_and(char::is_lowercase) {
            score += 2;
        }
        if c.is_lowercase()
            && prev.is_some_and(|p| !p.is_ascii() && p.is_uppercase())
            && prev2.is_some_and(char::is_uppercase)
        {
            score += 2;
        }
        if rare(c) {
            score += 2;
        }
        if matches!(u, 0x2000..=0x200F | 0x2028..=0x202F | 0x205F..=0x206F) {
            score += 3;
        }
        if matches!(c, '¤' | '¦' | '¨' | '¬' | '¯' | '´' | '¸' | '¹' | '³' | '²')
            || matches!(u, 0x2190..=0x2BFF)
            || (0x80..=0x9F).contains(&u)
        {
            score += 2;
        }
        prev2 = prev;
        prev = Some(c);
    }
    score
}

/// Whether an uncertain repair is worth a warning: it gives characters
/// that mojibake most often hides (letters, typographic punctuation).
fn worth_a_warning(fixed: &str) -> bool {
    fixed.chars().filter(|c| !c.is_ascii()).all(|c| {
        is_letter(c) && !rare(c) || matches!(c as u32, 0x00A0..=0x00BF | 0x2010..=0x203A | 0x20AC)
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tabulated_properties_are_the_properties() {
        for c in ('\0'..='\u{3000}').chain(['\u{E000}', '\u{FFFE}', '\u{1F600}', '\u{10FFFF}']) {
            assert_eq!(rare(c), rare_char(c), "{c:?}");
            assert_eq!(impossible(c, false), impossible_char(c), "{c:?}");
        }
        // Both hold somewhere in the table.
        assert!(rare('\u{0250}') && impossible('\u{0378}', false));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// The quick test never hides a unit: a charset in which the scan
        /// finds one is always a candidate.
        #[test]
        fn candidates_cover_every_unit(
            line in "[a-zA-Z ?.éèàÃÂÐÑ©¨´¸\u{a0}\u{ad}ƒ€™œ“”’–—…¢£¥°±²³µ¶·º»¼½¾¿ĂĹÄÅ├┤┐╨╤ΓÇ√≈∆π\u{fffd}\u{81}\u{8d}\u{93}íàสæ—¥ä¸\u{2500}]{0,24}"
        ) {
            let (found, _) = candidates(&line);
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            for (k, cs) in CHARSETS.iter().enumerate() {
                let mut units = Vec::new();
                scan(&line, cs, &chars, &mut units);
                prop_assert!(units.is_empty() || found & (1 << k) != 0, "{} in {}", line, cs.name);
            }
        }

        #[test]
        fn leads_give_the_units_of_a_scan(
            line in "[a-zA-Z ?.éèàÃÂÐÑ©¨´¸\u{a0}\u{ad}ƒ€™œ“”’–—…¢£¥°±²³µ¶·º»¼½¾¿ĂĹÄÅ├┤┐╨╤ΓÇ√≈∆π\u{fffd}\u{81}\u{8d}\u{93}íàสæ—¥ä¸\u{2500}РСЂвЃґ]{0,24}"
        ) {
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            let non_ascii: Vec<(u32, u16, u16)> = chars
                .iter()
                .enumerate()
                .filter(|(_, (_, c))| !c.is_ascii())
                .map(|(i, &(_, c))| (i as u32, MASKS.of(c).lead, MASKS.of(c).cont))
                .collect();
            let spans = |units: &[Unit]| -> Vec<(Range<usize>, char)> {
                units.iter().map(|u| (u.span.clone(), u.decoded)).collect()
            };
            for (k, cs) in CHARSETS.iter().enumerate() {
                let (mut all, mut leads) = (Vec::new(), Vec::new());
                scan(&line, cs, &chars, &mut all);
                scan_leads(&line, k, &chars, &non_ascii, &mut leads);
                prop_assert_eq!(spans(&all), spans(&leads), "{} in {}", line, cs.name);
            }
        }
    }

    fn found(span: Range<usize>, text: &str, certain: bool, charset: usize) -> Found {
        Found {
            span,
            text: text.to_owned(),
            certain,
            lossy: false,
            charset,
        }
    }

    /// `line` with every repair of `found` made.
    fn applied(line: &str, found: &[Found]) -> String {
        let mut out = line.to_owned();
        for f in found.iter().rev() {
            out.replace_range(f.span.clone(), &f.text);
        }
        out
    }

    #[test]
    fn repairs_of_a_second_reading_are_mapped_back_to_the_line() {
        // `line` → `current` by two repairs; the second reading repairs
        // text inside the first one's result, text touching the second's,
        // and text apart from both.
        let line = "aXXb cYYd eZf";
        let first = vec![found(1..3, "123", true, 0), found(6..8, "Q", true, 1)];
        let current = with_safe_repairs(line, &first);
        assert_eq!(current, "a123b cQd eZf");
        let next = vec![
            found(2..3, "x", true, 2),
            found(8..9, "D", true, 2),
            found(11..12, "z", true, 3),
        ];
        let done = compose(line, first, &current, next.clone());
        let spans: Vec<(Range<usize>, &str, usize)> = done
            .iter()
            .map(|f| (f.span.clone(), f.text.as_str(), f.charset))
            .collect();
        assert_eq!(
            spans,
            [(1..3, "1x3", 0), (6..9, "QD", 1), (11..12, "z", 3),]
        );
        assert_eq!(
            applied(line, &done),
            applied(&current, &next),
            "one pass gives what two give"
        );
    }

    #[test]
    fn a_doubt_that_a_later_repair_meets_is_dropped() {
        let line = "ab cd ef";
        let first = vec![found(0..1, "A", true, 0), found(3..5, "CD", false, 0)];
        let current = with_safe_repairs(line, &first);
        assert_eq!(current, "Ab cd ef");
        let done = compose(
            line,
            first.clone(),
            &current,
            vec![found(4..5, "D", true, 1)],
        );
        assert!(done.iter().all(|f| f.certain), "{done:?}");
        let kept = compose(line, first, &current, vec![found(6..7, "E", true, 1)]);
        assert_eq!(kept.iter().filter(|f| !f.certain).count(), 1, "{kept:?}");
    }
}
