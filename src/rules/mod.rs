//! The rule registry and what a rule sees.
//!
//! Each rule lives in its own module with its metadata (`META`) and its doc,
//! `rules/<id>.md`, embedded in the binary. Rules speak byte spans; lines
//! and columns are computed after all rules ran.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Level, Severity};
use crate::document::{Document, Preset};
use crate::source::SourceFile;

pub(crate) mod awesome;
pub(crate) mod conventions;
pub mod custom;
pub mod links;
pub(crate) mod lists;
#[cfg(test)]
pub(crate) mod test_support;
pub(crate) mod text;
pub(crate) mod unused_suppression;

// Each rule's module by its name, whichever family holds it.
pub(crate) use awesome::awesome_badge;
pub(crate) use awesome::awesome_ci_badge;
pub(crate) use awesome::awesome_contributing;
pub(crate) use awesome::awesome_description_case;
pub(crate) use awesome::awesome_description_punctuation;
pub(crate) use awesome::awesome_description_repeats_name;
pub(crate) use awesome::awesome_entry_format;
pub(crate) use awesome::awesome_heading;
pub(crate) use awesome::awesome_license_section;
pub(crate) use awesome::awesome_repo;
pub(crate) use awesome::awesome_spelling;
pub(crate) use awesome::awesome_toc;
pub(crate) use awesome::balanced_punctuation;
pub(crate) use awesome::code_of_conduct;
pub(crate) use awesome::no_repeat_punctuation;
pub(crate) use links::bare_url;
pub(crate) use links::canonical_link;
pub(crate) use links::duplicate_link;
pub(crate) use links::insecure_link;
pub(crate) use links::link_fragment;
pub(crate) use links::link_syntax;
pub use links::network;
pub(crate) use links::relative_link;
pub(crate) use links::tracking_param;
pub(crate) use links::urls;
pub(crate) use lists::empty_section;
pub(crate) use lists::entry_comment;
pub(crate) use lists::entry_link;
pub(crate) use lists::field_format;
pub(crate) use lists::list_indent;
pub(crate) use lists::list_marker;
pub(crate) use lists::list_numbering;
pub(crate) use lists::sorted_entries;
pub(crate) use lists::split_list;
pub(crate) use text::bidi_control;
pub(crate) use text::chars;
pub(crate) use text::control_char;
pub(crate) use text::encoding;
pub(crate) use text::final_newline;
pub(crate) use text::invisible_char;
pub(crate) use text::line_endings;
pub(crate) use text::mojibake;
pub(crate) use text::replacement_char;
pub(crate) use text::trailing_whitespace;

pub mod options;

pub use crate::diagnostic::RuleId;
pub use list_numbering::NumberingStyle;
pub use options::{OptionError, Options, RuleOptions};

/// What a rule's fix may do, as its doc header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    None,
    Safe,
    SafeWhenUnambiguous,
    Unsafe,
}

impl FixKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::None => "none",
            FixKind::Safe => "safe",
            FixKind::SafeWhenUnambiguous => "safe when unambiguous",
            FixKind::Unsafe => "unsafe",
        }
    }
}

/// Which files a rule runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every file, with or without a preset (link, encoding and whitespace rules).
    Any,
    /// Files with a preset (list structure rules).
    Lists,
    /// The notes preset, and wherever fields are configured.
    Notes,
    /// The awesome preset.
    Awesome,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Any => "any",
            Scope::Lists => "notes, awesome",
            Scope::Notes => "notes",
            Scope::Awesome => "awesome",
        }
    }
}

/// A rule's fixed facts; its doc header is checked against them by a test.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: RuleId,
    pub default: Level,
    pub fix: FixKind,
    pub scope: Scope,
    pub summary: &'static str,
    /// `rules/<id>.md`.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The severity a rule gets when enabled without one (`--select` of an
    /// off-by-default rule).
    pub fn enabled_severity(&self) -> Severity {
        match self.default {
            Level::On(s) => s,
            Level::Off => Severity::Warning,
        }
    }
}

/// What of the document model a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Only the text, lines, code, links, comments and special characters,
    /// never lists, sections or entries: when no rule of a run needs more,
    /// the model is built without those (`ParseOptions::structure`).
    Text,
    /// Lists, sections and entries too.
    Structure,
}

