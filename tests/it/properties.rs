//! Properties of `fix` (SPEC 5), on generated notes documents with planted
//! slips: it is idempotent, keeps text outside its edits, writes valid UTF-8,
//! and the document it writes lints clean of every safe-fixable problem.

use listlint::fix::{Applicability, Edit, Fix, apply, apply_edits};
use listlint::fixer::Fixed;
use proptest::prelude::*;

use crate::support::lib::Target;

/// One entry of a notes list, with optional slips.
fn entry() -> impl Strategy<Value = String> {
    (
        0u32..30, // number offset (slips)
        prop::sample::select(vec![
            "Attention",
            "BERT",
            "Ünïcödé 論文",
            "GPT-3",
            "🚀 Rocket",
        ]),
        prop::sample::select(vec!["", "?utm_source=x", "?a=1&fbclid=2", "#sec"]),
        prop::sample::select(vec![
            "Comment: ",
            "comment: ",
            "Comments: ",
            "Comment - ",
            "Commnet: ",
            "",
        ]),
        prop::sample::select(vec!["", "  ", " ", "\t"]), // trailing whitespace
        0usize..6,                                       // field indentation
        any::<bool>(),                                   // inline field
    )
        .prop_map(|(n, title, query, field, trailing, indent, inline)| {
            let link = format!("[{title}](https://example.org/{n}{query})");
            let value = "a note, with “quotes” — and é";
            if field.is_empty() {
                format!("{n}. {link}{trailing}\n")
            } else if inline {
                format!("{n}. {link} - {field}{value}{trailing}\n")
            } else {
                format!(
                    "{n}. {link}\n{}- {field}{value}{trailing}\n",
                    " ".repeat(indent)
                )
            }
        })
}

fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(entry(), 1..14),
        prop::sample::select(vec!["\n", "\r\n"]),
        any::<bool>(),
    )
        .prop_map(|(entries, eol, final_newline)| {
            let mut s = format!("# Notes\n\n## Papers\n\n{}", entries.concat());
            if !final_newline {
                s.pop();
            }
            s.replace('\n', eol)
        })
}

const NOTES: &str = "preset = \"notes\"\n";

fn fix(text: &str) -> String {
    Target::notes(NOTES, None).fix_text(text)
}

fn safe_fixable(text: &str) -> Vec<&'static str> {
    let (_, diagnostics) = Target::notes(NOTES, None).lint(text.as_bytes()).unwrap();
    diagnostics
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        })
        .map(|d| d.rule.as_str())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn fix_is_idempotent_and_converges(doc in document()) {
        let once = fix(&doc);
        let twice = fix(&once);
        prop_assert_eq!(&once, &twice);
        prop_assert_eq!(safe_fixable(&once), Vec::<&str>::new(), "fixed document:\n{}", once);
    }

    #[test]
    fn fix_keeps_the_line_ending_style(doc in document()) {
        let once = fix(&doc);
        if doc.contains("\r\n") {
            prop_assert!(!once.replace("\r\n", "").contains('\n'), "{:?}", once);
        } else {
            prop_assert!(!once.contains('\r'));
        }
    }

    /// Every character outside the edited ranges survives, in order.
    #[test]
    fn apply_keeps_text_outside_edits(
        text in "[a-zé€🚀 \n]{0,60}",
        raw in prop::collection::vec((0usize..80, 0usize..6, "[x-z\n]{0,3}"), 0..6),
    ) {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let fixes: Vec<Fix> = raw.iter().map(|(s, len, rep)| {
            let a = boundaries[s % boundaries.len()];
            let b = boundaries[(s % boundaries.len() + len).min(boundaries.len() - 1)];
            Fix::safe("t", vec![Edit::replace(a..b, rep.clone())])
        }).collect();
        let refs: Vec<&Fix> = fixes.iter().collect();
        let (out, _) = apply(&text, &refs);
        // Rebuild: the accepted edits are the non-overlapping prefix choice
        // `apply` made; check that removing their replacements and putting
        // back the originals gives the input.
        let mut taken: Vec<&Edit> = Vec::new();
        for f in &fixes {
            let e = &f.edits[0];
            let clash = taken.iter().any(|t| {
                (e.span.start < t.span.end && t.span.start < e.span.end)
                    || (e.span.is_empty() && t.span.is_empty() && e.span.start == t.span.start)
                    || (e.span.is_empty() && t.span.start < e.span.start && e.span.start < t.span.end)
                    || (t.span.is_empty() && e.span.start < t.span.start && t.span.start < e.span.end)
            });
            if !clash { taken.push(e); }
        }
        taken.sort_by_key(|e| (e.span.start, e.span.end));
        let mut pos = 0;
        let mut expect = String::new();
        for e in &taken {
            expect.push_str(&text[pos..e.span.start]);
            expect.push_str(&e.replacement);
            pos = e.span.end;
        }
        expect.push_str(&text[pos..]);
        prop_assert_eq!(out, expect);
    }
}

