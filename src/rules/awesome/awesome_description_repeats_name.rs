//! `awesome-description-repeats-name`: a description that starts by
//! repeating the entry's name (`- [Foo](url) - Foo is a …`).

use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-description-repeats-name"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "description starts by repeating the entry's name",
    doc: include_str!("../../../rules/awesome-description-repeats-name.md"),
};

pub struct AwesomeDescriptionRepeatsName;

impl Rule for AwesomeDescriptionRepeatsName {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for (e, desc) in cx.described_entries() {
            let name = plain(doc.slice(&e.name));
            // A one-letter name (`C`, `R`, `z`) is also a word (`A library`,
            // `C bindings`): it repeats only as the subject, `z is …`.
            let short = name
                .chars()
                .filter(|c| c.is_alphanumeric())
                .nth(1)
                .is_none();
            let s = doc.slice(desc);
            if short
                && (name.is_empty()
                    || !s
                        .strip_prefix(&*name)
                        .is_some_and(|rest| rest.starts_with(" is ")))
            {
                continue;
            }
            let lead = s.len() - s.trim_start_matches(['*', '_', '`']).len();
            // A description that starts with a link to the same thing
            // (`[Slint](https://slint.dev/) is a toolkit`) repeats the name
            // in the link's text.
            let text = doc.items[e.item]
                .links
                .iter()
                .map(|&l| &doc.links[l])
                .find(|l| l.span.start == desc.start + lead && !l.image)
                .and_then(|l| l.text_span.clone())
                .unwrap_or(desc.start + lead..desc.end);
            // `owner/repo` names the project by its repository: a
            // description that starts with the repository's name is about
            // the project when it goes on with `is` or a colon
            // (`- [gorilla-devs/ferium](u) - Ferium is …`; `- [gorilla/csrf](u)
            // - CSRF protection …` names the attack, not the project).
            let d = doc.slice(&text);
            let about = |len: usize| {
                let mut after = &doc.text[text.start + len..desc.end];
                if text.end == text.start + len
                    && let Some(i) = after.find(')')
                    && after.starts_with("](")
                {
                    // After the leading link.
                    after = &after[i + 1..];
                }
                let after = after.trim_start_matches(['`', '*', '_']);
                // Not a possessive: `- [uv-build](…/uv) - uv's build
                // backend` names the parent project.
                [" is ", ":"].iter().any(|p| after.starts_with(p))
            };
            let other = |alias: &str| {
                alias != &*name
                    && !alias.contains(['.', ':'])
                    && alias.chars().filter(|c| c.is_alphanumeric()).count() >= 2
            };
            let Some((len, name)) = repeats(d, &name).map(|len| (len, &*name)).or_else(|| {
                // Looked for only when the name itself is not
                // repeated, as most are not.
                let repo = name.rsplit('/').next().unwrap_or(&name);
                // So does the last segment of the URL (`- [toy
                // engine](…/hugoam/toy) - toy is a …`). Only a
                // repository's URL ends with its name:
                // `…/tokio/tutorial` ends with a page.
                let url = &doc.links[e.link].url;
                let segment = if may_start_with_last_segment(d, url) {
                    repository_name(url).unwrap_or("")
                } else {
                    ""
                };
                [repo, segment]
                    .into_iter()
                    .filter(|a| other(a))
                    .find_map(|a| repeats(d, a).filter(|&len| about(len)).map(|len| (len, a)))
            }) else {
                continue;
            };
            let start = text.start;
            out.push(
                Diagnostic::new(
                    META.id,
                    start..start + len,
                    format!("description starts with the entry's name, {}", code(name)),
                )
                .with_note("the name is already in the link: say what it is or does"),
            );
        }
    }
}