/// When a rule's findings are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// By linting, offline.
    Offline,
    /// By the link stage of `check --links`, at each URL it checked.
    Links,
    /// By the link stage, on the GitHub repository the list lives in.
    Repository,
}

impl Stage {
    /// Whether the rule's findings come from the network.
    pub fn is_network(self) -> bool {
        self != Stage::Offline
    }
}

/// What a finding depends on beyond its own lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// Only its lines.
    Lines,
    /// The whole list it is in (a numbering).
    List,
    /// The whole section it is in.
    Section,
    /// The document's headings (what anchors exist).
    Headings,
}

/// Which fix goes first when fixes of several rules overlap: the text is
/// first decoded right, then its characters repaired, then everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FixPriority {
    /// How the file is written (`encoding`).
    Encoding,
    /// Text decoded with the wrong charset (`mojibake`).
    Decoding,
    /// Characters that should not be there at all.
    Characters,
    Other,
}

/// The methods of a [`Rule`] that only state a fact, for its `impl` block:
/// `rule_facts!(meta: META, needs: Needs::Text)` gives `meta` and `needs`;
/// a fact left out keeps the trait's default. `options: Options` gives the
/// rule's options type, with its defaults.
macro_rules! rule_facts {
    (meta: $meta:path $(, $fact:ident: $value:path)* $(,)?) => {
        fn meta(&self) -> &'static $crate::rules::RuleMeta {
            &$meta
        }
        $($crate::rules::rule_facts!(@ $fact $value);)*
    };
    (@ needs $value:path) => {
        fn needs(&self) -> $crate::rules::Needs {
            $value
        }
    };
    (@ stage $value:path) => {
        fn stage(&self) -> $crate::rules::Stage {
            $value
        }
    };
    (@ extent $value:path) => {
        fn extent(&self) -> $crate::rules::Extent {
            $value
        }
    };
    (@ fix_priority $value:path) => {
        fn fix_priority(&self) -> $crate::rules::FixPriority {
            $value
        }
    };
    (@ options $value:path) => {
        fn options(&self) -> Option<Box<dyn $crate::rules::options::AnyOptions>> {
            Some(Box::<$value>::default())
        }
    };
}
pub(crate) use rule_facts;

/// A rule: its facts ([`RuleMeta`] and the methods below that only state
/// one) and its check. The methods that only state a fact are written in
/// one line with `rule_facts!`.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);

    /// What of the document model the rule reads.
    fn needs(&self) -> Needs {
        Needs::Structure
    }

    /// When the rule's findings are made.
    fn stage(&self) -> Stage {
        Stage::Offline
    }

    /// What a finding of the rule depends on beyond the lines it is on
    /// (`--changed-since` keeps a finding whose extent changed).
    fn extent(&self) -> Extent {
        Extent::Lines
    }

    /// Where the rule's fixes go among overlapping ones.
    fn fix_priority(&self) -> FixPriority {
        FixPriority::Other
    }

    /// Work on the text alone that the engine may do on another core while
    /// it parses a large text (or moves its model over a fix); what it
    /// returns is handed back to [`Rule::check`] through
    /// [`Context::take_prepared`]. `None` when there is nothing to prepare.
    /// `kept` is what the rule kept, during its check of the text before
    /// the last fixes, for the next pass of `fix`; unless used, it is
    /// handed back as it is.
    /// A rule must find the same without either.
    fn prepare(
        &self,
        _text: &str,
        kept: Option<Box<dyn std::any::Any + Send>>,
    ) -> Option<Box<dyn std::any::Any + Send>> {
        kept
    }

    /// The rule's options with their defaults; `None` when it has none.
    fn options(&self) -> Option<Box<dyn options::AnyOptions>> {
        None
    }

    /// Called after the suppression comments of the file silenced what
    /// they silence, with the suppressions as used (and `runs`, whether a
    /// rule ran on the file): for a rule about the suppressions themselves.
    fn check_suppressions(
        &self,
        _cx: &Context<'_>,
        _sup: &crate::document::suppress::Suppressions,
        _runs: &dyn Fn(&str) -> bool,
        _out: &mut Vec<Diagnostic>,
    ) {
    }

    /// What the rule compares across the files of a run, when it does:
    /// the keys of this file, in document order.
    fn run_keys(&self, _cx: &Context<'_>) -> Option<Vec<RunKey>> {
        None
    }

    /// Findings across the files of a run, from each file's
    /// [`Rule::run_keys`] (located), in path order: for each file, what
    /// to add to its report.
    fn check_run(&self, _files: &[RunFile<'_>]) -> Vec<Vec<RunFinding>> {
        Vec::new()
    }

    /// Whether the rule's findings inside a region a generator owns (a
    /// table of contents between doctoc's markers) keep their severity.
    /// Most rules judge the form of text, which the generator decides
    /// there: reported at most as info. A rule that finds where a link
    /// leads (or whether a table of contents matches the headings) finds
    /// a stale region, which running the generator again repairs.
    fn keeps_severity_in_generated(&self) -> bool {
        false
    }
}

