//! Character classes shared by the character rules.

/// A C0 or C1 control other than tab, line feed and carriage return.
pub fn is_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) && (c as u32) < 0xA0
}

/// Bidi embeddings, overrides and isolates (Trojan Source).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c as u32, 0x202A..=0x202E | 0x2066..=0x2069)
}

pub fn bidi_name(c: char) -> &'static str {
    match c as u32 {
        0x202A => "left-to-right embedding",
        0x202B => "right-to-left embedding",
        0x202C => "pop directional formatting",
        0x202D => "left-to-right override",
        0x202E => "right-to-left override",
        0x2066 => "left-to-right isolate",
        0x2067 => "right-to-left isolate",
        0x2068 => "first strong isolate",
        _ => "pop directional isolate",
    }
}

/// Invisible characters that never belong in a list, and their names.
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c as u32 {
        0x200B => "zero-width space",
        0x200C => "zero-width non-joiner",
        0x200D => "zero-width joiner",
        0x2060 => "word joiner",
        0xFEFF => "byte-order mark",
        0x00AD => "soft hyphen",
        0x180E => "Mongolian vowel separator",
        0x2061..=0x2064 => "invisible operator",
        _ => return None,
    })
}

/// Scripts where zero-width joiners and non-joiners shape letters
/// (Arabic, Persian, Syriac, the Indic scripts, Sinhala, Myanmar, Khmer…).
pub fn joins_letters(c: char) -> bool {
    matches!(c as u32,
        0x0600..=0x08FF | 0x0900..=0x0DFF | 0x0F00..=0x0FFF | 0x1000..=0x109F
        | 0x1780..=0x18AF | 0xA8E0..=0xA8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC)
}

/// Emoji and the characters that glue emoji sequences together.
pub fn is_emoji_part(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2300..=0x23FF | 0x2B00..=0x2BFF
        | 0xFE0F | 0xE0020..=0xE007F | 0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122)
}
