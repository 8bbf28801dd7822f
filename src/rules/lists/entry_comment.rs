//! `entry-comment`: a link entry without a required field, or with it empty.

use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("entry-comment"),
    default: Level::On(Severity::Warning),
    fix: FixKind::None,
    scope: Scope::Notes,
    summary: "a link entry without a required field (`Comment` in notes), or with it empty",
    doc: include_str!("../../../rules/entry-comment.md"),
};

pub struct EntryComment;

impl Rule for EntryComment {
    rule_facts!(meta: META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for entry in &doc.entries {
            let Some(title) = entry.title_link else {
                continue;
            };
            for name in cx.required_fields(entry.section) {
                match entry.fields.iter().find(|f| &f.name.canonical == name) {
                    None => {
                        let span = doc.links[title].span.clone();
                        out.push(
                            Diagnostic::new(
                                META.id,
                                span,
                                format!("link entry has no `{name}` field"),
                            )
                            .with_note(format!("add a nested bullet: `- {name}: …`")),
                        );
                    }
                    Some(f) if f.empty => {
                        let span = f.name_span.start..f.separator_span.end.max(f.name_span.end);
                        out.push(Diagnostic::new(
                            META.id,
                            span,
                            format!("`{name}` field is empty"),
                        ));
                    }
                    Some(_) => {}
                }
            }
        }
    }
}