/// Every built-in rule, in the order of the README's rule table.
pub static RULES: &[&dyn Rule] = &[
    &list_numbering::ListNumbering,
    &list_marker::ListMarker,
    &list_indent::ListIndent,
    &split_list::SplitList,
    &entry_link::EntryLink,
    &entry_comment::EntryComment,
    &field_format::FieldFormat,
    &empty_section::EmptySection,
    &duplicate_link::DuplicateLink,
    &link_syntax::LinkSyntax,
    &bare_url::BareUrl,
    &link_fragment::LinkFragment,
    &relative_link::RelativeLink,
    &tracking_param::TrackingParam,
    &canonical_link::CanonicalLink,
    &insecure_link::InsecureLink,
    &mojibake::Mojibake,
    &encoding::Encoding,
    &replacement_char::ReplacementChar,
    &control_char::ControlChar,
    &invisible_char::InvisibleChar,
    &bidi_control::BidiControl,
    &line_endings::LineEndings,
    &trailing_whitespace::TrailingWhitespace,
    &final_newline::FinalNewline,
    &network::DeadLink,
    &network::Redirect,
    &network::BlockedLink,
    &network::RemoteFragment,
    &network::ArchivedRepo,
    &network::Soft404,
    &sorted_entries::SortedEntries,
    &awesome_entry_format::AwesomeEntryFormat,
    &awesome_description_case::AwesomeDescriptionCase,
    &awesome_description_punctuation::AwesomeDescriptionPunctuation,
    &awesome_description_repeats_name::AwesomeDescriptionRepeatsName,
    &awesome_toc::AwesomeToc,
    &awesome_badge::AwesomeBadge,
    &awesome_ci_badge::AwesomeCiBadge,
    &awesome_contributing::AwesomeContributing,
    &awesome_license_section::AwesomeLicenseSection,
    &awesome_heading::AwesomeHeading,
    &awesome_spelling::AwesomeSpelling,
    &balanced_punctuation::BalancedPunctuation,
    &no_repeat_punctuation::NoRepeatPunctuation,
    &code_of_conduct::CodeOfConduct,
    &awesome_repo::AwesomeRepoMetadata,
    &awesome_repo::AwesomeRepoAge,
    &unused_suppression::UnusedSuppression,
];

/// A built-in rule by id.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    // Asked once per finding when fixing: a fast hash of the short ids.
    static INDEX: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, &'static dyn Rule>> =
        std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| RULES.iter().map(|&r| (r.meta().id.as_str(), r)).collect())
        .get(id)
        .copied()
}

/// The metadata of a rule by id.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    by_id(id).map(|r| r.meta())
}

/// One key a rule compares across the files of a run (a title link's
/// normalised URL), where it is written.
#[derive(Debug, Clone)]
pub struct RunKey {
    pub key: String,
    pub span: crate::source::Span,
    /// What the finding quotes (the URL as written).
    pub shown: String,
}

/// A [`RunKey`] with its line and column (1-based).
#[derive(Debug, Clone)]
pub struct LocatedKey {
    pub key: String,
    pub line: usize,
    pub column: usize,
    pub shown: String,
}

/// One file of a run as [`Rule::check_run`] sees it.
pub struct RunFile<'a> {
    pub path: &'a str,
    pub keys: &'a [LocatedKey],
}

/// A finding across files: on a key of the file.
#[derive(Debug, Clone)]
pub struct RunFinding {
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
    pub message: String,
    pub url: Option<String>,
}

/// What rules prepared from a text ([`Rule::prepare`]), by rule.
pub(crate) type Prepared = Vec<(RuleId, Box<dyn std::any::Any + Send>)>;

