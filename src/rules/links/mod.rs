//! Rules on links: duplicates, syntax, bare URLs, fragments, relative paths,
//! tracking parameters, canonical and insecure forms, and the rules the link
//! stage reports (`network`). `urls` normalises URLs for them.

pub(crate) mod bare_url;
pub(crate) mod canonical_link;
pub(crate) mod duplicate_link;
pub(crate) mod insecure_link;
pub(crate) mod link_fragment;
pub(crate) mod link_syntax;
pub mod network;
pub(crate) mod relative_link;
pub(crate) mod tracking_param;
pub(crate) mod urls;
