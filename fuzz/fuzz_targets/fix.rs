//! `fix` on arbitrary bytes, with the properties of `tests/it/properties.rs`:
//! it writes valid UTF-8 (or the bytes unchanged), a second fix changes
//! nothing, and with the edits the rules report, every character outside
//! the edited ranges survives, in order.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use listlint::fix::{Applicability, Fix, apply_edits};
use listlint::lint::{FileSettings, lint};
use listlint::source::SourceFile;
use listlint::workspace::Workspace;

fn fix(bytes: &[u8], settings: &FileSettings) -> Option<Vec<u8>> {
    let source = SourceFile::decode(common::path(), bytes).ok()?;
    let (_, _, fixed) =
        listlint::fixer::fix(source, bytes.to_vec(), settings, &Workspace::new(), false);
    Some(fixed.output().to_vec())
}

fuzz_target!(|data: &[u8]| {
    // Chosen by the length, so that no byte of a seed is spent on it.
    let select = match data.len() % 4 {
        0 => None,
        1 => Some("mojibake".to_owned()),
        2 => Some(
            "mojibake,trailing-whitespace,line-endings,final-newline,invisible-char,control-char"
                .to_owned(),
        ),
        _ => Some(common::all_rules().join(",")),
    };
    let select = select.map(|s| s.split(',').map(str::to_owned).collect::<Vec<_>>());
    let config = common::CONFIGS[data.len() / 4 % 3];
    let settings = common::settings(config, select);
    let Some(once) = fix(data, &settings) else {
        return;
    };
    assert!(
        once == data || std::str::from_utf8(&once).is_ok(),
        "fix wrote invalid UTF-8"
    );
    if std::str::from_utf8(data).is_ok() {
        assert!(std::str::from_utf8(&once).is_ok(), "fix broke valid UTF-8");
    }
    if once != data
        && let Some(twice) = fix(&once, &settings)
    {
        assert!(
            twice == once,
            "fix is not idempotent:\n--- once\n{}\n--- twice\n{}",
            String::from_utf8_lossy(&once),
            String::from_utf8_lossy(&twice)
        );
    }

    // The edits of one lint, applied: between them the text is the original.
    let Ok(source) = SourceFile::decode(common::path(), data) else {
        return;
    };
    let doc = source.text.as_str();
    let result = lint(&source, &settings, &Workspace::new());
    common::check_spans(doc, &result.diagnostics);
    let fixes: Vec<&Fix> = result
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability == Applicability::Safe)
        .collect();
    let done = apply_edits(doc, &fixes);
    let (mut old, mut new) = (0, 0);
    for e in &done.edits {
        assert!(e.span.start >= old, "edits overlap or are out of order");
        let kept = &doc[old..e.span.start];
        assert_eq!(&done.text[new..new + kept.len()], kept);
        new += kept.len();
        assert_eq!(
            &done.text[new..new + e.replacement.len()],
            e.replacement.as_str()
        );
        new += e.replacement.len();
        old = e.span.end;
    }
    assert_eq!(&done.text[new..], &doc[old..]);
});