/// Everything a rule may read about one file.
pub struct Context<'a> {
    pub doc: &'a Document<'a>,
    pub source: &'a SourceFile,
    pub preset: Option<Preset>,
    pub settings: &'a RuleSettings,
    pub fs: &'a crate::workspace::Workspace,
    /// Links the parser did not recognise, found once for the rules that
    /// need them (`link-syntax` reports them, `bare-url` skips their URLs).
    pub(crate) malformed: std::sync::OnceLock<Vec<link_syntax::Malformed>>,
    /// The link entries of an awesome list taken apart, found once for the
    /// `awesome-*` entry rules.
    pub(crate) awesome: std::sync::OnceLock<Vec<awesome::AwesomeEntry>>,
    /// Which lists are lists of links, found once (see [`Context::link_required`]).
    of_links: std::sync::OnceLock<Vec<bool>>,
    /// What the rules prepared from the text while it was parsed
    /// ([`Rule::prepare`]), each taken once.
    pub(crate) prepared: std::sync::Mutex<Prepared>,
    /// What the rules keep for the next pass of `fix` ([`Context::keep`]);
    /// `None` when there is none (`check`).
    pub(crate) kept: Option<std::sync::Mutex<Prepared>>,
    /// The ids of the rules that run on this file, for a rule that leaves
    /// a problem to another when that one runs (`link-fragment` and the
    /// table of contents).
    pub(crate) running: Vec<RuleId>,
    /// Regions a generator owns, found once.
    generated: std::sync::OnceLock<Vec<crate::document::generated::Region>>,
}

impl<'a> Context<'a> {
    pub fn new(
        doc: &'a Document<'a>,
        source: &'a SourceFile,
        preset: Option<Preset>,
        settings: &'a RuleSettings,
        fs: &'a crate::workspace::Workspace,
    ) -> Self {
        Self {
            doc,
            source,
            preset,
            settings,
            fs,
            malformed: std::sync::OnceLock::new(),
            awesome: std::sync::OnceLock::new(),
            of_links: std::sync::OnceLock::new(),
            prepared: std::sync::Mutex::new(Vec::new()),
            kept: None,
            running: Vec::new(),
            generated: std::sync::OnceLock::new(),
        }
    }

    /// What rule `id` prepared from the text ([`Rule::prepare`]), when the
    /// engine had it prepared; taken, so a second call gets `None`.
    pub fn take_prepared<T: std::any::Any>(&self, id: RuleId) -> Option<Box<T>> {
        let mut prepared = self.prepared.lock().ok()?;
        let i = prepared.iter().position(|(r, _)| *r == id)?;
        prepared.swap_remove(i).1.downcast().ok()
    }

    /// Whether what a rule keeps is used: the text is being fixed, and
    /// the fixed text will be checked again.
    pub(crate) fn keeps(&self) -> bool {
        self.kept.is_some()
    }

    /// Keeps what rule `id` learnt of this text for the next pass of
    /// `fix`, which gets it back in [`Rule::prepare`] (or, when it
    /// prepares nothing, through [`Context::take_prepared`]).
    pub(crate) fn keep(&self, id: RuleId, what: Box<dyn std::any::Any + Send>) {
        if let Some(kept) = &self.kept
            && let Ok(mut kept) = kept.lock()
        {
            kept.push((id, what));
        }
    }

    /// Whether rule `id` runs on this file.
    pub(crate) fn runs(&self, id: RuleId) -> bool {
        self.running.contains(&id)
    }

    /// The options of rule `id`, of its type `T`.
    pub fn options<T: RuleOptions>(&self, id: RuleId) -> T {
        self.settings.options.get(id)
    }

    /// The regions a generator owns (a table of contents between doctoc's
    /// markers). Their text is the generator's: it shows no convention of
    /// the list's own.
    pub fn generated(&self) -> &[crate::document::generated::Region] {
        self.generated
            .get_or_init(|| crate::document::generated::regions(self.doc))
    }

    /// Whether `offset` lies in a region a generator owns.
    pub fn in_generated(&self, offset: usize) -> bool {
        let regions = self.generated();
        if regions.is_empty() {
            return false;
        }
        let line = self.doc.lines.line_of(offset);
        crate::document::generated::meets(regions, line, line)
    }

    pub(crate) fn malformed(&self) -> &[link_syntax::Malformed] {
        self.malformed
            .get_or_init(|| link_syntax::malformed(self.doc))
    }

    pub(crate) fn awesome_entries(&self) -> &[awesome::AwesomeEntry] {
        self.awesome.get_or_init(|| awesome::entries(self))
    }