/// Link text as it reads: without code and emphasis marks, spaces collapsed.
fn plain(text: &str) -> std::borrow::Cow<'_, str> {
    // Most names have no marks and single spaces: they read as written.
    let b = text.as_bytes();
    let marked = |c: char| matches!(c, '`' | '*' | '_') || (c != ' ' && c.is_whitespace());
    let as_written = b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !b.windows(2).any(|w| w == b"  ")
        && if text.is_ascii() {
            // Its characters are its bytes.
            !b.iter().any(|&c| marked(char::from(c)))
        } else {
            !text.contains(marked)
        };
    if as_written {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut prev: Option<char> = None;
    // Whitespace seen since the last character kept.
    let mut space = false;
    while let Some(c) = chars.next() {
        // `_` inside a word is part of the name (`nn_builder`); at its
        // edges it is emphasis, like `*` and backticks.
        let inside = c == '_'
            && prev.is_some_and(char::is_alphanumeric)
            && chars.peek().is_some_and(|n| n.is_alphanumeric());
        prev = Some(c);
        if !inside && matches!(c, '`' | '*' | '_') {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out.into()
}

/// Whether `desc` may start with the last path segment of `url` (the
/// name [`repository_name`] finds, if any): false when their first
/// letters, both ASCII, differ in more than case, or when the URL has no
/// scheme (no repository's then). Most descriptions do not start with
/// it, and are told so without taking the URL apart.
fn may_start_with_last_segment(desc: &str, url: &str) -> bool {
    let Some((_, rest)) = crate::rules::links::urls::split_scheme(url) else {
        return false;
    };
    let b = rest.as_bytes();
    let path = &b[..memchr::memchr2(b'?', b'#', b).unwrap_or(b.len())];
    let mut end = path.len();
    while end > 0 && path[end - 1] == b'/' {
        end -= 1;
    }
    let path = &path[..end];
    let first = match memchr::memrchr(b'/', path) {
        Some(i) => path.get(i + 1),
        None => path.first(),
    };
    match (first, desc.as_bytes().first()) {
        (Some(s), Some(d)) if s.is_ascii() && d.is_ascii() => s.eq_ignore_ascii_case(d),
        _ => true,
    }
}

/// The repository name of a GitHub, GitLab, Codeberg, Bitbucket or
/// SourceHut repository URL (`https://github.com/hugoam/toy` → `toy`).
fn repository_name(url: &str) -> Option<&str> {
    let rest = crate::rules::links::urls::split_scheme(url)?.1;
    let rest = &rest[..memchr::memchr2(b'?', b'#', rest.as_bytes()).unwrap_or(rest.len())];
    let rest = rest.trim_end_matches('/');
    let mut parts = rest.split('/');
    let mut host = parts.next()?;
    while let Some(h) = host.strip_prefix("www.") {
        host = h;
    }
    let forge = matches!(
        host,
        "github.com" | "gitlab.com" | "codeberg.org" | "bitbucket.org" | "git.sr.ht"
    );
    let (_owner, repo) = (parts.next()?, parts.next()?);
    let mut repo = repo;
    while let Some(r) = repo.strip_suffix(".git") {
        repo = r;
    }
    (forge && parts.next().is_none()).then_some(repo)
}

/// If `desc` starts with `name` (case-insensitively) as a whole word that
/// does not go on into a longer name (`Foo.js`, `Foo-cli`, `Foo2`), the
/// length of that start in `desc`.
fn repeats(desc: &str, name: &str) -> Option<usize> {
    let mut d = desc.char_indices();
    for n in name.chars() {
        let (_, c) = d.next()?;
        if c.is_ascii() && n.is_ascii() {
            if !c.eq_ignore_ascii_case(&n) {
                return None;
            }
        } else if !c.to_lowercase().eq(n.to_lowercase()) {
            return None;
        }
    }
    let len = d.next().map_or(desc.len(), |(i, _)| i);
    let rest = &desc[len..];
    let rest = rest.trim_start_matches(['`', '*', '_']);
    let mut chars = rest.chars();
    match chars.next() {
        None => Some(len),
        // `Foo.js`, `Foo-cli`, `Foo2`: another name.
        Some(c) if c.is_alphanumeric() => None,
        Some('.' | '-' | '/' | '+' | '#' | '@')
            if chars.next().is_some_and(|c| !c.is_whitespace()) =>
        {
            None
        }
        Some(c) if c.is_whitespace() => {
            // Capitalised words after the name make a longer name
            // (`React Native`, `Vue Router`) unless one of them says what
            // the entry is (`Qiniu SDK for Elixir`, `Greg Reda Personal
            // Blog`) or the sentence goes on (`geoserver Is a …`).
            let capitalised: Vec<&str> = rest
                .split_whitespace()
                .take_while(|w| w.starts_with(char::is_uppercase))
                .collect();
            let says_what = capitalised.iter().any(|w| {
                let w = w
                    .trim_end_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                w == "is" || w == "are" || crate::rules::awesome::names_a_kind(&w)
            });
            (capitalised.is_empty() || says_what).then_some(len)
        }
        Some(_) => Some(len),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, spans};

    const ID: &str = "awesome-description-repeats-name";

    #[test]
    fn plain_drops_marks_and_collapses_spaces() {
        assert_eq!(
            super::plain(" \t`a`  *b*\n nn_builder _x_ __ y_ "),
            "a b nn_builder x y"
        );
        assert_eq!(super::plain("*_*"), "");
        assert_eq!(super::plain("_a"), "a");
    }

    #[test]
    fn a_repeated_name_is_reported() {
        let md = "\
- [Foo](https://a) - Foo is a library.
- [bar](https://b) - Bar, a tool.
- [Baz Qux](https://c) - baz qux's fork of x.
- [`quux`](https://d) - `quux` does it.
- [nn_builder](https://e) - nn_builder is a library.
- [Qiniu](https://f) - Qiniu SDK for Elixir.
- [Greg Reda](https://g) - Greg Reda Personal Blog
- [slint-ui/slint](https://i) - [Slint](https://slint.dev) is a toolkit.
- [gorilla-devs/ferium](https://j) - Ferium is a mod manager.
- [z](https://k) - z is the new j.
- [toy engine](https://github.com/hugoam/toy) - toy is a thin game engine.
- [numa](https://n) - NUMA is a utility library.
- [csv](https://c) - CSV decoding for Elixir.
";
        let d = check(ID, md);
        assert_eq!(
            spans(md, &d),
            [
                "Foo",
                "Bar",
                "baz qux",
                "quux",
                "nn_builder",
                "Qiniu",
                "Greg Reda",
                "Slint",
                "Ferium",
                "z",
                "toy",
                "NUMA",
                "CSV"
            ]
        );
        assert_eq!(
            d[0].message,
            "description starts with the entry's name, `Foo`"
        );
    }

    #[test]
    fn longer_names_and_other_words_are_fine() {
        let md = "\
- [Foo](https://b) - Foo.js bindings.
- [Foo](https://c) - Foobar is different.
- [A](https://d) - A library.
- [gorilla/csrf](https://g) - CSRF protection for Go.
- [React](https://h) - React Native components.
- [Vue](https://i) - Vue Router for single-page apps.
- [Tokio](https://tokio.rs/tokio/tutorial) - Tutorial: building an app.
- [uv-build](https://github.com/astral-sh/uv) - uv's build backend.
- [Go](https://e) - Good tools.
- [Foo](https://f) - The Foo library.
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }
}
