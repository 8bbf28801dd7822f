//! SPEC 8: no input makes listlint panic or hang. Each case runs the whole
//! pipeline (every rule) on hostile input and checks the result is sane;
//! speed on such inputs is measured by `bench/linearity/`, not here.

use listlint::diagnostic::Diagnostic;
use listlint::source::SourceFile;

use crate::support::Dir;
use crate::support::lib::Target;

fn lint_bytes(bytes: Vec<u8>) -> Vec<Diagnostic> {
    let dir = Dir::new();
    let (source, diags) = Target::new(dir.path(), "x.md", "", None)
        .lint(&bytes)
        .expect("text input");
    for d in &diags {
        assert!(
            d.span.start <= d.span.end && d.span.end <= source.text.len(),
            "{d:?}"
        );
        assert!(
            source.text.is_char_boundary(d.span.start) && source.text.is_char_boundary(d.span.end),
            "{d:?}"
        );
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(
                e.span.end <= source.text.len() && source.text.is_char_boundary(e.span.start),
                "{d:?}"
            );
        }
    }
    diags
}

#[test]
fn invalid_utf8_is_reported_and_the_rest_linted() {
    let d = lint_bytes(b"# T\n\n1. [a](http://x.org)\n   - Comment: caf\xE9\n".to_vec());
    assert!(d.iter().any(|d| d.rule == "encoding"));
    assert!(
        d.iter().any(|d| d.rule == "insecure-link"),
        "other rules still run"
    );
}

#[test]
fn utf16_with_a_bom_is_decoded() {
    let text = "# T\n\nSee http://example.org\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let d = lint_bytes(bytes);
    assert!(d.iter().any(|d| d.rule == "encoding"));
    assert!(d.iter().any(|d| d.rule == "bare-url"));
}

#[test]
fn binary_files_are_refused() {
    let dir = std::path::PathBuf::from("x.md");
    assert!(SourceFile::decode(dir, b"PNG\0\0\x01").is_err());
}

#[test]
fn a_long_line_of_brackets_links_and_urls() {
    let unit =
        "word [a] (https://x.y/z) https://e.com/p?utm_source=1 ](  [x](y [[ ]] <a href=\"#q\"> ";
    let d = lint_bytes(unit.repeat(3_000).into_bytes());
    assert!(d.iter().any(|d| d.rule == "link-syntax"));
    assert!(d.iter().any(|d| d.rule == "bare-url"));
}

#[test]
fn a_long_list() {
    let mut s = String::from("# Papers\n\n");
    for i in 1..=20_000 {
        let indent = " ".repeat(format!("{i}. ").len());
        s.push_str(&format!(
            "{i}. [Paper {i}](https://example.org/{i})\n{indent}- Comment: c\n"
        ));
    }
    let d = lint_bytes(s.into_bytes());
    assert!(d.is_empty(), "{:?}", d.first());
}

#[test]
fn deep_nesting_and_unclosed_openers() {
    let mut s = String::new();
    for i in 0..400 {
        s.push_str(&"  ".repeat(i));
        s.push_str("- [x](#nowhere\n");
    }
    s.push_str(&"*a **b _c [d ".repeat(5_000));
    s.push_str(&"> ".repeat(200));
    s.push_str("- quoted\n");
    lint_bytes(s.into_bytes());
}

/// A list nested 100,000 deep on one line (`- - - … a`, issue 14): the
/// model is built without recursion (a test thread has a small stack) and
/// each level's columns are right although they share the line.
#[test]
fn a_list_nested_a_hundred_thousand_deep_on_one_line() {
    const DEPTH: usize = 100_000;
    for last in ["a", "[a](https://a.example/) - A link at the bottom."] {
        let text = format!("{}{last}\n", "- ".repeat(DEPTH));
        let doc = listlint::document::parse(&text, &Default::default());
        assert_eq!(doc.items.len(), DEPTH);
        for k in [0, 1, 2, DEPTH / 2, DEPTH - 1] {
            let it = &doc.items[k];
            assert_eq!((it.indent, it.content_col), (2 * k, 2 * k + 2), "item {k}");
            assert_eq!(it.content_start, 2 * k + 2, "item {k}");
        }
        lint_bytes(text.into_bytes());
    }
    // Bullets that are categories all the way down (awesome preset): the
    // innermost link entry is the only entry.
    let text = format!(
        "# A\n\n{}[a](https://a.example/) - A.\n",
        "- ".repeat(DEPTH)
    );
    let doc = listlint::document::parse(&text, &Default::default());
    assert_eq!(doc.entries.len(), 1);
    assert_eq!(doc.entries[0].item, DEPTH - 1);
}

