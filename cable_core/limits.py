"""Every size limit the project enforces, in one place (documented in the README).

The dashboard's uploader and the archive reader check these; the command line and the
ingest stream large files (such as the release's 1.7 GB cables.csv) and need no file limit.
"""

from __future__ import annotations

from pydantic import BaseModel


class Limits(BaseModel):
    upload_bytes: int = 200 * 1024 * 1024
    """Largest single upload the dashboard accepts (also `server.maxUploadSize` in config.toml)."""
    archive_members: int = 20_000
    """Most members read from one file's archives, nested archives included."""
    archive_total_bytes: int = 1024 * 1024 * 1024
    """Most bytes expanded from one file's archives and compressed files, nested ones included."""
    archive_ratio: int = 200
    """Largest expansion ratio of one member (uncompressed / compressed); zip bombs exceed it."""
    archive_depth: int = 2
    """How deep archives may nest inside archives."""
    text_cable_bytes: int = 4 * 1024 * 1024
    """Largest single cable the dashboard parses (a text file, an HTML page, one cables.csv row);
    real cables are under 1 MB, and a bigger upload is refused with this limit named."""
    command_line_text_bytes: int = 1024 * 1024 * 1024
    """Largest single text the command line and the ingest parse (a 50 MB text takes seconds)."""
    enrich_text_bytes: int = 1024 * 1024
    """Cables with more text than this get header and paragraphs only: no events, summaries,
    entities or quotes (those stages are tuned for real cables, under 1 MB), and a warning."""


LIMITS = Limits()


def megabytes(n: int) -> str:
    """A limit as users read it: `4 MB`, `1,024 MB`."""
    return f"{n // (1024 * 1024):,} MB"
