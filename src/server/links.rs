//! `listlint.checkLinks`: the network stage of `check --links` on one
//! open document, on request only (never on a keystroke). Its settings
//! come from the `[links]` table of the document's config, as for a run
//! in that config's directory.

use super::document::Document;
use crate::app::link_stage::{self, FileUrls, LocatedUrl};
use crate::diagnostic::Diagnostic;
use crate::engine::lint::FileSettings;
use crate::report::{FileReport, Report};
use crate::source::SourceFile;

/// What the link stage found in a document.
pub(crate) struct Found {
    pub diagnostics: Vec<Diagnostic>,
    /// The summary line `check --links` prints.
    pub summary: String,
}

/// Runs the link stage on `doc`; `settings` must have `links` set. An
/// unreachable network is an error, as it is for `check`.
pub(crate) fn check(
    doc: &Document,
    settings: &FileSettings,
    config: &crate::config::Config,
) -> Result<Found, String> {
    let mut link_settings = crate::config::links::settings(config.links.as_ref(), &config.root)?;
    let on = |id: crate::rules::RuleId| {
        settings
            .levels
            .get(&id)
            .is_some_and(|l| *l != crate::diagnostic::Level::Off)
    };
    (link_settings.fragments, link_settings.soft_404) = crate::rules::network::page_checks(on);
    let source = SourceFile {
        path: doc.path.clone(),
        text: doc.text.clone(),
        bom: false,
        encoding: crate::source::Encoding::Utf8,
    };
    let ws = crate::workspace::Workspace::new();
    let result = crate::engine::lint::lint(&source, settings, &ws);
    let shown = doc.path.display().to_string();
    let urls = result
        .urls
        .into_iter()
        .map(|u| LocatedUrl {
            url: u.url,
            // Lines and columns are only for the report's `links` array.
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            span: u.span,
            suppressed: u.suppressed,
            generated: u.generated,
        })
        .collect();
    let files = vec![FileUrls {
        path: shown.clone(),
        levels: settings.levels.clone(),
        urls,
        repo: result.repo,
    }];
    // No progress bar: the editor shows the result.
    let checked = link_stage::check(&files, Vec::new(), &link_settings, None).map_err(|e| e.0)?;
    let mut report = Report {
        files: vec![FileReport {
            path: shown,
            text: None,
            diagnostics: Vec::new(),
        }],
        ..Report::default()
    };
    link_stage::attach(&mut report, files, &checked.outcomes, &link_settings);
    let diagnostics = report
        .files
        .into_iter()
        .flat_map(|f| f.diagnostics)
        .map(|l| {
            let mut d = Diagnostic::new(l.rule, l.span, l.message);
            d.severity = l.severity;
            d.note = l.note;
            d.url = l.url;
            d
        })
        .collect();
    Ok(Found {
        diagnostics,
        summary: checked.summary.to_string(),
    })
}