    /// The awesome entries that have a description, with its span.
    pub(crate) fn described_entries(
        &self,
    ) -> impl Iterator<Item = (&awesome::AwesomeEntry, &crate::source::Span)> {
        self.awesome_entries()
            .iter()
            .filter_map(|e| match &e.shape {
                awesome::Shape::Described { desc, .. } => Some((e, desc)),
                _ => None,
            })
    }
}

/// Whether a section's items must be link entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinksRequirement {
    Required,
    Optional,
}

/// What `[sections."<heading>"]` sets for the entries under a heading.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionConfig {
    pub links: Option<LinksRequirement>,
    pub required_fields: Option<Vec<String>>,
    pub numbering: Option<NumberingStyle>,
}

/// Per-file settings as rules need them (config, overrides and preset merged).
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    pub options: Options,
    /// Required fields of link entries, before per-section settings.
    pub required_fields: Vec<String>,
    pub known_fields: Vec<String>,
    /// Whether `[fields]` or any section's `required-fields` is configured.
    pub fields_configured: bool,
    /// Keyed by lower-cased heading text.
    pub sections: std::collections::BTreeMap<String, SectionConfig>,
    /// Where `/path` links resolve outside a git work tree: the directory
    /// being linted.
    pub link_root: std::path::PathBuf,
}

impl Context<'_> {
    pub(crate) fn section_config(&self, section: usize) -> Option<&SectionConfig> {
        if self.settings.sections.is_empty() {
            return None;
        }
        self.settings
            .sections
            .get(&self.doc.section_title(section).to_lowercase())
    }

    /// Fields every link entry of `section` must carry.
    pub fn required_fields(&self, section: usize) -> &[String] {
        self.section_config(section)
            .and_then(|s| s.required_fields.as_deref())
            .unwrap_or(&self.settings.required_fields)
    }

    /// Whether `entry` must be a link entry: as its section is configured,
    /// else in the awesome preset when it is in a list of links (most of
    /// its items are link entries; a list of plain bullets such as
    /// "Enterprise users" or a list of key concepts is prose).
    pub fn link_required(&self, entry: &crate::document::Entry) -> bool {
        match self.section_config(entry.section).and_then(|s| s.links) {
            Some(r) => r == LinksRequirement::Required,
            None if self.preset == Some(Preset::Awesome) => {
                // Counted once per list, not once per entry: a list of
                // 60,000 entries without links is not 60,000 counts of it.
                let of_links = self.of_links.get_or_init(|| {
                    let doc = self.doc;
                    doc.lists
                        .iter()
                        .map(|list| {
                            let links = list
                                .items
                                .iter()
                                .filter(|&&i| doc.items[i].title_link.is_some())
                                .count();
                            links * 2 > list.items.len()
                        })
                        .collect()
                });
                of_links[self.doc.items[entry.item].list]
            }
            None => false,
        }
    }

    pub fn path(&self) -> &Path {
        &self.source.path
    }
}

/// Whether a rule of `scope` runs on a file with `preset`.
pub fn in_scope(scope: Scope, preset: Option<Preset>, fields_configured: bool) -> bool {
    match scope {
        Scope::Any => true,
        Scope::Lists => preset.is_some(),
        Scope::Notes => preset == Some(Preset::Notes) || fields_configured,
        Scope::Awesome => preset == Some(Preset::Awesome),
    }
}

