#!/usr/bin/env python3
"""Generate evaluation cases for listlint's `mojibake` rule.

Standard library only. Deterministic for a given seed and the same word lists.

Sources:
  * real words from Debian's word-list packages in /usr/share/dict
    (wamerican, wfrench, wngerman, wspanish, wportuguese, wbrazilian,
    witalian, wpolish, wswedish, wdutch, wukrainian, wbulgarian, wdanish,
    wcatalan, wnorwegian, wesperanto, wfaroese, wirish, wgaelic; the ones
    that are not installed are skipped with a note);
  * generated text for scripts without a word list: Chinese (GB2312 level 1
    hanzi), Japanese (kana + JIS X 0208 level 1 kanji), Korean (KS X 1001
    hangul), Greek, Arabic, Hebrew, Devanagari, Thai, emoji sequences (ZWJ,
    skin tones, flags, keycaps) and typographic / math symbols.

Outputs, under --out (default: cases/ beside this script), one JSON object a line:
  damaged.jsonl   id, category, chain, source, template, scope, span (the
                  original text that was damaged; not for url and
                  codespan-mixed), input, expected
  legit.jsonl     id, category, template, line
  codespan.jsonl  id, category, chain, source, template, line
                  (a mojibake sample inside a code span: must stay unchanged)

Damaged categories:
  word            one word mis-decoded through one charset
  segment         a run of 2-5 words mis-decoded through one charset
  line            the whole line mis-decoded through one charset
  double          a word or the whole line mis-decoded twice
  triple          a word or the whole line mis-decoded three times
  greek-hebrew    Greek or Hebrew text (a word, a run of words or the line)
                  read as Windows-1252 or Latin-1 (`Î±`, `×‘×”`)
  cesu-8          emoji encoded as CESU-8 (each half of the surrogate pair
                  as three bytes) and read as Windows-1252 or Latin-1
  c1              typographic characters stored as Windows-1252 bytes and
                  read as Latin-1 in otherwise UTF-8 text (“ -> U+0093,
                  … -> U+0085); one of them or all outside code and URLs
  lost-nbsp       text holding a character whose UTF-8 has a 0xA0 byte (à,
                  Р, ภ, NBSP) read as Windows-1252, the resulting U+00A0 then
                  turned into a plain space (`voilÃ  le` for `voilà le`)
  url             a percent-encoded URL whose path was mis-decoded, then
                  percent-encoded again (sometimes the link text too)
  codespan-mixed  mojibake outside a code span that holds a mojibake sample:
                  the outside is repaired, the sample is kept

Every line is a single line of Markdown that is safe to concatenate with the
others (no block openers, balanced backticks), so a tool can be run once on
the whole batch joined by "\\n" and scored line by line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import unicodedata
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
DICT_DIR = Path("/usr/share/dict")

# language code -> (file in /usr/share/dict, Debian package, Wikipedia code)
WORDLISTS = {
    "en": ("american-english", "wamerican", "en"),
    "fr": ("french", "wfrench", "fr"),
    "de": ("ngerman", "wngerman", "de"),
    "es": ("spanish", "wspanish", "es"),
    "pt": ("portuguese", "wportuguese", "pt"),
    "pt-br": ("brazilian", "wbrazilian", "pt"),
    "it": ("italian", "witalian", "it"),
    "pl": ("polish", "wpolish", "pl"),
    "sv": ("swedish", "wswedish", "sv"),
    "nl": ("dutch", "wdutch", "nl"),
    "uk": ("ukrainian", "wukrainian", "uk"),
    "bg": ("bulgarian", "wbulgarian", "bg"),
    "da": ("danish", "wdanish", "da"),
    "ca": ("catalan", "wcatalan", "ca"),
    "nb": ("bokmaal", "wnorwegian", "no"),
    "nn": ("nynorsk", "wnorwegian", "nn"),
    "eo": ("esperanto", "wesperanto", "eo"),
    "fo": ("faroese", "wfaroese", "fo"),
    "ga": ("irish", "wirish", "ga"),
    "gd": ("gaelic", "wgaelic", "gd"),
}

GENERATED_WIKI = {
    "zh": "zh", "ja": "ja", "ko": "ko", "el": "el", "ar": "ar", "he": "he",
    "hi": "hi", "th": "th", "emoji": "en", "symbols": "en",
}

# Share of legitimate lines per source (renormalised over what is available).
SOURCE_WEIGHTS = {
    "en": 14, "fr": 6, "de": 6, "es": 5, "pt": 4, "pt-br": 3, "it": 4,
    "pl": 4, "sv": 3, "nl": 3, "uk": 3, "bg": 3, "da": 2, "ca": 2, "nb": 2,
    "nn": 1, "eo": 1, "fo": 1, "ga": 1, "gd": 1,
    "zh": 5, "ja": 4, "ko": 3, "el": 2, "ar": 2, "he": 2, "hi": 2, "th": 2,
    "emoji": 4, "symbols": 4,
}

# Opening/closing quotes as each language prints them.
QUOTES = {
    "en": [("“", "”"), ("‘", "’")],
    "fr": [("«\u00a0", "\u00a0»"), ("« ", " »"), ("“", "”")],
    "de": [("„", "“"), ("‚", "‘"), ("»", "«")],
    "es": [("«", "»"), ("“", "”")],
    "pt": [("“", "”"), ("«", "»")],
    "pt-br": [("“", "”")],
    "it": [("«", "»"), ("“", "”")],
    "pl": [("„", "”"), ("«", "»")],
    "sv": [("”", "”"), ("’", "’")],
    "nl": [("‘", "’"), ("“", "”")],
    "uk": [("«", "»"), ("„", "“")],
    "bg": [("„", "“"), ("«", "»")],
    "da": [("»", "«"), ("„", "“")],
    "ca": [("«", "»"), ("“", "”")],
    "nb": [("«", "»")],
    "nn": [("«", "»")],
    "eo": [("“", "”"), ("„", "“")],
    "fo": [("„", "“")],
    "ga": [("“", "”")],
    "gd": [("‘", "’"), ("“", "”")],
    "el": [("«", "»")],
    "ar": [("«", "»"), ("\"", "\"")],
    "he": [("\"", "\""), ("„", "”")],
    "hi": [("“", "”"), ("\"", "\"")],
    "th": [("“", "”"), ("\"", "\"")],
}
DASHES = {"en": ["—", " — ", " – "], "default": [" – ", " — "]}
UNCASED = {"ar", "he", "hi", "th", "zh", "ja", "ko"}
ELISIONS = {"fr": ["l’", "d’", "qu’", "l'", "d'"], "it": ["l’", "dell’", "un’", "l'"], "ca": ["l’", "d’", "l'"]}

FIELDS = ["Comment"] * 8 + ["Note", "Quote", "Summary", "Why"]
ENGLISH_FILLER = [
    "A", "An", "The", "Notes on", "Guide to", "Tools for", "Reading list:",
    "Library for", "Examples of", "Introduction to",
]

TEMPLATE_WEIGHTS = {
    "link-item": 34, "numbered": 12, "field": 13, "prose": 19, "heading": 3,
    "code": 9, "pct-url": 10,
}

# --------------------------------------------------------------------------
# charsets

CHARSETS = {
    "cp1252": "cp1252",
    "latin-1": "latin-1",
    "mac_roman": "mac_roman",
    "cp1250": "cp1250",
    "cp1251": "cp1251",
    "cp1257": "cp1257",
    "cp437": "cp437",
    "cp850": "cp850",
    "iso-8859-2": "iso8859_2",
    "iso-8859-15": "iso8859_15",
    "koi8-r": "koi8_r",
}
CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def _table(codec: str) -> list[str | None]:
    out: list[str | None] = []
    for b in range(256):
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(None)
    return out


TABLES = {name: _table(codec) for name, codec in CHARSETS.items()}
# Windows code pages with undefined bytes: the "sloppy" decoder that browsers
# and many tools use maps each undefined byte to the character of the same
# number (a C1 control, or U+00A1 / U+00A5 for cp1257's 0xA1 / 0xA5).
SLOPPY = {
    cs: [c if c is not None else chr(b) for b, c in enumerate(TABLES[cs])]
    for cs in ("cp1250", "cp1251", "cp1252", "cp1257")
}
for _cs, _tab in SLOPPY.items():
    assert len(set(_tab)) == 256, f"sloppy {_cs} is not one-to-one"


def misdecode_bytes(data: bytes, charset: str) -> tuple[str, str] | None:
    """Decode `data` with `charset` (sloppily where the code page has holes).

    Returns (text, label) or None when the bytes do not decode. The label is
    the charset, or "sloppy-<charset>" when an undefined byte was mapped to
    the character of the same number.
    """
    table = TABLES[charset]
    label = charset
    if any(table[b] is None for b in data):
        if charset not in SLOPPY:
            return None
        table, label = SLOPPY[charset], f"sloppy-{charset}"
    return "".join(table[b] for b in data), label  # type: ignore[misc]


def misdecode(text: str, charset: str) -> tuple[str, str] | None:
    """UTF-8-encode `text` and decode the bytes with `charset`.

    Returns (mojibake, label) or None when the bytes do not decode. Windows
    code pages decode sloppily (see `misdecode_bytes`) and the other charsets
    here define all 256 bytes, so today every text decodes.
    """
    return misdecode_bytes(text.encode("utf-8"), charset)


def misdecode_chain(text: str, chain: list[str]) -> tuple[str, list[str]] | None:
    labels = []
    for cs in chain:
        r = misdecode(text, cs)
        if r is None:
            return None
        text, label = r
        labels.append(label)
    return text, labels


def cesu8(text: str) -> bytes:
    """CESU-8: characters above U+FFFF as two 3-byte UTF-8-encoded surrogates."""
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if o > 0xFFFF:
            o -= 0x10000
            for sur in (0xD800 + (o >> 10), 0xDC00 + (o & 0x3FF)):
                out += chr(sur).encode("utf-8", "surrogatepass")
        else:
            out += ch.encode("utf-8")
    return bytes(out)


def is_astral(ch: str) -> bool:
    return ord(ch) > 0xFFFF


# Characters that Windows-1252 has at 0x80-0x9F (“ ” ‘ ’ – — … € ™ • „ ‚ ‹ ›
# ˆ ˜ Š š Œ œ Ž ž Ÿ ƒ † ‡ ‰): stored as cp1252 bytes and read as Latin-1, each
# becomes the C1 control of the same number (“ -> U+0093).
C1_DAMAGE = {TABLES["cp1252"][b]: chr(b) for b in range(0x80, 0xA0) if TABLES["cp1252"][b] is not None}


def has_byte_a0(ch: str) -> bool:
    """True when the UTF-8 encoding of `ch` holds a 0xA0 byte (à, Р, Š, NBSP, ภ, ...)."""
    return 0xA0 in ch.encode("utf-8")


def is_greek_or_hebrew(ch: str) -> bool:
    return 0x0370 <= ord(ch) <= 0x03FF or 0x1F00 <= ord(ch) <= 0x1FFF or 0x0590 <= ord(ch) <= 0x05FF


def pick_weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


SINGLE_CHAINS = {
    "cp1252": 34, "latin-1": 10, "mac_roman": 10, "cp1250": 8, "cp1251": 10, "cp1257": 8,
    "cp437": 6, "cp850": 6, "iso-8859-2": 8, "iso-8859-15": 8, "koi8-r": 8,
}
DOUBLE_CHAINS = {
    ("cp1252", "cp1252"): 50, ("latin-1", "latin-1"): 8, ("cp1252", "latin-1"): 6,
    ("latin-1", "cp1252"): 6, ("mac_roman", "mac_roman"): 8, ("cp1251", "cp1251"): 8,
    ("iso-8859-2", "iso-8859-2"): 5, ("cp437", "cp437"): 4, ("koi8-r", "koi8-r"): 5,
    ("cp1250", "cp1250"): 4, ("cp1257", "cp1257"): 3,
}
TRIPLE_CHAINS = {
    ("cp1252", "cp1252", "cp1252"): 70, ("latin-1", "latin-1", "latin-1"): 8,
    ("cp1252", "cp1252", "latin-1"): 6, ("latin-1", "cp1252", "cp1252"): 6,
    ("mac_roman", "mac_roman", "mac_roman"): 5, ("cp1251", "cp1251", "cp1251"): 5,
}
URL_CHAINS = {
    ("cp1252",): 50, ("latin-1",): 15, ("cp1252", "cp1252"): 15, ("mac_roman",): 7,
    ("cp1251",): 7, ("iso-8859-2",): 6, ("cp1250",): 4, ("cp1257",): 3,
}
# The charset that reads CESU-8 bytes (emoji as surrogate pairs).
CESU_CHAINS = {"cp1252": 80, "latin-1": 20}
# Greek and Hebrew text read as Windows-1252 / Latin-1 (`Î±`, `×‘×”`).
GREEK_HEBREW_CHAINS = {"cp1252": 80, "latin-1": 20}
# Text with a character whose UTF-8 holds 0xA0 (à, Р, ภ, NBSP), read as
# cp1252, whose U+00A0 then became a plain space (`voilÃ  le`).
LOST_NBSP_SOURCES = {"fr": 5, "pt": 3, "pt-br": 3, "it": 2, "ca": 2, "gd": 2, "uk": 2, "bg": 2, "th": 1}
# kinds that damage one span of a line (a word, a run of words or the line)
SPAN_KINDS = ("word", "segment", "line", "double", "triple", "greek-hebrew", "cesu-8", "lost-nbsp")
DAMAGE_KINDS = {
    "word": 30, "segment": 12, "line": 28, "double": 15, "triple": 5, "url": 10, "codespan-mixed": 5,
    "greek-hebrew": 5, "cesu-8": 5, "c1": 5, "lost-nbsp": 5,
}

# --------------------------------------------------------------------------
# word sources

WORD_RE = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)?$")


def is_ascii(s: str) -> bool:
    return s.isascii()


def load_wordlist(path: Path, rng: random.Random, k: int) -> tuple[list[str], list[str]] | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # wswedish, wnorwegian ship ISO-8859-1
    lines = text.split("\n")
    if len(lines) > 20 * k:
        # big lists (wpolish has 4.3M forms): filter a random subset only
        lines = rng.sample(lines, 20 * k)
    words = []
    for w in lines:
        w = unicodedata.normalize("NFC", w.strip())
        if 2 <= len(w) <= 20 and WORD_RE.match(w):
            words.append(w)
    if len(words) < 50:
        return None
    non_ascii = [w for w in words if not is_ascii(w)]
    sample = rng.sample(words, min(k, len(words)))
    sample_na = rng.sample(non_ascii, min(k, len(non_ascii)))
    return sample, sample_na


def codec_chars(codec: str, hi_range: range, lo_range: range) -> list[str]:
    out = []
    for hi in hi_range:
        for lo in lo_range:
            try:
                ch = bytes([hi, lo]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and unicodedata.category(ch).startswith("L"):
                out.append(ch)
    return out


class Generated:
    """Pseudo-text for scripts that have no Debian word list."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        # 3755 most common hanzi (GB2312 level 1), 2965 common kanji (JIS level 1),
        # 2350 common hangul syllables (KS X 1001).
        self.hanzi = codec_chars("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
        self.kanji = codec_chars("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF))
        self.hangul = codec_chars("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
        self.hiragana = [chr(c) for c in range(0x3041, 0x3094)]
        self.katakana = [chr(c) for c in range(0x30A1, 0x30F5)]
        self.greek = [chr(c) for c in range(0x03B1, 0x03CA) if c != 0x03C2] + list("άέήίόύώ")
        self.arabic = [chr(c) for c in range(0x0627, 0x064B) if unicodedata.category(chr(c)) == "Lo"]
        self.hebrew = [chr(c) for c in range(0x05D0, 0x05EB)]
        self.deva_cons = [chr(c) for c in range(0x0915, 0x093A)]
        self.deva_vowel_signs = [chr(c) for c in range(0x093E, 0x094D) if c != 0x0945]
        self.deva_vowels = [chr(c) for c in range(0x0905, 0x0915) if unicodedata.category(chr(c)) == "Lo"]
        self.thai_cons = [chr(c) for c in range(0x0E01, 0x0E2F)]
        self.thai_vowels = ["ะ", "า", "ิ", "ี", "ึ", "ื", "ุ", "ู", "ั", "่", "้", "็"]
        self.thai_pre = ["เ", "แ", "โ", "ไ", "ใ"]
        self.emoji_simple = [
            chr(c) for r in (range(0x1F600, 0x1F650), range(0x1F300, 0x1F5FF),
                             range(0x1F680, 0x1F6C6), range(0x1F90C, 0x1F9FF))
            for c in r if unicodedata.name(chr(c), "") and unicodedata.category(chr(c)) == "So"
        ]
        self.emoji_zwj = [
            "👨\u200d👩\u200d👧", "👩\u200d💻", "🧑\u200d💻", "👨\u200d🔬", "🏳\ufe0f\u200d🌈",
            "❤\ufe0f\u200d🔥", "🐻\u200d❄\ufe0f", "👩\u200d❤\ufe0f\u200d👨", "🧑\u200d🚀",
            "👁\ufe0f\u200d🗨\ufe0f", "🏃\u200d♀\ufe0f", "👨\u200d👩\u200d👧\u200d👦",
        ]
        self.emoji_vs16 = ["☀\ufe0f", "✔\ufe0f", "⚠\ufe0f", "❤\ufe0f", "✏\ufe0f", "☕", "⭐", "✨", "⚡", "♻\ufe0f"]
        self.skin = [chr(c) for c in range(0x1F3FB, 0x1F400)]
        self.skin_base = ["👍", "👋", "🙌", "👏", "🤝", "✌\ufe0f", "🧑", "👩", "👨"]
        self.flags = ["DE", "FR", "JP", "BR", "US", "GB", "UA", "IN", "CN", "KR", "ES", "IT", "PL", "SE", "NL", "GR", "IL", "EG", "TH"]
        self.keycaps = [f"{d}\ufe0f\u20e3" for d in "0123456789#*"]
        self.symbols = [
            "£{n}", "€{n}", "{n} €", "¥{n}", "© {y}", "{n} °C", "{n}°", "±{n}", "{a} × {b}",
            "{a} ÷ {b}", "{w}™", "{w}®", "{a}–{b}", "x ≤ {n}", "y ≥ {n}", "{a} ≠ {b}", "≈{n}",
            "→", "←", "⇒", "∞", "√{n}", "∑", "∫", "∂", "∇", "∀ x ∈ S", "A ⊂ B", "A ∩ B", "A ∪ B",
            "π", "µs", "{n} m²", "{n} cm³", "½", "¼", "§ {n}", "¶", "•", "·", "{n}‰", "{n}′", "{n}″",
            "…", "—", "“{w}”", "‘{w}’", "{w}’s", "¢{n}", "№ {n}", "✓", "★", "♥", "α", "β", "λ", "Ω",
        ]

    def flag(self) -> str:
        cc = self.rng.choice(self.flags)
        return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in cc)

    def emoji(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return self.rng.choice(self.emoji_simple)
        if r < 0.6:
            return self.rng.choice(self.emoji_zwj)
        if r < 0.7:
            return self.rng.choice(self.skin_base) + self.rng.choice(self.skin)
        if r < 0.82:
            return self.flag()
        if r < 0.9:
            return self.rng.choice(self.keycaps)
        return self.rng.choice(self.emoji_vs16)

    def symbol(self, words: list[str]) -> str:
        rng = self.rng
        s = rng.choice(self.symbols)
        return s.format(n=rng.randint(1, 999), a=rng.randint(1, 99), b=rng.randint(1, 99),
                        y=rng.randint(1990, 2025), w=rng.choice(words))

    def _word(self, letters: list[str], lo: int, hi: int) -> str:
        return "".join(self.rng.choice(letters) for _ in range(self.rng.randint(lo, hi)))

    def word(self, script: str) -> str:
        rng = self.rng
        if script == "el":
            w = self._word(self.greek, 3, 10)
            return w[:-1] + "ς" if w.endswith("σ") else w
        if script == "ar":
            return self._word(self.arabic, 3, 7)
        if script == "he":
            return self._word(self.hebrew, 2, 6)
        if script == "hi":
            out = []
            if rng.random() < 0.2:
                out.append(rng.choice(self.deva_vowels))
            for _ in range(rng.randint(1, 4)):
                out.append(rng.choice(self.deva_cons))
                if rng.random() < 0.6:
                    out.append(rng.choice(self.deva_vowel_signs))
            return "".join(out)
        if script == "th":
            out = []
            for _ in range(rng.randint(2, 5)):
                if rng.random() < 0.2:
                    out.append(rng.choice(self.thai_pre))
                out.append(rng.choice(self.thai_cons))
                if rng.random() < 0.5:
                    out.append(rng.choice(self.thai_vowels))
            return "".join(out)
        if script == "zh":
            return self._word(self.hanzi, 1, 4)
        if script == "ja":
            r = rng.random()
            if r < 0.4:
                return self._word(self.kanji, 1, 3) + self._word(self.hiragana, 0, 3)
            if r < 0.65:
                return self._word(self.katakana, 2, 5) + ("ー" if rng.random() < 0.4 else "")
            return self._word(self.hiragana, 1, 4)
        if script == "ko":
            return self._word(self.hangul, 1, 4)
        raise ValueError(script)


# --------------------------------------------------------------------------
# text


class TextGen:
    def __init__(self, rng: random.Random, words: dict, gen: Generated):
        self.rng = rng
        self.words = words  # lang -> (all, non_ascii)
        self.gen = gen

    # words ---------------------------------------------------------------
    def word(self, lang: str, non_ascii_bias: float = 0.35) -> str:
        if lang in self.words:
            all_w, na = self.words[lang]
            if na and self.rng.random() < non_ascii_bias:
                return self.rng.choice(na)
            return self.rng.choice(all_w)
        if lang in ("emoji", "symbols"):
            return self.rng.choice(self.words["en"][0]) if "en" in self.words else "item"
        return self.gen.word(lang)

    def en_word(self) -> str:
        return self.word("en", 0.02) if "en" in self.words else "list"

    # sentences -------------------------------------------------------------
    def sentence(self, lang: str, lo: int = 5, hi: int = 13) -> str:
        rng = self.rng
        if lang == "zh":
            return self._cjk_sentence("zh")
        if lang == "ja":
            return self._cjk_sentence("ja")
        if lang == "th":
            parts = ["".join(self.gen.word("th") for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(2, 5))]
            return " ".join(parts)
        base = "en" if lang in ("emoji", "symbols") else lang
        n = rng.randint(lo, hi)
        ws = [self.word(base) for _ in range(n)]
        # language-specific touches
        if base in ELISIONS and rng.random() < 0.3:
            i = rng.randrange(len(ws))
            ws[i] = rng.choice(ELISIONS[base]) + ws[i]
        if base == "en" and rng.random() < 0.35:
            i = rng.randrange(len(ws))
            ws[i] = ws[i] + rng.choice(["’s", "’s", "'s"])
        if base == "en" and rng.random() < 0.15:
            ws.insert(rng.randrange(len(ws) + 1), rng.choice(["don’t", "it’s", "isn’t", "you’re", "can’t", "won't"]))
        for i in range(len(ws) - 1):
            if rng.random() < 0.08:
                ws[i] += "،" if base == "ar" else ","
        quoted = False
        if base not in UNCASED and rng.random() < 0.1:
            # emphasis in capitals, often quoted: “NÃO FAÇA ISSO”, „GROSS“
            i = rng.randrange(len(ws))
            j = min(len(ws) - 1, i + rng.randint(0, 2))
            for k in range(i, j + 1):
                ws[k] = ws[k].upper()
            if rng.random() < 0.5:
                q = rng.choice(QUOTES.get(base, [("“", "”")]))
                ws[i] = q[0] + ws[i]
                ws[j] = ws[j] + q[1]
                quoted = True
        if not quoted and rng.random() < 0.3 and len(ws) > 3:
            i = rng.randrange(len(ws) - 1)
            j = min(len(ws) - 1, i + rng.randint(0, 2))
            q = rng.choice(QUOTES.get(base, [("“", "”")]))
            ws[i] = q[0] + ws[i]
            ws[j] = ws[j] + q[1]
        if rng.random() < 0.15 and len(ws) > 4:
            i = rng.randrange(1, len(ws) - 1)
            d = rng.choice(DASHES.get(base, DASHES["default"]))
            if d.startswith(" "):
                ws[i] = ws[i] + d.rstrip()
            else:
                ws[i] = ws[i] + d + ws[i + 1]
                del ws[i + 1]
        if lang == "emoji":
            for _ in range(rng.randint(1, 3)):
                ws.insert(rng.randrange(len(ws) + 1), self.gen.emoji())
        if lang == "symbols":
            for _ in range(rng.randint(1, 3)):
                ws.insert(rng.randrange(len(ws) + 1), self.gen.symbol(self.words["en"][0] if "en" in self.words else ["x"]))
        s = " ".join(ws)
        if s[:1].islower() and base not in ("he", "ar"):
            s = s[0].upper() + s[1:]
        end = rng.random()
        if base == "hi":
            s += " ।" if end < 0.5 else "।"
        elif base == "ar":
            s += "؟" if end < 0.15 else "."
        elif base == "es" and end < 0.1:
            s = "¿" + s + "?"
        elif base == "fr" and end < 0.1:
            s += rng.choice(["\u00a0?", " !", "\u202f!", "\u00a0:", " ?"])
        elif base == "ko":
            s += rng.choice([".", ".", "다.", "?"])
        elif end < 0.06:
            s += "…"
        elif end < 0.1:
            s += rng.choice(["!", "?"])
        else:
            s += "."
        return s

    def _cjk_sentence(self, lang: str) -> str:
        rng = self.rng
        clauses = []
        for _ in range(rng.randint(1, 4)):
            ws = []
            for _ in range(rng.randint(2, 5)):
                w = self.gen.word(lang)
                if lang == "ja" and rng.random() < 0.4:
                    w += rng.choice(["は", "が", "を", "に", "の", "で", "と", "も"])
                ws.append(w)
            if rng.random() < 0.12:
                ws.insert(rng.randrange(len(ws) + 1), rng.choice([" Python ", " GitHub ", " API ", " Rust ", "2024年", " Markdown "]))
            if rng.random() < 0.25:
                i = rng.randrange(len(ws))
                q = rng.choice([("“", "”"), ("「", "」"), ("《", "》"), ("『", "』"), ("（", "）"), ("【", "】")])
                ws[i] = q[0] + ws[i] + q[1]
            clauses.append("".join(ws).strip())
        if lang == "zh":
            seps = ["，", "，", "、", "；", "："]
            ends = ["。", "。", "。", "！", "？", "……"]
        else:
            seps = ["、", "、", "，", "・"]
            ends = ["。", "。", "。", "！", "？", "…"]
        s = clauses[0]
        for c in clauses[1:]:
            s += rng.choice(seps) + c
        return s + rng.choice(ends)

    def title(self, lang: str) -> str:
        rng = self.rng
        if lang in ("zh", "ja", "ko", "th"):
            n = rng.randint(1, 3)
            sep = " " if lang == "ko" else ""
            t = sep.join(self.gen.word(lang) for _ in range(n))
            if rng.random() < 0.2:
                t = rng.choice(["Awesome ", "Rust ", "Go ", ""]) + t
            return t
        base = "en" if lang in ("emoji", "symbols") else lang
        n = rng.randint(1, 4)
        ws = [self.word(base, 0.45) for _ in range(n)]
        if base not in ("he", "ar", "hi"):
            ws = [w[0].upper() + w[1:] for w in ws]
        t = " ".join(ws)
        if lang == "emoji":
            t = self.gen.emoji() + " " + t if rng.random() < 0.5 else t + " " + self.gen.emoji()
        elif lang == "symbols" and rng.random() < 0.5:
            t = t + rng.choice(["™", "®", " ©", " №1", " ½", " – Part 2", "…"])
        if rng.random() < 0.06:
            t = t.upper()  # ALL-CAPS titles (SÃO PAULO, ÉTÉ, ŁÓDŹ)
        return t

    # URLs ------------------------------------------------------------------
    def ascii_slug(self, text: str) -> str:
        s = unicodedata.normalize("NFKD", text)
        s = "".join(c for c in s if ord(c) < 128)
        s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
        return s or f"item-{self.rng.randint(1, 9999)}"

    def plain_url(self, title: str) -> str:
        rng = self.rng
        slug = self.ascii_slug(title)
        r = rng.random()
        if r < 0.4:
            return f"https://github.com/{self.ascii_slug(self.en_word())}/{slug}"
        if r < 0.7:
            return f"https://example.org/{slug}"
        if r < 0.85:
            return f"https://blog.example.com/{rng.randint(2015, 2025)}/{rng.randint(1, 12):02d}/{slug}.html"
        return f"https://www.example.net/p/{slug}?ref=list"

    def pct_url(self, lang: str, text: str) -> tuple[str, str, str]:
        """A URL with a percent-encoded non-ASCII part.

        Returns (url, raw, safe): url == prefix + quote(raw, safe=safe)."""
        rng = self.rng
        wiki = WORDLISTS[lang][2] if lang in WORDLISTS else GENERATED_WIKI.get(lang, "en")
        r = rng.random()
        if r < 0.6:
            prefix, raw, safe = f"https://{wiki}.wikipedia.org/wiki/", text.replace(" ", "_"), "_-.~"
        elif r < 0.85:
            prefix, raw, safe = f"https://example.org/{wiki}/", text.replace(" ", "-").lower(), "-.~"
        else:
            prefix, raw, safe = "https://www.example.com/search?q=", text, "-.~"
        return prefix + urllib.parse.quote(raw, safe=safe), raw, safe

    # lines -----------------------------------------------------------------
    def code_snippet(self, lang: str) -> str:
        rng = self.rng
        w = self.ascii_slug(self.en_word())
        ascii_snips = [
            f"cargo install {w}", f"pip install {w}", f"--{w}", f"{w}()", f"npm i {w}",
            f"fn {w}()", f"let {w} = 1;", f"{w}.toml", f"git clone {w}", f"#[derive({w.title()})]",
        ]
        if rng.random() < 0.35:
            x = self.word(lang, 0.9) if lang not in ("emoji", "symbols") else self.gen.emoji()
            return rng.choice([f'print("{x}")', f'"{x}".len()', f"{x}", f"s/{x}/x/", f'lang = "{x}"'])
        return rng.choice(ascii_snips)

    def line(self, lang: str, template: str, index: int) -> tuple[str, dict]:
        """A legitimate line. Returns (line, info) where info may name the
        percent-encoded part for pct-url lines."""
        rng = self.rng
        info: dict = {}
        title = self.title(lang)
        mixed = rng.random() < 0.2 and lang not in ("en", "emoji", "symbols")
        desc_lang = "en" if mixed else lang
        desc = self.sentence(desc_lang)
        sep = rng.choice([" - ", " - ", " — ", " – ", ": "])
        if template == "link-item":
            return f"- [{title}]({self.plain_url(title)}){sep}{desc}", info
        if template == "numbered":
            if rng.random() < 0.7:
                return f"{index % 99 + 1}. [{title}]({self.plain_url(title)}){sep}{desc}", info
            return f"{index % 99 + 1}. **{title}**{sep}{desc}", info
        if template == "field":
            return f"- {rng.choice(FIELDS)}: {self.sentence(lang)}", info
        if template == "prose":
            s = self.sentence(lang, 6, 14)
            if rng.random() < 0.4:
                s += " " + self.sentence(lang, 4, 10)
            return s, info
        if template == "heading":
            return f"{'#' * rng.randint(2, 3)} {title}", info
        if template == "code":
            code = self.code_snippet(lang)
            r = rng.random()
            if r < 0.5:
                return f"- [{title}]({self.plain_url(title)}){sep}{desc} Use `{code}`.", info
            if r < 0.8:
                return f"- Comment: `{code}` {self.sentence(lang, 3, 8)}", info
            return f"{self.sentence(lang, 4, 8)} Run `{code}` first.", info
        if template == "pct-url":
            target = title if not is_ascii(title) else self.word(lang, 1.0)
            if is_ascii(target):
                target = target + " " + self.gen.word("zh")
            url, raw, safe = self.pct_url(lang, target)
            info["pct"] = (url, raw, safe)
            r = rng.random()
            if r < 0.65:
                return f"- [{target}]({url}){sep}{desc}", info
            if r < 0.85:
                return f"- <{url}>{sep}{desc}", info
            return f"{self.sentence(desc_lang, 4, 9)} See {url} for details.", info
        raise ValueError(template)


# --------------------------------------------------------------------------
# Markdown safety and damage helpers

PROTECT_RES = [
    re.compile(r"(`+)(?:.+?)\1"),        # code spans
    re.compile(r"<https?://[^>\s]*>"),   # autolinks
    re.compile(r"https?://[^\s)>]+"),    # URLs (link destinations, bare)
]
TOKEN_RE = re.compile(r"[^\s\[\]()`*<>]+")


def markdown_safe(line: str) -> bool:
    if not line or "\n" in line or "\r" in line or line != line.strip():
        return False
    if line.startswith(("```", "~~~", "<", "|", ">", "    ", "\t")):
        return False
    if re.match(r"^\[[^\]]*\]:", line) or re.fullmatch(r"[-=*_ ]+", line):
        return False
    if line.count("`") % 2:
        return False
    return all(c not in line for c in "\u2028\u2029\x0b\x0c")


def protected_ranges(line: str) -> list[tuple[int, int]]:
    out = []
    for rx in PROTECT_RES:
        out += [(m.start(), m.end()) for m in rx.finditer(line)]
    return sorted(out)


def overlaps(a: int, b: int, ranges) -> bool:
    return any(a < e and s < b for s, e in ranges)


def candidate_tokens(line: str) -> list[tuple[int, int]]:
    prot = protected_ranges(line)
    return [(m.start(), m.end()) for m in TOKEN_RE.finditer(line)
            if not overlaps(m.start(), m.end(), prot)]


def code_spans_ascii(line: str) -> bool:
    return all(is_ascii(m.group(0)) for m in PROTECT_RES[0].finditer(line))


def unspaced(c: str) -> bool:
    """Characters of scripts written without spaces between words."""
    o = ord(c)
    return 0x0E00 <= o <= 0x0E7F or 0x3000 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF


def pick_word_span(rng: random.Random, line: str, need=None) -> tuple[int, int] | None:
    """A non-ASCII token (for `need`, one whose text passes it)."""
    toks = [t for t in candidate_tokens(line) if not is_ascii(line[t[0]:t[1]])
            and (need is None or need(line[t[0]:t[1]]))]
    if not toks:
        return None
    s, e = rng.choice(toks)
    # long runs of a script written without spaces (CJK, Thai): a sub-run
    if e - s > 8 and any(unspaced(c) for c in line[s:e]):
        seg = line[s:e]
        idx = [i for i, c in enumerate(seg) if ord(c) >= 128]
        a = rng.choice(idx)
        n = rng.randint(2, 8)
        s, e = s + a, min(e, s + a + n)
    return s, e


def pick_segment_span(rng: random.Random, line: str) -> tuple[int, int] | None:
    toks = candidate_tokens(line)
    prot = protected_ranges(line)
    starts = [i for i, t in enumerate(toks) if not is_ascii(line[t[0]:t[1]])]
    if not starts:
        return None
    i = rng.choice(starts)
    j = min(len(toks) - 1, i + rng.randint(1, 4))
    # shrink until no protected range lies inside
    while j > i and overlaps(toks[i][0], toks[j][1], prot):
        j -= 1
    if j == i:
        return None
    return toks[i][0], toks[j][1]


# --------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--damaged", type=int, default=20000, help="damaged lines (default 20000)")
    ap.add_argument("--legit", type=int, default=20000, help="legitimate lines (default 20000)")
    ap.add_argument("--codespan", type=int, default=2000, help="code-span negatives (default 2000)")
    ap.add_argument("--seed", type=int, default=20240617)
    ap.add_argument("--words-per-language", type=int, default=30000)
    ap.add_argument("--dict-dir", default=str(DICT_DIR))
    ap.add_argument("--out", default=str(HERE / "cases"))
    args = ap.parse_args()

    rng = random.Random(args.seed)
    words: dict = {}
    missing = []
    for lang, (fname, pkg, _wiki) in WORDLISTS.items():
        r = load_wordlist(Path(args.dict_dir) / fname, random.Random(f"{args.seed}:{lang}"), args.words_per_language)
        if r is None:
            missing.append(pkg)
            continue
        words[lang] = r
    if missing:
        pkgs = " ".join(sorted(set(missing)))
        print(f"note: word lists not installed, skipped: {pkgs} (apt-get install {pkgs})", file=sys.stderr)
    if "en" not in words:
        print("error: wamerican (/usr/share/dict/american-english) is required", file=sys.stderr)
        return 2

    gen = Generated(rng)
    tg = TextGen(rng, words, gen)
    sources = {k: v for k, v in SOURCE_WEIGHTS.items() if k in words or k in GENERATED_WIKI}

    def legit_line(template: str | None = None, need_non_ascii: bool = True, lang: str | None = None):
        for _ in range(1000):
            lg = lang or pick_weighted(rng, sources)
            tpl = template or pick_weighted(rng, TEMPLATE_WEIGHTS)
            line, info = tg.line(lg, tpl, rng.randrange(1000))
            line = unicodedata.normalize("NFC", line)
            if not markdown_safe(line):
                continue
            if need_non_ascii and is_ascii(line):
                continue
            return lg, tpl, line, info
        raise RuntimeError("could not generate a line")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    # legitimate lines ---------------------------------------------------------
    legit = []
    for n in range(args.legit):
        lg, tpl, line, _ = legit_line()
        legit.append({"id": f"L{n:06d}", "category": lg, "template": tpl, "line": line})

    # code-span negatives ------------------------------------------------------
    def codespan_line():
        for _ in range(1000):
            lg = pick_weighted(rng, {k: v for k, v in sources.items() if k not in ("emoji", "symbols")})
            r = rng.random()
            if r < 0.3:
                orig = rng.choice([c for c in tg.word(lg, 1.0) if ord(c) >= 128] or ["é"])
            elif r < 0.6:
                orig = tg.word(lg, 1.0)
            elif r < 0.8:
                orig = rng.choice(["’", "“", "”", "–", "—", "…", "€", "©", "°", "ü", "é", "ß", "ç", "ñ", "中", "😀", "ł", "ő"])
            else:
                orig = " ".join(tg.word(lg, 0.6) for _ in range(rng.randint(2, 3)))
            if is_ascii(orig):
                continue
            chain = [pick_weighted(rng, SINGLE_CHAINS)] if rng.random() < 0.8 else list(pick_weighted(rng, DOUBLE_CHAINS))
            res = misdecode_chain(orig, chain)
            if res is None:
                continue
            moj, labels = res
            if "`" in moj:
                continue
            cs_name = {"cp1252": "Windows-1252", "sloppy-cp1252": "Windows-1252", "latin-1": "Latin-1"}.get(labels[0], labels[0])
            title = tg.title(lg)
            opener = "``" if rng.random() < 0.1 else "`"
            sample = f"{opener} {moj} {opener}" if opener == "``" else f"`{moj}`"
            t = rng.randrange(7)
            if t == 0:
                line = f"- {sample} is what {orig} looks like when UTF-8 is read as {cs_name}"
            elif t == 1:
                line = f"- Comment: search the dump for {sample} to find broken text like “{orig}”"
            elif t == 2:
                line = f"{rng.randint(1, 99)}. [{title}]({tg.plain_url(title)}) - turns {sample} back into `{orig}`"
            elif t == 3:
                line = f"- [{title}]({tg.plain_url(title)}) - {tg.sentence(lg, 3, 7)} Example: {sample}."
            elif t == 4:
                line = f"Mojibake such as {sample} comes from decoding {orig} as {cs_name}."
            elif t == 5:
                line = f"- Replace {sample} with {orig} ({' then '.join(labels)})"
            else:
                hexs = " ".join(f"{b:02X}" for b in orig.encode("utf-8")[:12])
                line = f"- The bytes `{hexs}` show up as {sample} in {cs_name}"
            line = unicodedata.normalize("NFC", line)
            if markdown_safe(line):
                return lg, labels, line, orig, moj
        raise RuntimeError("could not generate a code-span line")

    codespan = []
    for n in range(args.codespan):
        lg, labels, line, _o, _m = codespan_line()
        codespan.append({"id": f"C{n:06d}", "category": "codespan", "chain": labels, "source": lg,
                         "template": "codespan", "line": line})

    # damaged lines ------------------------------------------------------------
    damaged = []
    skipped = {"decode-failed": 0, "no-candidate": 0, "ambiguous": 0, "unsafe": 0}
    seen = set()
    while len(damaged) < args.damaged:
        kind = pick_weighted(rng, DAMAGE_KINDS)
        rec = None
        if kind in SPAN_KINDS:
            # what the damaged text must hold, and where the line comes from
            need = None
            lang = None
            if kind == "greek-hebrew":
                lang = rng.choice([x for x in ("el", "he") if x in sources])
                need = lambda t: any(is_greek_or_hebrew(c) for c in t)  # noqa: E731
            elif kind == "cesu-8":
                lang = "emoji"
                need = lambda t: any(is_astral(c) for c in t)  # noqa: E731
            elif kind == "lost-nbsp":
                lang = pick_weighted(rng, {k: v for k, v in LOST_NBSP_SOURCES.items() if k in sources})
                need = lambda t: any(has_byte_a0(c) for c in t)  # noqa: E731
            if kind in ("word", "segment", "line"):
                scope = kind
            elif kind in ("double", "triple"):
                scope = "line" if rng.random() < 0.5 else "word"
            else:
                scope = pick_weighted(rng, {"word": 45, "segment": 20, "line": 35})
            found = None
            # the new kinds need a line that holds what they damage: a few tries
            for _ in range(1 if need is None else 200):
                lg, tpl, line, _ = legit_line(template=None if rng.random() < 0.9 else "prose", lang=lang)
                if scope == "line":
                    span = (0, len(line)) if code_spans_ascii(line) else None
                elif scope == "segment":
                    span = pick_segment_span(rng, line)
                else:
                    span = pick_word_span(rng, line, need)
                if span is not None and (need is None or need(line[span[0]:span[1]])):
                    found = span
                    break
            if found is None:
                skipped["no-candidate"] += 1
                continue
            s, e = found
            text = line[s:e]
            if kind in ("double", "triple"):
                res = misdecode_chain(text, list(pick_weighted(rng, DOUBLE_CHAINS if kind == "double" else TRIPLE_CHAINS)))
            elif kind == "greek-hebrew":
                res = misdecode_chain(text, [pick_weighted(rng, GREEK_HEBREW_CHAINS)])
            elif kind == "cesu-8":
                r = misdecode_bytes(cesu8(text), pick_weighted(rng, CESU_CHAINS))
                res = None if r is None else (r[0], ["cesu-8", r[1]])
            elif kind == "lost-nbsp":
                r = misdecode(text, "cp1252")
                res = None if r is None else (r[0].replace("\u00a0", " "), [r[1], "nbsp-to-space"])
            else:
                res = misdecode_chain(text, [pick_weighted(rng, SINGLE_CHAINS)])
            if res is None:
                skipped["decode-failed"] += 1
                continue
            moj, labels = res
            inp = line[:s] + moj + line[e:]
            rec = {"category": kind, "chain": labels, "source": lg, "template": tpl,
                   "scope": scope, "span": text, "input": inp, "expected": line}
        elif kind == "c1":
            # cp1252 bytes of typographic characters read as Latin-1 in
            # otherwise UTF-8 text: “ -> U+0093, … -> U+0085
            pos: list = []
            for _ in range(200):
                lg, tpl, line, _ = legit_line(template=None if rng.random() < 0.9 else "prose")
                prot = protected_ranges(line)
                pos = [i for i, c in enumerate(line) if c in C1_DAMAGE and not overlaps(i, i + 1, prot)]
                if pos:
                    break
            if not pos:
                skipped["no-candidate"] += 1
                continue
            scope = "word" if rng.random() < 0.3 else "line"
            chosen = [rng.choice(pos)] if scope == "word" else pos
            chars = list(line)
            for i in chosen:
                chars[i] = C1_DAMAGE[chars[i]]
            inp = "".join(chars)
            # a C1 control after a UTF-8 lead byte read as Latin-1 (`Ã` + U+0085
            # is `Å` misread) would make the repair ambiguous: left out
            if any(i > 0 and 0xC2 <= ord(inp[i - 1]) <= 0xF4 for i in chosen):
                skipped["ambiguous"] += 1
                continue
            rec = {"category": "c1", "chain": ["c1"], "source": lg, "template": tpl, "scope": scope,
                   "span": "".join(line[i] for i in chosen), "input": inp, "expected": line}
        elif kind == "url":
            lg, tpl, line, info = legit_line(template="pct-url")
            url, raw, safe = info["pct"]
            chain = list(pick_weighted(rng, URL_CHAINS))
            res = misdecode_chain(raw, chain)
            if res is None:
                skipped["decode-failed"] += 1
                continue
            moj, labels = res
            quoted_raw = urllib.parse.quote(raw, safe=safe)
            assert url.endswith(quoted_raw)
            bad_url = url[: -len(quoted_raw)] + urllib.parse.quote(moj, safe=safe)
            inp = line.replace(url, bad_url)
            scope = "url"
            if rng.random() < 0.25 and line.startswith("- ["):
                # the link text was damaged too
                m = re.match(r"- \[([^\]]*)\]", inp)
                text_res = misdecode_chain(m.group(1), chain) if m else None
                if text_res is not None and not is_ascii(m.group(1)):
                    inp = "- [" + text_res[0] + inp[m.end(1):]
                    scope = "url+text"
            rec = {"category": "url", "chain": labels, "source": lg, "template": tpl, "scope": scope,
                   "input": inp, "expected": line}
        else:  # codespan-mixed
            lg, _labels, line, orig, _moj = codespan_line()
            prot = protected_ranges(line)
            occ = [m.start() for m in re.finditer(re.escape(orig), line)
                   if not overlaps(m.start(), m.start() + len(orig), prot)]
            if not occ:
                skipped["no-candidate"] += 1
                continue
            s = rng.choice(occ)
            chain = [pick_weighted(rng, SINGLE_CHAINS)]
            res = misdecode_chain(orig, chain)
            if res is None:
                skipped["decode-failed"] += 1
                continue
            inp = line[:s] + res[0] + line[s + len(orig):]
            rec = {"category": "codespan-mixed", "chain": res[1], "source": lg, "template": "codespan",
                   "scope": "word", "input": inp, "expected": line}
        if rec["input"] == rec["expected"] or not markdown_safe(rec["input"]) or rec["input"] in seen:
            skipped["unsafe"] += 1
            continue
        seen.add(rec["input"])
        rec = {"id": f"D{len(damaged):06d}", **rec}
        damaged.append(rec)

    def dump(name, rows):
        with open(out / name, "w", encoding="utf-8", newline="\n") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")

    dump("damaged.jsonl", damaged)
    dump("legit.jsonl", legit)
    dump("codespan.jsonl", codespan)

    def counts(rows, key):
        c: dict = {}
        for r in rows:
            k = "+".join(r[key]) if isinstance(r[key], list) else r[key]
            c[k] = c.get(k, 0) + 1
        return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))

    print(f"wrote {len(damaged)} damaged, {len(legit)} legitimate, {len(codespan)} code-span lines to {out}")
    print("damaged by category:", json.dumps(counts(damaged, "category"), ensure_ascii=False))
    print("damaged by chain:   ", json.dumps(counts(damaged, "chain"), ensure_ascii=False))
    print("legit by category:  ", json.dumps(counts(legit, "category"), ensure_ascii=False))
    print("legit by template:  ", json.dumps(counts(legit, "template"), ensure_ascii=False))
    print("skipped while generating damaged cases:", json.dumps(skipped))
    return 0


if __name__ == "__main__":
    sys.exit(main())
