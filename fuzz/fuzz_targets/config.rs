//! The config parser on arbitrary text; a config it accepts is resolved
//! for a few paths and lints the two example lists.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use listlint::config::Config;
use listlint::lint::{FileSettings, Selection, lint};
use listlint::source::SourceFile;
use listlint::workspace::Workspace;

const LISTS: [&str; 2] = [
    include_str!("../../examples/awesome.md"),
    include_str!("../../examples/notes.md"),
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let dir = common::path().with_file_name("");
    let Ok(config) = Config::parse(&dir.join("listlint.toml"), &text) else {
        return;
    };
    for (i, name) in ["list.md", "docs/awesome.md", "notes/README.md"]
        .iter()
        .enumerate()
    {
        let path = dir.join(name);
        let settings = FileSettings::resolve(&config, &path, &Selection::default());
        let list = LISTS[i % 2];
        let source = SourceFile::decode(path, list.as_bytes()).expect("an example list");
        let result = lint(&source, &settings, &Workspace::new());
        common::check_spans(&source.text, &result.diagnostics);
    }
});
