//! The floor for `check`: read every Markdown file under the given paths and
//! run a bare pulldown-cmark parse (with offsets, the options listlint uses)
//! on 2 threads, nothing else.
//!
//! `cargo bench --bench bare_parse -- PATH...`; the results are in
//! `bench/README.md`.

use rayon::prelude::*;

fn main() {
    let paths: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (inputs, _) = listlint::discover::discover(&paths);
    let events: usize = inputs
        .par_iter()
        .map(|i| {
            let bytes = std::fs::read(&i.path).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            let opts = pulldown_cmark::Options::ENABLE_TABLES
                | pulldown_cmark::Options::ENABLE_FOOTNOTES
                | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
                | pulldown_cmark::Options::ENABLE_TASKLISTS
                | pulldown_cmark::Options::ENABLE_GFM;
            pulldown_cmark::Parser::new_ext(&text, opts)
                .into_offset_iter()
                .count()
        })
        .sum();
    println!("{} files, {events} events", inputs.len());
}
