//! Everything with I/O: the commands, finding the files, reading them,
//! `--changed-since`, the link stage, and writing fixed files.

pub(crate) mod changed;
pub(crate) mod check;
pub(crate) mod commands;
pub mod discover;
pub(crate) mod link_stage;
pub(crate) mod write;
