//! Rules on the shape of lists: numbering, markers, indentation, entries and
//! their fields, sections.

pub(crate) mod empty_section;
pub(crate) mod entry_comment;
pub(crate) mod entry_link;
pub(crate) mod field_format;
pub(crate) mod list_indent;
pub(crate) mod list_marker;
pub(crate) mod list_numbering;
pub(crate) mod sorted_entries;
pub(crate) mod split_list;
