//! `awesome-description-case`: an entry's description that starts with a
//! lowercase word.
//!
//! Only a lowercase letter is a slip: a digit, a symbol, a quote, a code
//! span, a link, an emoji or a letter of a script without case (CJK,
//! Arabic…) is fine. So is a first word that is a name written in
//! lowercase: one with a capital, a digit or a symbol inside (`iOS`,
//! `jQuery`, `p2p`, `.NET`, `node.js`), one the entry's name or URL
//! spells (`- [goworker](…/goworker) - goworker is …`), or a well-known
//! lowercase name (`npm`, `webpack`).

use crate::document::LinkKind;
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("awesome-description-case"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Awesome,
    summary: "description does not start with a capital letter (scripts without case are fine)",
    doc: include_str!("../../../rules/awesome-description-case.md"),
};

pub struct AwesomeDescriptionCase;

/// Names that are written in lowercase even at the start of a sentence.
const LOWERCASE_NAMES: &[&str] = &[
    "awk",
    "bash",
    "brew",
    "cargo",
    "clang",
    "conda",
    "cron",
    "curl",
    "dnf",
    "ffmpeg",
    "gcc",
    "git",
    "gnuplot",
    "go",
    "grep",
    "gulp",
    "htop",
    "jq",
    "kubectl",
    "npm",
    "npx",
    "nvm",
    "pip",
    "pipx",
    "pnpm",
    "rsync",
    "rustc",
    "rustup",
    "sed",
    "ssh",
    "sudo",
    "systemd",
    "tmux",
    "uv",
    "vim",
    "virtualenv",
    "webpack",
    "wget",
    "xargs",
    "yarn",
    "zsh",
];

impl Rule for AwesomeDescriptionCase {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for (e, desc) in cx.described_entries() {
            let it = &doc.items[e.item];
            // Emphasis around the first word does not change its case.
            let s = doc.slice(desc);
            let start = desc.start + (s.len() - s.trim_start_matches(['*', '_', '~']).len());
            if doc.in_code(start)
                || it.links.iter().any(|&l| {
                    let l = &doc.links[l];
                    l.kind != LinkKind::Html && l.span.start == start
                })
            {
                continue;
            }
            let rest = &doc.text[start..desc.end];
            let Some(first) = rest.chars().next() else {
                continue;
            };
            if !crate::rules::awesome::is_small_letter(first) {
                continue;
            }
            let len = word_len(rest);
            let word = rest[..len].trim_end_matches(['.', '*', '_', '~']);
            // The entry's own name (`gonum/plot provides …`): the
            // repetition is `awesome-description-repeats-name`'s to report.
            let whole_name = doc.slice(&e.name).trim_matches(['`', '*', '_']);
            if is_a_name(word)
                || is_attribution(word, &rest[word.len()..])
                || word.eq_ignore_ascii_case(whole_name)
            {
                continue;
            }
            // `uv's`: the name without its possessive.
            let lower = word.to_lowercase();
            let stem = lower.split(['\'', '’']).next().unwrap_or(&lower);
            // The name as written: `Corpus` in the name does not make
            // `corpus …` a name (`uv` in the name does make `uv …` one).
            let name = doc.slice(&e.name).to_owned();
            let url: &str = &doc.links[e.link].url;
            let named = if stem.contains('-') {
                // `go-lock`, `mecab-ipadic`: part of the name or URL; and
                // a project named after its owner or the name it
                // continues (`- [nng](…/nanomsg/nng) -
                // nanomsg-next-generation, a …`), not after a common word
                // (`cross-platform`).
                let head = stem.split('-').next().unwrap_or("");
                name.contains(stem)
                    || url.to_lowercase().contains(stem)
                    || (head.len() >= 3
                        && COMMON_WORDS.binary_search(&head).is_err()
                        && (name.split(|c: char| !c.is_alphanumeric()).next() == Some(head)
                            || url_segment(url, head)))
            } else if COMMON_WORDS.binary_search(&stem).is_ok() {
                // `tiny` in `tiny_qa_benchmark_pp` is still an adjective
                // in `tiny NLP datasets`: a common word is a name only as
                // the whole name (`[tiny](…) - tiny is …`).
                name.trim_matches(|c: char| !c.is_alphanumeric())
                    .eq_ignore_ascii_case(stem)
            } else {
                spells(&name, stem) || url_names(url, stem)
            };
            if named || LOWERCASE_NAMES.contains(&stem) {
                continue;
            }
            // A product's name in lower case (`redis client for Go`) is
            // one problem, `awesome-spelling`'s, whose fix capitalises it.
            if cx.runs(crate::rules::awesome_spelling::META.id)
                && crate::rules::awesome_spelling::lowercase_name("", word, &rest[word.len()..])
                    .is_some()
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    META.id,
                    start..start + word.len(),
                    format!("description starts with lowercase {}", code(word)),
                )
                .with_note("descriptions are sentences: start them with a capital letter"),
            );
        }
    }
}

