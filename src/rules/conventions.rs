//! What the style rules share: the conventions a list already follows,
//! found by counting, and the `style` options that choose between
//! following them and imposing one.
//!
//! A rule that enforces a convention rather than a defect (how descriptions
//! end, the separator after an entry's link, list markers) defaults to
//! `style = "consistent"`, as markdownlint's MD004, MD049, MD050 and MD055
//! do: the list's own convention is enforced, and only the entries that
//! deviate from it are reported. The convention is the one at least three
//! quarters of the file's votes follow; a file below that mixes
//! conventions and nothing is reported (the user picks one with `style`).
//! A section whose own votes (at least three) clearly follow another
//! convention keeps it: lists whose sections differ are judged per
//! section.

/// How many votes a convention needs, as a fraction of all votes: three
/// quarters. A list of which a third ends descriptions with a period and
/// two thirds without follows neither (awesome-rust: 464 against 670).
const CLEAR: (usize, usize) = (3, 4);

/// A section needs this many votes to keep a convention of its own.
const SECTION_MIN_VOTES: usize = 3;

/// Votes for one of several conventions, counted per file and per section.
#[derive(Debug)]
pub(crate) struct Votes<K> {
    file: Tally<K>,
    /// By section index (`None` for a section without votes): section
    /// indices are small, a vector needs no hashing.
    sections: Vec<Option<Tally<K>>>,
    /// The votes a section needs to keep a convention of its own.
    section_min: usize,
    /// Whether a section keeps its own convention in a file that has none.
    independent: bool,
}

impl<K> Default for Votes<K> {
    fn default() -> Self {
        Self {
            file: Tally(Vec::new()),
            sections: Vec::new(),
            section_min: SECTION_MIN_VOTES,
            independent: false,
        }
    }
}

impl<K> Votes<K> {
    /// Votes where each section keeps its own convention from `section_min`
    /// votes on, whether the file has one or not: list markers, which
    /// sections choose apart (a table of contents in `-` above entries in
    /// `*`). How descriptions are written is the list's choice: a file
    /// that mixes them has no convention, even where a section happens to
    /// lean one way (awesome-rust).
    pub(crate) fn independent_sections(section_min: usize) -> Self {
        Self {
            section_min,
            independent: true,
            ..Self::default()
        }
    }
}

#[derive(Debug)]
struct Tally<K>(Vec<(K, usize)>);

impl<K: PartialEq + Clone> Tally<K> {
    fn add(&mut self, k: &K) {
        match self.0.iter_mut().find(|(c, _)| c == k) {
            Some((_, n)) => *n += 1,
            None => self.0.push((k.clone(), 1)),
        }
    }

    fn total(&self) -> usize {
        self.0.iter().map(|(_, n)| n).sum()
    }

    /// The convention at least three quarters of the votes follow.
    fn clear(&self) -> Option<&K> {
        let total = self.total();
        let (k, n) = self.0.iter().max_by_key(|(_, n)| *n)?;
        (n * CLEAR.1 >= total * CLEAR.0).then_some(k)
    }
}

impl<K: PartialEq + Clone> Votes<K> {
    pub(crate) fn add(&mut self, section: usize, k: K) {
        self.file.add(&k);
        if self.sections.len() <= section {
            self.sections.resize_with(section + 1, || None);
        }
        self.sections[section]
            .get_or_insert_with(|| Tally(Vec::new()))
            .add(&k);
    }

    /// The convention that holds in `section`: the section's own when its
    /// votes clearly follow one, else the file's; `None` when the file
    /// mixes conventions (and, unless sections are independent, whatever
    /// the section does).
    pub(crate) fn convention(&self, section: usize) -> Option<&K> {
        let file = self.file.clear();
        if file.is_none() && !self.independent {
            return None;
        }
        let own = self
            .sections
            .get(section)
            .and_then(Option::as_ref)
            .filter(|t| t.total() >= self.section_min)
            .and_then(Tally::clear);
        own.or(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_convention_needs_three_quarters_of_the_votes() {
        let mut v = Votes::default();
        for _ in 0..3 {
            v.add(0, 'p');
        }
        v.add(0, 'n');
        assert_eq!(v.convention(0), Some(&'p'));
        v.add(0, 'n');
        assert_eq!(v.convention(0), None);
    }

    #[test]
    fn a_section_that_differs_keeps_its_convention() {
        let mut v = Votes::default();
        for s in 1..10 {
            for _ in 0..4 {
                v.add(s, 'p');
            }
        }
        for _ in 0..3 {
            v.add(10, 'n');
        }
        v.add(11, 'n');
        v.add(11, 'p');
        assert_eq!(v.convention(10), Some(&'n'));
        // Too few votes of its own, or mixed: the file's.
        assert_eq!(v.convention(11), Some(&'p'));
        assert_eq!(v.convention(12), Some(&'p'));
    }

    #[test]
    fn sections_of_a_mixed_file_follow_it_unless_independent() {
        for independent in [false, true] {
            let mut v = if independent {
                Votes::independent_sections(1)
            } else {
                Votes::default()
            };
            for _ in 0..4 {
                v.add(0, 'p');
                v.add(1, 'n');
            }
            v.add(1, 'p');
            let want = independent.then_some(&'n');
            assert_eq!(v.convention(1), want, "{independent}");
            assert_eq!(v.convention(2), None);
        }
    }

    #[test]
    fn options_are_read_and_errors_say_what_was_expected() {
        use crate::rules::list_marker::{Options, Style};
        use crate::rules::{OptionError, RuleOptions};
        let mut o = Options::default();
        o.set("style", &toml::Value::String("dash".into())).unwrap();
        assert_eq!(o.style, Style::Dash);
        let message = |e| match e {
            OptionError::Invalid(m) => m,
            OptionError::Unknown => String::new(),
        };
        let e = message(
            o.set("style", &toml::Value::String("roman".into()))
                .unwrap_err(),
        );
        assert!(e.contains("roman") && e.contains("consistent"), "{e}");
        let e = message(
            o.set("colour", &toml::Value::String("x".into()))
                .unwrap_err(),
        );
        assert!(e.contains("colour") && e.contains("style"), "{e}");
    }
}
