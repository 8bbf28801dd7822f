//! What the test modules share: running the built binary ([`bin`]), a
//! temporary directory to run it in ([`dir`]), a git repository ([`git`]), reading its JSON report
//! ([`json`]), the library called on a string ([`lib`]), a language-server
//! client ([`lsp`]) and the local HTTP server the link checks talk to
//! ([`server`]).

pub mod bin;
pub mod dir;
pub mod git;
pub mod json;
pub mod lib;
pub mod lsp;
pub mod server;

pub use bin::{Run, listlint, run};
pub use dir::Dir;
