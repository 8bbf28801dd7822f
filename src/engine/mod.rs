//! The pure part: one file through the rules (`lint`), the fix loop
//! (`fixer`) and the preset a file is detected as (`preset`). Nothing here
//! reads or writes files or prints.

pub mod fixer;
pub mod lint;
pub mod preset;
