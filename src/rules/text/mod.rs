//! Rules on the text itself: its encoding, characters that should not be
//! there, line endings and whitespace. `chars` names the characters they
//! share. `mojibake` is a folder: the rule (`mod.rs`) and its repair
//! engine (`engine.rs`).

pub(crate) mod bidi_control;
pub(crate) mod chars;
pub(crate) mod control_char;
pub(crate) mod encoding;
pub(crate) mod final_newline;
pub(crate) mod invisible_char;
pub(crate) mod line_endings;
pub(crate) mod mojibake;
pub(crate) mod replacement_char;
pub(crate) mod trailing_whitespace;
