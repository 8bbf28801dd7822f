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
use std::hash::BuildHasher;
use std::ops::Range;

mod engine;
pub(crate) use engine::Repair;
#[cfg(test)]
use engine::repair_line;
use engine::{Finished, Scratch, repair_line_into};

use rayon::prelude::*;

use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("mojibake"),
    default: Level::On(Severity::Error),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "UTF-8 text decoded with the wrong charset (`â€™`, `Ã©`, …), in text, link text and URLs",
    doc: include_str!("../../../../rules/mojibake.md"),
};

pub struct Mojibake;

/// The offset of the first byte of `bytes` that is not ASCII (its length
/// if none), eight bytes at a time.
pub(super) fn next_non_ascii(bytes: &[u8]) -> usize {
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

/// [`repair_url_with`] with buffers of its own.
#[cfg(test)]
fn repair_url(url: &str) -> Option<String> {
    repair_url_with(url, &mut Scratch::default())
}

/// Percent-encoded mojibake in a URL (`M%C3%83%C2%BCnchen` for `München`):
/// each run of `%XX` escapes is decoded, repaired and encoded again (read
/// with the buffers of `scratch`, kept from one URL to the next).
fn repair_url_with(url: &str, scratch: &mut Scratch) -> Option<String> {
    if !url.contains('%') {
        return None;
    }
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            // Up to the next escape, as it is.
            let next = memchr::memchr(b'%', &bytes[i..]).map_or(bytes.len(), |k| i + k);
            out.push_str(&url[i..next]);
            i = next;
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
        // The decoded run is repaired like text, between the letters of
        // the URL around it (`M` and `nchen` of `M%C3%83%C2%BCnchen`), and
        // only by certain repairs that guess no byte.
        let repaired = std::str::from_utf8(&raw).ok().and_then(|s| {
            let word = |c: char| c.is_ascii_alphanumeric();
            let left_len = url[..start].chars().rev().take_while(|&c| word(c)).count();
            let left = &url[start - left_len..start];
            let right_len = url[i..].chars().take_while(|&c| word(c)).count();
            let right = &url[i..i + right_len];
            let context = format!("{left}{s}{right}");
            let mut repairs: Vec<Repair> = Vec::new();
            repair_line_into(&context, 0, scratch, &mut repairs, None);
            repairs.retain(|r| r.certain && !r.lossy);
            let inside = left.len()..left.len() + s.len();
            if repairs.is_empty()
                || repairs
                    .iter()
                    .any(|r| r.span.start < inside.start || r.span.end > inside.end)
            {
                return None;
            }
            let mut fixed = s.to_owned();
            for r in repairs.into_iter().rev() {
                fixed.replace_range(
                    r.span.start - left.len()..r.span.end - left.len(),
                    &r.replacement,
                );
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
    rule_facts!(meta: META, needs: Needs::Text, fix_priority: FixPriority::Decoding);

    /// A large text's lines, repaired while it is parsed (those a fix
    /// left as they were, taken from the text before).
    fn prepare(
        &self,
        text: &str,
        kept: Option<Box<dyn std::any::Any + Send>>,
    ) -> Option<Box<dyn std::any::Any + Send>> {
        let known = kept
            .and_then(|k| k.downcast::<EarlyLines>().ok())
            .and_then(|k| k.known);
        (!text.is_ascii()).then(|| Box::new(EarlyLines::new(text, known)) as _)
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let text = doc.text;
        if text.is_ascii() {
            return;
        }
        let lines = prose_lines(doc);
        // Lines are independent: a big document's are repaired on every
        // core, in order, and so are its links and diagnostics. The lines
        // repaired while the text was parsed are taken as they are.
        let big = lines.len() > 512;
        let early = cx.take_prepared::<EarlyLines>(META.id);
        // The link destinations repaired in the pass before, by their text.
        let mut urls_before = KnownUrls::default();
        let all_read = |(repairs, finished)| Repaired {
            repairs,
            finished,
            read: vec![true; lines.len()],
            known: None,
        };
        let Repaired {
            repairs,
            finished,
            read,
            known: previous,
        } = match early {
            Some(mut early) => {
                if let Some(known) = &mut early.known {
                    urls_before = std::mem::take(&mut known.urls);
                }
                early.into_repairs(&lines)
            }
            None if big => {
                let early = EarlyLines::of(&lines, None);
                all_read((early.repairs, early.finished))
            }
            None => {
                let mut scratch = Scratch::default();
                let (mut out, mut finished) = (Vec::new(), Vec::new());
                for &(body, at) in &lines {
                    repair_line_into(body, at, &mut scratch, &mut out, Some(&mut finished));
                }
                all_read((out, finished))
            }
        };
        // A line that the next pass of `fix` finds as it is now, or as
        // the safe repairs leave it (most of them), is not read again, nor
        // is a link destination. The record of this pass is that of the
        // pass before with the lines read now.
        let known = || {
            cx.keeps()
                .then(|| Known::of(previous, &lines, &read, &repairs, finished))
        };
        // Percent-encoded mojibake in link destinations. A destination with
        // raw mojibake too gets one edit with both repairs, so `fix` needs
        // no second pass for it.
        let url_repairs = || -> Vec<LinkRepair<'_>> {
            let targets: Vec<&crate::document::Link> = unique_targets(doc)
                .filter(|l| doc.slice(&l.dest_span).contains('%'))
                .collect();
            let url_repair = |scratch: &mut Scratch, link: &&crate::document::Link| {
                repair_link(doc, link, &repairs, &urls_before, scratch)
            };
            if big {
                targets
                    .par_iter()
                    .map_init(Scratch::default, url_repair)
                    .collect()
            } else {
                let mut scratch = Scratch::default();
                targets
                    .iter()
                    .map(|link| url_repair(&mut scratch, link))
                    .collect()
            }
        };
        // A big document's lines are kept on one core while its links are
        // repaired on the other.
        let (mut known, url_repairs) = if big {
            rayon::join(known, url_repairs)
        } else {
            (known(), url_repairs())
        };
        drop(urls_before);
        let mut merged = vec![false; repairs.len()];
        for r in url_repairs {
            if let Some(known) = &mut known {
                known.urls.insert(r.text.into_owned(), r.fixed.clone());
            }
            let Some(d) = r.diagnostic else { continue };
            for k in r.inside {
                merged[k] = true;
            }
            out.push(d);
        }
        if let Some(known) = known {
            cx.keep(
                META.id,
                Box::new(EarlyLines {
                    lines: Vec::new(),
                    repairs: Vec::new(),
                    finished: Vec::new(),
                    known: Some(known),
                }),
            );
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

/// The non-ASCII lines of `doc`'s prose: everything outside code blocks
/// and code spans, line by line (a line that code cuts, in pieces).
fn prose_lines<'t>(doc: &crate::document::Document<'t>) -> Vec<(&'t str, usize)> {
    let text = doc.text;
    let mut from = 0;
    let mut segments = Vec::new();
    for code in &doc.code {
        if code.start > from {
            segments.push(from..code.start);
        }
        from = from.max(code.end);
    }
    segments.push(from..text.len());
    non_ascii_lines_in(text, segments, |_| true)
}

/// Bytes of text per piece when a large text's lines are found on every
/// core: enough that a piece costs far more than handing it over.
const LINES_PIECE: usize = 1 << 18;

/// [`non_ascii_lines`] of each of `ranges` (in text order, apart) that
/// `keep` keeps: a large text's found on every core, in pieces cut after a
/// line end (so that a piece finds the lines the whole range would).
fn non_ascii_lines_in<'t>(
    text: &'t str,
    ranges: impl IntoIterator<Item = Range<usize>>,
    keep: impl Fn(&str) -> bool + Sync,
) -> Vec<(&'t str, usize)> {
    let bytes = text.as_bytes();
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        let mut from = range.start;
        while range.end - from > LINES_PIECE {
            let cut = memchr::memchr(b'\n', &bytes[from + LINES_PIECE..range.end])
                .map_or(range.end, |k| from + LINES_PIECE + k + 1);
            pieces.push(from..cut);
            from = cut;
        }
        if from < range.end {
            pieces.push(from..range.end);
        }
    }
    let find = |pieces: &[Range<usize>]| {
        let mut out = Vec::new();
        for piece in pieces {
            non_ascii_lines(text, piece.clone(), &mut out);
        }
        out.retain(|line| keep(line.0));
        out
    };
    if text.len() < 2 * LINES_PIECE {
        return find(&pieces);
    }
    // Groups of pieces of about equal size: code spans cut many small
    // ranges, which go together.
    let mut groups: Vec<Range<usize>> = Vec::new();
    let (mut first, mut size) = (0, 0);
    for (i, piece) in pieces.iter().enumerate() {
        size += piece.len();
        if size >= LINES_PIECE || i + 1 == pieces.len() {
            groups.push(first..i + 1);
            (first, size) = (i + 1, 0);
        }
    }
    let found: Vec<Vec<(&'t str, usize)>> = groups
        .par_iter()
        .map(|group| find(&pieces[group.clone()]))
        .collect();
    found.concat()
}

/// A line repaired early: where it starts, its length without the line
/// ending, how many repairs it has (in order in `EarlyLines::repairs`),
/// and whether they were taken from the pass before ([`Known`]).
type EarlyLine = (usize, usize, usize, bool);

/// The repairs of every non-ASCII line of a large text, made before its
/// code spans are known: on the other core while the text is parsed. A
/// line that code leaves whole is repaired exactly as the rule would; the
/// others are repaired again.
struct EarlyLines {
    lines: Vec<EarlyLine>,
    repairs: Vec<Repair>,
    /// The lines as their safe repairs leave them, each with its repairs.
    finished: Vec<Finished>,
    /// The lines of the text before the last fixes, with their repairs.
    known: Option<Known>,
}

impl EarlyLines {
    /// Repairs every non-ASCII line of `text`, on every core, but those
    /// with a backtick: code spans most likely cut them, and the rule
    /// repairs their pieces once the spans are known.
    fn new(text: &str, known: Option<Known>) -> Self {
        let lines = non_ascii_lines_in(text, std::iter::once(0..text.len()), |body| {
            memchr::memchr(b'`', body.as_bytes()).is_none()
        });
        let mut early = Self::of(&lines, known.as_ref());
        early.known = known;
        early
    }

    /// Repairs `lines` (bodies with their offsets, in text order), on
    /// every core; a line `known` holds is taken from there.
    fn of(lines: &[(&str, usize)], known: Option<&Known>) -> Self {
        let done: Vec<(Vec<EarlyLine>, Vec<Repair>, Vec<Finished>)> = lines
            .par_chunks(256)
            .map(|chunk| {
                let mut scratch = Scratch::default();
                let (mut index, mut out) = (Vec::with_capacity(chunk.len()), Vec::new());
                let mut finished = Vec::new();
                for &(body, at) in chunk {
                    let before = out.len();
                    let taken = known.is_some_and(|k| k.repairs_into(body, at, &mut out));
                    if !taken {
                        repair_line_into(body, at, &mut scratch, &mut out, Some(&mut finished));
                    }
                    index.push((at, body.len(), out.len() - before, taken));
                }
                (index, out, finished)
            })
            .collect();
        let mut early = Self {
            lines: Vec::with_capacity(lines.len()),
            repairs: Vec::with_capacity(done.iter().map(|d| d.1.len()).sum()),
            finished: Vec::with_capacity(done.iter().map(|d| d.2.len()).sum()),
            known: None,
        };
        for (index, out, finished) in done {
            early.lines.extend(index);
            early.repairs.extend(out);
            early.finished.extend(finished);
        }
        early
    }

    /// The repairs of `lines` (the rule's, in text order): taken from here
    /// when a line is one of those repaired early, else made now; and the
    /// record of the pass before, with which lines it did not hold.
    fn into_repairs(self, lines: &[(&str, usize)]) -> Repaired {
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
        let known = self.known.as_ref();
        let mut finished = self.finished;
        let fresh: Vec<(Vec<Repair>, Vec<Finished>, bool)> = fresh_needed
            .par_iter()
            .map(|&i| {
                let (body, at) = lines[i];
                let (mut out, mut finished) = (Vec::new(), Vec::new());
                let taken = known.is_some_and(|k| k.repairs_into(body, at, &mut out));
                if !taken {
                    let mut scratch = Scratch::default();
                    repair_line_into(body, at, &mut scratch, &mut out, Some(&mut finished));
                }
                (out, finished, taken)
            })
            .collect();
        let fresh: Vec<(Vec<Repair>, bool)> = fresh
            .into_iter()
            .map(|(out, done, taken)| {
                finished.extend(done);
                (out, taken)
            })
            .collect();
        let mut fresh = fresh_needed.into_iter().zip(fresh).peekable();
        let mut early = self.repairs.into_iter();
        let mut repairs = Vec::with_capacity(early.len());
        let mut read = Vec::with_capacity(lines.len());
        let mut k = 0;
        for (i, &(_, at)) in lines.iter().enumerate() {
            // Early lines before this one were not needed as they were.
            while k < self.lines.len() && self.lines[k].0 < at {
                early.by_ref().take(self.lines[k].2).for_each(drop);
                k += 1;
            }
            if fresh.peek().is_some_and(|(j, _)| *j == i) {
                let (out, taken) = fresh.next().expect("peeked").1;
                repairs.extend(out);
                read.push(!taken);
            } else {
                repairs.extend(early.by_ref().take(self.lines[k].2));
                read.push(!self.lines[k].3);
                k += 1;
            }
        }
        Repaired {
            repairs,
            finished,
            read,
            known: self.known,
        }
    }
}

/// The repairs of a text's lines, in text order.
struct Repaired {
    repairs: Vec<Repair>,
    /// The lines as their safe repairs leave them, each with its repairs.
    finished: Vec<Finished>,
    /// Per line, whether it was read (not taken from `known`).
    read: Vec<bool>,
    /// The record of the pass before, if any.
    known: Option<Known>,
}

/// The lines of a text the rule checked, each with its repairs: the next
/// pass of `fix` takes from here the repairs of a line its fixes left as
/// it was, by the line's text (a line's repairs depend on nothing else).
struct Known {
    /// The lines, one after another.
    text: String,
    /// By the hash of a line: where it is in `text`, and its repairs in
    /// `repairs`.
    index: rustc_hash::FxHashMap<u64, (Range<usize>, Range<usize>)>,
    /// Spans from the start of their line.
    repairs: Vec<Repair>,
    /// The link destinations the rule looked into.
    urls: KnownUrls,
}

impl Known {
    /// `lines` (bodies with their offsets, in text order) and their
    /// `repairs` (in text order), and the lines as their safe repairs
    /// leave them (`finished`), added to the record of the pass before
    /// (`previous`, which holds every line that `read` does not flag).
    /// A line's repairs depend on its text alone: what the record held
    /// stays true.
    fn of(
        previous: Option<Self>,
        lines: &[(&str, usize)],
        read: &[bool],
        repairs: &[Repair],
        finished: Vec<Finished>,
    ) -> Self {
        let mut known = previous.unwrap_or_else(|| Self {
            text: String::with_capacity(lines.iter().map(|l| l.0.len()).sum()),
            index: rustc_hash::FxHashMap::default(),
            repairs: Vec::with_capacity(repairs.len()),
            urls: KnownUrls::default(),
        });
        known.index.reserve(read.iter().filter(|&&r| r).count());
        let mut k = 0;
        for (&(body, at), &read) in lines.iter().zip(read) {
            let first = k;
            while k < repairs.len() && repairs[k].span.start < at + body.len() {
                k += 1;
            }
            if !read {
                continue;
            }
            known.insert(
                body,
                repairs[first..k].iter().map(|r| Repair {
                    span: r.span.start - at..r.span.end - at,
                    ..r.clone()
                }),
            );
        }
        for (line, repairs) in finished {
            known.insert(&line, repairs);
        }
        known
    }

    /// Keeps `line` with its `repairs` (spans from its start), unless a
    /// line of the same hash is kept already.
    fn insert(&mut self, line: &str, repairs: impl IntoIterator<Item = Repair>) {
        let std::collections::hash_map::Entry::Vacant(slot) =
            self.index.entry(rustc_hash::FxBuildHasher.hash_one(line))
        else {
            return;
        };
        let from = self.text.len();
        self.text.push_str(line);
        let held = self.repairs.len();
        self.repairs.extend(repairs);
        slot.insert((from..self.text.len(), held..self.repairs.len()));
    }

    /// Appends the repairs of `line` (at offset `base`) when it is known.
    fn repairs_into(&self, line: &str, base: usize, out: &mut Vec<Repair>) -> bool {
        let hash = rustc_hash::FxBuildHasher.hash_one(line);
        let Some((text, repairs)) = self.index.get(&hash) else {
            return false;
        };
        if self.text[text.clone()] != *line {
            return false;
        }
        out.extend(self.repairs[repairs.clone()].iter().map(|r| Repair {
            span: r.span.start + base..r.span.end + base,
            ..r.clone()
        }));
        true
    }
}

/// What [`repair_link`] found for a link destination.
struct LinkRepair<'t> {
    /// The destination with the raw mojibake in it repaired.
    text: Cow<'t, str>,
    /// `text` with its percent-encoded mojibake repaired, if it has any.
    fixed: Option<String>,
    /// The diagnostic, when `fixed` is some.
    diagnostic: Option<Diagnostic>,
    /// The repairs of raw mojibake inside the destination that its fix
    /// includes.
    inside: Vec<usize>,
}

/// Link destinations (with the raw mojibake in them repaired) and their
/// [`repair_url`]: what a pass of `fix` hands the next, which finds most
/// of them again.
type KnownUrls = rustc_hash::FxHashMap<String, Option<String>>;

/// The diagnostic of a link destination with percent-encoded mojibake,
/// and the repairs of raw mojibake inside it that its fix includes; the
/// URL repair is taken from `known` when it holds the destination.
fn repair_link<'t>(
    doc: &Document<'t>,
    link: &crate::document::Link,
    repairs: &[Repair],
    known: &KnownUrls,
    scratch: &mut Scratch,
) -> LinkRepair<'t> {
    let raw = doc.slice(&link.dest_span);
    let dest = link.dest_span.clone();
    // Repairs are in text order: the ones inside the destination are found
    // by binary search, not by a scan per link.
    let first = repairs.partition_point(|r| r.span.start < dest.start);
    let inside: Vec<usize> = (first..repairs.len())
        .take_while(|&k| repairs[k].span.start < dest.end)
        .filter(|&k| repairs[k].certain && !repairs[k].lossy && repairs[k].span.end <= dest.end)
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
    let fixed = match known.get(text_fixed.as_ref()) {
        Some(fixed) => fixed.clone(),
        None => repair_url_with(&text_fixed, scratch),
    };
    let diagnostic = fixed.as_ref().map(|fixed| {
        Diagnostic::new(
            META.id,
            dest.clone(),
            format!("percent-encoded mojibake in {}", code(raw)),
        )
        .with_url(link.url.clone())
        .with_fix(Fix::safe(
            "re-encode the repaired URL",
            vec![Edit::replace(dest, fixed.clone())],
        ))
    });
    LinkRepair {
        text: text_fixed,
        fixed,
        diagnostic,
        inside,
    }
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
    if r.certain && r.lossy {
        // A byte was lost: the repair keeps U+FFFD in its place.
        d = d
            .with_note(format!(
                "a byte was lost; the repair would read {}",
                code(&r.replacement)
            ))
            .with_fix(Fix::unsafe_(
                quoted("write ", &r.replacement, &[]),
                vec![Edit::replace(r.span, r.replacement)],
            ));
    } else if r.certain {
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
    use super::engine::{decode_utf8, is_alphabetic};
    use super::*;

    /// The repairs of `lines` (bodies with their offsets), each read anew.
    fn read_fresh(lines: &[(&str, usize)]) -> Vec<Repair> {
        lines
            .iter()
            .flat_map(|&(body, at)| repair_line(body, at))
            .collect()
    }

    fn fixed(line: &str) -> String {
        let mut s = line.to_owned();
        for r in repair_line(line, 0)
            .into_iter()
            .rev()
            .filter(|r| r.certain && !r.lossy)
        {
            s.replace_range(r.span, &r.replacement);
        }
        s
    }

    /// What `fix --unsafe-fixes` writes: certain repairs, lossy ones too.
    fn fixed_unsafe(line: &str) -> String {
        let mut s = line.to_owned();
        for r in repair_line(line, 0).into_iter().rev().filter(|r| r.certain) {
            s.replace_range(r.span, &r.replacement);
        }
        s
    }

    /// Legitimate text that must stay as it is,
    /// safe fixes or unsafe.
    #[test]
    fn legitimate_text_is_unchanged() {
        for s in [
            "2012—∞",
            "∆°",
            "├┤a┼┐a┼┐a",
            "[x]\u{a0}©",
            "ESSE CARA AI QUEM É¿",
            "OK??:(   `¬´    ):",
            "NICIODATĂ\u{a0}",
            "NICIODATĂ™",
            "SUOVÂKUOŠKÂ\u{a0}",
            "TRANSFORMATORIŲ™",
            "SELKÄ\u{a0}EDELLÄ\u{a0}MAAHAN via @YouTube",
            "MISUTÂ\u{a0}AJIKKO",
            "NESTLÉ® requiere contratar personal",
            "(-1/2)! = √π",
            "Bremer/Mccoy – DrÃ¥ber",
            "There are a lot of Ã’s in mojibake text",
            "C O N C L U S Ã O",
            "Ôôô VIDA MINHA",
            "ВІКІ is Ukrainian for WIKI",
            "ПоздравЂаво",
            "4288×…",
            "I'm not such a fan of Charlotte Brontë…”",
            "ã†â€™ãƒâ€ ã¢â‚¬â„¢ãƒæ’ã‚â¢ãƒâ¢ã¢â‚¬å¡ã‚â¬ãƒâ€šã‚â",
            "These control characters \u{1a} are apparently intentional \u{81}",
        ] {
            assert_eq!(fixed_unsafe(s), s, "{s}");
        }
    }

    /// A reading that gives an unassigned character is no repair: `Î©`
    /// is `Ω` through Windows-1252; through CP850 it is U+05F8.
    #[test]
    fn no_repair_writes_an_unassigned_character() {
        let line = "- Why: Combating canapés matinée Velázquez épée château coking Iqbal, Î© № 174 touché lowing seaplanes.";
        for r in repair_line(line, 0) {
            assert!(
                !r.replacement.contains('\u{5f8}'),
                "{line:?}: {:?}",
                r.replacement
            );
        }
    }

    /// A line whose last repair shows only once its first ones are made
    /// (the lone `├│` after a space, once the rest of the line is read as
    /// CP850) is repaired in one pass: what `check` shows is all that
    /// `fix` does.
    #[test]
    fn a_line_is_repaired_whole_in_one_pass() {
        let line = "- Note: F├│tsl├¡├░ri rey├░kembingi ├│s├¢nligt fremmandager├░ina, k├║lukrotur.";
        let once = fixed(line);
        assert_eq!(
            once,
            "- Note: Fótslíðri reyðkembingi ósýnligt fremmandagerðina, kúlukrotur."
        );
        assert!(repair_line(&once, 0).iter().all(|r| !r.certain));
    }

    /// Whole runs in one charset, never units.
    #[test]
    fn whole_runs_are_repaired_in_one_charset() {
        for (bad, good) in [
            ("РґРѕСЂРѕРіРµ", "дороге"),
            ("NapĂ\u{ad}Ĺˇte nĂˇm !", "Napíšte nám !"),
            ("ÄŒeÅ¡tina", "Čeština"),
            ("à¸ à¸²à¸©à¸²à¹„à¸—à¸¢", "ภาษาไทย"),
            ("Hi guys í\u{a0}½í¸\u{8d}", "Hi guys 😍"),
            (
                "Blog Traffic Tip 2 вЂ“ Broadcast",
                "Blog Traffic Tip 2 – Broadcast",
            ),
            ("LiĂ¨ge Avenue de l'HĂ´pital", "Liège Avenue de l'Hôpital"),
            ("Å veices baÅ†Ä·ieri gaida", "Šveices baņķieri gaida"),
            (
                "Å iaip ÄÆdomu, kaip ÄÆsivaizduoji.",
                "Šiaip įdomu, kaip įsivaizduoji.",
            ),
            (
                "Waiting‚Ä¶ at Le Vigne di Zam√≤",
                "Waiting… at Le Vigne di Zamò",
            ),
            ("×‘×”×•×“×¢×”", "בהודעה"),
            ("HLA-DR4.RagKO.IL2RÎ³cKO.NOD", "HLA-DR4.RagKO.IL2RγcKO.NOD"),
            ("\u{93}quoted\u{94}", "“quoted”"),
            (
                "It was namedÂ â€žscarsÂ´ stonesâ€ś after",
                "It was named\u{a0}„scars´ stones“ after",
            ),
            (
                "com especial atenÃ§Ã£o Ã s crianÃ§as",
                "com especial atenção às crianças",
            ),
            ("voilÃ  le travail", "voilà le travail"),
            (
                "The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have",
                "The Mona Lisa doesn’t have",
            ),
            ("RUF MICH ZURÃœCK", "RUF MICH ZURÜCK"),
            ("Ä°stanbul", "İstanbul"),
        ] {
            assert_eq!(fixed(bad), good, "{bad}");
        }
    }

    /// A lost byte (`?` or U+FFFD in its place) is guessed only by an unsafe
    /// fix, which keeps U+FFFD.
    #[test]
    fn lost_bytes_are_unsafe_repairs() {
        for (bad, good) in [
            (
                "upgraded to â€œbb+â€? from",
                "upgraded to “bb+\u{fffd} from",
            ),
            (
                "Europa, Asia, Ă\u{fffd}frica, AmĂ©rica",
                "Europa, Asia, \u{fffd}frica, América",
            ),
        ] {
            assert_eq!(fixed_unsafe(bad), good, "{bad}");
            assert!(
                !fixed(bad).contains('\u{fffd}') || bad.contains('\u{fffd}'),
                "{bad}"
            );
        }
        assert_eq!(
            fixed("upgraded to â€œbb+â€? from"),
            "upgraded to “bb+â€? from"
        );
        // A question after a word of capitals is no lost byte.
        assert_eq!(fixed_unsafe("JOSÉ? NO, JOSÉ!"), "JOSÉ? NO, JOSÉ!");
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
        // Windows-1252 before ISO-8859-15 when both read a word equally well.
        assert_eq!(fixed("Ã€lska"), "Àlska");
        assert_eq!(fixed("KoÅŒuchowemu"), "Kożuchowemu");
        assert_eq!(fixed("underdoneâ\u{80}Š"), "underdone…");
        // A lone capital keeps its Windows-1252 reading.
        assert_eq!(fixed("Ã€ la carte"), "À la carte");
    }

    #[test]
    fn line_evidence_picks_between_charsets_that_both_read_a_run() {
        // ISO-8859-2 and Windows-1250 both read `ĂĄ`: `á` is the letter
        // text holds, `å` only beside other Nordic letters.
        assert_eq!(fixed("agulhĂĄmos e cariciarĂĄs"), "agulhámos e cariciarás");
        assert_eq!(
            fixed("etterhĂĄnder lĂ¸veflokker"),
            "etterhånder løveflokker"
        );
        // `ĂĽ` is `ü` in Windows-1250 and `å` in ISO-8859-2: `ü` unless the
        // line is Danish or Norwegian, which write no `ü`.
        assert_eq!(fixed("die GrĂĽnde"), "die Gründe");
        assert_eq!(
            fixed("RĂ¸ykhettone pĂĽtalekompetanse"),
            "Røykhettone påtalekompetanse"
        );
        // A C1 control that Windows-1252 shows as a sign means the text
        // was read as ISO-8859-15, whose `Ž` is 0xB4: `ゴ`, not `ゎ`.
        assert_eq!(fixed("ã\u{82}·ã\u{82}Žã\u{83}Œ"), "シゴー");
        // A space for a lost 0xA0 right after another unit (`à¸Ž` then
        // `à¸ `): the whole Thai run, not the part after the space.
        assert_eq!(fixed("ฬิปà¸‘à¸¸à¹ƒà¸ à¸†à¸µหิไ"), "ฬิปฑุใภฆีหิไ");
        // `Ã quele` is Portuguese `àquele` on its own.
        assert_eq!(
            fixed("trotava Ã queles glorificaríamos"),
            "trotava àqueles glorificaríamos"
        );
    }

    /// `Ã` then a space is `à` with its 0xA0 byte turned into the space
    /// (the space goes) only when the text after it cannot start a word or
    /// the line is Scottish Gaelic; otherwise the space is a word's and
    /// stays (`voilÃ le`).
    #[test]
    fn a_space_after_a_grave_a_goes_only_inside_a_word() {
        // No vowel after the space: no word.
        assert_eq!(fixed("Tha grÃ n mÃ²r"), "Tha gràn mòr");
        // Two consonants that start no word: a doubled one, a liquid or
        // nasal before another consonant.
        assert_eq!(
            fixed("desbarrÃ ssim estercoraris"),
            "desbarràssim estercoraris"
        );
        assert_eq!(fixed("xeroacÃ ntica ennegrir"), "xeroacàntica ennegrir");
        assert_eq!(
            fixed("shiod TeÃ rlach lÃ¹thmhor"),
            "shiod Teàrlach lùthmhor"
        );
        // Catalan verb endings after a stressed `à`.
        assert_eq!(
            fixed("cundiosament declamÃ veu engualdraparan"),
            "cundiosament declamàveu engualdraparan"
        );
        assert_eq!(
            fixed("enderrocÃ rem brossÃ©ssim"),
            "enderrocàrem brosséssim"
        );
        // The same before damaged punctuation (`â€¦` for `…`).
        assert_eq!(
            fixed("l'aculturÃ reuâ€¦ Ensimésseu"),
            "l'aculturàreu… Ensimésseu"
        );
        // A closing quote right after the space closes on the word.
        assert_eq!(
            fixed("riposiziona invaliditÃ â€\u{9d} sfinito"),
            "riposiziona invalidità” sfinito"
        );
        // A Scottish Gaelic line: lenited words, a `h-` prefix.
        assert_eq!(
            fixed("Bhrucach dhrÃ¹dhadh Ã lainn sgillinn"),
            "Bhrucach dhrùdhadh àlainn sgillinn"
        );
        assert_eq!(fixed("h-Ã itean pheur"), "h-àitean pheur");
        // Otherwise the space is a word's: after a word-final `à`, before
        // an apostrophe or a word that may follow it.
        for (bad, good) in [
            ("voilÃ le travail", "voilà le travail"),
            ("relatif Ã lâ€™usage dÃ©jÃ vu", "relatif à l’usage déjà vu"),
            ("la cittÃ di Roma", "la città di Roma"),
            ("dÃ©jÃ pris", "déjà pris"),
            ("serÃ la primera", "serà la primera"),
            (
                "Ã rhum et Ã llibre, dÃ©jÃ vu",
                "à rhum et à llibre, déjà vu",
            ),
            (
                "Ã perturber la rÃ©flexion jusqu'Ã nos jours",
                "à perturber la réflexion jusqu'à nos jours",
            ),
            (
                "le barÃ¨me relatif Ã l’utilisation des frais de dÃ©placement",
                "le barème relatif à l’utilisation des frais de déplacement",
            ),
        ] {
            assert_eq!(fixed(bad), good, "{bad:?}");
        }
    }

    #[test]
    fn a_no_break_space_before_a_question_mark_is_not_a_lost_byte() {
        // French typography: a letter that is a lead byte in Windows-1252,
        // a no-break space, `?`. Neither flagged nor taken for `é`'s
        // second round of damage.
        for s in ["Et la qualité\u{a0}?", "C’est déjà\u{a0}?"] {
            assert!(repair_line(s, 0).is_empty(), "{s:?}");
        }
        assert_eq!(
            fixed_unsafe("brigandée sergÃ©Â ?"),
            "brigandée sergé\u{a0}?"
        );
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
        let lines = prose_lines(&doc);
        let late = read_fresh(&lines);
        assert!(late.len() > 1000);
        assert_eq!(
            EarlyLines::new(&text, None).into_repairs(&lines).repairs,
            late
        );
        // Taken from the lines of another text (the same lines, moved and
        // some changed), the repairs are the same.
        let before = format!("Ã¨ changed\n\n{}", text.replace("crÃ¨me", "crème"));
        let mut old_lines = Vec::new();
        non_ascii_lines(&before, 0..before.len(), &mut old_lines);
        let old_repairs = read_fresh(&old_lines);
        let read = vec![true; old_lines.len()];
        let known = Known::of(None, &old_lines, &read, &old_repairs, Vec::new());
        assert_eq!(
            EarlyLines::new(&text, Some(known))
                .into_repairs(&lines)
                .repairs,
            late
        );
        // The lines as their safe repairs leave them are kept too: the
        // text fixed once has the repairs a fresh reading gives it.
        let (mut repairs, mut finished) = (Vec::new(), Vec::new());
        let mut scratch = Scratch::default();
        for &(body, at) in &lines {
            repair_line_into(body, at, &mut scratch, &mut repairs, Some(&mut finished));
        }
        assert!(finished.len() > 100);
        let mut fixed = text.clone();
        for r in repairs.iter().rev().filter(|r| r.certain && !r.lossy) {
            fixed.replace_range(r.span.clone(), &r.replacement);
        }
        assert_ne!(fixed, text);
        let doc = crate::document::parse(&fixed, &Default::default());
        let fixed_lines = prose_lines(&doc);
        let fresh = read_fresh(&fixed_lines);
        let read = vec![true; lines.len()];
        let known = Known::of(None, &lines, &read, &repairs, finished);
        let second = EarlyLines::new(&fixed, Some(known)).into_repairs(&fixed_lines);
        assert_eq!(second.repairs, fresh);
        // The record of the second pass is the first one's with the lines
        // read now: it holds the lines of both texts, with their repairs.
        assert!(second.read.contains(&false));
        let known = Known::of(
            second.known,
            &fixed_lines,
            &second.read,
            &second.repairs,
            second.finished,
        );
        let both = format!("{text}\n{fixed}");
        let doc = crate::document::parse(&both, &Default::default());
        let both_lines = prose_lines(&doc);
        let fresh = read_fresh(&both_lines);
        let third = EarlyLines::new(&both, Some(known)).into_repairs(&both_lines);
        assert_eq!(third.repairs, fresh);
        assert!(!third.read.contains(&true), "every line is in the record");
    }

    #[test]
    fn lines_found_in_pieces_are_the_lines_found_whole() {
        // Long enough to be cut in pieces; code spans cut ranges mid-line.
        let mut text = String::new();
        for i in 0..20_000 {
            match i % 5 {
                0 => text.push_str("plain ascii line\n"),
                1 => text.push_str("CafÃ© `Ã©` crÃ¨me\r\n"),
                2 => text.push_str(&"é".repeat(i % 97)),
                _ => text.push_str("HuggingFaceâ€™s Ã©tÃ© \n"),
            }
        }
        assert!(text.len() > 2 * LINES_PIECE);
        let mut ranges = Vec::new();
        let mut from = 0;
        for (at, _) in text.match_indices('`') {
            ranges.push(from..at);
            from = at + 1;
        }
        ranges.push(from..text.len());
        let keep = |body: &str| !body.contains("crÃ¨me");
        let mut whole = Vec::new();
        for range in &ranges {
            non_ascii_lines(&text, range.clone(), &mut whole);
        }
        whole.retain(|line| keep(line.0));
        assert!(whole.len() > 10_000);
        assert_eq!(non_ascii_lines_in(&text, ranges, keep), whole);
        let mut all = Vec::new();
        non_ascii_lines(&text, 0..text.len(), &mut all);
        assert_eq!(
            non_ascii_lines_in(&text, std::iter::once(0..text.len()), |_| true),
            all
        );
    }

    #[test]
    fn characters_and_ascii_runs_are_found_in_the_bytes() {
        let text = "plain ascii, then é, Ж, € and 😀 at last";
        let bytes = text.as_bytes();
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
    fn link_destinations_are_taken_from_the_pass_before() {
        let text = "[a](https://example.org/Ã©/M%C3%83%C2%BCnchen) [b](https://example.org/M%C3%BCnchen)\n";
        let doc = crate::document::parse(text, &Default::default());
        let mut lines = Vec::new();
        non_ascii_lines(text, 0..text.len(), &mut lines);
        let repairs = read_fresh(&lines);
        let fresh: Vec<LinkRepair<'_>> = doc
            .links
            .iter()
            .map(|l| {
                repair_link(
                    &doc,
                    l,
                    &repairs,
                    &KnownUrls::default(),
                    &mut Scratch::default(),
                )
            })
            .collect();
        // Keyed by the destination with its raw mojibake repaired.
        assert_eq!(fresh[0].text, "https://example.org/é/M%C3%83%C2%BCnchen");
        assert_eq!(
            fresh[0].fixed.as_deref(),
            Some("https://example.org/é/M%C3%BCnchen")
        );
        assert_eq!(fresh[0].inside, [0]);
        assert!(fresh[1].fixed.is_none() && fresh[1].diagnostic.is_none());
        // What the pass before found is taken as it is.
        let mut known: KnownUrls = fresh
            .iter()
            .map(|r| (r.text.to_string(), r.fixed.clone()))
            .collect();
        known.insert(fresh[0].text.to_string(), Some("taken".to_owned()));
        let again = repair_link(
            &doc,
            &doc.links[0],
            &repairs,
            &known,
            &mut Scratch::default(),
        );
        let fix = again.diagnostic.and_then(|d| d.fix).expect("a fix");
        assert_eq!(fix.edits[0].replacement, "taken");
        assert!(
            repair_link(
                &doc,
                &doc.links[1],
                &repairs,
                &known,
                &mut Scratch::default()
            )
            .fixed
            .is_none()
        );
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
        // Text between the escapes is kept as it is: non-ASCII, a `%`
        // that starts no escape, one at the end.
        assert_eq!(
            repair_url("https://example.org/é/100%/M%C3%83%C2%BCnchen?q=%zz&r=%").as_deref(),
            Some("https://example.org/é/100%/M%C3%BCnchen?q=%zz&r=%")
        );
    }
}
