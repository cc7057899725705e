"""WikiLeaks cable pages: a five-column metadata table, then `<pre>` blocks of header and text.

The pages are not well-formed (raw `&`, newlines written `&#x000A;`), so they are read with
patterns, not an XML parser. The classification link's `title` attribute is wrong on every
page: the link text is used.
"""

from __future__ import annotations

import html
import re

from cable_core.casefold import fold_case
from cable_core.models import PublisherMetadata

_CABLE_TABLE = re.compile(r"<table class=['\"]cable['\"]>(.*?)</table>", re.S | re.I)
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S | re.I)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_PARAGRAPH_ANCHOR = re.compile(r"<a [^<>]{0,500}>\s*\u00b6\s*</a>", re.I)
PARTIAL_EXTRACT = "partial extract of the original cable"


def from_cable_table(page: str) -> str:
    """The page from its metadata table on: the site's navigation before it (most of the page) is
    never read again."""
    start = page.find("<table class='cable'>")
    return page[start:] if start > 0 else page


def is_cable_page(page: str) -> bool:
    return "<pre" in page and ("class='cable'" in page or 'class="cable"' in page)


def _cell_text(cell: str) -> str:
    return html.unescape(_TAG.sub("", cell)).strip()


def _cable_table(page: str) -> str | None:
    """The metadata table's inside; found by string search first (the published pages write it
    one way), by the case-insensitive pattern only when that fails."""
    for opening in ("<table class='cable'>", '<table class="cable">'):
        start = page.find(opening)
        if start != -1:
            end = page.find("</table>", start)
            return page[start + len(opening) : end] if end != -1 else None
    table = _CABLE_TABLE.search(page)
    return table.group(1) if table else None


def page_metadata(page: str) -> PublisherMetadata:
    table = _cable_table(page)
    cells = [_cell_text(c) for c in _CELL.findall(table)] if table else []
    if len(cells) < 5:
        return PublisherMetadata()
    ref_id, created, released, classification, origin = cells[:5]
    return PublisherMetadata(
        ref_id=ref_id or None,
        created=created or None,
        released=released or None,
        classification=classification or None,
        origin=origin or None,
        partial_extract=PARTIAL_EXTRACT in page,
    )


def pre_block_text(block: str) -> str:
    """One `<pre>` block as plain text: anchors and tag links back to their text."""
    block = block.replace("&#x000A;", "\n").replace("&#x000a;", "\n")
    block = _PARAGRAPH_ANCHOR.sub("\u00b6", block)
    return html.unescape(_TAG.sub("", block))


def pre_blocks(page: str) -> list[str]:
    """The contents of each `<pre>` element, found with plain string search on a lower-cased
    copy (a case-insensitive lazy pattern over a 100 KB page costs more than all the parsing)."""
    folded = page if "<pre" in page else fold_case(page)  # published pages write it lower-case
    blocks: list[str] = []
    position = folded.find("<pre")
    while position != -1:
        opened = folded.find(">", position)
        closed = folded.find("</pre>", opened)
        if opened == -1 or closed == -1:
            break
        blocks.append(page[opened + 1 : closed])
        position = folded.find("<pre", closed)
    return blocks


def page_text(page: str) -> tuple[str | None, str]:
    """(routing header or None for a partial extract, cable text) of a cable page."""
    blocks = [pre_block_text(b) for b in pre_blocks(page)]
    blocks = [b for b in blocks if b.strip()]
    header = None
    if blocks and PARTIAL_EXTRACT in blocks[0]:
        blocks = blocks[1:]
    elif len(blocks) > 1:
        header = blocks[0]
        blocks = blocks[1:]
    return header, "\n\n".join(blocks)
