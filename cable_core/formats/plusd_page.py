"""WikiLeaks PlusD pages (the Kissinger cables and later collections): key/value metadata boxes
(`s_key`/`s_val`) and the cable under a "Raw content" pane."""

from __future__ import annotations

import html
import re

from cable_core.models import PublisherMetadata

_KEY_VALUE = re.compile(
    r'<div class="s_key">.*?>([^<>]{1,60}):</a></div>\s*<div class="s_val"[^>]*>(.*?)</div>', re.S
)
_RAW_CONTENT = re.compile(r'Raw content</div>.*?<div class="text-content">(.*?)</div>', re.S)
_CONTENT = re.compile(r'>Content</div>.*?<div class="text-content">(.*?)</div>', re.S)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_BR = re.compile(r"<br\s*/?>", re.I)
_PLUSD_DATE = re.compile(r"(\d{4}) (\w+) (\d{1,2}), (\d{2}):(\d{2})")


def is_plusd_page(page: str) -> bool:
    return "/plusd/" in page and "Canonical ID" in page and "text-content" in page


def _clean(fragment: str) -> str:
    return html.unescape(_TAG.sub("", _BR.sub("\n", fragment))).strip()


def plusd_fields(page: str) -> dict[str, str]:
    return {key.strip(): _clean(value) for key, value in _KEY_VALUE.findall(page)}


def plusd_metadata(page: str) -> PublisherMetadata:
    fields = plusd_fields(page)
    created = None
    match = _PLUSD_DATE.match(fields.get("Date", ""))
    if match:
        year, month, day, hour, minute = match.groups()
        created = f"{year} {month} {day} {hour}:{minute}"
    return PublisherMetadata(
        ref_id=fields.get("Canonical ID") or None,
        created=created,
        classification=fields.get("Original Classification") or None,
        origin=fields.get("From") or None,
    )


def plusd_text(page: str) -> str:
    match = _RAW_CONTENT.search(page) or _CONTENT.search(page)
    return _clean(match.group(1)) if match else ""
