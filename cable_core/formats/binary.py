"""Recognising files that are not text: a clear name for what was dropped instead of a cable."""

from __future__ import annotations

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document (convert it to text first, e.g. with pdftotext)"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"Rar!", "a RAR archive (only zip archives are read)"),
    (b"7z\xbc\xaf", "a 7-Zip archive (only zip archives are read)"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
)
_NOT_CONTROLS = bytes(b for b in range(256) if b >= 32 or b in b"\t\n\r\f\x1a")
"""Bytes that text may hold; what is left after deleting them are control bytes."""


def binary_kind(data: bytes) -> str | None:
    """What binary file `data` is, or None when it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:4096]
    if not head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    controls = len(head.translate(None, _NOT_CONTROLS))
    if head.count(0) > len(head) * 0.3 and min(head[0::2].count(0), head[1::2].count(0)) < 3:
        return None  # UTF-16 without a BOM: its NULs all on even or all on odd bytes
    return "binary data" if controls > len(head) * 0.05 else None