fn fix_bytes(bytes: &[u8], select: Option<&str>) -> Option<Vec<u8>> {
    fixed_bytes(bytes, select).map(|f| f.output().to_vec())
}

/// What `fix` makes of `bytes` with no configuration and the rules of
/// `select` (or the default ones).
fn fixed_bytes(bytes: &[u8], select: Option<&str>) -> Option<Fixed> {
    Target::notes("", select).fix(bytes).map(|(fixed, _)| fixed)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whatever the bytes, `fix` writes them back unchanged or writes
    /// valid UTF-8 (a lossy decode is never written). The bytes have no NUL,
    /// which makes a file binary and so never fixed: every case is one
    /// `fix` reads, but for the rare one that starts like UTF-16.
    #[test]
    fn fix_writes_valid_utf8_or_nothing(bytes in prop::collection::vec(1u8..=255, 0..300)) {
        let Some(out) = fix_bytes(&bytes, None) else {
            prop_assert!(bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]));
            return Ok(());
        };
        if out == bytes {
            return Ok(());
        }
        let written = std::str::from_utf8(&out);
        prop_assert!(written.is_ok(), "{:?}", String::from_utf8_lossy(&out));
        // A replacement character the input did not have is a lossy decode.
        let replacements = |b: &[u8]| -> usize {
            b.utf8_chunks().map(|c| c.valid().matches('\u{FFFD}').count()).sum()
        };
        prop_assert!(
            replacements(&out) <= replacements(&bytes),
            "{:?}",
            String::from_utf8_lossy(&out)
        );
    }

    /// With only `mojibake` selected, lines without mojibake-like text stay
    /// byte for byte, and nothing but non-ASCII runs ever changes (a space
    /// may be the lost 0xA0 byte of `à` or a no-break space).
    #[test]
    fn mojibake_fixes_touch_only_non_ascii_runs(text in "[a-z .,\\-\\[\\]()#\n`é中ü’Ã©â€™]{0,120}") {
        if let Some(out) = fix_bytes(text.as_bytes(), Some("mojibake")) {
            let out = String::from_utf8(out).unwrap();
            let ascii = |s: &str| s.chars().filter(|c| c.is_ascii() && *c != ' ').collect::<String>();
            prop_assert_eq!(ascii(&out), ascii(&text));
            prop_assert_eq!(out.lines().count(), text.lines().count());
        }
    }
}

