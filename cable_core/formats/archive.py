"""Containers: zip archives and single compressed files (.gz, .bz2, .xz), read in memory within
the limits of `cable_core.limits` (member count, total size, expansion ratio, nesting)."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from cable_core.limits import LIMITS, megabytes

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_COMPRESSORS = (
    (b"\x1f\x8b", "gzip", lambda stream: gzip.GzipFile(fileobj=stream)),
    (b"BZh", "bzip2", bz2.BZ2File),
    (b"\xfd7zXZ\x00", "xz", lzma.LZMAFile),
)
_CHUNK = 1024 * 1024


class ArchiveError(ValueError):
    """A container that cannot be read, or that breaks a limit; the message names which."""


@dataclass
class Budget:
    """What is left of one file's archive limits; shared by the archives nested inside it, so that
    a zip of zips cannot multiply them."""

    members: int = field(default_factory=lambda: LIMITS.archive_members)
    bytes: int = field(default_factory=lambda: LIMITS.archive_total_bytes)


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes | None
    error: str = ""


def compressed_kind(data: bytes) -> str | None:
    return next((kind for magic, kind, _ in _COMPRESSORS if data.startswith(magic)), None)


def _read_capped(stream: io.BufferedIOBase, cap: int, what: str) -> bytes:
    """Read at most `cap` bytes; a stream that goes on past it is refused, not truncated."""
    out = bytearray()
    while chunk := stream.read(_CHUNK):
        out += chunk
        if len(out) > cap:
            raise ArchiveError(f"{what} expands more than {LIMITS.archive_ratio} times its compressed size "
                               f"or past the limit of {megabytes(LIMITS.archive_total_bytes)} (a zip bomb?)")
    return bytes(out)


def decompress(data: bytes, name: str, budget: Budget | None = None) -> bytes:
    budget = budget or Budget()
    opener = next(op for magic, _, op in _COMPRESSORS if data.startswith(magic))
    cap = min(budget.bytes, len(data) * LIMITS.archive_ratio + _CHUNK)
    try:
        inner = _read_capped(opener(io.BytesIO(data)), cap, "compressed file")
    except (OSError, EOFError, lzma.LZMAError, zlib.error) as exc:
        raise ArchiveError(f"corrupt compressed file: {exc}") from None
    budget.bytes -= len(inner)
    return inner


def safe_member_name(name: str) -> str | None:
    """The member's path inside the archive, or None when it points outside it."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        return None
    normal = posixpath.normpath(cleaned)
    return None if normal == ".." or normal.startswith("../") else normal


def zip_members(data: bytes, name: str, budget: Budget | None = None) -> Iterator[Member]:
    """Members of a zip archive, each as bytes or with the reason it was not read."""
    budget = budget or Budget()
    # Every central-directory entry starts with this signature: count them before zipfile builds
    # an object per entry (a 200 MB upload can declare millions of empty members).
    if data.count(b"PK\x01\x02") > budget.members:
        raise ArchiveError(_too_many(data.count(b"PK\x01\x02")))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ArchiveError(f"corrupt zip archive: {exc}") from None
    if len(infos) > budget.members:
        raise ArchiveError(_too_many(len(infos)))
    budget.members -= len(infos)
    for info in infos:
        member = safe_member_name(info.filename)
        shown = f"{name}/{member or info.filename}"
        if member is None:
            yield Member(shown, None, f"unsafe member path {info.filename!r} (points outside the archive); skipped")
            continue
        if info.file_size > max(info.compress_size, 1) * LIMITS.archive_ratio and info.file_size > _CHUNK:
            yield Member(shown, None, f"expansion ratio above {LIMITS.archive_ratio}:1 (a zip bomb?); skipped")
            continue
        if budget.bytes <= 0:
            yield Member(shown, None, f"archives expand past the limit of {megabytes(LIMITS.archive_total_bytes)} "
                                      "for one file; skipped")
            continue
        try:
            with archive.open(info) as stream:
                cap = min(budget.bytes, max(info.compress_size, 1) * LIMITS.archive_ratio + _CHUNK)
                content = _read_capped(stream, cap, "member")
        except ArchiveError as exc:
            yield Member(shown, None, f"{exc}; skipped")
            continue
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            yield Member(shown, None, f"cannot read member: {exc}")
            continue
        budget.bytes -= len(content)
        yield Member(shown, content)


def _too_many(count: int) -> str:
    return (f"zip archive has {count:,} members, more than the limit of {LIMITS.archive_members:,} "
            "for one file (nested archives included)")
