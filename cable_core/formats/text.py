"""Plain text: decoding bytes in the encodings cables come in, and undoing copy artefacts."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Decode cable bytes; return (text, encoding used).

    UTF-8 first; PDF-converted cables are Latin-1/cp1252, where `¶` is the byte 0xB6. Bytes that
    are not UTF-8 are read as cp1252 one by one while the valid UTF-8 around them is kept, so a
    Latin-1 file and a UTF-8 file with a few stray bytes both read right. cp1252 leaves five bytes
    undefined: those are read as Latin-1.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("utf-8", "surrogateescape").translate(_ESCAPED_BYTE_TO_CP1252), "utf-8+cp1252"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL in every other byte of its ASCII letters."""
    head = data[:400]
    if len(head) < 8:
        return None
    even_nuls = head[0::2].count(0) / len(head[0::2])
    odd_nuls = head[1::2].count(0) / len(head[1::2])
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # one of the five bytes cp1252 leaves undefined: Latin-1


# surrogateescape turns each byte that is not UTF-8 into U+DC80..U+DCFF; this reads it as cp1252.
_ESCAPED_BYTE_TO_CP1252 = {0xDC00 + b: _cp1252_char(b) for b in range(0x80, 0x100)}

_MARKDOWN_ANCHOR_LINK = re.compile(r"\[([^\]\n]{1,120})\]\((?:#|/)[^)\s]{0,200}\)")
_ESCAPED_NEWLINE = re.compile(r"\\n")


# the stamp run into the next line (`...T09:53:00 C O N F I D E N T I A L SECTION 01 ...`)
_CABLE_DATED = re.compile(r"(Cable dated:\s?\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)[ \t]*+(?=\S)")
_DATABASE_ROW = re.compile(r"^(?:\d{1,7}\t)?\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?\t[^\n]*", re.M)


def normalize_text(text: str) -> str:
    """Line ends to `\\n`; links copied from a rendered page (`[OSCE](#)`) back to their text;
    newlines stored as backslash escapes (`\\n`, or a backslash ending each line) made real again;
    a tab-separated database row at the start of a body put one field a line.

    Each rewrite is guarded by a test for one character, which is much faster than searching a
    text for a pair of characters (most texts need none of them)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "\\" in text:
        text = _real_newlines(text)
    if "\t" in text and (row := _DATABASE_ROW.search(text)):
        head_end = row.start() + 4000  # the row and the routing header after it
        text = text[: row.start()] + text[row.start() : head_end].replace("\t", "\n") + text[head_end:]
    if "Cable dated:" in text:
        text = _CABLE_DATED.sub(r"\1\n", text, count=1)
    if "]" in text and "](" in text:
        text = _MARKDOWN_ANCHOR_LINK.sub(r"\1", text)
    return text


def _real_newlines(text: str) -> str:
    """Newlines stored as backslash escapes: `\\n` in a text of one line, or a backslash ending
    each line."""
    if "\n" not in text.strip() and text.count("\\n") > 2:
        text = _ESCAPED_NEWLINE.sub("\n", text)
    if text.count("\\\n") > 3:
        text = text.replace("\\\n", "\n")
    return text