/// Lines of Markdown with mojibake, percent-encoded mojibake and the
/// characters the text rules look at, around syntax.
fn damaged_line() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "- ", "1. ", "> ", "# ", "  - Comment: ", "    "]),
        prop::collection::vec(
            prop::sample::select(vec![
                "CafÃ©",
                "HuggingFaceâ€™s",
                "Ã©tÃ©",
                "*crÃ¨me*",
                "**ZÃ¼rich**",
                "`Ã©`",
                "[MÃ¼nchen](https://example.com/M%C3%83%C2%BCnchen)",
                "https://example.org/wiki/Z%C3%83%C2%BCrich_(x)",
                "<https://example.net/%C3%83%C2%A9>",
                "Ã‚Â£5",
                "Ã‚Â ",
                "zero\u{200B}width",
                "tab\t",
                "é",
                "中文",
                "word",
                " ",
                "_",
                "[x][y]",
            ]),
            0..8,
        ),
    )
        .prop_map(|(start, pieces)| format!("{start}{}", pieces.join(" ")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// What `fix` reports afterwards is what a fresh lint of the text it
    /// wrote finds (the model it carries over a repair is the model a parse
    /// of the repaired text builds).
    #[test]
    fn fix_reports_what_a_fresh_lint_finds(
        lines in prop::collection::vec(damaged_line(), 1..12),
        select in prop::sample::select(vec![
            "mojibake",
            "mojibake,invisible-char,trailing-whitespace",
            "mojibake,replacement-char,control-char,bidi-control",
        ]),
    ) {
        let text = lines.join("\n") + "\n";
        let target = Target::notes("", Some(select));
        let (fixed, after) = target.fix(text.as_bytes()).unwrap();
        let (_, fresh) = target.lint(fixed.output()).unwrap();
        let shown = |d: &[listlint::diagnostic::Diagnostic]| format!("{d:#?}");
        prop_assert_eq!(shown(&after), shown(&fresh));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// `fix` is idempotent on damaged documents too (mojibake, escapes,
    /// code spans, trailing whitespace, every line-ending style): fixing
    /// what it wrote changes nothing.
    #[test]
    fn fix_is_idempotent_on_damaged_documents(
        doc in document_with_line_endings(),
        select in prop::sample::select(vec![
            None,
            Some("mojibake"),
            Some("mojibake,trailing-whitespace,line-endings,final-newline"),
        ]),
    ) {
        let once = fix_bytes(doc.as_bytes(), select).expect("UTF-8 text");
        let twice = fix_bytes(&once, select).expect("UTF-8 text");
        prop_assert_eq!(
            String::from_utf8_lossy(&once),
            String::from_utf8_lossy(&twice),
            "from {:?}",
            doc
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// With the edits the rules report on a damaged document, every
    /// character outside the edited ranges survives, in order: between two
    /// applied edits the fixed text is the original text.
    #[test]
    fn text_outside_the_reported_edits_survives(
        doc in document_with_line_endings(),
        select in prop::sample::select(vec![
            None,
            Some("mojibake"),
            Some("mojibake,trailing-whitespace,invisible-char,control-char"),
        ]),
    ) {
        let (_, diagnostics) = Target::notes("", select).lint(doc.as_bytes()).unwrap();
        let fixes: Vec<&Fix> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| f.applicability == Applicability::Safe)
            .collect();
        let done = apply_edits(&doc, &fixes);
        // Every applied edit is one the rules reported.
        for e in &done.edits {
            prop_assert!(fixes.iter().any(|f| f.edits.iter().any(|r| std::ptr::eq(r, *e))));
        }
        let (mut old, mut new) = (0, 0);
        for e in &done.edits {
            prop_assert!(e.span.start >= old, "edits overlap or are out of order");
            let kept = &doc[old..e.span.start];
            prop_assert_eq!(&done.text[new..new + kept.len()], kept);
            new += kept.len();
            prop_assert_eq!(&done.text[new..new + e.replacement.len()], e.replacement.as_str());
            new += e.replacement.len();
            old = e.span.end;
        }
        prop_assert_eq!(&done.text[new..], &doc[old..]);
    }
}

/// The selections of the properties above select rules that fix.
#[test]
fn the_selections_of_the_properties_fix_something() {
    let fixed = fixed_bytes(
        b"# Notes\r\nCaf\xC3\x83\xC2\xA9 \r\nx\n",
        Some("mojibake,trailing-whitespace,line-endings,final-newline"),
    )
    .unwrap();
    assert_eq!(fixed.output(), "# Notes\r\nCafé\r\nx\r\n".as_bytes());
}

/// A document of damaged lines, each with optional trailing whitespace,
/// with one line ending throughout (LF, CRLF or a bare CR) or a mix of all
/// three, with or without a final line ending.
fn document_with_line_endings() -> impl Strategy<Value = String> {
    let line = (
        damaged_line(),
        prop::sample::select(vec!["", " ", "  ", "\t", " \t"]),
    );
    (
        prop::collection::vec(
            (line, prop::sample::select(vec!["\n", "\r\n", "\r"])),
            1..12,
        ),
        prop::sample::select(vec![Some("\n"), Some("\r\n"), Some("\r"), None]),
        any::<bool>(),
    )
        .prop_map(|(lines, uniform, final_eol)| {
            let mut text = String::from("# Notes");
            text.push_str(uniform.unwrap_or("\n"));
            let count = lines.len();
            for (i, ((line, trailing), mixed)) in lines.into_iter().enumerate() {
                text.push_str(&line);
                text.push_str(trailing);
                if i + 1 < count || final_eol {
                    text.push_str(uniform.unwrap_or(mixed));
                }
            }
            text
        })
}

/// Applies a unified diff of one file to `original`, strictly: every line
/// of the diff ends in `\n`; lines of the file end only at `\n`; hunk
/// headers give the exact position and length of each hunk, in order;
/// context and removed lines match the file byte for byte; only a last line
/// may lack its `\n`, and the `\ No newline at end of file` marker says so.
fn apply_unified_diff(original: &[u8], diff: &[u8]) -> Result<Vec<u8>, String> {
    const NO_NEWLINE: &[u8] = b"\\ No newline at end of file\n";
    if diff.is_empty() {
        return Ok(original.to_vec());
    }
    let shown = |l: &[u8]| String::from_utf8_lossy(l).into_owned();
    let diff_lines: Vec<&[u8]> = diff.split_inclusive(|&b| b == b'\n').collect();
    if !diff.ends_with(b"\n") {
        return Err("the diff's last line has no line feed".into());
    }
    let mut lines = diff_lines.into_iter().peekable();
    match (lines.next(), lines.next()) {
        (Some(a), Some(b)) if a.starts_with(b"--- ") && b.starts_with(b"+++ ") => {}
        _ => return Err("no `---`/`+++` header".into()),
    }
    lines.peek().ok_or("a header without hunks")?;
    let old: Vec<&[u8]> = original.split_inclusive(|&b| b == b'\n').collect();
    let (mut used, mut out, mut out_lines) = (0usize, Vec::new(), 0usize);
    let mut ended = false; // the output's last line has no `\n`
    let push = |out: &mut Vec<u8>, line: &[u8], ended: &mut bool| {
        if *ended {
            return Err(format!("a line after one without `\\n`: {:?}", shown(line)));
        }
        *ended = !line.ends_with(b"\n");
        out.extend_from_slice(line);
        Ok(())
    };
    while let Some(header) = lines.next() {
        let range = |s: &str| -> Result<(usize, usize), String> {
            let (start, len) = s.split_once(',').unwrap_or((s, "1"));
            match (start.parse(), len.parse()) {
                (Ok(start), Ok(len)) => Ok((start, len)),
                _ => Err(format!("bad hunk range {s:?}")),
            }
        };
        let text = std::str::from_utf8(header).map_err(|e| e.to_string())?;
        let (old_range, new_range) = text
            .strip_prefix("@@ -")
            .and_then(|t| t.strip_suffix(" @@\n"))
            .and_then(|t| t.split_once(" +"))
            .ok_or_else(|| format!("bad hunk header {text:?}"))?;
        let ((old_start, old_len), (new_start, new_len)) = (range(old_range)?, range(new_range)?);
        // A range of no lines names the line before it.
        let at = if old_len == 0 {
            old_start
        } else {
            old_start.wrapping_sub(1)
        };
        if at < used || at > old.len() {
            return Err(format!("hunk {text:?} out of order or out of the file"));
        }
        for line in &old[used..at] {
            push(&mut out, line, &mut ended)?;
        }
        out_lines += at - used;
        used = at;
        let new_at = if new_len == 0 {
            new_start
        } else {
            new_start.wrapping_sub(1)
        };
        if new_at != out_lines {
            return Err(format!(
                "hunk {text:?}: the new range starts at line {}",
                out_lines + 1
            ));
        }
        let (mut removed, mut added) = (0, 0);
        while removed < old_len || added < new_len {
            let line = lines
                .next()
                .ok_or_else(|| format!("hunk {text:?} ends early"))?;
            let (&tag, content) = line.split_first().ok_or("an empty diff line")?;
            let mut content = content.to_vec();
            if lines.peek() == Some(&NO_NEWLINE) {
                lines.next();
                content.pop();
            }
            if tag == b' ' || tag == b'-' {
                if old.get(used) != Some(&content.as_slice()) {
                    return Err(format!(
                        "line {} is {:?}, the diff says {:?}",
                        used + 1,
                        old.get(used).map(|l| shown(l)),
                        shown(&content)
                    ));
                }
                used += 1;
                removed += 1;
            }
            if tag == b' ' || tag == b'+' {
                push(&mut out, &content, &mut ended)?;
                out_lines += 1;
                added += 1;
            }
            if !matches!(tag, b' ' | b'-' | b'+') {
                return Err(format!("bad diff line {:?}", shown(line)));
            }
            if removed > old_len || added > new_len {
                return Err(format!("hunk {text:?} is longer than its header says"));
            }
        }
    }
    for line in &old[used..] {
        push(&mut out, line, &mut ended)?;
    }
    Ok(out)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// `fix --diff` describes exactly what `fix` writes: its hunks, applied
    /// to the original text, give the fixed text byte for byte, whatever
    /// the line endings, mojibake and trailing whitespace.
    #[test]
    fn diff_applied_to_the_original_gives_what_fix_writes(
        doc in document_with_line_endings(),
        select in prop::sample::select(vec![
            "",
            "mojibake,trailing-whitespace",
            "line-endings,final-newline,trailing-whitespace",
        ]),
    ) {
        let fixed = fixed_bytes(doc.as_bytes(), (!select.is_empty()).then_some(select)).unwrap();
        let diff = fixed.diff("notes.md");
        prop_assert_eq!(diff.is_empty(), !fixed.changed(), "{:?}", diff);
        match apply_unified_diff(doc.as_bytes(), diff.as_bytes()) {
            Ok(patched) => prop_assert!(
                patched == fixed.output(),
                "patched {:?}\nfixed   {:?}\ndiff {:?}",
                String::from_utf8_lossy(&patched),
                String::from_utf8_lossy(fixed.output()),
                diff
            ),
            Err(e) => prop_assert!(false, "{}\ndiff {:?}", e, diff),
        }
    }

    /// The applier is strict: a diff with a context, removed or added line
    /// cut out of a hunk does not apply.
    #[test]
    fn the_diff_applier_rejects_damaged_hunks(
        doc in document_with_line_endings(),
        pick in any::<prop::sample::Index>(),
    ) {
        let fixed = fixed_bytes(doc.as_bytes(), None).unwrap();
        let diff = fixed.diff("notes.md");
        let lines: Vec<&str> = diff.split_inclusive('\n').collect();
        let body: Vec<usize> = (2..lines.len()).filter(|&i| lines[i].starts_with([' ', '-', '+'])).collect();
        prop_assume!(!body.is_empty());
        let cut = body[pick.index(body.len())];
        let damaged: String = lines.iter().enumerate().filter(|&(i, _)| i != cut).map(|(_, l)| *l).collect();
        prop_assert!(apply_unified_diff(doc.as_bytes(), damaged.as_bytes()).is_err(), "{:?}", damaged);
    }
}

/// Words of legitimate text in many scripts, with the typography, math,
/// box drawing and emoji that look most like mojibake.
const LEGIT_WORDS: &[&str] = &[
    // Latin with diacritics, and words of capitals
    "café",
    "naïve",
    "Zürich",
    "São",
    "Ñandú",
    "straße",
    "Łódź",
    "Čeština",
    "Kraków",
    "Ærø",
    "façade",
    "Đà",
    "Nẵng",
    "Việt",
    "İstanbul",
    "Şişli",
    "gęślą",
    "NICIODATĂ",
    "ÉTÉ",
    "MAÇÃ",
    "Ålesund",
    "Dråber",
    "Brontë",
    "PROTÉGÉ",
    "ZURÜCK",
    "où",
    "à",
    "è",
    "l’été",
    // Cyrillic, Greek, Hebrew, Arabic
    "Привет",
    "дороге",
    "Её",
    "ВІКІ",
    "Україна",
    "їжак",
    "Ґанок",
    "Ђорђе",
    "Љубљана",
    "сёмга",
    "Ελληνικά",
    "αβγ",
    "Ωμέγα",
    "ψυχή",
    "עברית",
    "שלום",
    "العربية",
    "رسالة",
    // CJK, Thai, Devanagari
    "中文",
    "日本語",
    "한국어",
    "カタカナ",
    "ภาษาไทย",
    "हिन्दी",
    "नमस्ते",
    // math, box drawing, typography
    "√π",
    "∆°",
    "2012—∞",
    "≈",
    "∑x²",
    "├┤a┼┐a",
    "┌─┐",
    "████░░",
    "±3°",
    "5×£35",
    "4288×…",
    "«oui»",
    "„ja“",
    "’90s",
    "—",
    "…",
    "‹›",
    "№5",
    "€5",
    "£",
    "©",
    "®",
    "™",
    "NESTLÉ®",
    "¿qué?",
    // emoji with ZWJ, skin tones, flags
    "👨‍👩‍👧",
    "🏳️‍🌈",
    "👍🏽",
    "❤️",
    "🇫🇷",
];

/// A line of legitimate text: words from [`LEGIT_WORDS`] between spaces
/// and punctuation.
fn legit_line() -> impl Strategy<Value = String> {
    let sep = prop::sample::select(vec![" ", ", ", " – ", "; ", " (", ") ", ": ", " - "]);
    prop::collection::vec((prop::sample::select(LEGIT_WORDS.to_vec()), sep), 1..12).prop_map(
        |words| {
            let mut line = String::from("- ");
            for (w, s) in words {
                line.push_str(w);
                line.push_str(s);
            }
            line
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Legitimate text in any script is never changed by `mojibake`, and
    /// never even reported as certain.
    #[test]
    fn legitimate_text_in_many_scripts_is_unchanged(lines in prop::collection::vec(legit_line(), 1..6)) {
        let text = lines.join("\n") + "\n";
        let out = fix_bytes(text.as_bytes(), Some("mojibake")).unwrap();
        prop_assert_eq!(String::from_utf8(out).unwrap(), text);
    }
}
