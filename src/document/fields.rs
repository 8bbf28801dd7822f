//! Field bullets: `- Comment: value` and the near misses of known names.

/// How a written field name relates to a known one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldName {
    /// As written.
    pub written: String,
    /// The known name it stands for.
    pub canonical: String,
    pub kind: NameMatch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    Exact,
    /// Another letter case: `comment`.
    Case,
    /// A plural: `Comments`.
    Plural,
    /// One edit away (names of 5 letters or more): `Commnet`.
    NearMiss,
}

/// Classifies a candidate name against the known field names.
pub fn classify_field_name(written: &str, known: &[String]) -> Option<FieldName> {
    let make = |canonical: &String, kind| {
        Some(FieldName {
            written: written.to_owned(),
            canonical: canonical.clone(),
            kind,
        })
    };
    if let Some(k) = known.iter().find(|k| k.as_str() == written) {
        return make(k, NameMatch::Exact);
    }
    let lower = written.to_lowercase();
    for k in known {
        let kl = k.to_lowercase();
        if kl == lower {
            return make(k, NameMatch::Case);
        }
        if lower.strip_suffix('s').is_some_and(|s| s == kl)
            || lower.strip_suffix("es").is_some_and(|s| s == kl)
        {
            return make(k, NameMatch::Plural);
        }
    }
    for k in known {
        let kl = k.to_lowercase();
        if kl.chars().count() >= 5 && within_one_edit(&lower, &kl) {
            return make(k, NameMatch::NearMiss);
        }
    }
    None
}

/// Levenshtein distance ≤ 1 (one substitution, insertion or deletion), or
/// one transposition of neighbours.
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            let diffs: Vec<usize> = (0..short.len()).filter(|&i| short[i] != long[i]).collect();
            match diffs.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && short[*i] == long[*j] && short[*j] == long[*i],
                _ => false,
            }
        }
        1 => {
            let i = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[i..] == long[i + 1..]
        }
        _ => false,
    }
}

/// A field written at the start of a bullet's text: the name, the separator
/// and where the value starts, as byte offsets into `line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldSyntax {
    pub name: std::ops::Range<usize>,
    pub separator: std::ops::Range<usize>,
}

/// Splits `Name: value`, `Name:value`, `Name : value`, `Name - value`,
/// `Name -` and a lone `Name` into name and separator.
pub(crate) fn split_field(line: &str) -> Option<FieldSyntax> {
    // The name: letters, digits, spaces and `_`, trailing spaces left
    // out. A description is read only until it is too long to be one.
    let bytes = line.as_bytes();
    let mut name_len = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (word, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'_', 1)
        } else {
            let c = line[i..].chars().next().expect("a character starts here");
            (c.is_alphanumeric(), c.len_utf8())
        };
        if !(word || b == b' ') {
            break;
        }
        i += len;
        if word {
            name_len = i;
            if name_len > 30 {
                return None;
            }
        }
    }
    let name = &line[..name_len];
    if name.is_empty() || !name.starts_with(|c: char| c.is_alphabetic()) {
        return None;
    }
    let rest = &line[name.len()..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let sep_start = name.len() + (rest.len() - trimmed.len());
    let sep_len = if trimmed.starts_with(':') {
        1
    } else if let Some(c) = trimmed
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '–' | '—'))
    {
        // `Name - value` (a dash needs a space after it or the end: `e-mail` is a word).
        let after = &trimmed[c.len_utf8()..];
        if !(after.is_empty() || after.starts_with([' ', '\t'])) || sep_start == name.len() {
            return None;
        }
        c.len_utf8()
    } else if trimmed.is_empty() {
        0
    } else {
        return None;
    };
    let after = &line[sep_start + sep_len..];
    let value_start =
        sep_start + sep_len + (after.len() - after.trim_start_matches([' ', '\t']).len());
    Some(FieldSyntax {
        name: 0..name.len(),
        separator: name.len()..value_start,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        vec!["Comment".into(), "Code".into()]
    }

    #[test]
    fn classifies_near_misses() {
        let k = known();
        let kind = |w| classify_field_name(w, &k).map(|f| f.kind);
        assert_eq!(kind("Comment"), Some(NameMatch::Exact));
        assert_eq!(kind("comment"), Some(NameMatch::Case));
        assert_eq!(kind("Comments"), Some(NameMatch::Plural));
        assert_eq!(kind("Commnet"), Some(NameMatch::NearMiss));
        assert_eq!(kind("Coment"), Some(NameMatch::NearMiss));
        assert_eq!(kind("Cde"), None, "short names need an exact match");
        assert_eq!(kind("Content"), None);
        assert_eq!(kind("From the paper"), None);
    }

    #[test]
    fn splits_field_syntax() {
        let s = split_field("Comment: x").unwrap();
        assert_eq!((s.name, s.separator), (0..7, 7..9));
        let s = split_field("Comment - x").unwrap();
        assert_eq!((s.name, s.separator), (0..7, 7..10));
        let s = split_field("Comment").unwrap();
        assert_eq!((s.name, s.separator), (0..7, 7..7));
        assert!(split_field("e-mail me").is_none());
        assert!(split_field("`code`: x").is_none());
    }
}