/// English words that start descriptions (`tiny`, `open`, `fast`),
/// lower-cased and sorted: one of them is not excused by being a part of
/// the entry's name or URL.
const COMMON_WORDS: &[&str] = &[
    "a",
    "add",
    "advanced",
    "all",
    "an",
    "another",
    "any",
    "async",
    "asynchronous",
    "automated",
    "automatic",
    "automatically",
    "awesome",
    "basic",
    "beautiful",
    "benchmark",
    "benchmarks",
    "better",
    "binding",
    "bindings",
    "blazing",
    "build",
    "builds",
    "clean",
    "cloud",
    "collection",
    "command",
    "complete",
    "concurrent",
    "convert",
    "converts",
    "create",
    "creates",
    "cross",
    "curated",
    "custom",
    "data",
    "declarative",
    "deep",
    "distributed",
    "dynamic",
    "easily",
    "easy",
    "efficient",
    "elegant",
    "embedded",
    "enhanced",
    "example",
    "examples",
    "extensible",
    "fast",
    "feature",
    "find",
    "flexible",
    "free",
    "full",
    "fully",
    "functional",
    "general",
    "generate",
    "generates",
    "generic",
    "get",
    "high",
    "highly",
    "how",
    "implementation",
    "interactive",
    "learn",
    "library",
    "lightweight",
    "local",
    "low",
    "make",
    "makes",
    "manage",
    "minimal",
    "minimalist",
    "minimalistic",
    "modern",
    "multi",
    "native",
    "neural",
    "new",
    "next",
    "official",
    "online",
    "open",
    "parse",
    "personal",
    "plain",
    "portable",
    "powerful",
    "provides",
    "pure",
    "quick",
    "read",
    "real",
    "robust",
    "run",
    "runs",
    "safe",
    "scalable",
    "secure",
    "self",
    "sentence",
    "simple",
    "single",
    "small",
    "smart",
    "static",
    "streaming",
    "super",
    "the",
    "this",
    "tiny",
    "tool",
    "tools",
    "turn",
    "type",
    "ultra",
    "universal",
    "use",
    "utilities",
    "utility",
    "very",
    "visual",
    "wrapper",
    "your",
    "zero",
];

/// A description that credits someone rather than describing: `by
/// Someone`, a lone handle (`azu`, `yhara`), or a handle that starts a list
/// of names (`azu, Suguru Inatomi`).
fn is_attribution(word: &str, after: &str) -> bool {
    let after = after.trim_start_matches(['*', '_', '~']);
    // A one-word sentence (`production-ready.`) describes; a handle has
    // no full stop.
    if after.trim_end() == "." {
        return false;
    }
    let after = after.trim_start_matches('.');
    word == "by"
        || after.trim().is_empty()
        || after
            .strip_prefix([',', ';', '&'])
            .is_some_and(|rest| rest.trim_start().starts_with(char::is_uppercase))
}

