//! Parse and lint arbitrary bytes as a file, under no preset, each preset,
//! and with every offline rule on; then the whole `check` command on them
//! as a file, in one of the output formats (its output goes to stdout,
//! which `fuzz/run.sh` discards).

#![no_main]

mod common;

use std::sync::LazyLock;

use clap::Parser;
use libfuzzer_sys::fuzz_target;
use listlint::lint::lint;
use listlint::source::SourceFile;
use listlint::workspace::Workspace;

/// A directory of its own for the file `check` reads, with a config per preset.
static DIR: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (i, config) in common::CONFIGS.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i}.toml")), config).expect("write");
    }
    dir
});

const FORMATS: [&str; 7] = [
    "human", "concise", "json", "sarif", "github", "junit", "gitlab",
];

fuzz_target!(|data: &[u8]| {
    // Chosen by the length, so that no byte of a seed is spent on it.
    let mode = data.len() % 4;
    let settings = match mode {
        3 => common::settings(common::CONFIGS[2], Some(common::all_rules())),
        m => common::settings(common::CONFIGS[m], None),
    };
    if let Ok(source) = SourceFile::decode(common::path(), data) {
        let result = lint(&source, &settings, &Workspace::new());
        common::check_spans(&source.text, &result.diagnostics);
    }

    let file = DIR.path().join("list.md");
    std::fs::write(&file, data).expect("write");
    let config = DIR.path().join(format!("{}.toml", mode % 3));
    let format = FORMATS[data.len() / 4 % FORMATS.len()];
    let cli = listlint::cli::Cli::try_parse_from([
        "listlint",
        "check",
        "--quiet",
        "--color",
        "always",
        "--format",
        format,
        "--config",
        config.to_str().expect("a UTF-8 path"),
        file.to_str().expect("a UTF-8 path"),
    ])
    .expect("valid arguments");
    let status = listlint::run(cli);
    assert!(
        status != listlint::ExitStatus::Error,
        "`check` failed on a file it can read"
    );
});
