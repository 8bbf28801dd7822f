//! `line-endings`: mixed CRLF, LF and CR line endings.

use crate::fix::{Edit, Fix};
use crate::rules::*;

pub(crate) const META: RuleMeta = RuleMeta {
    id: RuleId::new("line-endings"),
    default: Level::On(Severity::Warning),
    fix: FixKind::Safe,
    scope: Scope::Any,
    summary: "mixed CRLF/LF/CR line endings",
    doc: include_str!("../../../rules/line-endings.md"),
};

pub struct LineEndings;

impl Rule for LineEndings {
    rule_facts!(meta: META, needs: Needs::Text);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let bytes = cx.doc.text.as_bytes();
        // Without a `\r`, every line ends alike: one quick scan settles
        // nearly every file.
        if memchr::memchr(b'\r', bytes).is_none() {
            return;
        }
        // (offset, length, kind): 0 = LF, 1 = CRLF, 2 = CR.
        let mut endings = Vec::new();
        let mut i = 0;
        while let Some(p) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + p;
            let e = match (bytes[at], bytes.get(at + 1)) {
                (b'\r', Some(b'\n')) => (at, 2, 1),
                (b'\r', _) => (at, 1, 2),
                _ => (at, 1, 0),
            };
            endings.push(e);
            i = at + e.1;
        }
        let mut counts = [0usize; 3];
        for e in &endings {
            counts[e.2] += 1;
        }
        if counts.iter().filter(|&&n| n > 0).count() < 2 {
            return;
        }
        // The style most lines have; LF on a tie.
        let main = (0..3)
            .max_by_key(|&k| (counts[k], std::cmp::Reverse(k)))
            .unwrap_or(0);
        const NAMES: [&str; 3] = ["LF", "CRLF", "CR"];
        const TEXT: [&str; 3] = ["\n", "\r\n", "\r"];
        let edits: Vec<Edit> = endings
            .iter()
            .filter(|e| e.2 != main)
            .map(|&(at, len, _)| Edit::replace(at..at + len, TEXT[main]))
            .collect();
        let first = endings.iter().find(|e| e.2 != main).expect("mixed endings");
        let summary: Vec<String> = (0..3)
            .filter(|&k| counts[k] > 0)
            .map(|k| format!("{} {}", counts[k], NAMES[k]))
            .collect();
        out.push(
            Diagnostic::new(
                META.id,
                first.0..first.0 + first.1,
                format!(
                    "mixed line endings ({}): this line ends with {}",
                    summary.join(", "),
                    NAMES[first.2]
                ),
            )
            .with_fix(Fix::safe(format!("use {} everywhere", NAMES[main]), edits)),
        );
    }
}