/// The length of the first word of `rest`: up to a space or punctuation,
/// a `::` path (`std::tuple`, `boost::asio`) included.
fn word_len(rest: &str) -> usize {
    let stop = |c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '"')
    };
    let mut len = 0;
    loop {
        len += rest[len..].find(stop).unwrap_or(rest.len() - len);
        let after = &rest[len..];
        match after.strip_prefix("::") {
            Some(path) if path.starts_with(|c: char| c.is_alphanumeric() || c == '_') => len += 2,
            _ => return len,
        }
    }
}

/// A word written the way names are, not sentences: a capital, a digit or
/// a symbol after its first letter (`iOS`, `p2p`, `node.js`, `a11y`,
/// `std::tuple`).
fn is_a_name(word: &str) -> bool {
    // Lowercase words joined by slashes are alternatives
    // (`sentence/document embeddings`, `i/o`), not a path.
    if word.contains('/')
        && word
            .split('/')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_lowercase() || c == '-'))
    {
        return false;
    }
    word.chars().any(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(
                c,
                '.' | '_' | '/' | '+' | '#' | '@' | '&' | '\\' | '=' | ':'
            )
    })
}

/// Whether `lower` is one of the words of lower-cased `s` (split at
/// anything but letters and digits).
fn spells(s: &str, lower: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric()).any(|w| w == lower)
}

/// Whether `lower` is a whole path segment of `url` (`nanomsg` in
/// `https://github.com/nanomsg/nng`).
fn url_segment(url: &str, lower: &str) -> bool {
    let rest = crate::rules::links::urls::split_scheme(url).map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).skip(1).any(|s| s == lower)
}

