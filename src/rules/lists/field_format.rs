//! `field-format`: malformed field bullets (`Comment -`, `comment:`,
//! `Comments:`, a field on the entry's line, an empty optional field).

use crate::document::FieldName;
use crate::document::NameMatch;
use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("field-format"),
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Notes,
    summary: "malformed field bullets: `Comment -`, `comment:`, `Comments:`, an empty optional field",
    doc: include_str!("../../../rules/field-format.md"),
};

pub struct FieldFormat;

impl Rule for FieldFormat {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for entry in &doc.entries {
            let required = cx.required_fields(entry.section);
            for f in entry.fields.iter().filter(|f| f.lazy.is_none()) {
                let FieldName {
                    written,
                    canonical,
                    kind,
                } = &f.name;
                let written_sep = f.separator.trim_end();
                let value = doc.slice(&f.value_span);
                if f.inline {
                    let it = &doc.items[entry.item];
                    let indent = " ".repeat(it.content_col);
                    let new = format!("\n{indent}- {canonical}: {value}");
                    let span = f.separator_span.start..f.value_span.end;
                    out.push(
                        Diagnostic::new(
                            META.id,
                            f.name_span.clone(),
                            format!("`{canonical}` field is on the entry's line"),
                        )
                        .with_note("fields are nested bullets under their entry")
                        .with_fix(Fix::safe(
                            format!("move it to a nested `- {canonical}:` bullet"),
                            vec![Edit::replace(span, new)],
                        )),
                    );
                    continue;
                }
                if f.empty && !required.contains(canonical) {
                    let item = f.item.expect("nested fields have an item");
                    let it = &doc.items[item];
                    let line = doc.lines.line_of(it.marker_span.start);
                    let start = doc.lines.line_start(line);
                    let end = if line + 1 < doc.lines.line_count() {
                        doc.lines.line_start(line + 1)
                    } else {
                        doc.text.len()
                    };
                    out.push(
                        Diagnostic::new(
                            META.id,
                            f.name_span.start..f.separator_span.end,
                            format!("`{canonical}` field is empty"),
                        )
                        .with_fix(Fix::safe(
                            format!("remove the empty `{canonical}` field"),
                            vec![Edit::delete(start..end)],
                        )),
                    );
                    continue;
                }
                let good_sep = if value.is_empty() { ":" } else { ": " };
                let name_ok = *kind == NameMatch::Exact;
                let sep_ok = f.separator == good_sep || (value.is_empty() && written_sep == ":");
                if name_ok && sep_ok {
                    continue;
                }
                let found = format!("{written}{}", written_sep);
                let message = match kind {
                    NameMatch::Exact if written_sep == ":" => {
                        format!("expected a space after `{canonical}:`")
                    }
                    NameMatch::Exact => format!("expected `{canonical}:`, found `{found}`"),
                    NameMatch::Case => format!("field name `{written}` should be `{canonical}`"),
                    NameMatch::Plural => {
                        format!("field name `{written}` should be `{canonical}` (singular)")
                    }
                    NameMatch::NearMiss => {
                        format!("field name `{written}` looks like a misspelling of `{canonical}`")
                    }
                };
                let span = f.name_span.start..f.separator_span.end;
                out.push(
                    Diagnostic::new(META.id, trim_end_ws(doc.text, span.clone()), message)
                        .with_fix(Fix::safe(
                            format!("write `{canonical}:`"),
                            vec![Edit::replace(span, format!("{canonical}{good_sep}"))],
                        )),
                );
            }
        }
    }
}

fn trim_end_ws(text: &str, span: crate::source::Span) -> crate::source::Span {
    let s = &text[span.clone()];
    span.start..span.start + s.trim_end().len()
}