/// Quotes a value for a message: `` `x` ``, shortened when long.
/// Where a list's community files (contributing guide, code of conduct)
/// may be, nearest first: the list's directory and its parents up to the
/// top of the git work tree (GitHub finds them there too), each with its
/// `.github` and `docs` folders.
pub(crate) struct CommunityPlaces {
    /// The list's directory, as given.
    pub dir: std::path::PathBuf,
    /// The same, absolute.
    pub abs: std::path::PathBuf,
    /// Whether the list is in a git work tree (then parents count too).
    pub in_repo: bool,
    /// Each place, how many directories above the list's, and its folder
    /// (`""`, `".github"` or `"docs"`).
    pub places: Vec<(std::path::PathBuf, usize, &'static str)>,
}

impl CommunityPlaces {
    /// `None` when the list's directory cannot be listed (a document on
    /// standard input with a made-up name): nothing to say about it.
    pub(crate) fn of(cx: &Context<'_>) -> Option<Self> {
        let dir = match cx.path().parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        cx.fs.listing(dir)?;
        let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
        let top = cx.fs.git_root(&abs);
        let mut dirs: Vec<&Path> = vec![&abs];
        if let Some(top) = &top {
            dirs.extend(abs.ancestors().skip(1).take_while(|d| d.starts_with(top)));
        }
        let places = dirs
            .iter()
            .enumerate()
            .flat_map(|(up, d)| {
                ["", ".github", "docs"].map(|sub| {
                    let place = if sub.is_empty() {
                        d.to_path_buf()
                    } else {
                        d.join(sub)
                    };
                    (place, up, sub)
                })
            })
            .collect();
        Some(Self {
            dir: dir.to_owned(),
            abs: abs.clone(),
            in_repo: top.is_some(),
            places,
        })
    }
}

/// The bare URLs of a document (`https://…` in text), to skip inside text
/// runs: their `??`, `,,` or lowercase names are no prose.
pub(crate) struct BareUrls<'d> {
    /// Sorted by start.
    spans: Vec<&'d crate::source::Span>,
}

impl<'d> BareUrls<'d> {
    pub(crate) fn of(doc: &'d Document<'_>) -> Self {
        let mut spans: Vec<&crate::source::Span> = doc
            .links
            .iter()
            .filter(|l| l.kind == crate::document::LinkKind::Bare)
            .map(|l| &l.span)
            .collect();
        spans.sort_unstable_by_key(|s| s.start);
        Self { spans }
    }

    /// Whether byte `at` lies in a bare URL.
    pub(crate) fn contain(&self, at: usize) -> bool {
        let i = self.spans.partition_point(|s| s.start <= at);
        i > 0 && self.spans[i - 1].contains(&at)
    }
}

pub(crate) fn code(s: &str) -> String {
    const MAX: usize = 60;
    // No more bytes than that: no more characters either (no count).
    // Pushed, not formatted: many messages quote a URL this way.
    let (shown, more) = if s.len() > MAX && s.chars().count() > MAX {
        let cut = s.char_indices().nth(MAX - 1).map_or(s.len(), |(i, _)| i);
        (&s[..cut], "…")
    } else {
        (s, "")
    };
    let mut out = String::with_capacity(shown.len() + more.len() + 2);
    out.push('`');
    out.push_str(shown);
    out.push_str(more);
    out.push('`');
    out
}

/// Edits that move the lines of `span` by `delta` columns: lines from
/// `first_line` on whose indentation is at least `min_indent` (lazy
/// continuation lines, indented less, stay). Blank lines are left alone.
pub(crate) fn shift_lines(
    doc: &Document<'_>,
    span: &crate::source::Span,
    skip_first: bool,
    min_indent: usize,
    delta: isize,
) -> Vec<crate::fix::Edit> {
    use crate::fix::Edit;
    let mut edits = Vec::new();
    if delta == 0 || span.is_empty() {
        return edits;
    }
    let first = doc.lines.line_of(span.start);
    let last = doc
        .lines
        .line_of(span.end.saturating_sub(1).max(span.start));
    for line in first..=last {
        if skip_first && line == first {
            continue;
        }
        let ls = doc.lines.line_span(doc.text, line);
        let s = &doc.text[ls.clone()];
        if s.trim().is_empty() {
            continue;
        }
        let ws = s.len() - s.trim_start_matches([' ', '\t']).len();
        let width = crate::document::visual_width(&s[..ws]);
        if width < min_indent && line != first {
            continue;
        }
        let new_width = (width as isize + delta).max(0) as usize;
        if s[..ws].contains('\t') || delta < 0 {
            edits.push(Edit::replace(
                ls.start..ls.start + ws,
                " ".repeat(new_width),
            ));
        } else {
            edits.push(Edit::insert(ls.start, " ".repeat(delta as usize)));
        }
    }
    edits
}

/// Links with distinct destinations in the source: a reference definition
/// used by several links is reported once, at the definition.
pub(crate) fn unique_targets<'d, 't>(
    doc: &'d Document<'t>,
) -> impl Iterator<Item = &'d crate::document::Link<'t>> {
    // Only reference links share a destination (their definition's).
    let mut seen = std::collections::HashSet::new();
    doc.links.iter().filter(move |l| {
        l.kind != crate::document::LinkKind::Reference || seen.insert(l.dest_span.start)
    })
}
