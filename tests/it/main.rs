//! The integration tests: one binary, one module per area, and the support
//! they share (running the built `listlint`, temporary directories, the
//! local HTTP server, the library called on a string).

mod support;

mod action;
mod awesome_regressions;
mod changed;
mod cli;
mod conventions;
mod custom;
mod fix;
mod formats;
mod fuzz_regressions;
mod links;
mod lsp;
mod precommit;
mod properties;
mod reliability;
mod respect;
mod rule_docs;
mod rules;
mod traps;
