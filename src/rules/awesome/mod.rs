//! The rules of the awesome preset. `entry` takes each link entry apart
//! (name, annotations, separator, description) once per file; `words` has the
//! word helpers they share.

pub(crate) mod awesome_badge;
pub(crate) mod awesome_ci_badge;
pub(crate) mod awesome_contributing;
pub(crate) mod awesome_description_case;
pub(crate) mod awesome_description_punctuation;
pub(crate) mod awesome_description_repeats_name;
pub(crate) mod awesome_entry_format;
pub(crate) mod awesome_heading;
pub(crate) mod awesome_license_section;
pub(crate) mod awesome_repo;
pub(crate) mod awesome_spelling;
pub(crate) mod awesome_toc;
pub(crate) mod balanced_punctuation;
pub(crate) mod code_of_conduct;
pub(crate) mod entry;
pub(crate) mod no_repeat_punctuation;
pub(crate) mod words;

pub(crate) use entry::*;
pub(crate) use words::*;
