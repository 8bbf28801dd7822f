//! Everything with I/O: the commands, finding the files, reading them,
//! `--changed-since`, the link stage, and writing fixed files.
//!
//! `check` and `fix` go plan (`plan.rs`: the arguments resolved, every
//! failure before linting), `execute.rs` (lint, links, across the run;
//! prints nothing), `fix_output.rs` (write, diff or stdout), then the report.

pub(crate) mod changed;
pub(crate) mod check;
pub(crate) mod commands;
pub mod discover;
pub(crate) mod execute;
pub(crate) mod fix_output;
pub(crate) mod link_stage;
pub(crate) mod locate;
pub(crate) mod plan;
pub(crate) mod write;
