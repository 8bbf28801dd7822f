//! What link checking reads in an HTML page: its anchors (for
//! `remote-fragment`) and whether it says "not found" (for `soft-404`).
//! A forgiving scan of the bytes, not a parser: pages are often broken,
//! and only attributes and the title matter.

use std::collections::HashSet;

use crate::document::anchor::Fragment;
use crate::document::build::decode_entities;

/// The `id` and `name` attribute values of a page.
pub fn anchors(html: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(rel) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + rel + 1;
        let end = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e);
        let tag = &html[start..end];
        if tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            for name in ["id", "name"] {
                if let Some(v) = attribute(tag, name) {
                    out.insert(decode_entities(&v).into_owned());
                }
            }
        }
        i = end;
        if i >= bytes.len() {
            break;
        }
    }
    out
}

/// The value of attribute `name` in a tag's inside (`a href="x" id=y`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut from = 0;
    while let Some(rel) = lower[from..].find(name) {
        let at = from + rel;
        from = at + name.len();
        // A whole attribute name: after whitespace, followed by `=`.
        if at == 0 || !b[at - 1].is_ascii_whitespace() {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_ascii_whitespace() || c == '/')
                .next()
                .unwrap_or(""),
        };
        return Some(value.to_owned());
    }
    None
}

/// Whether a fragment names an anchor of the page. GitHub's line ranges
/// (`#L10-L20`) and its `user-content-` prefix are accepted, and the
/// fragment is compared percent-decoded ([`Fragment`]).
pub fn has_anchor(anchors: &HashSet<String>, fragment: &str) -> bool {
    let f = Fragment::new(fragment);
    let on_page = |name: &str| {
        (anchors.contains(name) || anchors.contains(&format!("user-content-{name}"))).then_some(())
    };
    f.is_top() || f.is_line_range() || f.find(on_page, |_| None).is_some()
}

/// The page's `<title>`, whitespace collapsed.
pub fn title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let t: Vec<&str> = html[open_end..close].split_whitespace().collect();
    Some(t.join(" "))
}

/// Whether a page's title plainly names an error page (`Page not found`,
/// `404 Not Found`, `Error 404`): evidence enough on its own.
pub fn titled_not_found(html: &str) -> bool {
    let t = title(html).unwrap_or_default().to_ascii_lowercase();
    let t = t.trim();
    [
        "page not found",
        "404 not found",
        "file not found",
        "error 404",
        "404 error",
    ]
    .iter()
    .any(|p| t.contains(p))
        || t == "not found"
        || t == "404"
        || t.starts_with("404 ")
        || t.starts_with("404:")
        || t.starts_with("404 -")
        || t.ends_with(" 404")
}

/// Whether a page's title or first heading says it is an error page.
pub fn says_not_found(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let head = title(html).unwrap_or_default().to_ascii_lowercase();
    let h1 = lower
        .find("<h1")
        .and_then(|s| {
            let from = s + lower[s..].find('>')? + 1;
            let to = from + lower[from..].find("</h1")?;
            Some(lower[from..to].to_owned())
        })
        .unwrap_or_default();
    const PHRASES: &[&str] = &[
        "not found",
        "404",
        "page does not exist",
        "page doesn't exist",
        "no longer available",
        "page not available",
        "nothing here",
        "can't find",
        "cannot find",
        "could not be found",
        "couldn't find",
    ];
    let says = |s: &str| PHRASES.iter().any(|p| s.contains(p));
    says(&head) || says(&h1) || {
        // A short page whose text is all about not finding it.
        let text_len = lower.len();
        text_len < 4096
            && ["page not found", "does not exist", "404 not found"]
                .iter()
                .any(|p| lower.contains(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_names() {
        let a = anchors(
            r#"<h1 id="intro">x</h1><a name='legacy'>y</a><div class=x id=bare>
            <section data-id="no" id="caf&amp;é">"#,
        );
        for id in ["intro", "legacy", "bare", "caf&é"] {
            assert!(a.contains(id), "{id}: {a:?}");
        }
        assert!(!a.contains("no"));
    }

    #[test]
    fn fragments_match_decoded_and_github_forms() {
        let a = anchors(r#"<p id="café"></p><div id="user-content-readme"></div>"#);
        assert!(has_anchor(&a, "caf%C3%A9"));
        assert!(has_anchor(&a, "readme"));
        assert!(has_anchor(&a, "L10-L20"));
        assert!(has_anchor(&a, "L3C1-L4C2"));
        assert!(!has_anchor(&a, "missing"));
        assert!(!has_anchor(&a, "Cafe"));
    }

    #[test]
    fn titles_that_name_an_error_page() {
        assert!(titled_not_found("<title>Page not found · GitHub</title>"));
        assert!(titled_not_found("<title>404 Not Found</title>"));
        assert!(titled_not_found("<title>Error 404 - Example</title>"));
        assert!(!titled_not_found(
            "<title>Designing a good 404 page for your site</title>"
        ));
        assert!(!titled_not_found("<title>Not Found: a novel</title>"));
        assert!(!titled_not_found("<h1>Page not found</h1>"));
    }

    #[test]
    fn a_title_is_its_text_only_with_whitespace_collapsed() {
        assert_eq!(
            title("<head><TITLE lang=en>\n  Page  not\tfound </TITLE>").as_deref(),
            Some("Page not found")
        );
        assert_eq!(title("<p>no title</p>"), None);
        // The bare status code as the whole title, as many servers write it.
        assert!(titled_not_found("<title>404</title>"));
    }

    #[test]
    fn not_found_pages() {
        assert!(says_not_found(
            "<html><head><title>Page not found</title></head><body>Sorry</body></html>"
        ));
        assert!(says_not_found("<h1>404</h1>"));
        assert!(!says_not_found(
            "<title>Fragments test page</title><h1 id=top>Hello</h1>"
        ));
    }
}
