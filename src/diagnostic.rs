//! Diagnostics are data: rules produce them, `report/` prints them.

use crate::fix::Fix;
use crate::rules::RuleId;
use crate::source::Span;

/// How serious a diagnostic is (a rule is turned off by its [`Level`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A configured rule level: a severity or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "off" => Level::Off,
            "info" => Level::On(Severity::Info),
            "warning" => Level::On(Severity::Warning),
            "error" => Level::On(Severity::Error),
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::On(s) => s.as_str(),
        }
    }
}

/// One finding of one rule, with byte spans into the document text.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: RuleId,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// A note shown under the snippet (context, not the remedy).
    pub note: Option<String>,
    pub fix: Option<Fix>,
    /// The URL a link rule is about.
    pub url: Option<String>,
    /// The rule is not sure (mojibake that may be legitimate text): reported
    /// at most as a warning, and never with a fix.
    pub uncertain: bool,
}

impl Diagnostic {
    pub fn new(rule: impl Into<RuleId>, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule: rule.into(),
            severity: Severity::Warning,
            span,
            message: message.into(),
            note: None,
            fix: None,
            url: None,
            uncertain: false,
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }
}