/// The binary checks and fixes a list nested 200,000 deep (its main
/// thread's stack is no deeper than the nesting needs).
#[test]
fn check_and_fix_of_a_list_nested_two_hundred_thousand_deep() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}a\n", "- ".repeat(200_000));
    let path = dir.path().join("deep.md");
    std::fs::write(&path, &text).unwrap();
    for command in ["check", "fix"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_listlint"))
            .args([command, "--no-config", "deep.md"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_huge_table_and_many_headings() {
    let mut s = String::from("| a | b |\n|---|---|\n");
    s.push_str(&"| [x](#h-1) | http://y.org |\n".repeat(5_000));
    for _ in 0..2_000 {
        s.push_str("## h\n");
    }
    s.push_str(&"[stale](#heading-that-is-gone) ".repeat(2_000));
    let d = lint_bytes(s.into_bytes());
    assert!(d.iter().any(|d| d.rule == "link-fragment"));
}

#[test]
fn lone_carriage_returns_and_tabs() {
    let d = lint_bytes(
        b"# T\r\r1.\t[a](https://a.org)\r\t- Comment: x \r2. [b](https://b.org)".to_vec(),
    );
    assert!(d.iter().all(|d| d.rule != "list-numbering"), "{d:?}");
}

/// The human report of many diagnostics on one huge line stays linear: the
/// line is not printed once per diagnostic.
#[test]
fn human_output_of_a_huge_line_is_not_quadratic() {
    let dir = tempfile::tempdir().unwrap();
    let line = vec!["http://example.com/x"; 5000].join(" ");
    std::fs::write(dir.path().join("long.md"), format!("# T\n\n{line}\n")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_listlint"))
        .args(["check", "--color", "never", "long.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("warning[insecure-link]").count(), 5000);
    // About 150 bytes a diagnostic; the line itself is 105,000 bytes.
    assert!(out.stdout.len() < 5000 * 400, "{} bytes", out.stdout.len());
    assert!(
        text.contains("(not shown: 104999 characters)"),
        "{}",
        &text[..500]
    );
}

/// UTF-16 that does not decode (a lone surrogate, an odd length, NUL
/// characters) is refused, not decoded lossily and later written back.
#[test]
fn broken_utf16_is_refused() {
    let utf16 = |units: &[u16]| -> Vec<u8> {
        let mut b = vec![0xFF, 0xFE];
        b.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        b
    };
    let ok: Vec<u16> = "# T\n".encode_utf16().collect();
    assert!(SourceFile::decode("a.md".into(), utf16(&ok)).is_ok());
    let mut lone = ok.clone();
    lone.push(0xD800);
    assert!(SourceFile::decode("a.md".into(), utf16(&lone)).is_err());
    let mut nul = ok.clone();
    nul.push(0);
    assert!(SourceFile::decode("a.md".into(), utf16(&nul)).is_err());
    let mut odd = utf16(&ok);
    odd.push(b'x');
    assert!(SourceFile::decode("a.md".into(), odd).is_err());
}

/// A UTF-8 file cut in the middle of its last character is invalid UTF-8,
/// not a legacy charset to transcode.
#[test]
fn truncated_utf8_is_not_a_legacy_charset() {
    let s = SourceFile::decode("a.md".into(), b"# Caf\xC3").unwrap();
    assert!(
        matches!(s.encoding, listlint::source::Encoding::InvalidUtf8 { .. }),
        "{:?}",
        s.encoding
    );
}