/// Whether `url` names `lower` as written: as a whole host label or path
/// segment, or as the first or last word of one (`libui` in
/// `…/libui-rs`, `goworker` in `…/goworker`), not as a word inside one
/// (`toxicity` in `…/real-toxicity-prompts`) nor in another case (`corpus`
/// in `…/KAIST_Corpus`).
fn url_names(url: &str, lower: &str) -> bool {
    let rest = crate::rules::links::urls::split_scheme(url).map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#', '.'])
        .filter(|s| !s.is_empty())
        .any(|segment| {
            let mut parts = segment.split(|c: char| !c.is_alphanumeric());
            parts.next() == Some(lower) || parts.next_back() == Some(lower)
        })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, spans};

    const ID: &str = "awesome-description-case";

    #[test]
    fn a_lowercase_start_is_reported() {
        let md = "\
- [a](https://a) - fast thread-safe cache.
- [b](https://b) - *lightweight* parser.
- [c](https://c) — cross-platform tool.
- [d](https://d) - fast, auto-fixing Markdown linter.
";
        let d = check(ID, md);
        assert_eq!(
            spans(md, &d),
            ["fast", "lightweight", "cross-platform", "fast"]
        );
        assert_eq!(d[0].message, "description starts with lowercase `fast`");
    }

    #[test]
    fn scripts_without_case_and_symbols_are_fine() {
        let md = "\
- [a](https://a) - 一个用来创建安装程序的工具。
- [b](https://b) - أداة لتحويل النصوص.
- [c](https://c) - `ls` for the pros.
- [d](https://d) - [Docs](https://d) for it.
- [e](https://e) - 3D suite.
- [f](https://f) - \"Catan\" inspired board game.
- [g](https://g) - 'About This App' window.
- [h](https://h) - @mentions for everyone.
- [i](https://i) - #hashtags for everyone.
- [j](https://j) - .NET bindings.
- [k](https://k) - 📷 Photo tools.
- [l](https://l) - ¿Qué es?
- [m](https://m) - “Google's data indicated…”
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn lowercase_names_are_fine() {
        let md = "\
- [a](https://a) - iOS is awesome.
- [b](https://b) - macOS is awesome.
- [c](https://c) - jQuery plugin.
- [d](https://d) - npm is awesome.
- [e](https://e) - p2p pipe across the web.
- [f](https://f) - node.js debugger.
- [g](https://g) - anoTher valid description.
- [goworker](https://github.com/benmanns/goworker) - goworker is a background worker.
- [JavaScript Plugin Architecture](https://azu.gitbooks.io/x) - azu
- [JavaScript Primer](https://jsprimer.net) - azu, Suguru Inatomi
- [Ruby](https://route477.net/d/) - yhara
- [Transformers in Action](https://www.manning.com/books/t) - by Nicole Koenigstein
- [uv-build](https://github.com/astral-sh/uv) - uv's fast build backend.
- [ungoogled-chromium](https://github.com/u/u) - ungoogled-chromium without Google.
- [gotestfmt](https://github.com/GoTestTools/gotestfmt) - go test output for humans.
- [go-lock](https://github.com/viney-shih/go-lock) - go-lock implements locks.
- [h](https://h) - OpenAI's API.
- [i](https://i) - DALL·E 2 by OpenAI.
- [rust-native-ui/libui-rs](https://github.com/rust-native-ui/libui-rs) - libui bindings.
";
        assert!(check(ID, md).is_empty(), "{:?}", check(ID, md));
    }

    #[test]
    fn common_words_are_sorted() {
        assert!(super::COMMON_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_common_word_that_is_part_of_the_name_is_still_a_common_word() {
        let md = "- [tiny_qa_benchmark_pp](https://github.com/v/tiny_qa_benchmark_pp/) - tiny NLP QA datasets.\n- [open-webui](https://github.com/o/open-webui) - open source web UI.\n- [tiny](https://t) - tiny is a compiler.\n";
        assert_eq!(spans(md, &check(ID, md)), ["tiny", "open"]);
        let md = "- [spaCy NER](https://spacy.io/usage) - production-ready.\n- [Ruby](https://route477.net/d/) - yhara\n- [Sentence-Transformers](https://github.com/UKPLab/sentence-transformers) - sentence/document embeddings.\n- [b](https://b) - net/http.Client wrapper.\n- [gonum/plot](https://github.com/gonum/plot) - gonum/plot provides an API.\n";
        assert_eq!(
            spans(md, &check(ID, md)),
            ["production-ready", "sentence/document"]
        );
    }

    #[test]
    fn a_word_inside_the_url_does_not_excuse_a_lowercase_start() {
        let md = "- [RealToxicityPrompts](https://github.com/allenai/real-toxicity-prompts) - toxicity in LM generation.\n";
        assert_eq!(spans(md, &check(ID, md)), ["toxicity"]);
    }

    #[test]
    fn a_capitalised_word_of_the_name_does_not_excuse_a_lowercase_start() {
        let md = "- [KAIST Corpus](https://k.example/kaist) - corpus from KAIST.\n- [KAIST Corpus](http://k.example/index.php/KAIST_Corpus) - corpus from KAIST.\n";
        assert_eq!(check(ID, md).len(), 2, "{:?}", check(ID, md));
    }

    #[test]
    fn apostrophes_in_a_lowercase_word_do_not_hide_it() {
        let md = "- [a](https://a) - don't use it in production.\n";
        assert_eq!(spans(md, &check(ID, md)), ["don't"]);
    }

    #[test]
    fn a_first_word_runs_through_its_path_separators() {
        use super::word_len;
        assert_eq!(word_len("std::tuple is"), "std::tuple".len());
        assert_eq!(word_len("a::b c"), "a::b".len());
        assert_eq!(word_len("abcd::e, more"), "abcd::e".len());
        assert_eq!(word_len("abcd::e"), "abcd::e".len());
        assert_eq!(word_len("tuple: a pair"), "tuple".len());
        assert_eq!(word_len("a:: b"), "a".len());
    }
}
