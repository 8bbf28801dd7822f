//! Inputs the fuzz targets (`fuzz/`) found, reduced: each failed once.

use crate::support::Dir;
use crate::support::lib::Target;

/// What `fix` writes for `text` with no configuration and the default rules.
fn fix(text: &str) -> String {
    let dir = Dir::new();
    Target::new(dir.path(), "list.md", "", None).fix_text(text)
}

/// `fix` target: a run of U+0090 lost one control per pass (each judged by
/// the control before it, which the same pass deleted), so after the ten
/// passes of one `fix` a second one still changed the file.
#[test]
fn a_run_of_c1_controls_is_removed_in_one_fix() {
    let text = format!("# T\n\nA {} b\n", "\u{90}".repeat(64));
    let once = fix(&text);
    assert_eq!(once, "# T\n\nA  b\n");
    assert_eq!(fix(&once), once);
    // After a Latin-1 letter the run may be mojibake: `â` U+0090 U+0090
    // reads `␐`, but a third U+0090 is left beside it, so `mojibake` makes
    // no half repair and `control-char` keeps what may be mojibake. Either
    // way one `fix` settles it.
    let text = format!("# T\n\nA \u{E2}{} b\n", "\u{90}".repeat(3));
    let once = fix(&text);
    assert_eq!(once, text);
    assert_eq!(fix(&once), once);
}

/// `fix` target: a repeated mark after a no-break space made
/// `no-repeat-punctuation` cut the text inside that space (a panic).
#[test]
fn repeated_punctuation_after_a_no_break_space_is_no_panic() {
    let text = "# Awesome X\n\n- [a](https://a.org) - Great\u{a0}!!! Really,,\u{a0}??\n";
    let once = fix(text);
    assert!(once.contains("Great"), "{once:?}");
    assert_eq!(fix(&once), once);
}
